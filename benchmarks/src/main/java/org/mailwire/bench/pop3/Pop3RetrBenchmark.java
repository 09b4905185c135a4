// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.pop3;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mailwire.core.Secret;
import org.mailwire.pop3.server.Pop3Server;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RETR throughput of 100 KB messages over loopback: mailwire's {@link Pop3Server} (over the
 * in-memory store and over the durable Maildir store) beside GreenMail's POP3 server, in the same
 * run, with the same plain-socket client. One operation is one {@code RETR n} on a logged-in
 * session, read to the terminating {@code .} line; {@code n} cycles over {@value #MESSAGES}
 * messages. The {@code bytes} counter is the octets received per second (the dot-stuffed wire
 * form, status line included).
 *
 * <p>Plaintext on loopback for both, so the figure is the server's work, not TLS's. Each JMH
 * thread ({@code -t N}) has its own connection and its own user ({@value #USERS} users with the
 * same messages), since a POP3 maildrop is locked by one session at a time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class Pop3RetrBenchmark {

    static final int MESSAGES = 20;
    static final int MESSAGE_SIZE = 100 * 1024;
    static final int USERS = 16;

    /** The server under test, shared by the threads. */
    @State(Scope.Benchmark)
    public static class Servers {
        /** Which server. */
        @Param({"mailwire-memory", "mailwire-maildir", "greenmail"})
        public String server;

        private MailStore store;
        private Path dataDir;
        private Pop3Server pop3;
        private GreenMail greenMail;
        InetSocketAddress address;
        final java.util.concurrent.atomic.AtomicInteger nextUser = new java.util.concurrent.atomic.AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            if (server.startsWith("mailwire")) {
                MailStoreSettings settings = MailStoreSettings.defaults().withPasswordIterations(1000);
                if (server.equals("mailwire-maildir")) {
                    dataDir = Files.createTempDirectory("pop3-bench");
                    store = MailStore.maildir(dataDir, settings);
                } else {
                    store = MailStore.inMemory(settings);
                }
                for (int u = 0; u < USERS; u++) {
                    store.createUser("user" + u, Secret.of("secret"));
                    for (int i = 0; i < MESSAGES; i++) {
                        store.mailboxes("user" + u).open(UserMailboxes.INBOX)
                                .append(MessageSource.of(message(i)), Flags.none(), Instant.now());
                    }
                }
                pop3 = Pop3Server.builder(store).allowPlaintextWithoutTls(true)
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
                address = pop3.address();
            } else {
                int port;
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort();
                }
                greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
                greenMail.start();
                Session session = Session.getInstance(new Properties());
                for (int u = 0; u < USERS; u++) {
                    GreenMailUser user = greenMail.setUser("user" + u + "@example.org", "user" + u, "secret");
                    for (int i = 0; i < MESSAGES; i++) {
                        user.deliver(new MimeMessage(session, new ByteArrayInputStream(message(i))));
                    }
                }
                address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            if (pop3 != null) {
                pop3.close();
            }
            if (store != null) {
                store.close();
            }
            if (greenMail != null) {
                greenMail.stop();
            }
            if (dataDir != null) {
                try (Stream<Path> all = Files.walk(dataDir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** Octets received, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** Octets of RETR answers. */
        public long bytes;
    }

    /**
     * A message of {@value #MESSAGE_SIZE} octets: headers, then 76-character lines of which one
     * in 20 starts with a dot (so the server dot-stuffs).
     *
     * @param n which message, to make them differ
     * @return the message with CRLF line endings
     */
    static byte[] message(int n) {
        StringBuilder b = new StringBuilder();
        b.append("From: sender@example.org\r\nTo: alice@example.org\r\nSubject: message ").append(n)
                .append("\r\nMessage-ID: <").append(n).append("@example.org>\r\n\r\n");
        int line = 0;
        while (b.length() < MESSAGE_SIZE - 80) {
            String prefix = line % 20 == 0 ? "." : "";
            String text = prefix + ("line " + line + " of message " + n + " ").repeat(8);
            b.append(text, 0, Math.min(text.length(), 76)).append("\r\n");
            line++;
        }
        while (b.length() < MESSAGE_SIZE - 2) {
            b.append('x');
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One logged-in connection per thread, as its own user. */
    @State(Scope.Thread)
    public static class Client {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];
        private int next;

        @Setup(Level.Trial)
        public void setUp(Servers servers) throws Exception {
            int user = servers.nextUser.getAndIncrement();
            if (user >= USERS) {
                throw new IllegalStateException("at most " + USERS + " threads");
            }
            socket = new Socket(servers.address.getAddress(), servers.address.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            expectOk(line());
            command("USER user" + user);
            command("PASS secret");
            // Check once that a RETR brings the whole message before measuring.
            long got = retr(1);
            if (got < MESSAGE_SIZE) {
                throw new IllegalStateException(servers.server + ": RETR brought " + got + " octets");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            // Closed without QUIT: nothing is deleted, and the next trial starts afresh anyway.
            socket.close();
        }

        /** RETRs the next message in the cycle. */
        long retrNext() throws IOException {
            long n = retr(next % MESSAGES + 1);
            next++;
            return n;
        }

        /** Sends RETR and reads the answer to the CRLF.CRLF that ends it; returns the octets read. */
        private long retr(int message) throws IOException {
            out.write(("RETR " + message + "\r\n").getBytes(StandardCharsets.US_ASCII));
            // Match CR LF . CR LF across reads; the status line's CRLF starts the match, so an empty
            // body ends too. A body line starting with a dot is stuffed, so it never matches.
            int state = 0;
            long total = 0;
            boolean first = true;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("connection closed mid-answer");
                }
                if (first && (n < 3 || buffer[0] != '+')) {
                    throw new IOException("not +OK: " + new String(buffer, 0, Math.max(0, n), StandardCharsets.US_ASCII));
                }
                first = false;
                total += n;
                for (int i = 0; i < n; i++) {
                    byte c = buffer[i];
                    state = switch (state) {
                        case 0 -> c == '\r' ? 1 : 0;
                        case 1 -> c == '\n' ? 2 : c == '\r' ? 1 : 0;
                        case 2 -> c == '.' ? 3 : c == '\r' ? 1 : 0;
                        case 3 -> c == '\r' ? 4 : 0;
                        case 4 -> c == '\n' ? 5 : c == '\r' ? 1 : 0;
                        default -> 0;
                    };
                    if (state == 5) {
                        if (i != n - 1) {
                            throw new IOException("octets after the end of the answer");
                        }
                        return total;
                    }
                }
            }
        }

        private void command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            expectOk(line());
        }

        private static void expectOk(String response) throws IOException {
            if (!response.startsWith("+OK")) {
                throw new IOException("unexpected answer: " + response);
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }

    /** One RETR on the thread's logged-in session. */
    @Benchmark
    public long retr(Client client, Bytes counter) throws IOException {
        long n = client.retrNext();
        counter.bytes += n;
        return n;
    }
}
