// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.mailwire.core.Secret;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.core.testfixtures.Dovecot;
import org.mailwire.imap.server.ImapServer;
import org.mailwire.imap.server.ImapServerSettings;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/**
 * The server side of the IMAP load run (benchmarks/imap-load.sh): starts one IMAP server on
 * loopback with user {@code alice} / {@code secret} and M messages of {@value #MESSAGE_SIZE}
 * octets in INBOX, prints {@code READY <port>} and runs until killed.
 *
 * <p>{@code mailwire}: {@link ImapServer} over {@code MailStore.inMemory()}, plaintext LOGIN
 * allowed on loopback, PBKDF2 at 1,000 iterations (Dovecot's user has a {@code {PLAIN}}
 * password, so no server pays for slow hashing). {@code greenmail}: GreenMail's IMAP server.
 * {@code dovecot}: Dovecot's imapd over a maildir, through mail-protocol-core's {@link Dovecot}
 * test fixture, stopped with this JVM: as configured by default, one login process and one imap
 * process per connection. {@code dovecot-fast}: the same with Dovecot's high-performance
 * settings ({@code service_count = 0} for imap-login and imap: processes are reused).
 */
public final class ImapLoadServers {

    /** The size of every message, CRLF line endings included. */
    static final int MESSAGE_SIZE = 10 * 1024;

    private ImapLoadServers() {
    }

    /**
     * Starts a server.
     *
     * @param args {@code mailwire|greenmail|dovecot|dovecot-fast} and the number of messages (default 20)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ImapLoadServers mailwire|greenmail|dovecot|dovecot-fast [MESSAGES]");
            System.exit(2);
        }
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int port;
        boolean dovecotFast = args[0].equals("dovecot-fast");
        switch (dovecotFast ? "dovecot" : args[0]) {
            case "mailwire" -> {
                MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
                store.createUser("alice", Secret.of("secret"));
                for (int i = 1; i <= messages; i++) {
                    store.mailboxes("alice").open(UserMailboxes.INBOX)
                            .append(MessageSource.of(message(i, "\r\n")), Flags.none(), Instant.now());
                }
                ImapServer imap = ImapServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).store(store)
                        .settings(ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true))
                        .connectionLimits(new ConnectionLimits(1000, 1000)).start();
                port = imap.address().getPort();
            }
            case "greenmail" -> {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort();
                }
                GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
                greenMail.start();
                GreenMailUser user = greenMail.setUser("alice@example.org", "alice", "secret");
                Session session = Session.getInstance(new Properties());
                for (int i = 1; i <= messages; i++) {
                    user.deliver(new MimeMessage(session, new ByteArrayInputStream(message(i, "\r\n"))));
                }
            }
            case "dovecot" -> {
                Path dir = Files.createTempDirectory("imap-load");
                Dovecot.Builder builder = Dovecot.builder(dir, "imap").plaintext();
                for (int i = 1; i <= messages; i++) {
                    // Maildir keeps LF; Dovecot sends CRLF, the same octets as the other servers.
                    Files.write(builder.maildir().resolve("new").resolve("17000000" + i + ".M" + i + "P1.load"),
                            message(i, "\n"));
                }
                if (dovecotFast) {
                    // Dovecot's documented "high-performance" mode: login and imap processes
                    // serve many connections instead of one process per connection.
                    builder.setting("service imap-login {\n  service_count = 0\n  process_min_avail = 2\n}");
                    builder.setting("service imap {\n  service_count = 0\n  process_min_avail = 2\n}");
                }
                Dovecot dovecot = builder.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    dovecot.close();
                    try (Stream<Path> all = Files.walk(dir)) {
                        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (java.io.IOException e) {
                        // best effort: a temporary directory
                    }
                }));
                port = dovecot.address().getPort();
            }
            default -> throw new IllegalArgumentException("unknown server " + args[0]);
        }
        System.out.println("READY " + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * A message of {@value #MESSAGE_SIZE} octets once its line endings are CRLF: headers, then
     * 76-character lines.
     *
     * @param n   which message, to make them differ
     * @param eol the line ending to write ({@code "\r\n"}, or {@code "\n"} for a maildir)
     * @return the message
     */
    static byte[] message(int n, String eol) {
        StringBuilder b = new StringBuilder();
        b.append("From: sender@example.org\r\nTo: alice@example.org\r\nSubject: message ").append(n)
                .append("\r\nMessage-ID: <").append(n).append("@load.example.org>\r\n\r\n");
        int line = 0;
        while (b.length() < MESSAGE_SIZE - 80) {
            String text = ("line " + line + " of message " + n + " ").repeat(8);
            b.append(text, 0, 76).append("\r\n");
            line++;
        }
        while (b.length() < MESSAGE_SIZE - 2) {
            b.append('x');
        }
        b.append("\r\n");
        return b.toString().replace("\r\n", eol).getBytes(StandardCharsets.US_ASCII);
    }
}
