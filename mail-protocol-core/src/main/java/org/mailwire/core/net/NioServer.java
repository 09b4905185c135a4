// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server that gives each accepted connection a fresh {@link org.mailwire.core.protocol.ProtocolSession}
 * and drives it on an event loop.
 *
 * <p>It enforces the {@link ConnectionLimits} at accept time (refusing with the protocol's own
 * words), speaks TLS either from the first byte (implicit TLS, RFC 8314) or after a session asks
 * for an upgrade (STARTTLS), and shuts down gracefully: {@link #close()} stops accepting, asks
 * every session to say goodbye, waits up to {@link TransportSettings#shutdownGracePeriod()}, and
 * then closes what is left.
 *
 * <pre>{@code
 * NioServer server = NioServer.builder(conn -> new MySession(), (conn, event) -> handle(event))
 *         .bind(new InetSocketAddress("127.0.0.1", 0))
 *         .start();
 * }</pre>
 */
public final class NioServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NioServer.class.getName());

    private final ServerSocketChannel serverChannel;
    private final EventLoopGroup loops;
    private final boolean ownsLoops;
    private final TransportSettings settings;
    private final ConnectionLimits limits;
    private final SessionFactory<?> factory;
    private final ConcurrentHashMap<NioConnection<?>, InetAddress> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final InetSocketAddress address;
    private final Acceptor<?> acceptor;
    private volatile boolean closing;

    private <E> NioServer(Builder<E> b) throws IOException {
        this.loops = b.loops != null ? b.loops : EventLoopGroup.create();
        this.ownsLoops = b.loops == null;
        this.settings = b.settings;
        this.limits = b.limits;
        this.factory = b.factory;
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(b.address, b.backlog);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            if (ownsLoops) {
                loops.close();
            }
            throw e;
        }
        this.serverChannel = ch;
        this.address = (InetSocketAddress) ch.getLocalAddress();
        this.acceptor = new Acceptor<>(b);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loops.first().execute(() -> {
            try {
                serverChannel.register(loops.first().selector(), SelectionKey.OP_ACCEPT, acceptor);
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        try {
            registered.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while starting", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IOException("cannot register the server socket", e);
        }
    }

    /**
     * Starts building a server.
     *
     * @param sessions creates a session per connection
     * @param handler  receives the sessions' events
     * @param <E>      the sessions' event type
     * @return a builder
     */
    public static <E> Builder<E> builder(SessionFactory<E> sessions, EventHandler<E> handler) {
        return new Builder<>(sessions, handler);
    }

    /**
     * Returns the address the server listens on (with the real port when bound to port 0).
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the number of open connections.
     *
     * @return open connections
     */
    public int connectionCount() {
        return total.get();
    }

    /**
     * Shuts down gracefully: stops accepting, asks each session to say goodbye
     * ({@link org.mailwire.core.protocol.ProtocolSession#receiveShutdown()}), waits for the
     * sessions to close for at most the grace period, then closes the rest. Call it from outside
     * the event loops. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        loops.first().execute(() -> {
            try {
                serverChannel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the server socket failed", e);
            }
            stopped.complete(null);
        });
        awaitQuietly(stopped, 5_000);
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (NioConnection<?> c : connections.keySet()) {
            closes.add(c.closeFuture());
            c.executeOnLoop(c::shutdownGracefully);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new));
        awaitQuietly(all, settings.shutdownGracePeriod().toMillis());
        for (NioConnection<?> c : connections.keySet()) {
            c.executeOnLoop(c::closeAbruptly);
        }
        awaitQuietly(CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)), 5_000);
        if (ownsLoops) {
            loops.close();
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f, long millis) {
        try {
            f.get(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closed with a cause, or took too long: the next stage handles what is left
        }
    }

    private void closed(NioConnection<?> c) {
        InetAddress from = connections.remove(c);
        if (from != null) {
            total.decrementAndGet();
            perAddress.computeIfPresent(from, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Accepts connections on the first loop and hands them to the loops round-robin. */
    private final class Acceptor<E> implements EventLoop.Selectable {
        private final Builder<E> b;

        Acceptor(Builder<E> b) {
            this.b = b;
        }

        @Override
        public void onSelected(SelectionKey key) {
            for (int i = 0; i < 64; i++) {
                SocketChannel ch;
                try {
                    ch = serverChannel.accept();
                } catch (IOException e) {
                    // EMFILE and friends: log and try again on the next readiness.
                    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                    return;
                }
                if (ch == null) {
                    return;
                }
                admit(ch);
            }
        }

        private void admit(SocketChannel ch) {
            InetAddress from;
            try {
                from = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
            } catch (IOException e) {
                closeQuietly(ch);
                return;
            }
            Refusal refusal = null;
            if (closing) {
                refusal = Refusal.SHUTTING_DOWN;
            } else if (total.incrementAndGet() > limits.maxConnections()) {
                total.decrementAndGet();
                refusal = Refusal.TOO_MANY_CONNECTIONS;
            } else {
                AtomicInteger n = perAddress.computeIfAbsent(from, a -> new AtomicInteger());
                if (n.incrementAndGet() > limits.maxConnectionsPerAddress()) {
                    n.decrementAndGet();
                    total.decrementAndGet();
                    refusal = Refusal.TOO_MANY_FROM_ADDRESS;
                }
            }
            if (refusal != null) {
                refuse(ch, refusal);
                return;
            }
            EventLoop loop = loops.next();
            NioConnection<E> c = new NioConnection<>(loop, ch, settings, b.factory, b.handler, b.tls,
                    b.implicitTls, null, 0, loops.blockingExecutor(), NioServer.this::closed);
            connections.put(c, from);
            loop.execute(c::startAccepted);
        }

        private void refuse(SocketChannel ch, Refusal refusal) {
            try {
                ByteBuffer words = b.factory.refusal(refusal);
                if (words != null && !b.implicitTls) {
                    // A fresh socket's send buffer takes a short line whole; never block for more.
                    ch.configureBlocking(false);
                    ch.write(words.duplicate());
                }
                ch.shutdownOutput();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "refusing a connection failed", e);
            } finally {
                closeQuietly(ch);
            }
        }

        @Override
        public void onLoopClosed() {
            try {
                serverChannel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the server socket failed", e);
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /**
     * Builds a {@link NioServer}: one setter per setting, defaults from {@link TransportSettings}
     * and {@link ConnectionLimits}.
     *
     * @param <E> the sessions' event type
     */
    public static final class Builder<E> {
        private final SessionFactory<E> factory;
        private final EventHandler<E> handler;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private int backlog = 1024;
        private TransportSettings settings = TransportSettings.defaults();
        private ConnectionLimits limits = ConnectionLimits.defaults();
        private TlsSettings tls;
        private boolean implicitTls;
        private EventLoopGroup loops;

        private Builder(SessionFactory<E> factory, EventHandler<E> handler) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * Sets the address to listen on (default: loopback, a free port).
         *
         * @param address the local address
         * @return this builder
         */
        public Builder<E> bind(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Sets the accept backlog (default 1024).
         *
         * @param backlog pending connections the kernel queues
         * @return this builder
         */
        public Builder<E> backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * Sets the transport settings.
         *
         * @param settings timeouts, buffers and watermarks
         * @return this builder
         */
        public Builder<E> settings(TransportSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets the connection limits.
         *
         * @param limits limits in total and per address
         * @return this builder
         */
        public Builder<E> limits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Enables TLS for sessions that ask for an upgrade (STARTTLS, STLS).
         *
         * @param tls server-side TLS settings
         * @return this builder
         */
        public Builder<E> startTls(TlsSettings tls) {
            this.tls = requireServer(tls);
            this.implicitTls = false;
            return this;
        }

        /**
         * Speaks TLS from the first byte (RFC 8314 implicit TLS: ports 465, 993, 995).
         *
         * @param tls server-side TLS settings
         * @return this builder
         */
        public Builder<E> implicitTls(TlsSettings tls) {
            this.tls = requireServer(tls);
            this.implicitTls = true;
            return this;
        }

        /**
         * Runs the server on a shared group of event loops, which the server does not close. By
         * default the server makes its own group, one loop per core, and closes it.
         *
         * @param loops the event loops
         * @return this builder
         */
        public Builder<E> eventLoops(EventLoopGroup loops) {
            this.loops = Objects.requireNonNull(loops, "loops");
            return this;
        }

        /**
         * Binds and starts accepting.
         *
         * @return the running server
         * @throws IOException if the address cannot be bound
         */
        public NioServer start() throws IOException {
            return new NioServer(this);
        }

        private static TlsSettings requireServer(TlsSettings tls) {
            Objects.requireNonNull(tls, "tls");
            if (tls.isClient()) {
                throw new IllegalArgumentException("client TLS settings given to a server");
            }
            return tls;
        }
    }
}
