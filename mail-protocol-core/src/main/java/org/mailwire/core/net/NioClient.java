// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Opens client connections driven by the transport: TCP, then optionally TLS from the first byte,
 * with the same session contract as servers.
 *
 * <p>TLS clients verify the server's certificate and host name by default (RFC 8314 §5); the name
 * checked is the host name given to {@link Builder#connect(String, int)} or the explicit server
 * name of {@link Builder#connect(InetSocketAddress, String)}.
 *
 * <pre>{@code
 * try (EventLoopGroup loops = EventLoopGroup.create(1)) {
 *     Connection c = NioClient.builder(conn -> new MyClientSession(), handler)
 *             .eventLoops(loops)
 *             .implicitTls(TlsSettings.clientDefaults())
 *             .connect("mail.example.org", 465)
 *             .join();
 * }
 * }</pre>
 */
public final class NioClient {

    private NioClient() {
    }

    /**
     * Starts building a client connection.
     *
     * @param sessions creates the connection's session once TCP (and implicit TLS) is up
     * @param handler  receives the session's events
     * @param <E>      the session's event type
     * @return a builder
     */
    public static <E> Builder<E> builder(SessionFactory<E> sessions, EventHandler<E> handler) {
        return new Builder<>(sessions, handler);
    }

    /**
     * Builds and opens client connections. A builder may open several connections.
     *
     * @param <E> the session's event type
     */
    public static final class Builder<E> {
        private final SessionFactory<E> factory;
        private final EventHandler<E> handler;
        private TransportSettings settings = TransportSettings.defaults();
        private TlsSettings tls;
        private boolean implicitTls;
        private EventLoopGroup loops;

        private Builder(SessionFactory<E> factory, EventHandler<E> handler) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.handler = Objects.requireNonNull(handler, "handler");
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
         * Enables TLS for a session that asks for an upgrade (STARTTLS).
         *
         * @param tls client-side TLS settings
         * @return this builder
         */
        public Builder<E> startTls(TlsSettings tls) {
            this.tls = requireClient(tls);
            this.implicitTls = false;
            return this;
        }

        /**
         * Speaks TLS from the first byte (RFC 8314 implicit TLS).
         *
         * @param tls client-side TLS settings
         * @return this builder
         */
        public Builder<E> implicitTls(TlsSettings tls) {
            this.tls = requireClient(tls);
            this.implicitTls = true;
            return this;
        }

        /**
         * Runs the connection on a shared group of event loops. Without one, each connection gets
         * a single-loop group of its own, closed with the connection.
         *
         * @param loops the event loops
         * @return this builder
         */
        public Builder<E> eventLoops(EventLoopGroup loops) {
            this.loops = Objects.requireNonNull(loops, "loops");
            return this;
        }

        /**
         * Connects to a host by name; the name is also what TLS verifies and sends as SNI. The
         * name is resolved by the JDK resolver in the calling thread.
         *
         * @param host the server's host name or address literal
         * @param port the server's port
         * @return a future completed with the connection once TCP, and implicit TLS if enabled,
         *         are established; completed exceptionally on failure (for example an
         *         {@link javax.net.ssl.SSLHandshakeException} when the certificate does not match)
         */
        public CompletableFuture<Connection> connect(String host, int port) {
            return connect(new InetSocketAddress(host, port), host);
        }

        /**
         * Connects to an address, verifying TLS against an explicit server name.
         *
         * @param address    the resolved address to connect to
         * @param serverName the name the server's certificate must carry
         * @return a future completed with the connection once established
         */
        public CompletableFuture<Connection> connect(InetSocketAddress address, String serverName) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                return CompletableFuture.failedFuture(
                        new java.net.UnknownHostException(address.getHostString()));
            }
            EventLoopGroup group = loops != null ? loops : EventLoopGroup.create(1);
            SocketChannel ch;
            try {
                ch = SocketChannel.open();
            } catch (IOException e) {
                if (loops == null) {
                    group.close();
                }
                return CompletableFuture.failedFuture(new UncheckedIOException(e));
            }
            EventLoop loop = group.next();
            String name = serverName != null ? serverName : address.getHostString();
            NioConnection<E> c = new NioConnection<>(loop, ch, settings, factory, handler, tls, implicitTls,
                    name, address.getPort(), group.blockingExecutor(), null);
            if (loops == null) {
                c.closeFuture().whenComplete((v, t) -> new Thread(group::close, "mailwire-client-close").start());
            }
            loop.execute(() -> c.startConnect(address));
            return c.ready();
        }

        private static TlsSettings requireClient(TlsSettings tls) {
            Objects.requireNonNull(tls, "tls");
            if (!tls.isClient()) {
                throw new IllegalArgumentException("server TLS settings given to a client");
            }
            return tls;
        }
    }
}
