// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.Dovecot;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>Dovecot's login processes must not run as root: when the tests run as root they run as the
 * package's {@code dovenull} and the mail processes as {@code dovecot}, which then owns the
 * maildir; as any other user, every process runs as that user, without chroot.
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
        Dovecot.require("pop3");
        Dovecot.Builder builder = Dovecot.builder(dir, "pop3");
        maildir = builder.maildir();
        Files.writeString(maildir.resolve("new").resolve("1700000001.M1P1.mailwire"), DOTTED_LF);
        Files.writeString(maildir.resolve("new").resolve("1700000002.M2P1.mailwire"), SECOND_LF);
        dovecot = builder.start();
        address = dovecot.address();
    }

    private String logs() {
        return dovecot.logs();
    }

    @AfterEach
    void tearDown() {
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
