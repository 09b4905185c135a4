// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.store.MailStore;

/** The server over loopback with an in-memory store (go-imap's client/server pair, with a raw client). */
class SmtpServerIT {

    /** Reads one reply (all its lines) and returns its lines. */
    static List<String> reply(RawClient client) throws Exception {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = client.readLine();
            if (line == null) {
                throw new AssertionError("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return lines;
            }
        }
    }

    static String last(RawClient client) throws Exception {
        List<String> lines = reply(client);
        return lines.get(lines.size() - 1);
    }

    static String command(RawClient client, String line) throws Exception {
        client.write(line + "\r\n");
        return last(client);
    }

    @Test
    void startTlsInjectionIsNeverProcessed() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).hostName("mx.example.test")
                .tls(TestCertificates.get().server()).deliverTo(store).start();
             RawClient client = new RawClient(server.address())) {
            assertTrue(last(client).startsWith("220 "));
            assertTrue(reply(client.writeThen("EHLO c.example\r\n")).contains("250-STARTTLS"));
            client.write("STARTTLS\r\nMAIL FROM:<x@y.example>\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", last(client));
            client.upgrade(TestCertificates.get().clientContext(), "localhost");
            // Had the injected MAIL run, it would answer first (503 without EHLO, or 250).
            assertEquals("250 2.0.0 OK", command(client, "NOOP"));
            assertEquals("503 5.5.1 Send EHLO or HELO first", command(client, "MAIL FROM:<x@y.example>"));
            List<String> ehlo = reply(client.writeThen("EHLO c.example\r\n"));
            assertTrue(ehlo.stream().noneMatch(l -> l.contains("STARTTLS")));
            assertTrue(ehlo.stream().anyMatch(l -> l.contains("PLAIN")));
        }
    }

    @Test
    void implicitTlsSubmissionWithAuth() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).hostName("mx.example.test").submissions()
                .tls(TestCertificates.get().server()).deliverTo(store).start();
             RawClient client = RawClient.implicitTls(server.address(), TestCertificates.get().clientContext())) {
            assertTrue(last(client).startsWith("220 "));
            assertTrue(reply(client.writeThen("EHLO c.example\r\n")).stream().anyMatch(l -> l.contains("AUTH") && l.contains("PLAIN")));
            assertEquals("530 5.7.0 Authentication required", command(client, "MAIL FROM:<alice@example.test>"));
            String plain = Base64.getEncoder().encodeToString("\0alice@example.test\0secret".getBytes(StandardCharsets.UTF_8));
            assertEquals("235 2.7.0 Authentication successful", command(client, "AUTH PLAIN " + plain));
            assertEquals("553 5.7.1 Sender address not owned by authenticated user", command(client, "MAIL FROM:<bob@example.test>"));
            assertTrue(command(client, "MAIL FROM:<alice@example.test>").startsWith("250 "));
            assertTrue(command(client, "RCPT TO:<bob@example.test>").startsWith("250 "));
            assertTrue(command(client, "DATA").startsWith("354 "));
            assertTrue(command(client, "Subject: tls\r\n\r\nhello\r\n.").startsWith("250 2.0.0"));
            assertEquals("221 2.0.0 Bye", command(client, "QUIT"));
        }
        List<byte[]> inbox = StoreFixture.inbox(store, "bob@example.test");
        assertEquals(1, inbox.size());
        String stored = new String(inbox.get(0), StandardCharsets.US_ASCII);
        assertTrue(stored.contains("with ESMTPSA"), stored);
    }

    @Test
    void messageWithDotLinesIsStoredByteExact() throws Exception {
        MailStore store = StoreFixture.create();
        String content = "Subject: dots\r\n\r\n.leading\r\n..two\r\n.\r\nend\r\n";
        String stuffed = "Subject: dots\r\n\r\n..leading\r\n...two\r\n..\r\nend\r\n";
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            // One pipelined group, as RFC 2920 allows.
            client.write("EHLO c.example\r\nMAIL FROM:<s@c.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            reply(client);
            assertTrue(last(client).startsWith("250 "));
            assertTrue(last(client).startsWith("250 "));
            assertTrue(last(client).startsWith("354 "));
            assertTrue(command(client, stuffed + ".").startsWith("250 2.0.0"));
        }
        List<byte[]> inbox = StoreFixture.inbox(store, "alice@example.test");
        assertEquals(1, inbox.size());
        assertEquals(content, StoreFixture.withoutTrace(inbox.get(0)));
        String trace = new String(inbox.get(0), StandardCharsets.US_ASCII);
        assertTrue(trace.startsWith("Received: from c.example ([127.0.0.1])\r\n\tby localhost with ESMTP id "), trace);
        assertTrue(trace.contains("\r\n\tfor <alice@example.test>;\r\n\t"), trace);
    }

    @Test
    void hundredConcurrentSessionsDeliver() throws Exception {
        MailStore store = StoreFixture.create();
        ExecutorService clients = Executors.newFixedThreadPool(100);
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store)
                .connectionLimits(new ConnectionLimits(1000, 1000)).start()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(clients.submit(() -> {
                    try (RawClient client = new RawClient(server.address())) {
                        last(client);
                        client.write("EHLO c" + n + ".example\r\nMAIL FROM:<s@c.example>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
                        reply(client);
                        last(client);
                        last(client);
                        last(client);
                        return command(client, "Subject: " + n + "\r\n\r\nbody " + n + "\r\n.");
                    }
                }));
            }
            for (Future<String> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS).startsWith("250 2.0.0"));
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(100, StoreFixture.inbox(store, "bob@example.test").size());
    }

    @Test
    void sec01RelayIsDenied() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            reply(client.writeThen("EHLO c.example\r\n"));
            assertTrue(command(client, "MAIL FROM:<s@c.example>").startsWith("250 "));
            for (String trick : List.of("<v@ext.example>", "<V@EXT.EXAMPLE>", "<v@[192.0.2.1]>",
                    "<\"v@ext.example\"@ext.example>", "<v@example.test.ext.example>")) {
                assertEquals("554 5.7.1 Relay access denied", command(client, "RCPT TO:" + trick), trick);
            }
            // A trailing dot is not RFC 5321 syntax at all: refused before any relay decision.
            assertEquals("501 5.1.3 Bad recipient address syntax", command(client, "RCPT TO:<v@example.test.>"));
            for (String local : List.of("<v%ext.example@example.test>", "<\"v@ext.example\"@example.test>")) {
                assertEquals("550 5.1.1 User unknown", command(client, "RCPT TO:" + local), local);
            }
            assertTrue(command(client, "RCPT TO:<alice@EXAMPLE.test>").startsWith("250 "));
        }
    }

    /** STARTTLS, then EHLO again, on a fresh MX connection; returns the client ready for MAIL or AUTH. */
    private static RawClient startTls(SmtpServer server) throws Exception {
        RawClient client = new RawClient(server.address());
        last(client);
        reply(client.writeThen("EHLO c.example\r\n"));
        assertEquals("220 2.0.0 Ready to start TLS", command(client, "STARTTLS"));
        client.upgrade(TestCertificates.get().clientContext(), "localhost");
        reply(client.writeThen("EHLO c.example\r\n"));
        return client;
    }

    @Test
    void sec02RelayOnlyAfterAuthAndTheSenderMustBeTheLogin() throws Exception {
        MailStore store = StoreFixture.create();
        String alice = Base64.getEncoder().encodeToString("\0alice@example.test\0secret".getBytes(StandardCharsets.UTF_8));
        // The policy decides relaying before the handler, which here accepts every recipient.
        SmtpHandler acceptAll = (peer, envelope) -> new java.util.concurrent.CompletableFuture<>();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).tls(TestCertificates.get().server())
                .handler(acceptAll).authenticator(store.authenticator()).localDomains("example.test")
                .senderMustMatchLogin(true).start();
             RawClient client = startTls(server)) {
            assertTrue(command(client, "MAIL FROM:<someone@c.example>").startsWith("250 "));
            assertEquals("554 5.7.1 Relay access denied", command(client, "RCPT TO:<v@ext.example>"));
            assertTrue(command(client, "RSET").startsWith("250 "));
            assertEquals("235 2.7.0 Authentication successful", command(client, "AUTH PLAIN " + alice));
            assertEquals("553 5.7.1 Sender address not owned by authenticated user", command(client, "MAIL FROM:<bob@example.test>"));
            assertTrue(command(client, "MAIL FROM:<alice@example.test>").startsWith("250 "));
            assertTrue(command(client, "RCPT TO:<v@ext.example>").startsWith("250 "), "relay after AUTH");
        }
        // Configurable: an MX by default lets an authenticated client use any sender.
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).tls(TestCertificates.get().server())
                .handler(acceptAll).authenticator(store.authenticator()).localDomains("example.test").start();
             RawClient client = startTls(server)) {
            assertEquals("235 2.7.0 Authentication successful", command(client, "AUTH PLAIN " + alice));
            assertTrue(command(client, "MAIL FROM:<bob@example.test>").startsWith("250 "));
        }
    }

    @Test
    void load07ConnectionsPastTheLimitGet421() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store)
                .connectionLimits(new ConnectionLimits(1, 1)).start();
             RawClient first = new RawClient(server.address())) {
            assertTrue(last(first).startsWith("220 "));
            try (RawClient second = new RawClient(server.address())) {
                assertEquals("421 4.7.0 Too many connections, try again later", second.readLine());
                assertTrue(second.isClosedByPeer());
            }
            assertEquals("250 2.0.0 OK", command(first, "NOOP"));
        }
    }

    /** A handler whose end-of-data answer the test gives by hand, counting aborted messages. */
    static final class ManualHandler implements SmtpHandler {
        final java.util.concurrent.CompletableFuture<org.mailwire.smtp.codec.SmtpReply> stored = new java.util.concurrent.CompletableFuture<>();
        final java.util.concurrent.atomic.AtomicInteger aborted = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.CountDownLatch abortedLatch = new java.util.concurrent.CountDownLatch(1);

        @Override
        public java.util.concurrent.CompletionStage<MessageReceiver> message(SmtpPeer peer, SmtpEnvelope envelope) {
            return java.util.concurrent.CompletableFuture.completedFuture(new MessageReceiver() {
                @Override
                public void accept(java.nio.ByteBuffer chunk) {
                    chunk.position(chunk.limit());
                }

                @Override
                public java.util.concurrent.CompletionStage<org.mailwire.smtp.codec.SmtpReply> complete() {
                    return stored;
                }

                @Override
                public void abort() {
                    aborted.incrementAndGet();
                    abortedLatch.countDown();
                }
            });
        }
    }

    @Test
    void g1EndOfDataIsAnsweredOnlyWhenTheHandlerHasStored() throws Exception {
        ManualHandler handler = new ManualHandler();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).localDomains("example.test").handler(handler).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            client.write("EHLO c.example\r\nMAIL FROM:<s@c.example>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
            reply(client);
            last(client);
            last(client);
            last(client);
            client.write("x\r\n.\r\nNOOP\r\n");
            client.socket().setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, client::readLine, "no reply before the handler stored");
            client.socket().setSoTimeout(10_000);
            handler.stored.completeExceptionally(new IllegalStateException("/secret/path broke"));
            assertEquals("451 4.3.0 Local error in processing", client.readLine());
            assertEquals("250 2.0.0 OK", client.readLine());
        }
    }

    @Test
    void flt07DisconnectMidDataDiscardsTheMessage() throws Exception {
        ManualHandler handler = new ManualHandler();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).localDomains("example.test").handler(handler).start()) {
            try (RawClient client = new RawClient(server.address())) {
                last(client);
                client.write("EHLO c.example\r\nMAIL FROM:<s@c.example>\r\nRCPT TO:<a@example.test>\r\nDATA\r\n");
                reply(client);
                last(client);
                last(client);
                last(client);
                client.write("Subject: half\r\n\r\nhalf a messa");
            }
            assertTrue(handler.abortedLatch.await(10, TimeUnit.SECONDS));
            assertEquals(1, handler.aborted.get());
            assertTrue(!handler.stored.isDone());
        }
    }

    @Test
    void sec03AndSec04SubmissionNeedsTlsBeforeAuthAndMail() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).submission()
                .tls(TestCertificates.get().server()).deliverTo(store).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            List<String> ehlo = reply(client.writeThen("EHLO c.example\r\n"));
            assertTrue(ehlo.contains("250-STARTTLS") || ehlo.contains("250 STARTTLS"), ehlo.toString());
            assertTrue(ehlo.stream().noneMatch(l -> l.contains("PLAIN")), ehlo.toString());
            String plain = Base64.getEncoder().encodeToString("\0alice@example.test\0secret".getBytes(StandardCharsets.UTF_8));
            assertEquals("538 5.7.11 Encryption required for requested authentication mechanism",
                    command(client, "AUTH PLAIN " + plain));
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", command(client, "MAIL FROM:<alice@example.test>"));
        }
    }

    @Test
    void flt09TricklingPeerIsClosedWith421AtTheCommandDeadline() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store)
                .transport(org.mailwire.core.net.TransportSettings.defaults()
                        .withIdleTimeout(java.time.Duration.ofSeconds(30))
                        .withCommandTimeout(java.time.Duration.ofSeconds(1))).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            long start = System.nanoTime();
            // One octet every 250 ms: each read would re-arm an idle timer, never the command deadline.
            for (int i = 0; i < 20 && client.socket().getInputStream().available() == 0; i++) {
                client.write("N");
                Thread.sleep(250);
            }
            assertEquals("421 4.4.2 Timeout, closing connection", client.readLine());
            assertTrue(client.isClosedByPeer());
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void flt09DataAtTheMinimumRateOutlivesTheCommandDeadlineATrickleDoesNot() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store)
                .transport(org.mailwire.core.net.TransportSettings.defaults()
                        .withIdleTimeout(java.time.Duration.ofSeconds(30))
                        .withCommandTimeout(java.time.Duration.ofSeconds(1))
                        .withMinDataRate(2_000)).start()) {
            try (RawClient fast = new RawClient(server.address())) {
                last(fast);
                command(fast, "EHLO c.example");
                command(fast, "MAIL FROM:<bob@example.test>");
                command(fast, "RCPT TO:<alice@example.test>");
                assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", command(fast, "DATA"));
                fast.write("Subject: steady\r\n\r\n");
                // 3 s of data at 10 KB/s: three times the command deadline, five times the minimum rate.
                String line = "x".repeat(98) + "\r\n";
                for (int i = 0; i < 30; i++) {
                    fast.write(line.repeat(10));
                    Thread.sleep(100);
                }
                assertTrue(command(fast, ".").startsWith("250"), "a steady message is accepted");
            }
            try (RawClient slow = new RawClient(server.address())) {
                last(slow);
                command(slow, "EHLO c.example");
                command(slow, "MAIL FROM:<bob@example.test>");
                command(slow, "RCPT TO:<alice@example.test>");
                command(slow, "DATA");
                long start = System.nanoTime();
                // 40 octets per second, far below the minimum rate of 2,000.
                for (int i = 0; i < 40 && slow.socket().getInputStream().available() == 0; i++) {
                    slow.write("abcdefghij");
                    Thread.sleep(250);
                }
                assertEquals("421 4.4.2 Timeout, closing connection", slow.readLine());
                assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(9));
            }
        }
    }

    @Test
    void closeSays421ToOpenSessions() throws Exception {
        MailStore store = StoreFixture.create();
        SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store).start();
        try (RawClient client = new RawClient(server.address())) {
            last(client);
            server.close();
            assertEquals("421 4.3.2 Service shutting down", client.readLine());
        } finally {
            server.close();
        }
    }
}
