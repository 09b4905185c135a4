// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.testfixtures.Dovecot;
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
    private Dovecot dovecot;
    private InetSocketAddress address;

    /** Starts Dovecot with extra configuration lines (e.g. an {@code imap_capability} override). */
    private void start(String... settings) throws Exception {
        Dovecot.require("imap");
        Dovecot.Builder builder = Dovecot.builder(dir, "imap");
        for (String line : settings) {
            builder.setting(line);
        }
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
        start();
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
        start();
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
        start();
        ImapClient client = loggedIn();
        try {
            for (int i = 1; i <= 4; i++) {
                withLogs(client.append(MailboxName.INBOX, List.of(), message("m" + i, "body " + i)));
            }
            byte[] fifth = message("m5", "body 5");
            withLogs(client.append(MailboxName.INBOX, List.of(), new java.io.ByteArrayInputStream(fifth), fifth.length));
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
            java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
            long n = withLogs(client.fetchBinary(5, List.of(), chunk -> {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                binary.writeBytes(b);
            }));
            assertEquals(fifth.length, n);
            assertArrayEquals(fifth, binary.toByteArray());
        } finally {
            client.close();
        }
    }

    @Test
    void idleReceivesAMessageAppendedByAnotherConnection() throws Exception {
        start();
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
        start();
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
        start();
        resyncAfterChanges(SyncResult.Method.QRESYNC);
    }

    @Test
    void resyncWithoutQresyncOrCondstoreComparesFlags() throws Exception {
        start("imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LITERAL+ UIDPLUS MOVE NAMESPACE");
        resyncAfterChanges(SyncResult.Method.FLAGS_COMPARISON);
    }

    @Test
    void resyncWithCondstoreOnlyUsesChangedSince() throws Exception {
        start("imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LITERAL+ UIDPLUS MOVE NAMESPACE CONDSTORE");
        resyncAfterChanges(SyncResult.Method.CONDSTORE);
    }

    @Test
    void authenticateScramSha256IsChosenAsStrongestAndProvesTheServer() throws Exception {
        start("auth_mechanisms = plain scram-sha-256");
        ImapClient client = connect();
        try {
            assertTrue(client.capabilities().has("AUTH=SCRAM-SHA-256"), client.capabilities().toString());
            withLogs(client.authenticate(SaslCredentials.password("alice", Secret.of("secret"))));
            assertTrue(client.isAuthenticated());
            withLogs(client.noop());
        } finally {
            client.close();
        }
        assertTrue(logs().contains("SCRAM-SHA-256") || logs().contains("method=SCRAM"), logs());
    }

    private void resyncAfterChanges(SyncResult.Method expected) throws Exception {
        ImapClient reader = loggedIn();
        ImapClient other = loggedIn();
        try {
            if (expected != SyncResult.Method.QRESYNC) {
                assertFalse(reader.capabilities().has("QRESYNC"), reader.capabilities().toString());
                assertEquals(expected == SyncResult.Method.CONDSTORE, reader.capabilities().has("CONDSTORE"),
                        reader.capabilities().toString());
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
        start();
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

    @Test
    void blockingClientAppendsAFileAndReadsItBack() throws Exception {
        start();
        byte[] content = message("blocking", "one\r\ntwo");
        Path file = dir.resolve("m.eml");
        Files.write(file, content);
        try (ImapBlockingClient client = new ImapBlockingClient(connect())) {
            client.login("alice", Secret.of("secret"));
            client.append(MailboxName.INBOX, List.of(Flag.System.DRAFT), file);
            SelectedMailbox inbox = client.select(MailboxName.INBOX);
            assertEquals(1, inbox.exists());
            long uid = client.search(true, org.mailwire.imap.types.SearchKey.Simple.DRAFT).get(0);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            client.fetchBody(uid, Section.ALL, chunk -> {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                got.writeBytes(b);
            });
            assertArrayEquals(content, got.toByteArray());
            ImapCommandException missing = org.junit.jupiter.api.Assertions.assertThrows(ImapCommandException.class,
                    () -> client.select(MailboxName.of("Nowhere")));
            assertEquals(ImapCommandException.Kind.NO, missing.kind());
            client.logout();
        }
    }

    @Test
    void mailboxCommandsWithModifiedUtf7NamesCopyMoveAndUidExpunge() throws Exception {
        start();
        ImapClient client = loggedIn();
        MailboxName drafts = MailboxName.of("Entwürfe");
        MailboxName archive = MailboxName.of("Archiv 2026");
        MailboxName renamed = MailboxName.of("Archiv ☃");
        try {
            withLogs(client.create(drafts));
            withLogs(client.create(archive));
            List<ImapResponse.ListMailbox> boxes = withLogs(client.list("", "*"));
            assertTrue(boxes.stream().anyMatch(b -> b.name().equals(drafts)), boxes.toString());
            for (int i = 1; i <= 3; i++) {
                withLogs(client.append(drafts, List.of(), message("d" + i, "x")));
            }
            ImapResponse.MailboxStatus status = withLogs(client.status(drafts,
                    org.mailwire.imap.codec.ImapCommand.StatusItem.MESSAGES,
                    org.mailwire.imap.codec.ImapCommand.StatusItem.UIDNEXT));
            assertEquals(drafts, status.name());
            assertTrue(status.values().stream().anyMatch(v -> v.item() == org.mailwire.imap.codec.ImapCommand.StatusItem.MESSAGES
                    && v.value().orElse(-1) == 3), status.toString());
            withLogs(client.select(drafts));
            withLogs(client.copy(true, SequenceSet.of("1"), archive));
            withLogs(client.move(true, SequenceSet.of("2"), archive));
            withLogs(client.store(true, SequenceSet.of("3"), new StoreAction(StoreAction.Mode.ADD, true,
                    List.of(Flag.System.DELETED))));
            ImapResult expunged = withLogs(client.uidExpunge(SequenceSet.of("3")));
            assertEquals(1, expunged.all(ImapResponse.Expunge.class).size(), expunged.toString());
            assertEquals(1, withLogs(client.select(drafts)).exists());
            withLogs(client.rename(archive, renamed));
            assertEquals(2, withLogs(client.examine(renamed)).exists());
            withLogs(client.select(MailboxName.INBOX));
            withLogs(client.delete(drafts));
            ImapCommandException gone = (ImapCommandException) ImapClient.unwrap(org.junit.jupiter.api.Assertions
                    .assertThrows(Exception.class, () -> client.select(drafts).get(30, TimeUnit.SECONDS)).getCause());
            assertEquals(ImapCommandException.Kind.NO, gone.kind());
            assertTrue(gone.code().map(c -> c.is("NONEXISTENT")).orElse(true), gone.toString());
        } finally {
            client.close();
        }
    }
}
