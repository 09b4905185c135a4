// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
    private Process dovecot;
    private InetSocketAddress address;
    private Path maildir;

    private static Path dovecotBinary() {
        for (String candidate : List.of("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    @BeforeEach
    void setUp() throws Exception {
        Path binary = dovecotBinary();
        Peers.require(binary != null && Files.isExecutable(Path.of("/usr/lib/dovecot/pop3")),
                "Dovecot's pop3d (Debian package dovecot-pop3d) is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Peers.require(Peers.runs("id", "dovecot") && Peers.runs("id", "dovenull"),
                    "the dovecot and dovenull users of the dovecot-core package are missing");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        maildir = dir.resolve("mail").resolve("alice");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        Files.writeString(maildir.resolve("new").resolve("1700000001.M1P1.mailwire"), DOTTED_LF);
        Files.writeString(maildir.resolve("new").resolve("1700000002.M2P1.mailwire"), SECOND_LF);
        UserPrincipalLookupService names = dir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> all = Files.walk(dir.resolve("mail"))) {
            // As root the mail processes run as "dovecot", which must own the maildir; as
            // another user everything runs as that user, who already owns it.
            for (Path p : root ? all.toList() : List.<Path>of()) {
                Files.setOwner(p, names.lookupPrincipalByName("dovecot"));
                Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class)
                        .setGroup(names.lookupPrincipalByGroupName("dovecot"));
            }
        }
        int uid = (Integer) Files.getAttribute(maildir, "unix:uid");
        int gid = (Integer) Files.getAttribute(maildir, "unix:gid");
        Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret:" + uid + ":" + gid + "::" + maildir + "::\n");
        writePem();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Files.createDirectories(dir.resolve("run"));
        Path config = dir.resolve("dovecot.conf");
        Files.writeString(config, String.join("\n",
                "base_dir = " + dir.resolve("run"),
                "state_dir = " + dir.resolve("run"),
                "log_path = " + dir.resolve("dovecot.log"),
                "protocols = pop3",
                "listen = 127.0.0.1",
                // Login processes must not run as root (Dovecot refuses); without root, every
                // process runs as the current user and nothing is chrooted.
                "default_internal_user = " + (root ? "dovecot" : System.getProperty("user.name")),
                "default_login_user = " + (root ? "dovenull" : System.getProperty("user.name")),
                "first_valid_uid = 1",
                "ssl = yes",
                "ssl_cert = <" + dir.resolve("cert.pem"),
                "ssl_key = <" + dir.resolve("key.pem"),
                "disable_plaintext_auth = yes",
                "auth_mechanisms = plain",
                "mail_location = maildir:" + dir.resolve("mail") + "/%u",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + dir.resolve("users"),
                "}",
                "userdb {",
                "  driver = passwd-file",
                "  args = " + dir.resolve("users"),
                "}",
                root ? "" : "service anvil {\n  chroot =\n}",
                "service pop3-login {",
                root ? "" : "  chroot =",
                "  inet_listener pop3 {",
                "    address = 127.0.0.1",
                "    port = " + port,
                "  }",
                "  inet_listener pop3s {",
                "    port = 0",
                "  }",
                "}",
                ""));
        dovecot = new ProcessBuilder(binary.toString(), "-F", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        awaitGreeting();
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

    private void awaitGreeting() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!dovecot.isAlive()) {
                throw new AssertionError("dovecot exited: " + logs());
            }
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(5000);
                byte[] greeting = new byte[4];
                if (s.getInputStream().readNBytes(greeting, 0, 3) == 3
                        && new String(greeting, 0, 3, StandardCharsets.US_ASCII).equals("+OK")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("dovecot did not greet within 30 s: " + logs());
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("stdout.txt", "dovecot.log")) {
            try {
                b.append('\n').append(name).append(":\n").append(Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                b.append('\n').append(name).append(": ").append(e);
            }
        }
        return b.toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dovecot == null) {
            return;
        }
        List<ProcessHandle> children = dovecot.descendants().toList();
        dovecot.destroy();
        if (!dovecot.waitFor(20, TimeUnit.SECONDS)) {
            dovecot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
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
