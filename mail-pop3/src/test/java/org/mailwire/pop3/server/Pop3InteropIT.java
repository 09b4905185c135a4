// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.Peers;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Software nobody here wrote against our server: Python's {@code poplib} (STLS, USER/PASS, LIST,
 * RETR, DELE, QUIT) and {@code curl pop3://} (LIST and RETR over STLS with certificate checks).
 */
class Pop3InteropIT {

    private static final String DOTTED = Pop3ServerIT.DOTTED;

    @TempDir
    Path dir;
    private MailStore store;
    private Pop3Server server;
    private Path caFile;

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                MessageSource.of(DOTTED.getBytes(StandardCharsets.UTF_8)), Flags.none(), Instant.now());
        store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                MessageSource.of("Subject: second\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8)),
                Flags.none(), Instant.now());
        server = Pop3Server.builder(store).startTls(TestCertificates.get().server()).start();
        // The peers trust the test certificate through a PEM file that keytool exports.
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
    void tearDown() {
        server.close();
        store.close();
    }

    private int count() throws Exception {
        return store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "peer hung: " + command);
        return new Result(p.exitValue(), stdout, new String(stderr, StandardCharsets.UTF_8));
    }

    private record Result(int exit, byte[] stdout, String stderr) {
    }

    @Test
    void pythonPoplibRetrievesOverStlsAndDeletesAtQuit() throws Exception {
        Peers.require(Peers.runs("python3", "-c", "import poplib, ssl"), "python3 with poplib and ssl is missing");
        Path script = dir.resolve("client.py");
        Path retrieved = dir.resolve("retrieved.eml");
        Files.writeString(script, String.join("\n",
                "import poplib, ssl, sys",
                "port, cafile, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]",
                "ctx = ssl.create_default_context(cafile=cafile)",
                "p = poplib.POP3('127.0.0.1', port, timeout=20)",
                "print(p.getwelcome().decode())",
                "print(p.stls(ctx).decode())",
                "print(p.user('alice').decode())",
                "print(p.pass_('secret').decode())",
                "resp, listing, octets = p.list()",
                "print(resp.decode(), [l.decode() for l in listing])",
                "resp, lines, octets = p.retr(1)",
                "open(out, 'wb').write(b''.join(l + b'\\r\\n' for l in lines))",
                "print(p.dele(1).decode())",
                "print(p.quit().decode())",
                ""));
        Result r = run(List.of("python3", script.toString(), Integer.toString(server.address().getPort()),
                caFile.toString(), retrieved.toString()));
        String out = new String(r.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, r.exit(), out + r.stderr());
        assertTrue(out.contains("+OK 2 messages"), out);
        assertTrue(out.contains("'1 " + DOTTED.length() + "'"), out);
        assertTrue(out.contains("+OK POP3 server signing off (1 message left)"), out);
        assertArrayEquals(DOTTED.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(retrieved));
        assertEquals(1, count());
    }

    @Test
    void curlListsAndRetrievesOverStls() throws Exception {
        Peers.require(Peers.runs("curl", "--version"), "curl is missing");
        String base = "pop3://127.0.0.1:" + server.address().getPort() + "/";
        List<String> common = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30", "--ssl-reqd",
                "--cacert", caFile.toString(), "-u", "alice:secret"));
        List<String> list = new ArrayList<>(common);
        list.add(base);
        Result listing = run(list);
        assertEquals(0, listing.exit(), listing.stderr());
        assertEquals("1 " + DOTTED.length() + "\r\n2 26\r\n", new String(listing.stdout(), StandardCharsets.US_ASCII));
        List<String> retr = new ArrayList<>(common);
        retr.add(base + "1");
        Result message = run(retr);
        assertEquals(0, message.exit(), message.stderr());
        assertArrayEquals(DOTTED.getBytes(StandardCharsets.UTF_8), message.stdout());
        assertEquals(2, count()); // curl never deletes unless asked
    }
}
