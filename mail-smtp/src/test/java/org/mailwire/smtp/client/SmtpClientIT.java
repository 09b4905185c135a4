// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.net.EventLoopGroup;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.server.SmtpServer;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/** The client against our own {@link SmtpServer} over loopback: every feature end to end. */
class SmtpClientIT {

    static final byte[] MESSAGE = ("From: a@example.test\r\nTo: b@example.test\r\nSubject: hi\r\n\r\n"
            + "Hello\r\n.leading dot\r\n..two dots\r\n.\r\nlast line\r\n").getBytes(StandardCharsets.US_ASCII);

    static SmtpServer.Builder server(RecordingHandler handler) {
        return SmtpServer.builder().listen("127.0.0.1", 0).hostName("example.test").handler(handler);
    }

    static SmtpClient.Builder plainClient() {
        return SmtpClient.builder().heloName("client.example.test").tlsMode(TlsMode.NONE);
    }

    static SmtpTransaction simple(String to) {
        return SmtpTransaction.builder().from("a@example.test").to(to).content(MESSAGE).build();
    }

    static Throwable failure(java.util.concurrent.CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(20, TimeUnit.SECONDS).join());
        return e.getCause();
    }

    static MailStore users() throws Exception {
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice@example.test", Secret.of("secret"));
        return store;
    }

    @Test
    void deliversOneMessageInPlaintextWithBdat() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpTransactionResult result = plainClient().build()
                    .submit(server.address(), "localhost", simple("b@example.test")).join();
            assertEquals(250, result.data().code());
            assertTrue(result.data().text().contains("queued as Q1"));
            assertEquals(1, handler.messages.size());
            assertArrayEquals(MESSAGE, handler.messages.get(0).content());
        }
    }

    @Test
    void deliversWithDataWhenChunkingIsSwitchedOff() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpClient client = plainClient().settings(SmtpClientSettings.defaults().withChunking(false)).build();
            SmtpTransactionResult result = client.submit(server.address(), "localhost", simple("b@example.test")).join();
            assertEquals(250, result.data().code());
            assertArrayEquals(MESSAGE, handler.messages.get(0).content());
        }
    }

    @Test
    void startTlsUpgradesAndAsksEhloAgain() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).tls(TestCertificates.get().server()).start()) {
            SmtpClient client = SmtpClient.builder().heloName("client.example.test")
                    .tls(TestCertificates.get().client()).build(); // REQUIRED by default
            SmtpConnection c = client.connect(server.address(), "localhost").join();
            assertTrue(c.isSecure());
            assertFalse(c.capabilities().startTls(), "capabilities are the ones asked inside TLS");
            assertTrue(c.tlsSession().isPresent());
            c.send(simple("b@example.test")).join();
            assertEquals(221, c.quit().join().code());
            assertArrayEquals(MESSAGE, handler.messages.get(0).content());
        }
    }

    @Test
    void sec09HostNameIsVerifiedByDefault() throws Exception {
        try (SmtpServer server = server(new RecordingHandler()).tls(TestCertificates.get().server()).start()) {
            SmtpClient client = SmtpClient.builder().tls(TestCertificates.get().client()).build();
            Throwable e = failure(client.connect(server.address(), "wrong.example"));
            SmtpConnectionException c = assertInstanceOf(SmtpConnectionException.class, e);
            assertTrue(c.isTransient());
            assertTrue(hasCause(c, javax.net.ssl.SSLException.class), "caused by an SSLException");
        }
    }

    @Test
    void relayPresetAcceptsAnUnverifiableCertificate() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).tls(TestCertificates.get().server()).start()) {
            SmtpClient client = SmtpClient.builder().relay().heloName("mx.sender.example").build();
            SmtpConnection c = client.connect(server.address(), "mx.wrong-name.example").join();
            assertTrue(c.isSecure());
            c.send(simple("b@example.test")).join();
            c.quit().join();
            assertEquals(1, handler.messages.size());
        }
    }

    @Test
    void opportunisticTlsGoesOnInPlaintextWithoutStartTls() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpClient client = SmtpClient.builder().relay().build();
            SmtpConnection c = client.connect(server.address(), "localhost").join();
            assertFalse(c.isSecure());
            c.send(simple("b@example.test")).join();
            c.quit().join();
            assertEquals(1, handler.messages.size());
        }
    }

    @Test
    void sec08RequiredTlsTowardAServerWithoutStartTlsDefersAndSendsNoMail() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpClient client = SmtpClient.builder().relay().build()
                    .withTls(TlsMode.REQUIRED, TestCertificates.get().client());
            Throwable e = failure(client.submit(server.address(), "localhost", simple("b@example.test")));
            SmtpTlsRequiredException t = assertInstanceOf(SmtpTlsRequiredException.class, e);
            assertTrue(t.isTransient());
            assertTrue(handler.messages.isEmpty());
        }
    }

    @Test
    void implicitTlsSubmissionWithAuth() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).submissions().tls(TestCertificates.get().server())
                .authenticator(users().authenticator()).localDomains("example.test").start()) {
            SmtpClient client = SmtpClient.builder().tlsMode(TlsMode.IMPLICIT).tls(TestCertificates.get().client())
                    .credentials(SaslCredentials.password("alice@example.test", Secret.of("secret"))).build();
            SmtpTransaction tx = SmtpTransaction.builder().from("alice@example.test").to("someone@elsewhere.example")
                    .content(MESSAGE).build();
            SmtpTransactionResult r = client.submit(server.address(), "localhost", tx).join();
            assertEquals(250, r.data().code());
            assertArrayEquals(MESSAGE, handler.messages.get(0).content());
        }
    }

    @Test
    void submissionWithStartTlsAndAuthChoosesTheStrongestMechanism() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).submission().tls(TestCertificates.get().server())
                .authenticator(users().authenticator()).localDomains("example.test").start()) {
            SmtpClient client = SmtpClient.builder().tls(TestCertificates.get().client())
                    .credentials(SaslCredentials.password("alice@example.test", Secret.of("secret"))).build();
            SmtpConnection c = client.connect(server.address(), "localhost").join();
            assertTrue(c.capabilities().authMechanisms().size() > 1, c.capabilities().toString());
            SmtpTransaction tx = SmtpTransaction.builder().from("alice@example.test").to("x@elsewhere.example")
                    .content(MESSAGE).build();
            c.send(tx).join();
            c.quit().join();
            assertEquals(1, handler.messages.size());
        }
    }

    @Test
    void wrongPasswordFailsWithTheServersReply() throws Exception {
        try (SmtpServer server = server(new RecordingHandler()).submission().tls(TestCertificates.get().server())
                .authenticator(users().authenticator()).localDomains("example.test").start()) {
            SmtpClient client = SmtpClient.builder().tls(TestCertificates.get().client())
                    .credentials(SaslCredentials.password("alice@example.test", Secret.of("wrong"))).build();
            SmtpReplyException e = assertInstanceOf(SmtpReplyException.class,
                    failure(client.connect(server.address(), "localhost")));
            assertEquals(535, e.code());
            assertTrue(e.isPermanent());
        }
    }

    @Test
    void someRecipientsRefusedTheOthersGetTheMessage() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpTransaction tx = SmtpTransaction.builder().from("a@example.test")
                    .to("b@example.test").to("unknown1@example.test").to("later@example.test").to("c@example.test")
                    .content(MESSAGE).build();
            SmtpTransactionResult r = plainClient().build().submit(server.address(), "localhost", tx).join();
            assertEquals(2, r.accepted().size());
            assertEquals(2, r.refused().size());
            assertEquals(550, r.refused().get(0).reply().code());
            assertEquals("5.1.1", r.refused().get(0).reply().status().orElseThrow().toString());
            assertEquals(450, r.refused().get(1).reply().code());
            assertEquals(2, handler.messages.get(0).envelope().recipients().size());
        }
    }

    @Test
    void allRecipientsRefusedSendsNoContentAndKeepsTheConnection() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            for (boolean chunking : new boolean[] {true, false}) {
                SmtpClient client = plainClient().settings(SmtpClientSettings.defaults().withChunking(chunking)).build();
                SmtpConnection c = client.connect(server.address(), "localhost").join();
                SmtpTransaction tx = SmtpTransaction.builder().from("a@example.test")
                        .to("unknown1@example.test").to("later@example.test").content(MESSAGE).build();
                SmtpRecipientsRefusedException e = assertInstanceOf(SmtpRecipientsRefusedException.class,
                        failure(c.send(tx)));
                assertEquals(2, e.recipients().size());
                assertEquals(450, e.code(), "the transient refusal represents the whole");
                assertTrue(e.isTransient());
                assertTrue(c.isOpen());
                c.send(simple("b@example.test")).join();
                c.quit().join();
            }
            assertEquals(2, handler.messages.size());
        }
    }

    @Test
    void severalMessagesOnOneConnection() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpConnection c = plainClient().build().connect(server.address(), "localhost").join();
            var first = c.send(simple("b@example.test"));
            var second = c.send(simple("unknown@example.test"));
            var third = c.send(simple("c@example.test"));
            first.join();
            assertInstanceOf(SmtpRecipientsRefusedException.class, failure(second));
            third.join();
            assertEquals(221, c.quit().join().code());
            assertEquals(2, handler.messages.size());
            assertFalse(c.isOpen());
            assertInstanceOf(SmtpConnectionException.class, failure(c.send(simple("b@example.test"))));
        }
    }

    @Test
    void messageLargerThanTheServersSizeFailsBeforeSending() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).limits(SmtpLimits.defaults().withMaxMessageSize(100)).start()) {
            SmtpConnection c = plainClient().build().connect(server.address(), "localhost").join();
            assertEquals(100, c.capabilities().maxSize().orElseThrow());
            SmtpUnsupportedException e = assertInstanceOf(SmtpUnsupportedException.class,
                    failure(c.send(simple("b@example.test"))));
            assertEquals(SmtpUnsupportedException.Reason.MESSAGE_TOO_LARGE, e.reason());
            assertEquals("5.3.4", e.status().toString());
            assertTrue(e.isPermanent());
            // The connection is still usable: a small message goes.
            c.send(SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                    .content("Subject: s\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)).build()).join();
            c.quit().join();
            assertEquals(1, handler.messages.size());
        }
    }

    @Test
    void streamOfUnknownLengthOverTheServersSizeGetsTheServersRefusal() throws Exception {
        try (SmtpServer server = server(new RecordingHandler()).limits(SmtpLimits.defaults().withMaxMessageSize(1000)).start()) {
            for (boolean chunking : new boolean[] {true, false}) {
                SmtpConnection c = plainClient().settings(SmtpClientSettings.defaults().withChunking(chunking)).build()
                        .connect(server.address(), "localhost").join();
                byte[] big = ("Subject: big\r\n\r\n" + "x".repeat(70) + "\r\n").repeat(100).getBytes(StandardCharsets.US_ASCII);
                SmtpTransaction tx = SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                        .content(MessageContent.of(new ByteArrayInputStream(big))).build();
                SmtpReplyException e = assertInstanceOf(SmtpReplyException.class, failure(c.send(tx)));
                assertEquals(552, e.code());
                assertTrue(c.isOpen());
                c.quit().join();
            }
        }
    }

    @Test
    void nonAsciiAddressesUseSmtpUtf8() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpTransaction tx = SmtpTransaction.builder().from("пользователь@example.test").to("b@example.test")
                    .content(MESSAGE).build();
            plainClient().build().submit(server.address(), "localhost", tx).join();
            assertTrue(handler.messages.get(0).envelope().parameters().smtpUtf8());
        }
    }

    @Test
    void pipelinedAndUnpipelinedTransactionsGiveTheSameResult(@TempDir Path dir) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Path file = dir.resolve("m.eml");
        Files.write(file, "Subject: file\n\n.dot line with bare LF\nend".getBytes(StandardCharsets.US_ASCII));
        try (SmtpServer server = server(handler).start()) {
            SmtpTransaction tx = SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                    .content(MessageContent.of(file)).build();
            plainClient().settings(SmtpClientSettings.defaults().withChunking(false)).build()
                    .submit(server.address(), "localhost", tx).join();
            plainClient().build().submit(server.address(), "localhost", tx).join();
            byte[] expected = "Subject: file\r\n\r\n.dot line with bare LF\r\nend\r\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(expected, handler.messages.get(0).content(), "DATA: CRLF-normalised and unstuffed");
            assertArrayEquals(expected, handler.messages.get(1).content(), "BDAT: CRLF-normalised");
        }
    }

    @Test
    void tenMegabyteFileStreamsWithBoundedMemory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.eml");
        CRC32 crc = new CRC32();
        long size;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = ("." + "0123456789".repeat(7) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            crc.update("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10 * 1024 * 1024 / line.length; i++) {
                out.write(line);
                crc.update(line);
            }
        }
        size = Files.size(file);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (boolean chunking : new boolean[] {false, true}) {
            RecordingHandler handler = new RecordingHandler(true);
            try (SmtpServer server = server(handler).start();
                 EventLoopGroup loops = EventLoopGroup.create(1)) {
                SmtpClient client = plainClient().eventLoops(loops)
                        .settings(SmtpClientSettings.defaults().withChunking(chunking)).build();
                SmtpConnection c = client.connect(server.address(), "localhost").join();
                Thread[] loop = new Thread[1];
                c.noop().thenRun(() -> loop[0] = Thread.currentThread()).join();
                long before = threads.getThreadAllocatedBytes(loop[0].getId());
                c.send(SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                        .content(MessageContent.of(file)).build()).orTimeout(60, TimeUnit.SECONDS).join();
                long allocated = threads.getThreadAllocatedBytes(loop[0].getId()) - before;
                c.quit().join();
                assertEquals(size, handler.messages.get(0).size());
                assertEquals(crc.getValue(), handler.messages.get(0).crc());
                assertTrue(allocated < size / 4, "the client's event loop allocated " + allocated
                        + " octets to send " + size + " (chunking " + chunking + ")");
            }
        }
    }

    @Test
    void inputStreamIsReadOnceAndClosed() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        boolean[] closed = new boolean[1];
        InputStream in = new ByteArrayInputStream(MESSAGE) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        try (SmtpServer server = server(handler).start()) {
            SmtpTransaction tx = SmtpTransaction.builder().from("").to("b@example.test")
                    .content(MessageContent.of(in, MESSAGE.length)).build();
            SmtpConnection c = plainClient().build().connect(server.address(), "localhost").join();
            c.send(tx).join();
            assertInstanceOf(SmtpConnectionException.class, failure(c.send(tx)), "a stream cannot be sent twice");
            assertTrue(closed[0]);
            assertEquals("<>", handler.messages.get(0).envelope().sender().toPath());
            assertEquals(MESSAGE.length, handler.messages.get(0).envelope().parameters().size().orElseThrow());
        }
    }

    @Test
    void blockingClientSendsAndThrowsTypedErrors() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start();
             SmtpBlockingClient smtp = SmtpBlockingClient.connect(plainClient().build(), server.address(), "localhost")) {
            assertTrue(smtp.capabilities().pipelining());
            assertEquals(250, smtp.send(simple("b@example.test")).data().code());
            SmtpRecipientsRefusedException e = assertThrows(SmtpRecipientsRefusedException.class,
                    () -> smtp.send(simple("unknown@example.test")));
            assertEquals(550, e.code());
            assertEquals(250, smtp.noop().code());
            assertEquals(221, smtp.quit().code());
        }
    }

    @Test
    void eightBitMimeIsDeclared() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = server(handler).start()) {
            SmtpTransaction tx = SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                    .body(MailParameters.Body.EIGHT_BIT_MIME)
                    .content("Subject: é\r\n\r\nçà\r\n".getBytes(StandardCharsets.UTF_8)).build();
            plainClient().build().submit(server.address(), "localhost", tx).join();
            assertEquals(MailParameters.Body.EIGHT_BIT_MIME,
                    handler.messages.get(0).envelope().parameters().body().orElseThrow());
        }
    }

    @Test
    void connectionRefusedIsATransientConnectionFailure() throws Exception {
        java.net.InetSocketAddress closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = (java.net.InetSocketAddress) s.getLocalSocketAddress();
        }
        SmtpConnectionException e = assertInstanceOf(SmtpConnectionException.class,
                failure(plainClient().build().connect(closed, "localhost")));
        assertTrue(e.isTransient());
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }
}
