// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.net.ConnectionTimeoutException;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.imap.protocol.ImapClientSession;
import org.mailwire.imap.types.Section;

/**
 * The IMAP client cases of SECURITY-CASES against scripted misbehaving servers on loopback: each
 * ends in a typed exception within seconds, never a hang, and nothing private is sent where the
 * policy forbids it (TLS-03, TLS-04, TLS-05, IMAP-05, IMAP-14, an unterminated literal).
 */
class ImapClientSecurityCasesTest {

    /** What a scripted server does with its accepted connection. */
    @FunctionalInterface
    private interface Script {
        void run(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    private ServerSocket server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private CompletableFuture<Void> scriptDone;

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress serve(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        scriptDone = CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(20_000);
                script.run(s, s.getInputStream(), s.getOutputStream());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, ImapClientSecurityCasesTest::ownThread);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Runs a fake server on a thread of its own: scripts stall on purpose and must not starve a pool. */
    private static void ownThread(Runnable task) {
        Thread t = new Thread(task, "fake-imap-server");
        t.setDaemon(true);
        t.start();
    }

    /** Reads one command line from the client, recording it. */
    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        synchronized (received) {
            received.writeBytes(line.toByteArray());
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return ImapClient.unwrap(e.getCause());
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(TestCertificates.get().keyStore())) {
            ks.load(in, TestCertificates.PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestCertificates.PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static ImapClient.Builder plaintext() {
        return ImapClient.builder().plaintext().allowPlaintextLogin()
                .transport(TransportSettings.defaults().withCommandTimeout(Duration.ofSeconds(2)));
    }

    /** A plaintext session that greets, then answers the first command with {@code reply}. */
    private CompletableFuture<ImapResult> noopAnswered(ImapClient.Builder builder, String reply) throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1] fake\r\n");
            readLine(in);
            write(out, reply);
            Thread.sleep(5000); // stall: the client must not wait for more
        });
        ImapClient client = builder.connect(address, "localhost").get(10, TimeUnit.SECONDS);
        return client.noop();
    }

    @Test
    void injectedResponsesAfterStartTlsAreNeverRead() throws Exception {
        SSLContext tls = serverContext();
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] fake\r\n");
            String starttls = readLine(in);
            String tag = starttls.substring(0, starttls.indexOf(' '));
            // TLS-03: the OK and, in the same segment, a forged capability list and completion
            // for the tag the client will use next.
            write(out, tag + " OK go\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nM2 OK forged\r\n");
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            InputStream tin = ssl.getInputStream();
            OutputStream tout = ssl.getOutputStream();
            String capability = readLine(tin);
            String t2 = capability.substring(0, capability.indexOf(' '));
            write(tout, "* CAPABILITY IMAP4rev1 AUTH=SCRAM-SHA-256\r\n" + t2 + " OK done\r\n");
            readLine(tin);
        });
        ImapClient client = ImapClient.builder().startTls(TestCertificates.get().client())
                .connect(address, "localhost").get(20, TimeUnit.SECONDS);
        try {
            assertTrue(client.isSecure());
            assertTrue(client.capabilities().has("AUTH=SCRAM-SHA-256"), client.capabilities().toString());
            assertFalse(client.capabilities().has("AUTH=PLAIN"), "injected capability used");
        } finally {
            client.close();
        }
    }

    @Test
    void preauthOnPlaintextWithTlsRequiredAbortsBeforeSendingAnything() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* PREAUTH [CAPABILITY IMAP4rev1] welcome, no password needed\r\n");
            readLine(in); // returns at EOF
        });
        Throwable e = failure(ImapClient.builder().startTls(TestCertificates.get().client()).connect(address, "localhost"));
        assertInstanceOf(ImapTlsRequiredException.class, e);
        scriptDone.get(20, TimeUnit.SECONDS);
        assertEquals("", received());
    }

    @Test
    void serverWithoutStartTlsGetsNoCredential() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK fake\r\n");
            String capability = readLine(in);
            write(out, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + capability.substring(0, capability.indexOf(' '))
                    + " OK done\r\n");
            readLine(in);
        });
        Throwable e = failure(ImapClient.builder().startTls(TestCertificates.get().client()).connect(address, "localhost"));
        assertInstanceOf(ImapTlsRequiredException.class, e);
        scriptDone.get(20, TimeUnit.SECONDS);
        assertTrue(received().matches("M1 CAPABILITY\r\n"), received());
    }

    @Test
    void refusedStartTlsIsTypedTlsRequired() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS] fake\r\n");
            String starttls = readLine(in);
            write(out, starttls.substring(0, starttls.indexOf(' ')) + " NO not today\r\n");
            readLine(in);
        });
        Throwable e = failure(ImapClient.builder().startTls(TestCertificates.get().client()).connect(address, "localhost"));
        assertInstanceOf(ImapTlsRequiredException.class, e);
    }

    @Test
    void loginWithoutTlsIsRefusedLocally() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake\r\n");
            readLine(in);
        });
        ImapClient client = ImapClient.builder().plaintext().connect(address, "localhost").get(10, TimeUnit.SECONDS);
        try {
            assertInstanceOf(ImapTlsRequiredException.class, failure(client.login("alice", Secret.of("secret"))));
            assertInstanceOf(ImapTlsRequiredException.class, failure(client.authenticate(
                    org.mailwire.core.sasl.SaslCredentials.password("alice", Secret.of("secret")))));
        } finally {
            client.close();
        }
        scriptDone.get(20, TimeUnit.SECONDS);
        assertEquals("", received());
    }

    @Test
    void unterminatedLiteralThenCloseIsTypedClosed() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1] fake\r\n");
            readLine(in);
            write(out, "* 1 FETCH (BODY[] {100}\r\nonly ten..");
        });
        ImapClient client = plaintext().connect(address, "localhost").get(10, TimeUnit.SECONDS);
        Throwable e = failure(client.noop());
        assertInstanceOf(ImapProtocolException.class, e);
        assertEquals(ImapClientSession.Event.Kind.CLOSED, ((ImapProtocolException) e).kind());
    }

    @Test
    void unterminatedLiteralThenStallEndsInTimeout() throws Exception {
        Throwable e = failure(noopAnswered(plaintext(), "* 1 FETCH (BODY[] {100}\r\nonly ten.."));
        assertInstanceOf(ConnectionTimeoutException.class, e.getCause() != null && !(e instanceof ConnectionTimeoutException)
                ? e.getCause() : e);
    }

    @Test
    void responseLineWithoutEndStopsAtTheLineLimit() throws Exception {
        String flood = "* OK " + "a".repeat(100_000);
        Throwable e = failure(noopAnswered(plaintext(), flood));
        assertInstanceOf(ImapProtocolException.class, e);
        assertEquals(ImapClientSession.Event.Kind.TOO_LARGE, ((ImapProtocolException) e).kind());
    }

    @Test
    void hugeLiteralAnnouncementFailsAtOnceWithoutAllocating() throws Exception {
        long start = System.nanoTime();
        Throwable e = failure(noopAnswered(plaintext(), "* 1 FETCH (BODY[] {2147483647}\r\nxx"));
        assertInstanceOf(ImapProtocolException.class, e);
        assertEquals(ImapClientSession.Event.Kind.TOO_LARGE, ((ImapProtocolException) e).kind());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "not at once");
    }

    @Test
    void literalAtTheMaxResponseSizeIsStreamedAndOnePastIsRefused() throws Exception {
        String body = "x".repeat(1000);
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1] fake\r\n");
            String fetch = readLine(in);
            String tag = fetch.substring(0, fetch.indexOf(' '));
            write(out, "* 1 FETCH (UID 7 BODY[] {1000}\r\n" + body + ")\r\n" + tag + " OK done\r\n");
            readLine(in);
            write(out, "* 1 FETCH (UID 7 BODY[] {1001}\r\n" + body + "x)\r\n");
            readLine(in);
        });
        ImapClient client = plaintext().maxResponseSize(1000)
                .limits(org.mailwire.imap.codec.ImapLimits.defaults().withMaxInMemoryLiteralSize(100)
                        .withMaxLiteralSizes(8192, 1000))
                .connect(address, "localhost").get(10, TimeUnit.SECONDS);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long n = client.fetchBody(7, Section.ALL, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            got.writeBytes(b);
        }).get(10, TimeUnit.SECONDS);
        assertEquals(1000, n);
        assertEquals(body, got.toString(StandardCharsets.US_ASCII));
        Throwable e = failure(client.fetchBody(7, Section.ALL, chunk -> { }));
        assertInstanceOf(ImapProtocolException.class, e);
        assertEquals(ImapClientSession.Event.Kind.TOO_LARGE, ((ImapProtocolException) e).kind());
    }

    @Test
    void taggedNoCarriesItsResponseCode() throws Exception {
        Throwable e = failure(noopAnswered(plaintext(), "M1 NO [OVERQUOTA] mailbox full\r\n"));
        ImapCommandException no = assertInstanceOf(ImapCommandException.class, e);
        assertEquals(ImapCommandException.Kind.NO, no.kind());
        assertTrue(no.code().orElseThrow().is("OVERQUOTA"));
        assertEquals("mailbox full", no.response().text());
    }

    @Test
    void byeThenCloseFailsOutstandingCommandsWithTheServersWords() throws Exception {
        Throwable e = failure(noopAnswered(plaintext(), "* BYE shutting down\r\n"));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("BYE shutting down"), e.getMessage());
    }

    @Test
    void certificateForAnotherHostIsRefused() throws Exception {
        SSLContext tls = serverContext();
        server = tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        scriptDone = CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                write(s.getOutputStream(), "* OK fake\r\n");
            } catch (IOException e) {
                // the client aborts the handshake: expected
            }
        }, ImapClientSecurityCasesTest::ownThread);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Throwable e = failure(ImapClient.builder().implicitTls(TestCertificates.get().client())
                .connect(address, "mail.example.org"));
        boolean tlsRefused = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            tlsRefused |= t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException;
        }
        assertTrue(tlsRefused, "not refused by TLS: " + e);
    }

    @Test
    void byeGreetingFailsTheConnectWithTheServersWords() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* BYE too many connections\r\n");
            readLine(in);
        });
        Throwable e = failure(plaintext().connect(address, "localhost"));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("too many connections"), e.getMessage());
    }

    @Test
    void commandResultAtTheBoundIsKeptAndOnePastFailsTheCommandOnly() throws Exception {
        String body = "y".repeat(1000);
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1] fake\r\n");
            for (int i = 0; i < 3; i++) {
                String fetch = readLine(in);
                String tag = fetch.substring(0, fetch.indexOf(' '));
                String literal = i == 1 ? body + "y" : body;
                write(out, "* 1 FETCH (BODY[] {" + literal.length() + "}\r\n" + literal + ")\r\n" + tag + " OK done\r\n");
            }
            readLine(in);
        });
        ImapClient client = plaintext().maxCommandResult(ImapClient.RESPONSE_WEIGHT + 1000)
                .connect(address, "localhost").get(10, TimeUnit.SECONDS);
        org.mailwire.imap.types.FetchItem body0 = new org.mailwire.imap.types.FetchItem.BodySection(Section.ALL,
                java.util.Optional.empty(), true);
        assertEquals(1, client.fetch(false, org.mailwire.imap.types.SequenceSet.of("1"), body0).get(10, TimeUnit.SECONDS).size());
        Throwable e = failure(client.fetch(false, org.mailwire.imap.types.SequenceSet.of("1"), body0));
        assertEquals(ImapClientSession.Event.Kind.TOO_LARGE, assertInstanceOf(ImapProtocolException.class, e).kind());
        assertEquals(1, client.fetch(false, org.mailwire.imap.types.SequenceSet.of("1"), body0).get(10, TimeUnit.SECONDS).size(),
                "the connection stays usable");
    }

    @Test
    void scramServerWithAWrongProofIsCancelledAndReportedAsSasl() throws Exception {
        InetSocketAddress address = serve((s, in, out) -> {
            write(out, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=SCRAM-SHA-256] fake\r\n");
            String auth = readLine(in).trim();
            String[] words = auth.split(" ");
            String tag = words[0];
            String clientFirst = new String(java.util.Base64.getDecoder().decode(words[3]), StandardCharsets.UTF_8);
            String nonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
            String serverFirst = "r=" + nonce + "srv,s=" + java.util.Base64.getEncoder().encodeToString(
                    "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII)) + ",i=4096";
            write(out, "+ " + java.util.Base64.getEncoder().encodeToString(serverFirst.getBytes(StandardCharsets.UTF_8))
                    + "\r\n");
            readLine(in); // client-final
            write(out, "+ " + java.util.Base64.getEncoder().encodeToString(
                    "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".getBytes(StandardCharsets.US_ASCII)) + "\r\n");
            String cancel = readLine(in);
            write(out, tag + " BAD " + (cancel.trim().equals("*") ? "cancelled" : "unexpected") + "\r\n");
            readLine(in);
        });
        ImapClient client = plaintext().connect(address, "localhost").get(10, TimeUnit.SECONDS);
        Throwable e = failure(client.authenticate(
                org.mailwire.core.sasl.SaslCredentials.password("alice", Secret.of("secret"))));
        assertInstanceOf(org.mailwire.core.sasl.SaslException.class, e);
        assertTrue(received().endsWith("*\r\n"), received());
        assertFalse(client.isAuthenticated());
    }
}
