// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.AuthenticationResult;
import org.mailwire.core.sasl.SaslClient;
import org.mailwire.core.sasl.SaslException;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslMechanism;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerExchange;
import org.mailwire.core.sasl.SaslServerSettings;
import org.mailwire.core.sasl.SaslServerStep;

/**
 * What every {@link MailStore} must do, run for each implementation by a subclass that says how
 * to make a fresh store.
 */
public abstract class MailStoreContract {

    /** Cheap hashing: the contract is about behaviour, not cost. */
    protected static final MailStoreSettings SETTINGS = MailStoreSettings.defaults()
            .withPasswordIterations(1_000).withScramIterations(4096);

    protected static final String ALICE = "alice@example.test";
    protected static final Instant DATE = Instant.parse("2026-01-02T03:04:05Z");

    protected MailStore store;

    /**
     * Returns a new, empty store.
     *
     * @return the store
     * @throws Exception if it cannot be made
     */
    protected abstract MailStore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        store.createUser(ALICE, Secret.of("secret"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static byte[] message(String subject) {
        return ("From: bob@example.test\r\nSubject: " + subject + "\r\n\r\nBody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    protected UserMailboxes alice() throws UserNotFoundException {
        return store.mailboxes(ALICE);
    }

    protected Mailbox inbox() throws Exception {
        return alice().open("INBOX");
    }

    protected static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    // ---- users and mailboxes ------------------------------------------------------------

    @Test
    void userNamesAreCaseInsensitive() throws Exception {
        assertEquals(Set.of(ALICE), store.users());
        assertThrows(UserExistsException.class, () -> store.createUser("Alice@Example.TEST", Secret.of("x")));
        assertEquals(ALICE, store.mailboxes("ALICE@example.test").user());
    }

    @Test
    void unknownUserHasNoMailboxes() {
        assertThrows(UserNotFoundException.class, () -> store.mailboxes("nobody@example.test"));
    }

    @Test
    void newUserHasInboxAndSpecialUseMailboxes() throws Exception {
        List<MailboxInfo> list = alice().list();
        List<String> names = list.stream().map(MailboxInfo::name).toList();
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"), names);
        for (SpecialUse use : SpecialUse.values()) {
            assertTrue(list.contains(new MailboxInfo(use.defaultName(), Optional.of(use), true)), use.toString());
        }
    }

    @Test
    void inboxIsCaseInsensitiveAlsoAsSuperior() throws Exception {
        assertEquals("INBOX", alice().open("inBox").name());
        alice().create("inbox/Sub");
        assertEquals("INBOX/Sub", alice().open("INBOX/Sub").name());
        assertThrows(MailboxNotFoundException.class, () -> alice().open("INBOX/sub"));
    }

    @Test
    void inboxCannotBeDeleted() {
        assertThrows(InvalidMailboxNameException.class, () -> alice().delete("Inbox"));
    }

    @Test
    void rejectsMalformedNames() {
        for (String name : List.of("", "/a", "a/", "a//b", "a*", "a%b", "a\u0001")) {
            assertThrows(InvalidMailboxNameException.class, () -> alice().create(name), name);
        }
    }

    @Test
    void createMakesSuperiorsAndRefusesDuplicates() throws Exception {
        alice().create("a/b/c");
        assertTrue(alice().list().stream().map(MailboxInfo::name).toList().containsAll(List.of("a", "a/b", "a/b/c")));
        assertThrows(MailboxExistsException.class, () -> alice().create("a/b"));
    }

    @Test
    void renameMovesInferiorsAndHandlesFollow() throws Exception {
        alice().create("a/b");
        Mailbox b = alice().open("a/b");
        b.append(MessageSource.of(message("one")), Flags.none(), DATE);
        long validity = b.status().uidValidity();
        alice().rename("a", "x/y");
        List<String> names = alice().list().stream().map(MailboxInfo::name).toList();
        assertTrue(names.containsAll(List.of("x", "x/y", "x/y/b")), names.toString());
        assertFalse(names.contains("a"));
        assertEquals("x/y/b", b.name());
        assertEquals(1, b.status().messages());
        assertEquals(validity, alice().open("x/y/b").status().uidValidity());
        assertThrows(InvalidMailboxNameException.class, () -> alice().rename("x", "x/z"));
        assertThrows(MailboxExistsException.class, () -> alice().rename("x/y/b", "Sent"));
        assertThrows(MailboxNotFoundException.class, () -> alice().rename("nothing", "other"));
    }

    @Test
    void renamingInboxMovesMessagesAndLeavesInboxEmpty() throws Exception {
        Mailbox inbox = inbox();
        inbox.append(MessageSource.of(message("one")), Flags.of(Flag.SEEN), DATE);
        inbox.append(MessageSource.of(message("two")), Flags.none(), DATE);
        alice().create("INBOX/child");
        MailboxStatus before = inbox.status();
        alice().rename("INBOX", "Old");
        MailboxStatus after = inbox.status();
        assertEquals(0, after.messages());
        assertEquals(before.uidValidity(), after.uidValidity());
        assertEquals(before.uidNext(), after.uidNext(), "INBOX UIDs are not reused");
        Mailbox old = alice().open("Old");
        List<MessageInfo> moved = old.messages();
        assertEquals(2, moved.size());
        assertEquals(Flags.of(Flag.SEEN), moved.get(0).flags());
        assertArrayEquals(message("two"), read(old.openContent(moved.get(1).uid())));
        assertEquals("INBOX/child", alice().open("INBOX/child").name(), "inferiors of INBOX stay");
        assertEquals(2, alice().quota().messages());
    }

    @Test
    void deletedMailboxHandleFails() throws Exception {
        alice().create("gone");
        Mailbox gone = alice().open("gone");
        gone.append(MessageSource.of(message("x")), Flags.none(), DATE);
        alice().delete("gone");
        assertThrows(MailboxNotFoundException.class, gone::status);
        assertEquals(0, alice().quota().messages());
    }

    @Test
    void subscriptionsNeedNotExist() throws Exception {
        alice().subscribe("Elsewhere");
        alice().unsubscribe("Trash");
        assertTrue(alice().subscriptions().contains("Elsewhere"));
        assertFalse(alice().subscriptions().contains("Trash"));
        assertTrue(alice().subscriptions().contains("INBOX"));
    }

    // ---- UIDs, UIDVALIDITY, MODSEQ ----------------------------------------------------

    @Test
    void appendGivesAscendingUidsAndReportsUidValidity() throws Exception {
        Mailbox inbox = inbox();
        long validity = inbox.status().uidValidity();
        assertNotEquals(0, validity);
        AppendResult first = inbox.append(MessageSource.of(message("1")), Flags.none(), DATE);
        AppendResult second = inbox.append(MessageSource.of(message("2")), Flags.none(), DATE);
        assertEquals(validity, first.uidValidity());
        assertTrue(second.uid() > first.uid());
        assertEquals(second.uid() + 1, inbox.status().uidNext());
        MessageInfo info = inbox.message(first.uid()).orElseThrow();
        assertEquals(message("1").length, info.size());
        assertEquals(DATE, info.internalDate());
    }

    @Test
    void uidsAreNeverReusedAfterExpunge() throws Exception {
        Mailbox inbox = inbox();
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = inbox.append(MessageSource.of(message("m" + i)), Flags.of(Flag.DELETED), DATE).uid();
        }
        assertEquals(3, inbox.expunge().size());
        long next = inbox.append(MessageSource.of(message("after")), Flags.none(), DATE).uid();
        assertTrue(next > last);
    }

    @Test
    void recreatedMailboxGetsNewUidValidity() throws Exception {
        alice().create("box");
        long first = alice().open("box").status().uidValidity();
        alice().delete("box");
        alice().create("box");
        long second = alice().open("box").status().uidValidity();
        assertNotEquals(first, second);
        assertTrue(second > 0 && second <= UidSet.MAX);
    }

    @Test
    void everyChangeRaisesModSeq() throws Exception {
        Mailbox inbox = inbox();
        long start = inbox.status().highestModSeq();
        long uid = inbox.append(MessageSource.of(message("1")), Flags.none(), DATE).uid();
        long afterAppend = inbox.status().highestModSeq();
        assertTrue(afterAppend > start);
        assertEquals(afterAppend, inbox.message(uid).orElseThrow().modSeq());
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.SEEN), OptionalLong.empty());
        long afterFlags = inbox.status().highestModSeq();
        assertTrue(afterFlags > afterAppend);
        assertEquals(afterFlags, inbox.message(uid).orElseThrow().modSeq());
        FlagChangeResult same = inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.SEEN),
                OptionalLong.empty());
        assertTrue(same.changed().isEmpty(), "no change, no new modseq");
        assertEquals(afterFlags, inbox.status().highestModSeq());
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
        inbox.expunge();
        assertTrue(inbox.status().highestModSeq() > afterFlags);
    }

    // ---- flags ---------------------------------------------------------------------------

    @Test
    void storeFlagsAddsRemovesAndReplacesWithKeywords() throws Exception {
        Mailbox inbox = inbox();
        long uid = inbox.append(MessageSource.of(message("1")), Flags.of(Flag.DRAFT), DATE).uid();
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.SEEN).withKeyword("$Forwarded"),
                OptionalLong.empty());
        assertEquals(Flags.of(Flag.DRAFT, Flag.SEEN).withKeyword("$Forwarded"), inbox.message(uid).orElseThrow().flags());
        inbox.storeFlags(UidSet.of(uid), FlagOperation.REMOVE, Flags.of(Flag.DRAFT), OptionalLong.empty());
        assertEquals(Flags.of(Flag.SEEN).withKeyword("$Forwarded"), inbox.message(uid).orElseThrow().flags());
        inbox.storeFlags(UidSet.of(uid), FlagOperation.REPLACE, Flags.of(Flag.FLAGGED), OptionalLong.empty());
        assertEquals(Flags.of(Flag.FLAGGED), inbox.message(uid).orElseThrow().flags());
        assertEquals(0, inbox.status().messages() - 1);
        assertEquals(1, inbox.status().unseen());
    }

    @Test
    void rejectsInvalidKeywords() {
        for (String keyword : List.of("", "a b", "\\Seen", "a(", "a]", "caf\u00e9")) {
            assertThrows(IllegalArgumentException.class, () -> Flags.none().withKeyword(keyword), keyword);
        }
    }

    @Test
    void unchangedSinceSkipsMessagesChangedLater() throws Exception {
        Mailbox inbox = inbox();
        long a = inbox.append(MessageSource.of(message("a")), Flags.none(), DATE).uid();
        long b = inbox.append(MessageSource.of(message("b")), Flags.none(), DATE).uid();
        long seenModSeq = inbox.message(b).orElseThrow().modSeq();
        // b changes after the client's snapshot; a does not.
        inbox.storeFlags(UidSet.of(b), FlagOperation.ADD, Flags.of(Flag.FLAGGED), OptionalLong.empty());
        FlagChangeResult result = inbox.storeFlags(UidSet.of(a, b), FlagOperation.ADD, Flags.of(Flag.SEEN),
                OptionalLong.of(seenModSeq));
        assertEquals(List.of(b), result.failed());
        assertEquals(List.of(a), result.changed().stream().map(MessageInfo::uid).toList());
        assertFalse(inbox.message(b).orElseThrow().flags().contains(Flag.SEEN));
        assertTrue(inbox.message(a).orElseThrow().flags().contains(Flag.SEEN));
    }

    @Test
    void uidExpungeRemovesOnlyDeletedInSet() throws Exception {
        Mailbox inbox = inbox();
        long a = inbox.append(MessageSource.of(message("a")), Flags.of(Flag.DELETED), DATE).uid();
        long b = inbox.append(MessageSource.of(message("b")), Flags.of(Flag.DELETED), DATE).uid();
        long c = inbox.append(MessageSource.of(message("c")), Flags.none(), DATE).uid();
        assertEquals(List.of(b), inbox.expunge(UidSet.of(b, c)));
        assertEquals(List.of(a, c), inbox.messages().stream().map(MessageInfo::uid).toList());
    }

    // ---- copy, move, content -------------------------------------------------------------

    @Test
    void copyKeepsFlagsAndReportsCopyUid() throws Exception {
        Mailbox inbox = inbox();
        long a = inbox.append(MessageSource.of(message("a")), Flags.of(Flag.SEEN), DATE).uid();
        long b = inbox.append(MessageSource.of(message("b")), Flags.none(), DATE).uid();
        CopyResult result = inbox.copy(UidSet.of(a, b, 99), "Archive");
        Mailbox archive = alice().open("Archive");
        assertEquals(archive.status().uidValidity(), result.uidValidity());
        assertEquals(List.of(a, b), result.sourceUids());
        assertEquals(archive.messages().stream().map(MessageInfo::uid).toList(), result.destinationUids());
        assertEquals(Flags.of(Flag.SEEN), archive.message(result.destinationUids().get(0)).orElseThrow().flags());
        assertArrayEquals(message("b"), read(archive.openContent(result.destinationUids().get(1))));
        assertEquals(2, inbox.status().messages());
        assertEquals(4, alice().quota().messages());
        assertThrows(MailboxNotFoundException.class, () -> inbox.copy(UidSet.of(a), "Nowhere"));
    }

    @Test
    void moveRemovesSource() throws Exception {
        Mailbox inbox = inbox();
        long a = inbox.append(MessageSource.of(message("a")), Flags.none(), DATE).uid();
        CopyResult result = inbox.move(UidSet.all(), "Trash");
        assertEquals(List.of(a), result.sourceUids());
        assertEquals(0, inbox.status().messages());
        assertArrayEquals(message("a"), read(alice().open("Trash").openContent(result.destinationUids().get(0))));
        assertEquals(1, alice().quota().messages());
    }

    @Test
    void contentReadsWholeAndByRange() throws Exception {
        Mailbox inbox = inbox();
        byte[] content = message("range");
        long uid = inbox.append(MessageSource.of(content), Flags.none(), DATE).uid();
        assertArrayEquals(content, read(inbox.openContent(uid)));
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 5, 15), read(inbox.openContent(uid, 5, 10)));
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 10, content.length),
                read(inbox.openContent(uid, 10, 1_000_000)));
        assertEquals(0, read(inbox.openContent(uid, content.length + 5, 10)).length);
        assertThrows(MessageNotFoundException.class, () -> inbox.openContent(uid + 1));
    }

    @Test
    void appendsFromStreamAndFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        java.nio.file.Path file = dir.resolve("m.eml");
        java.nio.file.Files.write(file, big);
        Mailbox inbox = inbox();
        long fromFile = inbox.append(MessageSource.of(file), Flags.none(), DATE).uid();
        long fromStream = inbox.append(MessageSource.of(new java.io.ByteArrayInputStream(big)), Flags.none(), DATE).uid();
        assertArrayEquals(big, read(inbox.openContent(fromFile)));
        assertArrayEquals(big, read(inbox.openContent(fromStream)));
    }

    // ---- quota ---------------------------------------------------------------------------

    @Test
    void storageQuotaAllowsExactlyTheLimit() throws Exception {
        byte[] content = message("q");
        alice().setQuota(Quota.of(2L * content.length, Quota.UNLIMITED));
        Mailbox inbox = inbox();
        inbox.append(MessageSource.of(content), Flags.none(), DATE);
        inbox.append(MessageSource.of(content), Flags.none(), DATE);
        QuotaExceededException e = assertThrows(QuotaExceededException.class,
                () -> inbox.append(MessageSource.of(new byte[1]), Flags.none(), DATE));
        assertEquals(QuotaExceededException.Resource.STORAGE, e.resource());
        assertEquals(2, inbox.status().messages());
        assertEquals(new QuotaUsage(2L * content.length, 2, Quota.of(2L * content.length, Quota.UNLIMITED)),
                alice().quota());
        assertThrows(QuotaExceededException.class, () -> inbox.copy(UidSet.all(), "Sent"));
        inbox.move(UidSet.all(), "Sent");
        assertEquals(2, alice().quota().messages());
    }

    @Test
    void messageQuotaAllowsExactlyTheLimit() throws Exception {
        alice().setQuota(Quota.of(Quota.UNLIMITED, 2));
        Mailbox inbox = inbox();
        inbox.append(MessageSource.of(message("1")), Flags.none(), DATE);
        alice().open("Sent").append(MessageSource.of(message("2")), Flags.none(), DATE);
        QuotaExceededException e = assertThrows(QuotaExceededException.class,
                () -> inbox.append(MessageSource.of(message("3")), Flags.none(), DATE));
        assertEquals(QuotaExceededException.Resource.MESSAGE, e.resource());
        long uid = inbox.messages().get(0).uid();
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
        inbox.expunge();
        inbox.append(MessageSource.of(message("3")), Flags.none(), DATE);
    }

    // ---- events and concurrency ---------------------------------------------------------

    @Test
    void listenersSeeChangesInOrder() throws Exception {
        Mailbox inbox = inbox();
        List<MailboxEvent> events = new CopyOnWriteArrayList<>();
        ListenerRegistration registration = inbox.addListener(events::add);
        long uid = inbox.append(MessageSource.of(message("1")), Flags.none(), DATE).uid();
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
        inbox.expunge();
        alice().open("Sent").append(MessageSource.of(message("elsewhere")), Flags.none(), DATE);
        registration.close();
        inbox.append(MessageSource.of(message("unheard")), Flags.none(), DATE);
        assertEquals(3, events.size());
        MailboxEvent.MessagesAdded added = assertInstanceOf(MailboxEvent.MessagesAdded.class, events.get(0));
        assertEquals(uid, added.messages().get(0).uid());
        MailboxEvent.FlagsChanged flags = assertInstanceOf(MailboxEvent.FlagsChanged.class, events.get(1));
        assertTrue(flags.messages().get(0).flags().contains(Flag.DELETED));
        MailboxEvent.MessagesExpunged expunged = assertInstanceOf(MailboxEvent.MessagesExpunged.class, events.get(2));
        assertEquals(List.of(uid), expunged.uids());
        assertTrue(expunged.modSeq() > flags.messages().get(0).modSeq());
    }

    @Test
    void listenersRunWithoutStoreLocks() throws Exception {
        Mailbox inbox = inbox();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Long> seenByOtherThread = new CopyOnWriteArrayList<>();
            inbox.addListener(event -> {
                // Another thread using the same mailbox would deadlock if a lock were held here.
                CompletableFuture<Long> count = CompletableFuture.supplyAsync(() -> {
                    try {
                        return inbox.status().messages();
                    } catch (MailboxNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }, other);
                seenByOtherThread.add(count.orTimeout(5, TimeUnit.SECONDS).join());
            });
            inbox.append(MessageSource.of(message("1")), Flags.none(), DATE);
            assertEquals(List.of(1L), seenByOtherThread);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void concurrentAppendsGetDistinctAscendingUids() throws Exception {
        Mailbox inbox = inbox();
        int threads = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        inbox.addListener(event -> {
            if (event instanceof MailboxEvent.MessagesAdded added) {
                added.messages().forEach(m -> seen.add(m.uid()));
            }
        });
        try {
            List<CompletableFuture<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    List<Long> uids = new ArrayList<>();
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            uids.add(inbox.append(MessageSource.of(message(thread + "-" + i)), Flags.none(), DATE).uid());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return uids;
                }, pool));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (CompletableFuture<List<Long>> future : futures) {
                List<Long> uids = future.get(60, TimeUnit.SECONDS);
                for (int i = 1; i < uids.size(); i++) {
                    assertTrue(uids.get(i) > uids.get(i - 1));
                }
                all.addAll(uids);
            }
            assertEquals(threads * each, all.stream().distinct().count());
            assertEquals(threads * each, inbox.status().messages());
            List<Long> sorted = new ArrayList<>(seen);
            sorted.sort(null);
            assertEquals(sorted, seen, "events arrive in UID order");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSessionsKeepTheInvariants() throws Exception {
        Mailbox inbox = inbox();
        int threads = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> modSeqs = new CopyOnWriteArrayList<>();
        inbox.addListener(event -> {
            if (event instanceof MailboxEvent.FlagsChanged changed) {
                modSeqs.add(changed.messages().get(0).modSeq());
            } else if (event instanceof MailboxEvent.MessagesExpunged expunged) {
                modSeqs.add(expunged.modSeq());
            } else if (event instanceof MailboxEvent.MessagesAdded added) {
                modSeqs.add(added.messages().get(0).modSeq());
            }
        });
        try {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < 20; i++) {
                            long uid = inbox.append(MessageSource.of(message(thread + "/" + i)), Flags.none(), DATE).uid();
                            inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD,
                                    i % 2 == 0 ? Flags.of(Flag.DELETED) : Flags.of(Flag.SEEN), OptionalLong.empty());
                            if (i % 5 == 4) {
                                inbox.expunge();
                            }
                            for (MessageInfo info : inbox.messages()) {
                                try (InputStream in = inbox.openContent(info.uid())) {
                                    in.readAllBytes();
                                } catch (MessageNotFoundException expungedMeanwhile) {
                                    // Another session expunged it between the list and the read.
                                }
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            for (CompletableFuture<Void> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        inbox.expunge();
        List<MessageInfo> messages = inbox.messages();
        assertEquals(threads * 10, messages.size(), "the odd-numbered messages stay");
        MailboxStatus status = inbox.status();
        assertEquals(status.messages(), alice().quota().messages());
        assertEquals(status.size(), alice().quota().storage());
        for (int i = 1; i < modSeqs.size(); i++) {
            assertTrue(modSeqs.get(i) > modSeqs.get(i - 1), "events in mod-sequence order: " + modSeqs);
        }
        assertEquals(status.highestModSeq(), (long) modSeqs.get(modSeqs.size() - 1));
    }

    @Test
    void maildropLockIsExclusiveUntilClosed() throws Exception {
        Optional<MaildropLock> first = store.tryLockMaildrop("ALICE@example.test");
        assertTrue(first.isPresent());
        assertEquals(ALICE, first.get().user());
        assertTrue(store.tryLockMaildrop(ALICE).isEmpty());
        first.get().close();
        first.get().close();
        Optional<MaildropLock> again = store.tryLockMaildrop(ALICE);
        assertTrue(again.isPresent());
        again.get().close();
        assertThrows(UserNotFoundException.class, () -> store.tryLockMaildrop("nobody@example.test"));
    }

    // ---- authentication ------------------------------------------------------------------

    private AuthenticationResult verify(String user, String password) {
        return store.authenticator().verifyPassword(user, Secret.of(password)).toCompletableFuture().join();
    }

    @Test
    void authenticatorVerifiesPasswords() {
        assertEquals(AuthenticationResult.authenticated(ALICE), verify("Alice@example.test", "secret"));
        assertEquals(AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS), verify(ALICE, "Secret"));
        assertEquals(AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS),
                verify("nobody@example.test", "secret"));
    }

    @Test
    void aChangedPasswordReplacesTheOldOneAndKeepsTheMail() throws Exception {
        inbox().append(MessageSource.of(message("kept")), Flags.none(), Instant.parse("2026-11-23T10:00:00Z"));
        store.setPassword("ALICE@example.test", Secret.of("new secret"));
        assertEquals(AuthenticationResult.authenticated(ALICE), verify(ALICE, "new secret"));
        assertEquals(AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS), verify(ALICE, "secret"));
        assertEquals(1, inbox().messages().size());
        assertThrows(UserNotFoundException.class, () -> store.setPassword("nobody@example.test", Secret.of("x")));
    }

    @Test
    void authenticatorOffersPasswordMechanismsButNotCramMd5() {
        assertEquals(Set.of(SaslMechanism.PLAIN, SaslMechanism.LOGIN, SaslMechanism.SCRAM_SHA_1,
                SaslMechanism.SCRAM_SHA_256), store.authenticator().supportedMechanisms());
    }

    private SaslServerStep exchange(SaslMechanism mechanism, SaslClient client) throws SaslException {
        SaslServer server = SaslServer.of(store.authenticator(), SaslServerSettings.defaults("mail.example.test"));
        SaslServerExchange exchange = server.newExchange(mechanism, true).orElseThrow();
        Optional<byte[]> initial = client.initialResponse();
        byte[] response = initial.isPresent() ? initial.get() : client.evaluateChallenge(exchange.initialChallenge());
        for (int round = 0; round < 10; round++) {
            SaslServerStep step = exchange.evaluateResponse(response).toCompletableFuture().join();
            if (step instanceof SaslServerStep.Challenge challenge) {
                response = client.evaluateChallenge(challenge.challenge());
            } else {
                if (step instanceof SaslServerStep.Success success) {
                    client.verifySuccess(success.additionalData());
                }
                return step;
            }
        }
        throw new AssertionError("exchange did not end");
    }

    @Test
    void saslMechanismsAuthenticateStoredUsers() throws Exception {
        assertInstanceOf(SaslServerStep.Success.class,
                exchange(SaslMechanism.PLAIN, SaslClient.plain(ALICE, Secret.of("secret"))));
        assertInstanceOf(SaslServerStep.Success.class,
                exchange(SaslMechanism.LOGIN, SaslClient.login(ALICE, Secret.of("secret"))));
        assertInstanceOf(SaslServerStep.Success.class,
                exchange(SaslMechanism.SCRAM_SHA_1, SaslClient.scramSha1(ALICE, Secret.of("secret"))));
        SaslServerStep scram = exchange(SaslMechanism.SCRAM_SHA_256, SaslClient.scramSha256(ALICE, Secret.of("secret")));
        assertEquals(ALICE, assertInstanceOf(SaslServerStep.Success.class, scram).identity().authenticationId());
    }

    @Test
    void saslMechanismsRejectWrongPasswordsAndUnknownUsers() throws Exception {
        assertInstanceOf(SaslServerStep.Failure.class,
                exchange(SaslMechanism.PLAIN, SaslClient.plain(ALICE, Secret.of("wrong"))));
        assertInstanceOf(SaslServerStep.Failure.class,
                exchange(SaslMechanism.SCRAM_SHA_256, SaslClient.scramSha256(ALICE, Secret.of("wrong"))));
        SaslServerStep unknown = exchange(SaslMechanism.SCRAM_SHA_1, SaslClient.scramSha1("nobody@example.test",
                Secret.of("secret")));
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS,
                assertInstanceOf(SaslServerStep.Failure.class, unknown).reason());
    }

    @Test
    void deletedUserCannotAuthenticate() throws Exception {
        Mailbox inbox = inbox();
        store.deleteUser(ALICE);
        assertEquals(AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS), verify(ALICE, "secret"));
        assertThrows(MailboxNotFoundException.class, inbox::status);
        assertTrue(store.users().isEmpty());
        store.createUser(ALICE, Secret.of("new"));
        assertEquals(0, inbox().status().messages());
    }

    @Test
    void internalDateKeepsTime() throws Exception {
        Instant date = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long uid = inbox().append(MessageSource.of(message("d")), Flags.none(), date).uid();
        assertEquals(date, inbox().message(uid).orElseThrow().internalDate());
    }
}
