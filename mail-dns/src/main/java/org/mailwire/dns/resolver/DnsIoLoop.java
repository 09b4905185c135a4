// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

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
 * The resolver's selector thread: it runs the UDP and TCP exchanges of every query in flight and
 * checks their deadlines every {@link #TICK_NANOS}.
 */
final class DnsIoLoop implements Executor, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DnsIoLoop.class.getName());
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** A channel's handler. */
    interface Handler {
        void onReady(SelectionKey key);

        void checkDeadline(long nowNanos);

        void onLoopClosed();
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ArrayList<Handler> handlers = new ArrayList<>();
    private volatile boolean running = true;

    DnsIoLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    void add(Handler h) {
        handlers.add(h);
    }

    void remove(Handler h) {
        int i = handlers.indexOf(h);
        if (i >= 0) {
            int last = handlers.size() - 1;
            handlers.set(i, handlers.get(last));
            handlers.remove(last);
        }
    }

    private void run() {
        long nextTick = System.nanoTime() + TICK_NANOS;
        try {
            while (running) {
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
                if (tasks.isEmpty()) {
                    selector.select(wait);
                } else {
                    selector.selectNow();
                }
                wakeupPending.set(false);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.attachment() instanceof Handler h) {
                        try {
                            h.onReady(key);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.ERROR, "DNS exchange failed unexpectedly", e);
                        }
                    }
                }
                for (int n = tasks.size(); n > 0; n--) {
                    Runnable t = tasks.poll();
                    if (t == null) {
                        break;
                    }
                    try {
                        t.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "DNS task failed", e);
                    }
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    for (int i = handlers.size() - 1; i >= 0; i--) {
                        if (i < handlers.size()) {
                            handlers.get(i).checkDeadline(now);
                        }
                    }
                    nextTick = now + TICK_NANOS;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(System.Logger.Level.ERROR, "DNS loop failed", e);
        } finally {
            for (Handler h : new ArrayList<>(handlers)) {
                h.onLoopClosed();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
