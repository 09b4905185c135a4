// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.Peers;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/**
 * fetchmail (Debian package) fetching from our server over STLS with its certificate checked,
 * into an MDA that writes one file per message, then deleting at QUIT (its default). The
 * messages with lines that start with dots arrive byte-exact: fetchmail hands the MDA the message
 * with LF line endings, so the expected bytes are the stored ones with CRLF turned into LF, and
 * {@code --invisible} keeps it from adding a Received line.
 */
class Pop3FetchmailIT {

    private static final String SECOND = "Subject: second\r\n\r\n.\r\n..\r\n...\r\n. \r\nend\r\n";

    @TempDir
    Path dir;
    private MailStore store;
    private Pop3Server server;
    private Path caFile;
    private Process fetchmail;

    @BeforeEach
    void setUp() throws Exception {
        Peers.require(Peers.runs("fetchmail", "--version"), "fetchmail is missing");
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        for (String m : List.of(Pop3ServerIT.DOTTED, SECOND)) {
            store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                    MessageSource.of(m.getBytes(StandardCharsets.UTF_8)), Flags.none(), Instant.now());
        }
        server = Pop3Server.builder(store).startTls(TestCertificates.get().server()).start();
        caFile = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-exportcert", "-rfc", "-alias", "server",
                "-keystore", TestCertificates.get().keyStore().toString(), "-storetype", "PKCS12",
                "-storepass", new String(TestCertificates.PASSWORD), "-file", caFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fetchmail != null && fetchmail.isAlive()) {
            fetchmail.descendants().forEach(ProcessHandle::destroyForcibly);
            fetchmail.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static String lf(String crlf) {
        return crlf.replace("\r\n", "\n");
    }

    @Test
    void fetchesOverStlsIntoAnMdaByteExactAndDeletes() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("delivered"));
        String out = runFetchmail(caFile, inbox);
        assertEquals(0, fetchmail.exitValue(), out);
        assertTrue(out.contains("POP3> STLS"), out);
        assertTrue(out.contains("POP3> PASS") || out.contains("POP3> AUTH"), out);
        List<String> delivered = new ArrayList<>();
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path f : files.toList()) {
                delivered.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        delivered.sort(String::compareTo);
        List<String> expected = new ArrayList<>(List.of(lf(Pop3ServerIT.DOTTED), lf(SECOND)));
        expected.sort(String::compareTo);
        assertEquals(expected, delivered, out);
        assertEquals(0, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size(), out);
    }

    @Test
    void aCertificateFetchmailDoesNotTrustStopsItBeforeThePassword() throws Exception {
        Path other = dir.resolve("other.p12");
        Path otherPem = dir.resolve("other.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        for (List<String> args : List.of(
                List.of(keytool, "-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-validity", "2", "-keystore", other.toString(),
                        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"),
                List.of(keytool, "-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(),
                        "-storetype", "PKCS12", "-storepass", "changeit", "-file", otherPem.toString()))) {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        }
        Path inbox = Files.createDirectories(dir.resolve("delivered"));
        String out = runFetchmail(otherPem, inbox);
        assertTrue(fetchmail.exitValue() != 0, out);
        assertTrue(!out.contains("POP3> PASS"), out);
        try (Stream<Path> files = Files.list(inbox)) {
            assertEquals(0, files.count(), out);
        }
        assertEquals(2, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size(), out);
    }

    /** Runs fetchmail once against our server and returns its verbose log. */
    private String runFetchmail(Path trusted, Path inbox) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "poll 127.0.0.1 protocol POP3 service " + server.address().getPort() + "\n"
                + "  user \"alice\" there with password \"secret\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Path log = dir.resolve("fetchmail.log");
        List<String> command = new ArrayList<>(List.of("fetchmail", "-v", "-v", "--nosyslog", "--nodetach",
                "-f", rc.toString(), "--idfile", home.resolve("fetchids").toString(),
                "--pidfile", home.resolve("fetchmail.pid").toString(),
                // An explicit protocol without --ssl makes STLS mandatory; the certificate is
                // checked against the CA file and the name against localhost's.
                "--sslproto", "tls1.2+", "--sslcertck", "--sslcertfile", trusted.toString(),
                "--sslcommonname", "localhost",
                "--invisible", "--mda", "/bin/sh -c 'cat > \"$(mktemp " + inbox + "/msg.XXXXXX)\"'"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("FETCHMAILHOME", home.toString());
        fetchmail = pb.start();
        assertTrue(fetchmail.waitFor(60, TimeUnit.SECONDS), "fetchmail hung");
        return Files.readString(log);
    }
}
