// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.pop3.protocol.Pop3Limits;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/** The server over loopback with the in-memory store, through a raw socket client. */
class Pop3ServerIT {

    static final String DOTTED = "From: a@example.org\r\nSubject: dots\r\n\r\n.leading dot\r\n.\r\n..two\r\n"
            + "x\r\n.\r\nlast line\r\n";

    private MailStore store;
    private Pop3Server server;
    private final List<Pop3Login> logins = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        store.close();
    }

    private Pop3Server startStls() throws IOException {
        return startStls(Pop3Limits.defaults());
    }

    private Pop3Server startStls(Pop3Limits limits) throws IOException {
        server = Pop3Server.builder(store).startTls(TestCertificates.get().server()).limits(limits)
                .loginListener(logins::add).start();
        return server;
    }

    private void append(String content) throws Exception {
        store.mailboxes("alice").open(UserMailboxes.INBOX)
                .append(MessageSource.of(content.getBytes(StandardCharsets.UTF_8)), Flags.none(), Instant.now());
    }

    private int count() throws Exception {
        return store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size();
    }

    private RawClient loginOverStls() throws IOException {
        RawClient c = new RawClient(server.address());
        assertTrue(c.readLine().startsWith("+OK"));
        c.write("STLS\r\n");
        assertEquals("+OK begin TLS negotiation", c.readLine());
        c.upgrade(TestCertificates.get().clientContext(), "localhost");
        c.write("USER alice\r\nPASS secret\r\n");
        assertEquals("+OK send PASS", c.readLine());
        String reply = c.readLine();
        assertTrue(reply.startsWith("+OK maildrop has"), reply);
        return c;
    }

    /** Reads a multi-line body up to its terminator and undoes the dot-stuffing. */
    private static byte[] readBody(RawClient c) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = c.readLine();
            assertNotNull(line, "connection closed inside a multi-line response");
            if (line.equals(".")) {
                return body.toByteArray();
            }
            if (line.startsWith(".")) {
                line = line.substring(1);
            }
            body.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void tls01PlaintextInjectedAfterStlsIsNeverProcessed() throws Exception {
        startStls();
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            c.write("STLS\r\nUSER victim\r\n");
            assertEquals("+OK begin TLS negotiation", c.readLine());
            c.upgrade(TestCertificates.get().clientContext(), "localhost");
            c.write("PASS secret\r\n");
            // Had "USER victim" been kept, PASS would be checked; instead there is no USER.
            assertEquals("-ERR USER first", c.readLine());
        }
    }

    @Test
    void implicitTlsServesTheSessionFromTheFirstByte() throws Exception {
        append("Subject: hi\r\n\r\nbody\r\n");
        server = Pop3Server.builder(store).implicitTls(TestCertificates.get().server()).start();
        try (RawClient c = RawClient.implicitTls(server.address(), TestCertificates.get().clientContext())) {
            assertTrue(c.readLine().startsWith("+OK POP3 server ready"));
            c.write("CAPA\r\n");
            assertEquals("+OK Capability list follows", c.readLine());
            String capa = new String(readBody(c), StandardCharsets.US_ASCII);
            // Implicit TLS: USER is offered at once and STLS is not (RFC 8314 §3.3).
            assertTrue(capa.contains("\r\nUSER\r\n") && !capa.contains("STLS"), capa);
            c.write("USER alice\r\nPASS secret\r\nSTAT\r\nQUIT\r\n");
            assertEquals("+OK send PASS", c.readLine());
            assertEquals("+OK maildrop has 1 messages (21 octets)", c.readLine());
            assertEquals("+OK 1 21", c.readLine());
            assertTrue(c.readLine().startsWith("+OK POP3 server signing off"));
        }
    }

    @Test
    void cleartextUserIsRefusedWithoutTls() throws Exception {
        startStls();
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            c.write("USER alice\r\n");
            assertEquals("-ERR [AUTH] plaintext authentication disallowed without TLS", c.readLine());
        }
    }

    @Test
    void pop06MessageWithLeadingDotsIsRetrievedByteExact() throws Exception {
        append(DOTTED);
        startStls();
        try (RawClient c = loginOverStls()) {
            c.write("RETR 1\r\n");
            assertEquals("+OK " + DOTTED.length() + " octets", c.readLine());
            assertArrayEquals(DOTTED.getBytes(StandardCharsets.UTF_8), readBody(c));
        }
    }

    @Test
    void largeMessageIsStreamedByteExact() throws Exception {
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; big.length() < 2_000_000; i++) {
            big.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" of a large message\r\n");
        }
        append(big.toString());
        startStls();
        try (RawClient c = loginOverStls()) {
            c.write("RETR 1\r\nNOOP\r\n");
            assertEquals("+OK " + big.length() + " octets", c.readLine());
            assertArrayEquals(big.toString().getBytes(StandardCharsets.UTF_8), readBody(c));
            assertEquals("+OK", c.readLine());
        }
    }

    @Test
    void pop07ConcurrentSessionGetsInUse() throws Exception {
        startStls();
        try (RawClient first = loginOverStls(); RawClient second = new RawClient(server.address())) {
            second.readLine();
            second.write("STLS\r\n");
            second.readLine();
            second.upgrade(TestCertificates.get().clientContext(), "localhost");
            second.write("USER alice\r\nPASS secret\r\n");
            assertEquals("+OK send PASS", second.readLine());
            assertEquals("-ERR [IN-USE] maildrop already locked", second.readLine());
            first.write("QUIT\r\n");
            assertTrue(first.readLine().startsWith("+OK"));
        }
    }

    @Test
    void pop01DroppedConnectionDeletesNothing() throws Exception {
        append("Subject: keep\r\n\r\nme\r\n");
        startStls();
        try (RawClient c = loginOverStls()) {
            c.write("DELE 1\r\n");
            assertEquals("+OK message 1 deleted", c.readLine());
        }
        // The lock is given back when the server sees the close; then the message is still there.
        try (RawClient again = loginOverStlsRetrying()) {
            again.write("STAT\r\n");
            assertEquals("+OK 1 21", again.readLine());
        }
        assertEquals(1, count());
    }

    private RawClient loginOverStlsRetrying() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            RawClient c = new RawClient(server.address());
            c.readLine();
            c.write("STLS\r\n");
            c.readLine();
            c.upgrade(TestCertificates.get().clientContext(), "localhost");
            c.write("USER alice\r\nPASS secret\r\n");
            c.readLine();
            String reply = c.readLine();
            if (reply.startsWith("+OK")) {
                return c;
            }
            c.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("maildrop stayed locked: " + reply);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void quitDeletesTheMarkedMessagesBeforeItsOk() throws Exception {
        append("Subject: 1\r\n\r\na\r\n");
        append("Subject: 2\r\n\r\nb\r\n");
        startStls();
        try (RawClient c = loginOverStls()) {
            c.write("DELE 1\r\nQUIT\r\n");
            assertEquals("+OK message 1 deleted", c.readLine());
            assertEquals("+OK POP3 server signing off (1 message left)", c.readLine());
            // G1: the +OK means the deletion is done.
            assertEquals(1, count());
            assertTrue(c.isClosedByPeer());
        }
        assertEquals(1, logins.size());
        assertEquals("alice", logins.get(0).user());
    }

    @Test
    void sec05FailedLoginsAreDelayedAlikeForUnknownUserAndWrongPassword() throws Exception {
        startStls(Pop3Limits.defaults().withMaxFailedLogins(5)
                .withLoginFailureDelay(Duration.ofMillis(300), Duration.ofMillis(600)));
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            c.write("STLS\r\n");
            c.readLine();
            c.upgrade(TestCertificates.get().clientContext(), "localhost");
            long t0 = System.nanoTime();
            c.write("USER nobody\r\nPASS secret\r\n");
            c.readLine();
            String unknown = c.readLine();
            long t1 = System.nanoTime();
            c.write("USER alice\r\nPASS wrong\r\n");
            c.readLine();
            String wrong = c.readLine();
            long t2 = System.nanoTime();
            assertEquals("-ERR [AUTH] invalid user name or password", unknown);
            assertEquals(unknown, wrong);
            assertTrue(Duration.ofNanos(t1 - t0).toMillis() >= 300, "first failure delayed");
            assertTrue(Duration.ofNanos(t2 - t1).toMillis() >= 600, "second failure delayed more");
        }
    }

    @Test
    void load07ConnectionOverTheLimitGetsSysTemp() throws Exception {
        server = Pop3Server.builder(store).connectionLimits(new ConnectionLimits(1, 1)).start();
        try (RawClient first = new RawClient(server.address())) {
            assertTrue(first.readLine().startsWith("+OK"));
            try (RawClient second = new RawClient(server.address())) {
                assertEquals("-ERR [SYS/TEMP] too many connections", second.readLine());
            }
            first.write("NOOP\r\n");
            assertEquals("-ERR not allowed before login", first.readLine());
        }
    }

    @Test
    void flt09AutologoutSendsErrAndCloses() throws Exception {
        append("Subject: 1\r\n\r\na\r\n");
        startStls(Pop3Limits.defaults().withAutologout(Duration.ofMillis(500)));
        try (RawClient c = loginOverStls()) {
            c.write("DELE 1\r\n");
            assertEquals("+OK message 1 deleted", c.readLine());
            assertEquals("-ERR autologout timer expired, closing", c.readLine());
            assertTrue(c.isClosedByPeer());
        }
        assertEquals(1, count()); // RFC 1939 §3: no UPDATE state after an autologout
    }

    @Test
    void pop02QuitDeletesDurablyInTheMaildirStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        store.close();
        MailStoreSettings settings = MailStoreSettings.defaults().withPasswordIterations(1000);
        store = MailStore.maildir(dir, settings);
        store.createUser("alice", Secret.of("secret"));
        append("Subject: 1\r\n\r\na\r\n");
        append(DOTTED);
        startStls();
        try (RawClient c = loginOverStls()) {
            c.write("RETR 2\r\n");
            c.readLine();
            assertArrayEquals(DOTTED.getBytes(StandardCharsets.UTF_8), readBody(c));
            c.write("DELE 1\r\nQUIT\r\n");
            c.readLine();
            assertEquals("+OK POP3 server signing off (1 message left)", c.readLine());
        }
        server.close();
        server = null;
        store.close();
        store = MailStore.maildir(dir, settings);
        assertEquals(1, count());
    }

    @Test
    void apopLogsInWithTheGreetingsTimestampWhenEnabled() throws Exception {
        org.mailwire.core.sasl.Authenticator secrets = new org.mailwire.core.sasl.Authenticator() {
            @Override
            public java.util.Set<org.mailwire.core.sasl.SaslMechanism> supportedMechanisms() {
                return java.util.Set.of();
            }

            @Override
            public java.util.concurrent.CompletionStage<org.mailwire.core.sasl.CredentialLookup<Secret>> sharedSecret(
                    String user) {
                return java.util.concurrent.CompletableFuture.completedFuture(user.equals("alice")
                        ? org.mailwire.core.sasl.CredentialLookup.found(Secret.of("tanstaaf"))
                        : org.mailwire.core.sasl.CredentialLookup.missing(
                                org.mailwire.core.sasl.SaslFailureReason.INVALID_CREDENTIALS));
            }
        };
        server = Pop3Server.builder(store).apop(secrets).hostName("pop.example.org")
                .limits(Pop3Limits.defaults().withLoginFailureDelay(Duration.ZERO, Duration.ZERO)).start();
        try (RawClient c = new RawClient(server.address())) {
            String greeting = c.readLine();
            assertTrue(greeting.startsWith("+OK POP3 server ready <") && greeting.endsWith("@pop.example.org>"),
                    greeting);
            String timestamp = greeting.substring(greeting.indexOf('<'));
            c.write("APOP alice " + Pop3Server.apopDigest(timestamp, Secret.of("wrong")) + "\r\n");
            assertEquals("-ERR [AUTH] invalid user name or password", c.readLine());
            c.write("APOP alice " + Pop3Server.apopDigest(timestamp, Secret.of("tanstaaf")) + "\r\n");
            assertEquals("+OK maildrop has 0 messages (0 octets)", c.readLine());
        }
    }

    @Test
    void shutdownTellsConnectedClientsSysTemp() throws Exception {
        startStls();
        RawClient c = loginOverStls();
        try (c) {
            server.close();
            assertEquals("-ERR [SYS/TEMP] server shutting down", c.readLine());
        } finally {
            server = null;
        }
    }
}
