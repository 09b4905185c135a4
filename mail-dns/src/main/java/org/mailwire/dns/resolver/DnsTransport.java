// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one DNS query over UDP or TCP and returns the raw response that answers it.
 *
 * <p>Spoofing resistance (RFC 5452 §9.1, SECURITY-CASES DNS-06/07): every UDP query goes out of
 * a fresh socket bound to a random ephemeral port and connected to the server, so the kernel
 * drops datagrams from any other address or port; a datagram from the server counts only if it
 * carries the query's ID and the same question, anything else is ignored and the wait goes on.
 * TCP answers are framed by their two-octet length (RFC 1035 §4.2.2, RFC 7766) and checked the
 * same way.
 */
final class DnsTransport implements AutoCloseable {

    /** The largest DNS message: TCP's two-octet length, and UDP's datagram limit. */
    static final int MAX_MESSAGE = 65_535;

    private final DnsIoLoop loop;
    /** One receive buffer for the loop's thread; each response is copied out at its exact size. */
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_MESSAGE);

    DnsTransport(String name) {
        this.loop = new DnsIoLoop(name);
    }

    /**
     * Sends a query over UDP. The future completes with the first response that answers it (which
     * may be truncated: the caller then asks again over TCP), or exceptionally with a
     * {@link SocketTimeoutException} or the I/O error.
     */
    CompletableFuture<byte[]> udp(InetSocketAddress server, byte[] query, Duration timeout, boolean exactCase) {
        return start(new UdpExchange(server, query, timeout, exactCase));
    }

    /** Sends a query over TCP; see {@link #udp}. */
    CompletableFuture<byte[]> tcp(InetSocketAddress server, byte[] query, Duration timeout, boolean exactCase) {
        return start(new TcpExchange(server, query, timeout, exactCase));
    }

    private CompletableFuture<byte[]> start(Exchange exchange) {
        int q = DnsWire.questionLength(exchange.query, exchange.query.length);
        if (q < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("query must hold one question"));
        }
        exchange.questionLength = q;
        loop.execute(exchange::open);
        return exchange.result;
    }

    @Override
    public void close() {
        loop.close();
    }

    /** What UDP and TCP exchanges share: the query, the deadline, the result. */
    private abstract class Exchange implements DnsIoLoop.Handler {
        final InetSocketAddress server;
        final byte[] query;
        final long timeoutNanos;
        final boolean exactCase;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        int questionLength;
        long deadline;
        SelectionKey key;

        Exchange(InetSocketAddress server, byte[] query, Duration timeout, boolean exactCase) {
            this.server = server;
            this.query = query;
            this.timeoutNanos = timeout.toNanos();
            this.exactCase = exactCase;
        }

        final void open() {
            deadline = System.nanoTime() + timeoutNanos;
            loop.add(this);
            try {
                start();
            } catch (IOException | RuntimeException e) {
                finish(null, e);
            }
        }

        abstract void start() throws IOException;

        /** The exchange's socket, or null before it is opened. */
        abstract java.nio.channels.Channel channel();

        final void closeChannel() {
            if (channel() != null) {
                try {
                    channel().close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }

        boolean accept(byte[] response, int length) {
            return DnsWire.answers(query, questionLength, response, length, exactCase);
        }

        final void finish(byte[] response, Throwable failure) {
            if (result.isDone()) {
                return;
            }
            loop.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeChannel();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(response);
            }
        }

        @Override
        public void checkDeadline(long now) {
            if (now - deadline >= 0) {
                finish(null, new SocketTimeoutException("no answer from " + server + " within "
                        + Duration.ofNanos(timeoutNanos).toMillis() + " ms"));
            }
        }

        @Override
        public void onLoopClosed() {
            finish(null, new IOException("resolver closed"));
        }
    }

    private final class UdpExchange extends Exchange {
        private DatagramChannel channel;

        UdpExchange(InetSocketAddress server, byte[] query, Duration timeout, boolean exactCase) {
            super(server, query, timeout, exactCase);
        }

        @Override
        void start() throws IOException {
            channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            // Port 0: the kernel picks a random ephemeral port for each query (RFC 5452 §4.5).
            channel.bind(null);
            channel.connect(server);
            key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
            channel.write(ByteBuffer.wrap(query));
        }

        @Override
        public void onReady(SelectionKey k) {
            try {
                while (true) {
                    receiveBuffer.clear();
                    int n = channel.read(receiveBuffer);
                    if (n <= 0) {
                        return;
                    }
                    byte[] a = receiveBuffer.array();
                    if (accept(a, n)) {
                        finish(Arrays.copyOf(a, n), null);
                        return;
                    }
                    // Not ours (wrong ID or question): ignore it and keep waiting for the real one.
                }
            } catch (IOException e) {
                // ICMP port unreachable surfaces as PortUnreachableException here.
                finish(null, e);
            }
        }

        @Override
        java.nio.channels.Channel channel() {
            return channel;
        }
    }

    private final class TcpExchange extends Exchange {
        private SocketChannel channel;
        private ByteBuffer out;
        private final ByteBuffer lengthPrefix = ByteBuffer.allocate(2);
        private ByteBuffer body;

        TcpExchange(InetSocketAddress server, byte[] query, Duration timeout, boolean exactCase) {
            super(server, query, timeout, exactCase);
        }

        @Override
        void start() throws IOException {
            out = ByteBuffer.allocate(2 + query.length);
            out.putShort((short) query.length).put(query).flip();
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(server)) {
                key = channel.register(loop.selector(), SelectionKey.OP_WRITE, this);
            } else {
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        }

        @Override
        public void onReady(SelectionKey k) {
            try {
                if (k.isConnectable()) {
                    if (!channel.finishConnect()) {
                        return;
                    }
                    k.interestOps(SelectionKey.OP_WRITE);
                }
                if (k.isValid() && out.hasRemaining() && (k.interestOps() & SelectionKey.OP_WRITE) != 0) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        k.interestOps(SelectionKey.OP_READ);
                    }
                    return;
                }
                if (k.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                finish(null, e);
            }
        }

        private void read() throws IOException {
            if (body == null) {
                if (channel.read(lengthPrefix) < 0) {
                    throw new IOException("connection closed before the response length");
                }
                if (lengthPrefix.hasRemaining()) {
                    return;
                }
                int length = lengthPrefix.getShort(0) & 0xffff;
                if (length < DnsWire.HEADER) {
                    throw new IOException("response length " + length + " is shorter than a DNS header");
                }
                body = ByteBuffer.allocate(length);
            }
            if (channel.read(body) < 0) {
                throw new IOException("connection closed after " + body.position() + " of "
                        + body.capacity() + " octets");
            }
            if (body.hasRemaining()) {
                return;
            }
            byte[] response = body.array();
            if (accept(response, response.length)) {
                finish(response, null);
            } else {
                throw new IOException("the TCP response does not answer the query");
            }
        }

        @Override
        java.nio.channels.Channel channel() {
            return channel;
        }
    }
}
