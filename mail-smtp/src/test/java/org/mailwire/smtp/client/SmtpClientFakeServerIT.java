// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.smtp.server.SmtpServer;

/**
 * The client against scripted servers that misbehave (EAST's fake-mail-server cases) and the
 * SECURITY-CASES client rows: every case ends in a typed error within its timeout, never a hang.
 */
class SmtpClientFakeServerIT {

    /** Short timeouts: a hang would show as a test timeout, a typed error comes within seconds. */
    static final SmtpClientSettings FAST = SmtpClientSettings.defaults()
            .withTimeouts(SmtpClientTimeouts.uniform(Duration.ofSeconds(2)));

    static SmtpClient.Builder client() {
        return SmtpClient.builder().heloName("client.example").tlsMode(TlsMode.NONE).settings(FAST);
    }

    static SmtpTransaction tx(String body) {
        return SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                .content(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    static Throwable failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> future.orTimeout(15, TimeUnit.SECONDS).join());
        return e.getCause();
    }

    static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestCertificates.get().keyStore())) {
            ks.load(in, TestCertificates.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void tls03InjectedReplyAfterStartTlsIsNeverRead() throws Exception {
        SSLContext tls = serverContext();
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.greetAndEhlo("STARTTLS");
            p.expect("STARTTLS");
            // A man in the middle appends a capability reply in plaintext after the 220.
            p.write("220 ok\r\n250-fake.example\r\n250 AUTH PLAIN\r\n");
            p.startTls(tls);
            p.expect("EHLO");
            p.ehloReply("8BITMIME");
            p.drain();
        })) {
            SmtpClient client = SmtpClient.builder().tls(TestCertificates.get().client()).settings(FAST)
                    .credentials(SaslCredentials.password("u", Secret.of("p"))).build();
            Throwable e = failure(client.connect(server.address(), "localhost"));
            // The only AUTH offer came in plaintext: the client asked EHLO inside TLS and found none.
            SmtpUnsupportedException u = assertInstanceOf(SmtpUnsupportedException.class, e);
            assertEquals(SmtpUnsupportedException.Reason.NO_AUTH_MECHANISM, u.reason());
            server.done.get(15, TimeUnit.SECONDS);
            assertTrue(server.received.stream().noneMatch(l -> l.startsWith("AUTH")), server.received.toString());
            assertEquals(2, server.received.stream().filter(l -> l.startsWith("EHLO")).count());
        }
    }

    @Test
    void pipeliningWritesMailRcptsAndDataBeforeAnyReply() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.greetAndEhlo("PIPELINING");
            // Nothing is answered until the whole group has arrived: a client that waits deadlocks.
            p.expect("MAIL FROM:<a@example.test>");
            p.expect("RCPT TO:<b@example.test>");
            p.expect("RCPT TO:<unknown@example.test>");
            p.expect("DATA");
            p.write("250 ok\r\n250 ok\r\n550 5.1.1 no such user\r\n354 go\r\n");
            String data = p.readData();
            if (!data.equals("hello\r\n")) {
                throw new AssertionError(data);
            }
            p.write("250 2.0.0 queued\r\n");
            p.expect("QUIT");
            p.write("221 bye\r\n");
        })) {
            SmtpTransaction t = SmtpTransaction.builder().from("a@example.test").to("b@example.test")
                    .to("unknown@example.test").content("hello\r\n".getBytes(StandardCharsets.US_ASCII)).build();
            SmtpTransactionResult r = client().build().submit(server.address(), "fake.example", t)
                    .orTimeout(15, TimeUnit.SECONDS).join();
            assertEquals(1, r.accepted().size());
            assertEquals("5.1.1", r.refused().get(0).reply().status().orElseThrow().toString());
            server.done.get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void replyWithoutEndTimesOut() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.write("220 fake.example\r\n");
            p.expect("EHLO");
            p.write("250-fake.example\r\n250-PIPELINING\r\n"); // and never the last line
            p.drain();
        })) {
            SmtpTimeoutException e = assertInstanceOf(SmtpTimeoutException.class,
                    failure(client().build().connect(server.address(), "fake.example")));
            assertTrue(e.isTransient());
            assertEquals("reply to EHLO", e.awaiting());
        }
    }

    @Test
    void silentServerTimesOutAtTheGreeting() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(FakeSmtpServer.Peer::drain)) {
            SmtpTimeoutException e = assertInstanceOf(SmtpTimeoutException.class,
                    failure(client().build().connect(server.address(), "fake.example")));
            assertEquals("greeting", e.awaiting());
        }
    }

    @Test
    void garbageGreetingIsAProtocolError() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.write("HTTP/1.1 400 Bad Request\r\n\r\n");
            p.drain();
        })) {
            SmtpConnectionException e = assertInstanceOf(SmtpConnectionException.class,
                    failure(client().build().connect(server.address(), "fake.example")));
            assertTrue(e.getMessage().contains("BAD_CODE"), e.getMessage());
        }
    }

    @Test
    void closingInTheMiddleOfAReplyFailsTheOperation() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.greetAndEhlo("PIPELINING");
            p.expect("MAIL");
            p.write("250-first line\r\n250-sec");
            p.close();
        })) {
            SmtpConnection c = client().build().connect(server.address(), "fake.example").orTimeout(15, TimeUnit.SECONDS).join();
            SmtpConnectionException e = assertInstanceOf(SmtpConnectionException.class, failure(c.send(tx("x\r\n"))));
            assertTrue(e.isTransient());
            assertFalse(c.isOpen());
        }
    }

    @Test
    void closingAfterTheContentWithoutAReplyIsTransient() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.greetAndEhlo().acceptUpToContent();
            p.readData();
            p.close();
        })) {
            SmtpConnection c = client().build().connect(server.address(), "fake.example").orTimeout(15, TimeUnit.SECONDS).join();
            assertInstanceOf(SmtpConnectionException.class, failure(c.send(tx("x\r\n"))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"greeting", "EHLO", "MAIL", "RCPT", "DATA", "content"})
    void a421AtAnyPointIsATransientReplyErrorAndCloses(String when) throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            String bye = "421 4.3.2 Service shutting down\r\n";
            if (when.equals("greeting")) {
                p.write(bye);
                p.drain();
                return;
            }
            p.write("220 fake.example\r\n");
            p.expect("EHLO");
            if (when.equals("EHLO")) {
                p.write(bye);
                p.drain();
                return;
            }
            p.ehloReply();
            for (String step : List.of("MAIL", "RCPT", "DATA")) {
                p.expect(step);
                if (when.equals(step)) {
                    p.write(bye);
                    p.drain();
                    return;
                }
                p.write(step.equals("DATA") ? "354 go\r\n" : "250 ok\r\n");
            }
            p.readData();
            p.write(bye);
            p.drain();
        })) {
            CompletableFuture<SmtpTransactionResult> result = client().build()
                    .submit(server.address(), "fake.example", tx("x\r\n"));
            SmtpReplyException e = assertInstanceOf(SmtpReplyException.class, failure(result));
            assertEquals(421, e.code());
            assertTrue(e.isTransient());
            server.done.get(15, TimeUnit.SECONDS); // the client closed: drain() returned
        }
    }

    @Test
    void smtpc03EndlessMultilineReplyIsBounded() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.write("220 fake.example\r\n");
            p.expect("EHLO");
            try {
                for (int i = 0; i < 1_000_000; i++) {
                    p.write("250-x\r\n");
                }
            } catch (IOException closedByClient) {
                // expected: the client gives up long before
            }
        })) {
            SmtpConnectionException e = assertInstanceOf(SmtpConnectionException.class,
                    failure(client().build().connect(server.address(), "fake.example")));
            assertTrue(e.getMessage().contains("TOO_MANY_LINES"), e.getMessage());
        }
    }

    @Test
    void smtpc03HugeReplyLineIsBounded() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.write("220 " + "x".repeat(1 << 20) + "\r\n");
            p.drain();
        })) {
            SmtpConnectionException e = assertInstanceOf(SmtpConnectionException.class,
                    failure(client().build().connect(server.address(), "fake.example")));
            assertTrue(e.getMessage().contains("LINE_TOO_LONG"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"250-a\r\n550 b\r\n", "25\r\n", "2500 ok\r\n", "250 ok\r\n250 extra\r\n"})
    void smtpc03MismatchedOrUnsolicitedRepliesAreProtocolErrors(String reply) throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.write("220 fake.example\r\n");
            p.expect("EHLO");
            p.write(reply);
            p.drain();
        })) {
            CompletableFuture<SmtpConnection> c = client().build().connect(server.address(), "fake.example");
            if (reply.endsWith("250 extra\r\n")) {
                // The EHLO is answered; the extra reply answers nothing and ends the connection.
                SmtpConnection connection = c.orTimeout(15, TimeUnit.SECONDS).join();
                assertInstanceOf(SmtpConnectionException.class, failure(connection.noop()));
            } else {
                assertInstanceOf(SmtpConnectionException.class, failure(c));
            }
        }
    }

    @Test
    void smtpc05EndOfDataWaitsForItsOwnLongerTimeout() throws Exception {
        SmtpClientTimeouts t = SmtpClientTimeouts.uniform(Duration.ofMillis(700));
        SmtpClientSettings settings = SmtpClientSettings.defaults().withTimeouts(new SmtpClientTimeouts(
                t.greeting(), t.mail(), t.rcpt(), t.dataInitiation(), t.dataBlock(), Duration.ofSeconds(5), t.command()));
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.greetAndEhlo().acceptUpToContent();
            p.readData();
            Thread.sleep(2000); // longer than every other timeout, shorter than the end-of-data one
            p.write("250 queued\r\n");
            p.expect("QUIT");
            p.write("221 bye\r\n");
        })) {
            SmtpClient c = SmtpClient.builder().tlsMode(TlsMode.NONE).settings(settings).build();
            assertEquals(250, c.submit(server.address(), "fake.example", tx("x\r\n"))
                    .orTimeout(15, TimeUnit.SECONDS).join().data().code());
        }
    }

    @Test
    void smtpc02BodyThatLooksLikeCommandsIsStuffedAndNormalisedOnTheWire() throws Exception {
        StringBuilder wire = new StringBuilder();
        try (FakeSmtpServer server = new FakeSmtpServer(p -> {
            p.greetAndEhlo().acceptUpToContent();
            wire.append(p.readData());
            p.write("250 queued\r\n");
            p.expect("QUIT");
            p.write("221 bye\r\n");
            p.drain();
        })) {
            client().build().submit(server.address(), "fake.example",
                    tx("a\n.\nMAIL FROM:<x>\n.\r\nb\r.\r.c")).orTimeout(15, TimeUnit.SECONDS).join();
            server.done.get(15, TimeUnit.SECONDS);
            // Every line ends CRLF and every leading dot is doubled: nothing ends the data early.
            assertEquals("a\r\n..\r\nMAIL FROM:<x>\r\n..\r\nb\r\n..\r\n..c\r\n", wire.toString());
        }
    }

    @Test
    void smtpc02OurServerStoresExactlyOneMessageWithTheNormalisedContent() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        String[] bodies = {"a\n.\nMAIL FROM:<x>\n", "a\r.\r", ".lead\r\n..two\r\n.\r\n", "x\r\n.\r\nRSET\r\n"};
        String[] stored = {"a\r\n.\r\nMAIL FROM:<x>\r\n", "a\r\n.\r\n", ".lead\r\n..two\r\n.\r\n", "x\r\n.\r\nRSET\r\n"};
        try (SmtpServer server = SmtpClientIT.server(handler).start()) {
            for (boolean chunking : new boolean[] {false, true}) {
                SmtpConnection c = client().settings(FAST.withChunking(chunking)).build()
                        .connect(server.address(), "localhost").join();
                for (String body : bodies) {
                    c.send(tx(body)).orTimeout(15, TimeUnit.SECONDS).join();
                }
                c.quit().join();
            }
        }
        assertEquals(2 * bodies.length, handler.messages.size(), "one message per send, none smuggled");
        for (int i = 0; i < handler.messages.size(); i++) {
            assertArrayEquals(stored[i % bodies.length].getBytes(StandardCharsets.US_ASCII),
                    handler.messages.get(i).content(), "message " + i);
            assertEquals(1, handler.messages.get(i).envelope().recipients().size());
        }
    }
}
