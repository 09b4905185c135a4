// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server written for the tests, on UDP and TCP at the same loopback port. What it answers
 * is up to a {@link Responder}: real answers, truncation, SERVFAIL, silence, answers with a wrong
 * ID or question, answers from another port, malformed TCP framing. It uses plain threads and
 * blocking sockets because it is test equipment, not part of a resolver or server.
 */
public final class TestDnsServer implements AutoCloseable {

    /** Which transport a query came over. */
    public enum Transport {
        /** A datagram, RFC 1035 §4.2.1. */
        UDP,
        /** A length-prefixed message on a stream, RFC 1035 §4.2.2. */
        TCP
    }

    /** One datagram or TCP message to send back. */
    /**
     * One answer to send.
     *
     * @param bytes         the DNS message
     * @param delayMillis   how long to wait before sending it
     * @param fromOtherPort sent from another UDP port (a spoofing attempt)
     * @param rawTcp        written to TCP without the length prefix
     */
    public record Response(byte[] bytes, long delayMillis, boolean fromOtherPort, boolean rawTcp) {
        /**
         * Returns an answer sent at once, from the server's port, framed normally.
         *
         * @param bytes the DNS message
         * @return the answer
         */
        public static Response of(byte[] bytes) {
            return new Response(bytes, 0, false, false);
        }

        /**
         * Returns this answer sent after a delay.
         *
         * @param millis the delay
         * @return the delayed answer
         */
        public Response delayed(long millis) {
            return new Response(bytes, millis, fromOtherPort, rawTcp);
        }

        /**
         * Returns this answer sent from another UDP port of the same host: a spoofing attempt.
         *
         * @return the spoofed answer
         */
        public Response spoofedPort() {
            return new Response(bytes, delayMillis, true, rawTcp);
        }

        /**
         * Returns this answer written to TCP as is, without the length prefix, to test broken framing.
         *
         * @return the raw answer
         */
        public Response raw() {
            return new Response(bytes, delayMillis, fromOtherPort, true);
        }
    }

    /** Decides the answers to a query; an empty list means silence. */
    @FunctionalInterface
    public interface Responder {
        /**
         * Answers one query.
         *
         * @param query     the query's bytes
         * @param transport how it came
         * @return the answers to send, none for silence
         */
        List<Response> respond(byte[] query, Transport transport);
    }

    /**
     * Every query received, with the client's address, for assertions.
     *
     * @param query     the query's bytes
     * @param transport how it came
     * @param client    the client's address
     */
    public record Received(byte[] query, Transport transport, InetSocketAddress client) {
    }

    /** Every query received so far, in order; safe to read from any thread. */
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final DatagramSocket udp;
    private final DatagramSocket spoofer;
    private final ServerSocket tcp;
    private final Responder responder;
    private volatile boolean running = true;

    /**
     * Starts the server on a loopback port free for both UDP and TCP.
     *
     * @param responder what to answer
     * @throws IOException if no port could be bound
     */
    public TestDnsServer(Responder responder) throws IOException {
        this.responder = responder;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerSocket t = null;
        DatagramSocket u = null;
        // Find a port free for both UDP and TCP.
        for (int attempt = 0; attempt < 20 && u == null; attempt++) {
            t = new ServerSocket(0, 50, loopback);
            try {
                u = new DatagramSocket(new InetSocketAddress(loopback, t.getLocalPort()));
            } catch (IOException e) {
                t.close();
            }
        }
        if (u == null) {
            throw new IOException("no port free for both UDP and TCP");
        }
        this.tcp = t;
        this.udp = u;
        this.spoofer = new DatagramSocket(new InetSocketAddress(loopback, 0));
        Thread ut = new Thread(this::serveUdp, "test-dns-udp");
        ut.setDaemon(true);
        ut.start();
        Thread tt = new Thread(this::serveTcp, "test-dns-tcp");
        tt.setDaemon(true);
        tt.start();
    }

    /**
     * Returns the address to send queries to, the same port for UDP and TCP.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buf = new byte[65_535];
        while (running) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
                InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
                received.add(new Received(query, Transport.UDP, client));
                for (Response r : responder.respond(query, Transport.UDP)) {
                    sleep(r.delayMillis());
                    DatagramSocket from = r.fromOtherPort() ? spoofer : udp;
                    from.send(new DatagramPacket(r.bytes(), r.bytes().length, client));
                }
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (running) {
            try {
                Socket s = tcp.accept();
                Thread h = new Thread(() -> serveTcpConnection(s), "test-dns-tcp-conn");
                h.setDaemon(true);
                h.start();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serveTcpConnection(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                received.add(new Received(query, Transport.TCP, (InetSocketAddress) s.getRemoteSocketAddress()));
                for (Response r : responder.respond(query, Transport.TCP)) {
                    sleep(r.delayMillis());
                    if (!r.rawTcp()) {
                        out.write(r.bytes().length >> 8);
                        out.write(r.bytes().length);
                    }
                    out.write(r.bytes());
                    out.flush();
                    if (r.rawTcp()) {
                        return; // broken framing ends the connection
                    }
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Returns the query turned into an empty response: QR set, same ID and question.
     *
     * @param query the query
     * @return the response
     */
    public static byte[] echo(byte[] query) {
        byte[] r = query.clone();
        r[2] |= (byte) 0x80;
        return r;
    }

    /**
     * Returns a response like {@link #echo} with a body of {@code extra} zero octets appended.
     *
     * @param query the query
     * @param extra how many octets to add
     * @return the response
     */
    public static byte[] echoWithPadding(byte[] query, int extra) {
        byte[] r = java.util.Arrays.copyOf(echo(query), query.length + extra);
        return r;
    }

    /** Stops serving and releases the ports. */
    @Override
    public void close() {
        running = false;
        udp.close();
        spoofer.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
