// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import org.mailwire.core.testfixtures.Peers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.smtp.client.SmtpClient;
import org.mailwire.smtp.client.SmtpConnection;
import org.mailwire.smtp.client.SmtpConnectionException;
import org.mailwire.smtp.client.SmtpRecipientsRefusedException;
import org.mailwire.smtp.client.SmtpReplyException;
import org.mailwire.smtp.client.SmtpTransaction;
import org.mailwire.smtp.client.SmtpTransactionResult;
import org.mailwire.smtp.client.SmtpUnsupportedException;
import org.mailwire.smtp.client.TlsMode;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.OriginalRecipient;
import org.mailwire.smtp.codec.RcptParameters;

/**
 * Our client ({@code org.mailwire.smtp.client}) delivering to servers nobody here wrote: Python's aiosmtpd, Postfix's
 * {@code smtp-sink} and GreenMail. The first two are Debian packages (scripts/test-packages.txt);
 * a missing one fails the test in CI and skips it on a developer's machine.
 */
class SmtpClientInteropIT {

    static final String PYTHON = "/usr/bin/python3";
    static final String SMTP_SINK = "/usr/sbin/smtp-sink";

    static final byte[] MESSAGE = ("From: a@example.test\r\nTo: b@example.test\r\nSubject: interop\r\n\r\n"
            + "line one\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n").getBytes(StandardCharsets.US_ASCII);

    static SmtpClient.Builder plain() {
        return SmtpClient.builder().heloName("client.example.test").tlsMode(TlsMode.NONE);
    }

    static SmtpTransaction tx(String... to) {
        SmtpTransaction.Builder b = SmtpTransaction.builder().from("a@example.test").content(MESSAGE);
        for (String r : to) {
            b.to(r);
        }
        return b.build();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(CompletionException.class, () -> f.orTimeout(20, TimeUnit.SECONDS).join()).getCause();
    }

    /** Starts a peer process and waits until it prints {@code ready} or listens. */
    static Process start(List<String> command, int port, boolean waitForReady) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (waitForReady) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // the peer's own start-up output
            }
            if (line == null) {
                throw new AssertionError("peer exited before it was ready: " + command);
            }
        } else {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !p.isAlive()) {
                        throw new AssertionError("peer did not listen: " + command);
                    }
                    Thread.sleep(50);
                }
            }
        }
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- aiosmtpd

    @Test
    void deliversToAiosmtpd(@TempDir Path dir) throws Exception {
        Peers.require(Peers.runs(PYTHON, "-c", "import aiosmtpd"), "Python's aiosmtpd (Debian python3-aiosmtpd)");
        Path script = Path.of(SmtpClientInteropIT.class.getResource("/peers/aiosmtpd_sink.py").toURI());
        int port = freePort();
        Process peer = start(List.of(PYTHON, script.toString(), dir.toString(), String.valueOf(port), "100000"), port, true);
        try {
            SmtpConnection c = plain().build().connect(new InetSocketAddress("127.0.0.1", port), "localhost")
                    .orTimeout(20, TimeUnit.SECONDS).join();
            assertEquals(100000, c.capabilities().maxSize().orElseThrow());
            // Two messages on one connection, the second with a refused recipient.
            c.send(tx("b@example.test")).orTimeout(20, TimeUnit.SECONDS).join();
            SmtpTransactionResult second = c.send(tx("c@example.test", "unknown@example.test"))
                    .orTimeout(20, TimeUnit.SECONDS).join();
            assertEquals(1, second.refused().size());
            assertEquals(550, second.refused().get(0).reply().code());
            // SIZE (RFC 1870): too large for aiosmtpd's limit, refused before sending.
            byte[] big = new byte[150_000];
            java.util.Arrays.fill(big, (byte) 'x');
            for (int i = 70; i < big.length; i += 72) {
                big[i] = '\r';
                big[i + 1] = '\n';
            }
            SmtpUnsupportedException tooLarge = assertInstanceOf(SmtpUnsupportedException.class,
                    failure(c.send(SmtpTransaction.builder().from("a@example.test").to("b@example.test").content(big).build())));
            assertEquals(SmtpUnsupportedException.Reason.MESSAGE_TOO_LARGE, tooLarge.reason());
            // SMTPUTF8 (RFC 6531): aiosmtpd does not offer it by default.
            SmtpUnsupportedException utf8 = assertInstanceOf(SmtpUnsupportedException.class,
                    failure(c.send(SmtpTransaction.builder().from("jöran@example.test").to("b@example.test")
                            .content(MESSAGE).build())));
            assertEquals(SmtpUnsupportedException.Reason.SMTPUTF8_NOT_OFFERED, utf8.reason());
            assertEquals(221, c.quit().orTimeout(20, TimeUnit.SECONDS).join().code());

            assertArrayEquals(MESSAGE, Files.readAllBytes(dir.resolve("1.eml")));
            assertArrayEquals(MESSAGE, Files.readAllBytes(dir.resolve("2.eml")));
            List<String> envelope = Files.readAllLines(dir.resolve("2.env"));
            assertTrue(envelope.get(0).startsWith("a@example.test SIZE=" + MESSAGE.length), envelope.toString());
            assertEquals("c@example.test", envelope.get(1));
            assertEquals(2, envelope.size());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(4, files.count(), "two messages stored, nothing more");
            }
        } finally {
            stop(peer);
        }
    }

    // ---------------------------------------------------------------- smtp-sink

    static Process smtpSink(Path dir, int port, String... options) throws Exception {
        Peers.require(Files.isExecutable(Path.of(SMTP_SINK)), "Postfix's smtp-sink (Debian postfix)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> command = new ArrayList<>(List.of(SMTP_SINK));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root
        }
        command.addAll(List.of(options));
        command.addAll(List.of("-d", dir + "/%M.", "127.0.0.1:" + port, "10"));
        return start(command, port, false);
    }

    static List<String> dumps(Path dir) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                all.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }

    @Test
    void deliversPipelinedWithDsnToSmtpSink(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process sink = smtpSink(dir, port);
        try {
            SmtpConnection c = plain().build().connect(new InetSocketAddress("127.0.0.1", port), "localhost")
                    .orTimeout(20, TimeUnit.SECONDS).join();
            assertTrue(c.capabilities().pipelining());
            assertTrue(c.capabilities().dsn());
            SmtpTransaction dsn = SmtpTransaction.builder().from("").envelopeId("QQ314159").ret(MailParameters.Ret.HDRS)
                    .to(Mailbox.parse("b@example.test"), java.util.EnumSet.of(RcptParameters.Notify.FAILURE),
                            new OriginalRecipient("rfc822", "b@example.test"))
                    .content(MESSAGE).build();
            List<CompletableFuture<SmtpTransactionResult>> sent = new ArrayList<>();
            sent.add(c.send(dsn));
            for (int i = 0; i < 4; i++) {
                sent.add(c.send(tx("b@example.test", "c@example.test")));
            }
            for (CompletableFuture<SmtpTransactionResult> f : sent) {
                assertEquals(250, f.orTimeout(20, TimeUnit.SECONDS).join().data().code());
            }
            c.quit().orTimeout(20, TimeUnit.SECONDS).join();
        } finally {
            sink.destroy();
            sink.waitFor(5, TimeUnit.SECONDS);
        }
        List<String> dumps = dumps(dir);
        assertEquals(5, dumps.size());
        String first = dumps.stream().filter(d -> d.contains("ENVID=QQ314159")).findFirst().orElseThrow(
                () -> new AssertionError("no dump with the DSN parameters: " + dumps));
        assertTrue(first.contains("X-Mail-Args: <> RET=HDRS ENVID=QQ314159"), first); // no SIZE announced
        assertTrue(first.contains("X-Rcpt-Args: <b@example.test> NOTIFY=FAILURE ORCPT=rfc822;b@example.test"), first);
        // smtp-sink writes the unstuffed content with LF line ends.
        String body = new String(MESSAGE, StandardCharsets.US_ASCII).replace("\r\n", "\n");
        for (String d : dumps) {
            assertTrue(d.endsWith(body) || d.endsWith(body + "\n"), d);
        }
    }

    @Test
    void smtpSinkRefusalsAreTypedErrors(@TempDir Path dir) throws Exception {
        int port = freePort();
        // Hard-reject every RCPT; 421 after the end of data of a message.
        Process sink = smtpSink(dir, port, "-f", "RCPT");
        try {
            SmtpClient client = plain().build();
            SmtpConnection c = client.connect(new InetSocketAddress("127.0.0.1", port), "localhost")
                    .orTimeout(20, TimeUnit.SECONDS).join();
            SmtpRecipientsRefusedException e = assertInstanceOf(SmtpRecipientsRefusedException.class,
                    failure(c.send(tx("b@example.test", "c@example.test"))));
            assertTrue(e.isPermanent());
            assertEquals(2, e.recipients().size());
            assertEquals("5.3.0", e.reply().status().orElseThrow().toString(), e.reply().toString());
            assertEquals(250, c.noop().orTimeout(20, TimeUnit.SECONDS).join().code(), "still usable after RSET");
            c.quit().orTimeout(20, TimeUnit.SECONDS).join();
        } finally {
            sink.destroy();
            sink.waitFor(5, TimeUnit.SECONDS);
        }
        int port2 = freePort();
        Process sink2 = smtpSink(dir, port2, "-Q", ".");
        try {
            SmtpReplyException e = assertInstanceOf(SmtpReplyException.class, failure(plain().build()
                    .submit(new InetSocketAddress("127.0.0.1", port2), "localhost", tx("b@example.test"))));
            assertEquals(421, e.code());
            assertTrue(e.isTransient());
        } finally {
            sink2.destroy();
            sink2.waitFor(5, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- GreenMail

    /** A loopback setup on a free port; start-up may be slow on a busy two-core machine. */
    static ServerSetup greenMailSetup(String protocol) {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol).dynamicPort();
        setup.setServerStartupTimeout(15_000);
        return setup;
    }

    @Test
    void deliversToGreenMail() throws Exception {
        GreenMail greenMail = new GreenMail(greenMailSetup(ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", greenMail.getSmtp().getPort());
            SmtpConnection c = plain().build().connect(address, "localhost").orTimeout(20, TimeUnit.SECONDS).join();
            c.send(tx("b@example.test", "c@example.test")).orTimeout(20, TimeUnit.SECONDS).join();
            c.send(tx("d@example.test")).orTimeout(20, TimeUnit.SECONDS).join();
            c.quit().orTimeout(20, TimeUnit.SECONDS).join();
            assertTrue(greenMail.waitForIncomingEmail(10_000, 3));
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertEquals(3, received.length);
            assertEquals("interop", received[0].getSubject());
            assertEquals("line one\r\n.leading dot\r\n..two dots\r\n.\r\nend", GreenMailUtil.getBody(received[0]).strip());
            assertEquals("b@example.test", received[0].getRecipients(Message.RecipientType.TO)[0].toString());
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void deliversToGreenMailOverImplicitTlsWithAuth() throws Exception {
        GreenMail greenMail = new GreenMail(greenMailSetup(ServerSetup.PROTOCOL_SMTPS));
        greenMail.setUser("alice@example.test", "alice", "secret");
        greenMail.start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", greenMail.getSmtps().getPort());
            // GreenMail's certificate is self-signed for no name of ours: accepted only explicitly.
            SmtpClient client = SmtpClient.builder().tlsMode(TlsMode.IMPLICIT).tls(SmtpClient.unverifiedTls())
                    .credentials(SaslCredentials.password("alice", Secret.of("secret"))).build();
            SmtpConnection c = client.connect(address, "localhost").orTimeout(20, TimeUnit.SECONDS).join();
            assertTrue(c.isSecure());
            c.send(tx("b@example.test")).orTimeout(20, TimeUnit.SECONDS).join();
            c.quit().orTimeout(20, TimeUnit.SECONDS).join();
            assertTrue(greenMail.waitForIncomingEmail(10_000, 1));
            // With verification on (the default), the same server is refused.
            SmtpClient verifying = SmtpClient.builder().tlsMode(TlsMode.IMPLICIT).build();
            assertInstanceOf(SmtpConnectionException.class, failure(verifying.connect(address, "localhost")));
        } finally {
            greenMail.stop();
        }
    }
}
