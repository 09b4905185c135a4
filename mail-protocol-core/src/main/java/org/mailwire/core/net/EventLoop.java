// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.PriorityQueue;
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
 *
 * <p>Delayed tasks ({@link #schedule}) are rarer (a failed login's late answer, an error sleep)
 * and need their own time: they wait in a heap owned by the loop thread, and the select wakes
 * up for the earliest of them.
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
    /** Delayed tasks by due time, then by order of scheduling; loop thread only. */
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>();
    private long delayedCount;
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

    /**
     * Runs a task on this loop once {@code delayNanos} have passed; tasks due at the same time run
     * in the order they were scheduled. Tasks still waiting when the loop stops never run.
     *
     * @param delayNanos the delay, at least 0
     * @param task       the task
     */
    void schedule(long delayNanos, Runnable task) {
        long due = System.nanoTime() + Math.max(0, delayNanos);
        if (inLoop()) {
            delayed.add(new Delayed(due, delayedCount++, task));
        } else {
            execute(() -> delayed.add(new Delayed(due, delayedCount++, task)));
        }
    }

    private record Delayed(long due, long sequence, Runnable task) implements Comparable<Delayed> {
        @Override
        public int compareTo(Delayed other) {
            // Differences of nanoTime values compare correctly even across its overflow.
            int byTime = Long.signum(due - other.due);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
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
                long wake = nextSweep;
                Delayed first = delayed.peek();
                if (first != null && first.due - wake < 0) {
                    wake = first.due;
                }
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wake - now));
                if (tasks.isEmpty()) {
                    selector.select(waitMillis);
                } else {
                    selector.selectNow();
                }
                wakeupPending.set(false);
                processSelected();
                runTasks();
                now = System.nanoTime();
                runDelayed(now);
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

    private void runDelayed(long now) {
        for (Delayed first = delayed.peek(); first != null && now - first.due >= 0; first = delayed.peek()) {
            delayed.poll();
            try {
                first.task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "delayed task failed", e);
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
