// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of event loops (selector threads) that servers and clients share, and the executor
 * that runs their blocking work.
 *
 * <p>Connections are spread over the loops round-robin and stay on their loop for life, so a
 * session is only ever touched by one thread. A group made by {@link #create()} has one loop per
 * core. Closing the group closes every connection it holds.
 */
public final class EventLoopGroup implements AutoCloseable {

    /** The size of the pooled I/O buffers: one TLS record's worth of plaintext. */
    static final int POOLED_BUFFER_SIZE = 16 * 1024;

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final Executor blockingExecutor;
    private final ExecutorService ownedExecutor;

    private EventLoopGroup(int threads, Executor blockingExecutor) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1: " + threads);
        }
        // Thread names tell groups apart without a static counter.
        String id = Integer.toHexString(System.identityHashCode(this));
        this.loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop("mailwire-io-" + id + "-" + i, POOLED_BUFFER_SIZE);
        }
        if (blockingExecutor == null) {
            int max = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
            ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads("mailwire-blocking-" + id + "-"));
            pool.allowCoreThreadTimeOut(true);
            this.ownedExecutor = pool;
            this.blockingExecutor = pool;
        } else {
            this.ownedExecutor = null;
            this.blockingExecutor = blockingExecutor;
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
    }

    /**
     * Creates a group with one event loop per available core and its own blocking executor.
     *
     * @return the started group
     */
    public static EventLoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates a group with the given number of event loops and its own blocking executor.
     *
     * @param threads the number of event loops
     * @return the started group
     */
    public static EventLoopGroup create(int threads) {
        return new EventLoopGroup(threads, null);
    }

    /**
     * Creates a group with the given number of event loops, running blocking work on the
     * caller's executor (which the group does not shut down).
     *
     * @param threads          the number of event loops
     * @param blockingExecutor where {@link Connection#offload} runs work
     * @return the started group
     */
    public static EventLoopGroup create(int threads, Executor blockingExecutor) {
        if (blockingExecutor == null) {
            throw new NullPointerException("blockingExecutor");
        }
        return new EventLoopGroup(threads, blockingExecutor);
    }

    /**
     * Returns the number of event loops.
     *
     * @return the number of loops
     */
    public int size() {
        return loops.length;
    }

    EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    EventLoop first() {
        return loops[0];
    }

    Executor blockingExecutor() {
        return blockingExecutor;
    }

    /** Closes every connection of the group and stops its threads. */
    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
        try {
            for (EventLoop loop : loops) {
                loop.awaitTermination(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
