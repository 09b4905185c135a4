// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.Authenticator;
import org.mailwire.core.sasl.CredentialLookup;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslMechanism;
import org.mailwire.pop3.client.Pop3BlockingClient;
import org.mailwire.pop3.client.Pop3Client;
import org.mailwire.pop3.client.Pop3ErrorException;
import org.mailwire.pop3.client.Pop3TlsRequiredException;
import org.mailwire.pop3.codec.Pop3ResponseCode;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/** Our client against our server over loopback (go-imap's newClientServerPair). */
class Pop3ClientIT {

    private MailStore store;
    private Pop3Server server;

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        for (String m : List.of(Pop3ServerIT.DOTTED, "Subject: 2\r\n\r\nsecond\r\n")) {
            store.mailboxes("alice").open(UserMailboxes.INBOX)
                    .append(MessageSource.of(m.getBytes(StandardCharsets.UTF_8)), Flags.none(), Instant.now());
        }
        server = Pop3Server.builder(store).startTls(TestCertificates.get().server()).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        store.close();
    }

    private Pop3Client connect() {
        return Pop3Client.builder().startTls(TestCertificates.get().client())
                .connect(server.address(), "localhost").join();
    }

    @Test
    void downloadsAndDeletesOverStls() throws Exception {
        Pop3Client client = connect();
        assertTrue(client.isSecure());
        client.login("alice", Secret.of("secret")).join();
        assertArrayEquals(new long[] {2, Pop3ServerIT.DOTTED.length() + 22}, client.stat().join());
        assertEquals(List.of(new Pop3Client.Entry(1, Integer.toString(Pop3ServerIT.DOTTED.length())),
                new Pop3Client.Entry(2, "22")), client.list().join());
        assertEquals(2, client.uniqueIds().join().size());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        client.retrieve(1, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            content.writeBytes(b);
        }).join();
        assertArrayEquals(Pop3ServerIT.DOTTED.getBytes(StandardCharsets.UTF_8), content.toByteArray());
        ByteArrayOutputStream top = new ByteArrayOutputStream();
        client.top(2, 0, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            top.writeBytes(b);
        }).join();
        assertEquals("Subject: 2\r\n\r\n", top.toString(StandardCharsets.UTF_8));
        client.noop().join();
        client.delete(1).join();
        assertTrue(client.quit().join().text().contains("1 message left"));
        assertEquals(1, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size());
    }

    @Test
    void wrongPasswordFailsWithTheAuthCode() throws Exception {
        Pop3Client client = connect();
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.login("alice", Secret.of("wrong")).join());
        Pop3ErrorException error = assertInstanceOf(Pop3ErrorException.class, e.getCause());
        assertEquals(Pop3ResponseCode.AUTH, error.response().code().orElseThrow());
        client.close();
    }

    @Test
    void sec09PlaintextConnectionRefusesToSendThePassword() throws Exception {
        Pop3Client client = Pop3Client.builder().plaintext().connect(server.address(), "localhost").join();
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.login("alice", Secret.of("secret")).join());
        assertInstanceOf(Pop3TlsRequiredException.class, e.getCause());
        for (CompletableFuture<?> f : List.of(client.authenticate(SaslCredentials.password("alice", Secret.of("secret"))),
                client.apop("alice", Secret.of("secret")))) {
            assertInstanceOf(Pop3TlsRequiredException.class,
                    assertThrows(CompletionException.class, f::join).getCause());
        }
        client.close();
    }

    @Test
    void saslWithTheStrongestOfferedMechanismAndCapaLearntInsideTls() throws Exception {
        Pop3Client client = connect();
        assertTrue(client.capabilities().known());
        assertTrue(client.capabilities().has("UIDL"));
        assertTrue(!client.capabilities().has("STLS"), "CAPA inside TLS no longer offers STLS");
        // The server offers SCRAM-SHA-256, so this runs SCRAM with its server proof checked.
        assertTrue(client.capabilities().saslMechanisms().contains("SCRAM-SHA-256"), client.capabilities().toString());
        client.authenticate(SaslCredentials.password("alice", Secret.of("secret"))).join();
        assertEquals(2, client.stat().join()[0]);
        client.quit().join();
    }

    @Test
    void anInitialResponseTooLongForTheAuthLineGoesAtTheFirstChallenge() throws Exception {
        String longPassword = "p".repeat(220);
        store.createUser("bob", Secret.of(longPassword));
        Pop3Client client = connect();
        client.authenticate(org.mailwire.core.sasl.SaslClient.plain("bob", Secret.of(longPassword))).join();
        assertEquals(0, client.stat().join()[0]);
        client.quit().join();
    }

    @Test
    void capabilitiesParse() {
        org.mailwire.pop3.client.Pop3Capabilities caps = org.mailwire.pop3.client.Pop3Capabilities.parse(
                "TOP\r\nsasl SCRAM-SHA-256  PLAIN\r\nUIDL\r\nIMPLEMENTATION x y\r\n");
        assertTrue(caps.known() && caps.has("uidl") && caps.has("SASL") && !caps.has("STLS"));
        assertEquals(List.of("SCRAM-SHA-256", "PLAIN"), caps.saslMechanisms());
        assertEquals(List.of("x", "y"), caps.arguments("IMPLEMENTATION"));
        assertEquals(List.of(), caps.arguments("TOP"));
    }

    @Test
    void saslWithAWrongPasswordFailsWithErr() throws Exception {
        Pop3Client client = connect();
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.authenticate(SaslCredentials.password("alice", Secret.of("wrong"))).join());
        assertInstanceOf(Pop3ErrorException.class, e.getCause());
        client.close();
    }

    @Test
    void plainWithInitialResponseAndCapaDrivenChoice() throws Exception {
        Pop3Client client = connect();
        client.authenticate(org.mailwire.core.sasl.SaslClient.plain("alice", Secret.of("secret"))).join();
        client.quit().join();
        Pop3Client other = connect();
        other.authenticate("alice", Secret.of("secret")).join();
        assertEquals(2, other.list().join().size());
        other.quit().join();
    }

    @Test
    void serverWithoutStlsIsATypedFailureAndNothingIsSentInPlaintext() throws Exception {
        server.close();
        server = Pop3Server.builder(store).allowPlaintextWithoutTls(true).start();
        CompletionException e = assertThrows(CompletionException.class, this::connect);
        Pop3TlsRequiredException typed = assertInstanceOf(Pop3TlsRequiredException.class, e.getCause());
        assertTrue(typed.getMessage().contains("STLS"), typed.getMessage());
    }

    @Test
    void implicitTls() throws Exception {
        server.close();
        server = Pop3Server.builder(store).implicitTls(TestCertificates.get().server()).start();
        Pop3Client client = Pop3Client.builder().implicitTls(TestCertificates.get().client())
                .connect(server.address(), "localhost").join();
        assertTrue(client.isSecure());
        client.login("alice", Secret.of("secret")).join();
        assertEquals(2, client.stat().join()[0]);
        client.quit().join();
    }

    @Test
    void apopOverTls() throws Exception {
        Authenticator secrets = new Authenticator() {
            @Override
            public Set<SaslMechanism> supportedMechanisms() {
                return Set.of();
            }

            @Override
            public CompletionStage<CredentialLookup<Secret>> sharedSecret(String user) {
                return CompletableFuture.completedFuture(user.equals("alice")
                        ? CredentialLookup.found(Secret.of("tanstaaf"))
                        : CredentialLookup.missing(SaslFailureReason.INVALID_CREDENTIALS));
            }
        };
        server.close();
        server = Pop3Server.builder(store).apop(secrets).startTls(TestCertificates.get().server()).start();
        Pop3Client client = connect();
        assertTrue(client.apopTimestamp().isPresent());
        client.apop("alice", Secret.of("tanstaaf")).join();
        assertEquals(2, client.stat().join()[0]);
        client.quit().join();
    }

    /** Collects each message into a map by unique-id. */
    private static Pop3Client.MessageSink into(Map<String, ByteArrayOutputStream> out, List<String> ended) {
        return new Pop3Client.MessageSink() {
            @Override
            public java.util.function.Consumer<java.nio.ByteBuffer> begin(Pop3Client.Entry message) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                out.put(message.value(), b);
                return chunk -> {
                    byte[] copy = new byte[chunk.remaining()];
                    chunk.get(copy);
                    b.writeBytes(copy);
                };
            }

            @Override
            public void end(Pop3Client.Entry message) {
                ended.add(message.value());
            }
        };
    }

    @Test
    void leaveOnServerReturnsOnlyTheMessagesNotSeen() throws Exception {
        Pop3Client client = connect();
        client.login("alice", Secret.of("secret")).join();
        List<Pop3Client.Entry> ids = client.uniqueIds().join();
        Map<String, ByteArrayOutputStream> got = new TreeMap<>();
        List<String> ended = new ArrayList<>();
        List<Pop3Client.Entry> fresh = client.fetchNew(Set.of(ids.get(1).value()), into(got, ended)).join();
        assertEquals(List.of(ids.get(0)), fresh);
        assertEquals(Set.of(ids.get(0).value()), got.keySet());
        assertArrayEquals(Pop3ServerIT.DOTTED.getBytes(StandardCharsets.UTF_8), got.get(ids.get(0).value()).toByteArray());
        assertEquals(List.of(ids.get(0).value()), ended);
        assertEquals(List.of(), client.fetchNew(Set.of(ids.get(0).value(), ids.get(1).value()), into(got, ended)).join());
        client.quit().join();
        assertEquals(2, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size());
    }

    @Test
    void downloadAndDeleteEmptiesTheMaildropAtQuit() throws Exception {
        Pop3Client client = connect();
        client.login("alice", Secret.of("secret")).join();
        Map<String, ByteArrayOutputStream> got = new TreeMap<>();
        List<String> ended = new ArrayList<>();
        assertEquals(2, client.downloadAndDelete(into(got, ended)).join().size());
        assertEquals(2, ended.size());
        client.quit().join();
        assertEquals(0, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size());
    }

    @Test
    void aSinkThatFailsLeavesTheMessageOnTheServer() throws Exception {
        Pop3Client client = connect();
        client.login("alice", Secret.of("secret")).join();
        Pop3Client.MessageSink failing = m -> chunk -> {
            throw new IllegalStateException("disk full");
        };
        CompletionException e = assertThrows(CompletionException.class, () -> client.downloadAndDelete(failing).join());
        assertEquals("disk full", e.getCause().getMessage());
        // The session is still in step: the next command works.
        assertEquals(2, client.stat().join()[0]);
        client.quit().join();
        assertEquals(2, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size());
    }

    @Test
    void blockingFacade() throws Exception {
        try (Pop3BlockingClient client = Pop3BlockingClient.connect(
                Pop3Client.builder().startTls(TestCertificates.get().client()), server.address(), "localhost",
                Duration.ofSeconds(20))) {
            client.authenticate("alice", Secret.of("secret"));
            assertEquals(2, client.list().size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.retrieve(1, out);
            assertArrayEquals(Pop3ServerIT.DOTTED.getBytes(StandardCharsets.UTF_8), out.toByteArray());
            assertThrows(Pop3ErrorException.class, () -> client.retrieve(9, new ByteArrayOutputStream()));
            client.delete(2);
            client.quit();
        }
        assertEquals(1, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size());
    }

    /** Reads one CRLF line byte by byte, so nothing after it is taken from the stream. */
    private static String line(java.io.InputStream in) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void tls03AResponseInjectedAfterTheStlsOkIsDiscarded() throws Exception {
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(TestCertificates.get().keyStore())) {
            ks.load(in, TestCertificates.PASSWORD);
        }
        kmf.init(ks, TestCertificates.PASSWORD);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> {
                try (java.net.Socket raw = listener.accept()) {
                    raw.setSoTimeout(20_000);
                    java.io.InputStream in = raw.getInputStream();
                    java.io.OutputStream out = raw.getOutputStream();
                    out.write("+OK fake\r\n".getBytes(StandardCharsets.US_ASCII));
                    seen.add(line(in));
                    out.write("+OK\r\nSTLS\r\nUSER\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                    seen.add(line(in));
                    // The man in the middle's bytes ride in the same segment as the +OK.
                    out.write("+OK begin TLS\r\n+OK injected\r\nINJECTED\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    try (javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                            .createSocket(raw, null, raw.getPort(), false)) {
                        secure.setUseClientMode(false);
                        java.io.InputStream sin = secure.getInputStream();
                        java.io.OutputStream sout = secure.getOutputStream();
                        seen.add(line(sin));
                        sout.write("+OK\r\nUSER\r\nUIDL\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                        seen.add(line(sin));
                        sout.write("+OK real noop\r\n".getBytes(StandardCharsets.US_ASCII));
                        sout.flush();
                        line(sin);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Pop3Client client = Pop3Client.builder().startTls(TestCertificates.get().client())
                    .connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                            listener.getLocalPort()), "localhost").get(20, java.util.concurrent.TimeUnit.SECONDS);
            try {
                assertTrue(client.isSecure());
                assertTrue(!client.capabilities().has("INJECTED"), client.capabilities().toString());
                assertTrue(client.capabilities().has("UIDL"), client.capabilities().toString());
                assertEquals("real noop", client.noop().get(20, java.util.concurrent.TimeUnit.SECONDS).text());
            } finally {
                client.close();
            }
            assertEquals(List.of("CAPA", "STLS", "CAPA", "NOOP"), seen);
            fake.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
