// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;

/**
 * Our IMAP client against Dovecot's imapd (Debian {@code dovecot-imapd}), started by each test
 * on loopback with its own configuration, a keytool-made certificate and an empty maildir, as
 * {@code Pop3DovecotIT} does for POP3: STARTTLS then LOGIN or AUTHENTICATE PLAIN, pipelined
 * FETCH and STORE, IDLE seeing a message another connection appends, resynchronisation after
 * another client's changes with QRESYNC and, with Dovecot's capability list cut down, without,
 * and a 10 MB message appended from a file and streamed back in bounded chunks.
 */
class ImapDovecotIT {

    @TempDir
    Path dir;
    private Process dovecot;
    private InetSocketAddress address;

    private static Path dovecotBinary() {
        for (String candidate : List.of("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** Starts Dovecot; {@code capabilities} overrides its post-login CAPABILITY when given. */
    private void start(String capabilities) throws Exception {
        Path binary = dovecotBinary();
        Peers.require(binary != null && Files.isExecutable(Path.of("/usr/lib/dovecot/imap")),
                "Dovecot's imapd (Debian package dovecot-imapd) is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Peers.require(Peers.runs("id", "dovecot") && Peers.runs("id", "dovenull"),
                    "the dovecot and dovenull users of the dovecot-core package are missing");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path maildir = dir.resolve("mail").resolve("alice");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        UserPrincipalLookupService names = dir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> all = Files.walk(dir.resolve("mail"))) {
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
                "protocols = imap",
                "listen = 127.0.0.1",
                "default_internal_user = " + (root ? "dovecot" : System.getProperty("user.name")),
                "default_login_user = " + (root ? "dovenull" : System.getProperty("user.name")),
                "first_valid_uid = 1",
                "ssl = yes",
                "ssl_cert = <" + dir.resolve("cert.pem"),
                "ssl_key = <" + dir.resolve("key.pem"),
                "disable_plaintext_auth = yes",
                "auth_mechanisms = plain",
                "mail_location = maildir:" + dir.resolve("mail") + "/%u",
                capabilities == null ? "" : "imap_capability = " + capabilities,
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + dir.resolve("users"),
                "}",
                "userdb {",
                "  driver = passwd-file",
                "  args = " + dir.resolve("users"),
                "}",
                root ? "" : "service anvil {\n  chroot =\n}",
                "service imap-login {",
                root ? "" : "  chroot =",
                "  inet_listener imap {",
                "    address = 127.0.0.1",
                "    port = " + port,
                "  }",
                "  inet_listener imaps {",
                "    port = 0",
                "  }",
                "}",
                ""));
        dovecot = new ProcessBuilder(binary.toString(), "-F", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        awaitGreeting();
    }

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
                if (s.getInputStream().readNBytes(greeting, 0, 4) == 4
                        && new String(greeting, StandardCharsets.US_ASCII).equals("* OK")) {
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

    private ImapClient connect() {
        return ImapClient.builder().startTls(TestCertificates.get().client()).connect(address, "localhost").join();
    }

    private ImapClient loggedIn() {
        ImapClient client = connect();
        withLogs(client.login("alice", Secret.of("secret")));
        return client;
    }

    private <T> T withLogs(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e + logs(), e);
        }
    }

    private static byte[] message(String subject, String body) {
        return ("From: bob@example.org\r\nTo: alice@example.org\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void loginOverStartTlsThenCapabilitiesAskedInsideTls() throws Exception {
        start(null);
        ImapClient client = connect();
        try {
            assertTrue(client.isSecure());
            assertFalse(client.capabilities().has("STARTTLS"), client.capabilities().toString());
            assertTrue(client.capabilities().has("AUTH=PLAIN"), client.capabilities().toString());
            withLogs(client.login("alice", Secret.of("secret")));
            assertTrue(client.isAuthenticated());
            assertTrue(client.capabilities().has("IDLE"), client.capabilities().toString());
            List<ImapResponse.ListMailbox> boxes = withLogs(client.list("", "*"));
            assertTrue(boxes.stream().anyMatch(b -> b.name().isInbox()), boxes.toString());
            withLogs(client.logout());
        } finally {
            client.close();
        }
    }

    @Test
    void authenticatePlainOverStartTlsAndWrongPasswordIsTypedNo() throws Exception {
        start(null);
        ImapClient client = connect();
        try {
            CompletableFuture<ImapResult> wrong = client.authenticate(SaslCredentials.password("alice", Secret.of("nope")));
            Throwable failure = ImapClient.unwrap(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> wrong.get(30, TimeUnit.SECONDS)).getCause());
            assertTrue(failure instanceof ImapCommandException, String.valueOf(failure));
            assertEquals(ImapCommandException.Kind.NO, ((ImapCommandException) failure).kind());
            withLogs(client.authenticate(SaslCredentials.password("alice", Secret.of("secret"))));
            assertTrue(client.isAuthenticated());
            SelectedMailbox inbox = withLogs(client.select(MailboxName.INBOX));
            assertEquals(0, inbox.exists());
            assertTrue(inbox.uidValidity() > 0);
        } finally {
            client.close();
        }
        assertTrue(logs().contains("method=PLAIN"), logs());
    }

    @Test
    void pipelinedFetchAndStoreCompleteInOrder() throws Exception {
        start(null);
        ImapClient client = loggedIn();
        try {
            for (int i = 1; i <= 5; i++) {
                withLogs(client.append(MailboxName.INBOX, List.of(), message("m" + i, "body " + i)));
            }
            withLogs(client.select(MailboxName.INBOX));
            List<CompletableFuture<?>> all = new ArrayList<>();
            List<CompletableFuture<List<ImapResponse.Fetch>>> fetches = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                fetches.add(client.fetch(false, SequenceSet.of(Integer.toString(i)), FetchItem.Simple.UID,
                        new FetchItem.BodySection(Section.ALL, java.util.Optional.empty(), true)));
                all.add(client.store(false, SequenceSet.of(Integer.toString(i)),
                        new StoreAction(StoreAction.Mode.ADD, false, List.of(Flag.System.FLAGGED))));
            }
            all.addAll(fetches);
            withLogs(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
            for (int i = 1; i <= 5; i++) {
                List<ImapResponse.Fetch> f = fetches.get(i - 1).join();
                assertEquals(1, f.size(), f.toString());
                assertEquals(i, f.get(0).sequenceNumber());
                byte[] body = f.get(0).items().stream().filter(d -> d instanceof FetchData.BodySection)
                        .map(d -> ((org.mailwire.imap.codec.Fragment.Literal) ((FetchData.BodySection) d).data().orElseThrow()).toByteArray()).findFirst().orElseThrow();
                assertArrayEquals(message("m" + i, "body " + i), body);
            }
            List<Long> flagged = withLogs(client.search(false, org.mailwire.imap.types.SearchKey.Simple.FLAGGED));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), flagged);
        } finally {
            client.close();
        }
    }

    @Test
    void idleReceivesAMessageAppendedByAnotherConnection() throws Exception {
        start(null);
        ImapClient watcher = loggedIn();
        ImapClient writer = loggedIn();
        try {
            withLogs(watcher.select(MailboxName.INBOX));
            CountDownLatch arrived = new CountDownLatch(1);
            AtomicLong count = new AtomicLong();
            ImapIdle idle = withLogs(watcher.idle(new MailboxListener() {
                @Override
                public void exists(long n) {
                    count.set(n);
                    arrived.countDown();
                }
            }));
            withLogs(writer.append(MailboxName.INBOX, List.of(), message("pushed", "hello")));
            assertTrue(arrived.await(30, TimeUnit.SECONDS), "no EXISTS during IDLE" + logs());
            assertEquals(1, count.get());
            withLogs(idle.done());
            withLogs(watcher.noop());
        } finally {
            watcher.close();
            writer.close();
        }
    }

    @Test
    void idleIsReissuedAtTheConfiguredInterval() throws Exception {
        start(null);
        ImapClient watcher = ImapClient.builder().startTls(TestCertificates.get().client())
                .idleReissue(Duration.ofMillis(300)).connect(address, "localhost").join();
        try {
            withLogs(watcher.login("alice", Secret.of("secret")));
            withLogs(watcher.select(MailboxName.INBOX));
            ImapIdle idle = withLogs(watcher.idle(new MailboxListener() { }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (idle.rounds() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(idle.rounds() >= 3, "rounds: " + idle.rounds());
            withLogs(idle.done());
            withLogs(watcher.noop());
        } finally {
            watcher.close();
        }
    }

    @Test
    void resyncWithQresyncAfterAnotherClientsChanges() throws Exception {
        start(null);
        resyncAfterChanges(SyncResult.Method.QRESYNC);
    }

    @Test
    void resyncWithoutQresyncOrCondstoreComparesFlags() throws Exception {
        start("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LITERAL+ UIDPLUS MOVE NAMESPACE");
        resyncAfterChanges(SyncResult.Method.FLAGS_COMPARISON);
    }

    private void resyncAfterChanges(SyncResult.Method expected) throws Exception {
        ImapClient reader = loggedIn();
        ImapClient other = loggedIn();
        try {
            if (expected != SyncResult.Method.QRESYNC) {
                assertFalse(reader.capabilities().has("QRESYNC"), reader.capabilities().toString());
                assertFalse(reader.capabilities().has("CONDSTORE"), reader.capabilities().toString());
            }
            for (int i = 1; i <= 3; i++) {
                withLogs(other.append(MailboxName.INBOX, List.of(), message("m" + i, "x")));
            }
            SyncResult first = withLogs(reader.synchronize(MailboxName.INBOX, SyncState.EMPTY));
            assertEquals(3, first.newMessages().size(), first.toString());
            List<Long> uids = new ArrayList<>(first.newMessages().keySet());
            assertEquals(Set.copyOf(uids), first.next().knownUids());
            withLogs(reader.execute(org.mailwire.imap.codec.ImapCommand.Unselect::new)
                    .exceptionallyCompose(e -> reader.execute(org.mailwire.imap.codec.ImapCommand.Close::new)));

            withLogs(other.select(MailboxName.INBOX));
            withLogs(other.store(true, SequenceSet.of(Long.toString(uids.get(0))),
                    new StoreAction(StoreAction.Mode.ADD, true, List.of(Flag.System.SEEN))));
            withLogs(other.store(true, SequenceSet.of(Long.toString(uids.get(1))),
                    new StoreAction(StoreAction.Mode.ADD, true, List.of(Flag.System.DELETED))));
            withLogs(other.expunge());
            withLogs(other.append(MailboxName.INBOX, List.of(Flag.System.FLAGGED), message("m4", "y")));

            SyncResult second = withLogs(reader.synchronize(MailboxName.INBOX, first.next()));
            assertEquals(expected, second.method());
            assertFalse(second.uidValidityChanged());
            assertEquals(Set.of(uids.get(1)), second.vanished(), second.toString());
            assertEquals(1, second.newMessages().size(), second.toString());
            long newUid = second.newMessages().firstKey();
            assertTrue(newUid > uids.get(2));
            assertTrue(second.changedFlags().get(uids.get(0)).contains(Flag.System.SEEN), second.toString());
            assertEquals(Set.of(uids.get(0), uids.get(2), newUid), second.next().knownUids());
        } finally {
            reader.close();
            other.close();
        }
    }

    @Test
    void tenMegabyteMessageStreamsInBoundedChunks() throws Exception {
        start(null);
        ImapClient client = loggedIn();
        Path file = dir.resolve("big.eml");
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] head = "From: bob@example.org\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            sent.update(head);
            byte[] line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10 * 1024 * 1024 / line.length; i++) {
                out.write(line);
                sent.update(line);
            }
        }
        long size = Files.size(file);
        try {
            withLogs(client.append(MailboxName.INBOX, List.of(), file));
            withLogs(client.select(MailboxName.INBOX));
            long uid = withLogs(client.search(true, org.mailwire.imap.types.SearchKey.Simple.ALL)).get(0);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            AtomicLong chunks = new AtomicLong();
            AtomicLong largest = new AtomicLong();
            long got = withLogs(client.fetchBody(uid, Section.ALL, (ByteBuffer chunk) -> {
                chunks.incrementAndGet();
                largest.accumulateAndGet(chunk.remaining(), Math::max);
                received.update(chunk);
            }));
            assertEquals(size, got);
            assertArrayEquals(sent.digest(), received.digest());
            assertTrue(chunks.get() > 100, "chunks: " + chunks.get());
            // Bounded memory: the body arrives in read-buffer-sized pieces, never whole.
            assertTrue(largest.get() <= 256 * 1024, "largest chunk: " + largest.get());
        } finally {
            client.close();
        }
    }
}
