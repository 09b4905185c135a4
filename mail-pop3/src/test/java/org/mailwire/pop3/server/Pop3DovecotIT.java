// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.Dovecot;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.pop3.client.Pop3Client;

/**
 * Our client against Dovecot's pop3d (Debian {@code dovecot-pop3d}), started by the test on
 * loopback with its own configuration, a keytool-made certificate and a maildir the test fills:
 * STLS, AUTH PLAIN and USER/PASS, LIST/UIDL/RETR of a dotted message byte-exact, DELE and QUIT.
 * The shared {@link Dovecot} fixture starts it.
 */
class Pop3DovecotIT {

    /** Stored in the maildir with LF line endings, as Maildir files usually are. */
    private static final String DOTTED_LF = "From: a@example.org\nSubject: dots\n\n.leading dot\n.\n..two\n"
            + "x\n.\nlast line\n";
    private static final String SECOND_LF = "Subject: second\n\nhello\n";

    @TempDir
    Path dir;
    private Dovecot dovecot;
    private InetSocketAddress address;
    private Path maildir;

    @BeforeEach
    void setUp() throws Exception {
        writePem();
        dovecot = Dovecot.start(dir, "pop3", "alice", "secret",
                Map.of("1700000001.M1P1.mailwire", DOTTED_LF, "1700000002.M2P1.mailwire", SECOND_LF),
                dir.resolve("cert.pem"), dir.resolve("key.pem"), "auth_mechanisms = plain");
        address = dovecot.address();
        maildir = dovecot.maildir();
    }

    /** Writes the keytool-made certificate and its key as PEM, which Dovecot reads. */
    private void writePem() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestCertificates.get().keyStore())) {
            ks.load(in, TestCertificates.PASSWORD);
        }
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(ks.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + mime.encodeToString(ks.getKey("server", TestCertificates.PASSWORD).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private String logs() {
        return dovecot.logs();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private Pop3Client connect() {
        return Pop3Client.builder().startTls(TestCertificates.get().client()).connect(address, "localhost").join();
    }

    /** Waits for a login, with Dovecot's log in the failure. */
    private <T> T withLogs(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw new AssertionError(e + logs(), e);
        }
    }

    private static byte[] crlf(String lf) {
        return lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private long messagesInMaildir() throws IOException {
        long n = 0;
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                n += files.count();
            }
        }
        return n;
    }

    @Test
    void stlsThenAuthPlainListUidlRetrDotsByteExactDeleQuit() throws Exception {
        Pop3Client client = connect();
        try {
            assertTrue(client.isSecure());
            assertTrue(client.capabilities().saslMechanisms().contains("PLAIN"), client.capabilities().toString());
            assertTrue(!client.capabilities().has("STLS"), "CAPA asked again inside TLS");
            withLogs(client.authenticate(SaslCredentials.password("alice", Secret.of("secret"))));
            assertEquals(List.of(new Pop3Client.Entry(1, Integer.toString(crlf(DOTTED_LF).length)),
                    new Pop3Client.Entry(2, Integer.toString(crlf(SECOND_LF).length))), client.list().join());
            List<Pop3Client.Entry> ids = client.uniqueIds().join();
            assertEquals(2, ids.size());
            assertTrue(!ids.get(0).value().equals(ids.get(1).value()));
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            client.retrieve(1, chunk -> {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                content.writeBytes(b);
            }).join();
            assertArrayEquals(crlf(DOTTED_LF), content.toByteArray());
            client.delete(1).join();
            client.quit().join();
        } finally {
            client.close();
        }
        assertEquals(1, messagesInMaildir());
        assertTrue(logs().contains("method=PLAIN"), logs());
    }

    @Test
    void userPassAndLeaveOnServer() throws Exception {
        Pop3Client client = connect();
        Map<String, ByteArrayOutputStream> got = new TreeMap<>();
        try {
            withLogs(client.login("alice", Secret.of("secret")));
            List<Pop3Client.Entry> ids = client.uniqueIds().join();
            List<Pop3Client.Entry> fresh = client.fetchNew(Set.of(ids.get(1).value()), m -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                got.put(m.value(), b);
                return chunk -> {
                    byte[] copy = new byte[chunk.remaining()];
                    chunk.get(copy);
                    b.writeBytes(copy);
                };
            }).join();
            assertEquals(List.of(ids.get(0)), fresh);
            assertArrayEquals(crlf(DOTTED_LF), got.get(ids.get(0).value()).toByteArray());
            client.quit().join();
        } finally {
            client.close();
        }
        assertEquals(2, messagesInMaildir());
        assertTrue(logs().contains("method=PLAIN") || logs().contains("Login: user=<alice>"), logs());
    }
}
