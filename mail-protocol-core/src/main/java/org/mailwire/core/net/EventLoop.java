// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread: it performs the I/O of its connections, runs tasks handed to it, and
 * checks their deadlines.
 *
 * <p>Deadlines are checked by a sweep every {@link #SWEEP_INTERVAL_NANOS}: each connection keeps
 * its deadlines in plain fields, so arming and disarming a timer is a field write with no
 * allocation and no cancellation bookkeeping; the sweep costs a few field reads per connection.
 * Mail timeouts are seconds to minutes, so a 100 ms granularity is ample.
 */
final class EventLoop implements Executor, Runnable {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** How often deadlines are checked. */
    static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What a selection key's attachment does when its channel is ready. */
    interface Selectable {
        void onSelected(SelectionKey key);

        /** Closes the channel because the loop is shutting down. */
        void onLoopClosed();
    }

    /** A connection whose deadlines the loop checks. */
    interface Timed {
        void checkDeadlines(long nowNanos);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ArrayList<Timed> timed = new ArrayList<>();
    private final BufferPool pool;
    private volatile boolean running = true;

    EventLoop(String name, int bufferSize) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.pool = new BufferPool(bufferSize, 256);
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    BufferPool pool() {
        return pool;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Registers a connection for deadline checks; loop thread only. */
    void addTimed(Timed t) {
        timed.add(t);
    }

    /** Unregisters a connection; loop thread only. */
    void removeTimed(Timed t) {
        // Connections close rarely compared with the sweep; a linear remove keeps the list simple.
        int i = timed.indexOf(t);
        if (i >= 0) {
            int last = timed.size() - 1;
            timed.set(i, timed.get(last));
            timed.remove(last);
        }
    }

    @Override
    public void run() {
        long nextSweep = System.nanoTime() + SWEEP_INTERVAL_NANOS;
        try {
            while (running) {
                long now = System.nanoTime();
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - now));
                if (tasks.isEmpty()) {
                    selector.select(waitMillis);
                } else {
                    selector.selectNow();
                }
                wakeupPending.set(false);
                processSelected();
                runTasks();
                now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_INTERVAL_NANOS;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " failed", e);
        } finally {
            closeAll();
        }
    }

    private void processSelected() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Object attachment = key.attachment();
            if (attachment instanceof Selectable s && key.isValid()) {
                try {
                    s.onSelected(key);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "unexpected failure handling a channel", e);
                }
            }
        }
    }

    private void runTasks() {
        // Run only what was queued before this pass, so a task that queues tasks cannot starve I/O.
        for (int n = tasks.size(); n > 0; n--) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "event loop task failed", e);
            }
        }
    }

    private void sweep(long now) {
        // Iterate backwards: a deadline may close its connection, which removes it from the list.
        for (int i = timed.size() - 1; i >= 0; i--) {
            if (i < timed.size()) {
                try {
                    timed.get(i).checkDeadlines(now);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "deadline check failed", e);
                }
            }
        }
    }

    /** Stops the loop; it closes every channel it holds before its thread ends. */
    void shutdown() {
        running = false;
        selector.wakeup();
    }

    void awaitTermination(long millis) throws InterruptedException {
        if (!inLoop()) {
            thread.join(millis);
        }
    }

    private void closeAll() {
        runTasks();
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.attachment() instanceof Selectable s) {
                try {
                    s.onLoopClosed();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a channel at shutdown failed", e);
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing selector failed", e);
        }
    }
}
