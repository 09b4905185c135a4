// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of the IMAP load run (benchmarks/imap-load.sh): C threads, each a closed loop
 * of raw-socket sessions (TCP_NODELAY) against one server on loopback: LOGIN, SELECT INBOX,
 * {@code FETCH 1:* (FLAGS)}, {@code FETCH n BODY.PEEK[]} of each of M messages one command at a
 * time, LOGOUT. After a warm-up it counts the bodies fetched (each checked to be at least
 * {@code ImapLoadServers.MESSAGE_SIZE} octets) over a fixed duration and prints one line: server,
 * clients, FETCH/s, sessions/s, MB/s.
 */
public final class ImapLoadClient {

    private static final AtomicLong FETCHES = new AtomicLong();
    private static final AtomicLong SESSIONS = new AtomicLong();
    private static final AtomicLong OCTETS = new AtomicLong();
    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();
    private static volatile boolean running = true;

    private ImapLoadClient() {
    }

    /**
     * Runs the load and prints the result line.
     *
     * @param args server name, port, clients, messages per session, warm-up seconds, measured seconds
     * @throws Exception if the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: ImapLoadClient NAME PORT CLIENTS MESSAGES WARMUP_S SECONDS");
            System.exit(2);
        }
        String name = args[0];
        int port = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int messages = Integer.parseInt(args[3]);
        long warmup = Long.parseLong(args[4]);
        long seconds = Long.parseLong(args[5]);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> loop(port, messages), "client-" + c);
            t.start();
            threads.add(t);
        }
        Thread.sleep(warmup * 1000);
        long f0 = FETCHES.get();
        long s0 = SESSIONS.get();
        long o0 = OCTETS.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        long f1 = FETCHES.get();
        long s1 = SESSIONS.get();
        long o1 = OCTETS.get();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (FAILURE.get() != null) {
            System.err.println(name + ": a client failed: " + FAILURE.get());
        }
        System.out.printf("%-12s %7d %10.0f %10.1f %8.1f%n", name, clients, (f1 - f0) / elapsed,
                (s1 - s0) / elapsed, (o1 - o0) / elapsed / 1e6);
    }

    private static void loop(int port, int messages) {
        while (running) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(30_000);
                session(new Conn(s), messages);
                SESSIONS.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                FAILURE.compareAndSet(null, e);
                if (running) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private static void session(Conn c, int messages) throws IOException {
        c.readLine();
        c.command("a1 LOGIN alice secret");
        c.command("a2 SELECT INBOX");
        c.command("a3 FETCH 1:* (FLAGS)");
        for (int n = 1; n <= messages && running; n++) {
            long body = c.command("b" + n + " FETCH " + n + " BODY.PEEK[]");
            if (body < ImapLoadServers.MESSAGE_SIZE) {
                throw new IOException("FETCH " + n + " returned " + body + " octets");
            }
            FETCHES.incrementAndGet();
            OCTETS.addAndGet(body);
        }
        c.command("z LOGOUT");
    }

    /** One connection: writes a command, reads to its tagged OK, skipping literals. */
    private static final class Conn {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] line = new byte[8192];
        private final byte[] skip = new byte[16384];
        private int length;

        Conn(Socket s) throws IOException {
            in = new BufferedInputStream(s.getInputStream(), 65536);
            out = new BufferedOutputStream(s.getOutputStream(), 1024);
        }

        /** Sends a command and returns the literal octets in its responses. */
        long command(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String tag = command.substring(0, command.indexOf(' ') + 1);
            byte[] tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
            long literals = 0;
            while (true) {
                readLine();
                int literal = literalAtEnd();
                if (literal >= 0) {
                    skipExactly(literal);
                    literals += literal;
                    continue; // the rest of the response line follows the literal
                }
                if (startsWith(tagBytes)) {
                    if (!startsWith((tag + "OK").getBytes(StandardCharsets.US_ASCII))) {
                        throw new IOException(command + ": " + new String(line, 0, length, StandardCharsets.US_ASCII));
                    }
                    return literals;
                }
            }
        }

        void readLine() throws IOException {
            length = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b == '\n') {
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return;
                }
                if (length == line.length) {
                    throw new IOException("line too long");
                }
                line[length++] = (byte) b;
            }
        }

        private int literalAtEnd() {
            if (length < 3 || line[length - 1] != '}') {
                return -1;
            }
            int value = 0;
            int scale = 1;
            int i = length - 2;
            while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
                value += (line[i] - '0') * scale;
                scale *= 10;
                i--;
            }
            return i >= 0 && line[i] == '{' && i < length - 2 ? value : -1;
        }

        private boolean startsWith(byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (line[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private void skipExactly(int n) throws IOException {
            int left = n;
            while (left > 0) {
                int r = in.read(skip, 0, Math.min(left, skip.length));
                if (r < 0) {
                    throw new IOException("connection closed in a literal");
                }
                left -= r;
            }
        }
    }
}
