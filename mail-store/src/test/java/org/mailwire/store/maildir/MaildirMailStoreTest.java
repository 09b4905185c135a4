// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.AuthenticationResult;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreContract;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxInfo;
import org.mailwire.store.MailboxStatus;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageSource;
import org.mailwire.store.Quota;
import org.mailwire.store.SpecialUse;
import org.mailwire.store.StorageException;
import org.mailwire.store.UidSet;

/**
 * Runs the store contract against the Maildir store, then what only a durable store must do:
 * the same state after reopening, recovery of files the index does not know, and failing
 * writes and fsyncs that leave nothing behind.
 */
class MaildirMailStoreTest extends MailStoreContract {

    @TempDir
    Path directory;

    @Override
    protected MailStore newStore() throws StorageException {
        return MailStore.maildir(directory, SETTINGS);
    }

    private MailStore reopen() throws StorageException {
        store.close();
        store = MailStore.maildir(directory, SETTINGS);
        return store;
    }

    private Path mailboxDirectory(String name) throws IOException {
        // The user file names each mailbox's directory id.
        Path user = directory.resolve("users").resolve("alice@example.test");
        List<String> lines = Files.readAllLines(user.resolve("user.properties"));
        for (String line : lines) {
            if (line.startsWith("mailbox.") && line.endsWith(".name=" + name)) {
                String id = line.substring("mailbox.".length(), line.indexOf(".name="));
                return user.resolve("mailboxes").resolve(id);
            }
        }
        throw new AssertionError("no directory for " + name);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aChangedPasswordSurvivesReopening() throws Exception {
        store.setPassword(ALICE, Secret.of("changed"));
        reopen();
        assertEquals(org.mailwire.core.sasl.AuthenticationResult.authenticated(ALICE),
                store.authenticator().verifyPassword(ALICE, Secret.of("changed")).toCompletableFuture().join());
    }

    @Test
    void reopenedStoreHasTheSameState() throws Exception {
        alice().create("Work/Projects", SpecialUse.ARCHIVE);
        alice().subscribe("Work/Projects");
        alice().setQuota(Quota.of(1_000_000, 100));
        Mailbox inbox = inbox();
        long a = inbox.append(MessageSource.of(message("a")), Flags.of(Flag.SEEN).withKeyword("$Forwarded"), DATE).uid();
        long b = inbox.append(MessageSource.of(message("b")), Flags.of(Flag.DELETED), DATE).uid();
        inbox.expunge();
        inbox.copy(UidSet.of(a), "Work/Projects");
        MailboxStatus status = inbox.status();
        List<MessageInfo> messages = inbox.messages();
        List<MailboxInfo> list = alice().list();
        Set<String> subscriptions = alice().subscriptions();

        reopen();
        assertEquals(status, inbox().status());
        assertEquals(messages, inbox().messages());
        assertEquals(list, alice().list());
        assertEquals(subscriptions, alice().subscriptions());
        assertEquals(Quota.of(1_000_000, 100), alice().quota().limits());
        assertEquals(2, alice().quota().messages());
        assertArrayEquals(message("a"), read(inbox().openContent(a)));
        assertTrue(inbox().append(MessageSource.of(message("c")), Flags.none(), DATE).uid() > b);
        assertEquals(AuthenticationResult.authenticated(ALICE),
                store.authenticator().verifyPassword(ALICE, Secret.of("secret")).toCompletableFuture().join());
        alice().create("Later");
        assertTrue(alice().open("Later").status().uidValidity() > 0);
    }

    @Test
    void messageFilesUseMaildirNamesWithFlags() throws Exception {
        long uid = inbox().append(MessageSource.of(message("m")), Flags.of(Flag.SEEN, Flag.FLAGGED), DATE).uid();
        Path cur = mailboxDirectory("INBOX").resolve("cur");
        List<Path> files = filesIn(cur);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().endsWith(":2,FS"), files.toString());
        assertArrayEquals(message("m"), Files.readAllBytes(files.get(0)));
        inbox().storeFlags(UidSet.of(uid), FlagOperation.REPLACE, Flags.of(Flag.ANSWERED, Flag.DRAFT),
                OptionalLong.empty());
        assertTrue(filesIn(cur).get(0).getFileName().toString().endsWith(":2,DR"));
        assertTrue(filesIn(mailboxDirectory("INBOX").resolve("tmp")).isEmpty());
        assertTrue(filesIn(mailboxDirectory("INBOX").resolve("new")).isEmpty());
    }

    @Test
    void recoveryIndexesFilesTheIndexDoesNotKnowAndDropsMissingOnes() throws Exception {
        Mailbox inbox = inbox();
        long kept = inbox.append(MessageSource.of(message("kept")), Flags.none(), DATE).uid();
        long gone = inbox.append(MessageSource.of(message("gone")), Flags.none(), DATE).uid();
        long uidNext = inbox.status().uidNext();
        long validity = inbox.status().uidValidity();
        store.close();
        Path box = mailboxDirectory("INBOX");
        // A crash after the rename into cur/ but before the index write, one after an expunge's
        // unlink, a delivery by another Maildir writer, and an unfinished write in tmp/.
        Files.write(box.resolve("cur").resolve("1700000000.crash.host:2,S"), message("unindexed"));
        for (Path file : filesIn(box.resolve("cur"))) {
            if (Files.readString(file).contains("gone")) {
                Files.delete(file);
            }
        }
        Files.write(box.resolve("new").resolve("1700000001.delivered.host"), message("delivered"));
        Files.write(box.resolve("tmp").resolve("1700000002.partial.host"), new byte[] {'F', 'r'});
        Files.write(box.resolve("cur").resolve(".DS_Store"), new byte[] {0});

        store = MailStore.maildir(directory, SETTINGS);
        Mailbox reopened = inbox();
        assertEquals(validity, reopened.status().uidValidity());
        List<MessageInfo> messages = reopened.messages();
        assertEquals(3, messages.size());
        assertEquals(kept, messages.get(0).uid());
        assertTrue(messages.get(1).uid() >= uidNext && messages.get(2).uid() > messages.get(1).uid(),
                "fresh UIDs, never below UIDNEXT and never " + gone);
        assertEquals(Flags.of(Flag.SEEN), messages.get(1).flags());
        assertArrayEquals(message("unindexed"), read(reopened.openContent(messages.get(1).uid())));
        assertArrayEquals(message("delivered"), read(reopened.openContent(messages.get(2).uid())));
        assertTrue(filesIn(box.resolve("tmp")).isEmpty());
        assertTrue(filesIn(box.resolve("new")).isEmpty());
        assertEquals(3, alice().quota().messages());
    }

    @Test
    void unreadableIndexGetsNewUidValidity() throws Exception {
        inbox().append(MessageSource.of(message("x")), Flags.none(), DATE);
        long validity = inbox().status().uidValidity();
        store.close();
        Files.writeString(mailboxDirectory("INBOX").resolve("index"), "garbage");
        store = MailStore.maildir(directory, SETTINGS);
        long rebuilt = inbox().status().uidValidity();
        assertTrue(rebuilt > validity, "a value the mailbox never had, even within the same second");
        assertEquals(1, inbox().status().messages());
        reopen();
        assertEquals(rebuilt, inbox().status().uidValidity());
    }

    @Test
    void damagedUserFileIsStorageError() throws Exception {
        store.close();
        Path userFile = directory.resolve("users").resolve("alice@example.test").resolve("user.properties");
        Files.writeString(userFile, Files.readString(userFile).replace("mailbox.1.name", "mailbox.x.name"));
        assertThrows(StorageException.class, () -> MailStore.maildir(directory, SETTINGS));
        store = MailStore.inMemory(SETTINGS);
    }

    @Test
    void secondStoreOnTheSameDirectoryIsRefused() {
        assertThrows(StorageException.class, () -> MailStore.maildir(directory, SETTINGS));
    }

    @Test
    void deletedUserIsGoneAfterReopen() throws Exception {
        store.deleteUser(ALICE);
        reopen();
        assertTrue(store.users().isEmpty());
        try (Stream<Path> users = Files.list(directory.resolve("users"))) {
            assertEquals(0, users.count());
        }
    }

    @Test
    void mailboxDeletedAndRecreatedAcrossReopenGetsANewUidValidity() throws Exception {
        // Nested creates within one second hand out UIDVALIDITYs ahead of the clock; the deleted
        // mailbox held the highest, and must not get it again after a restart (RFC 9051 §2.3.1.1).
        alice().create("a/b/c");
        long old = alice().open("a/b/c").status().uidValidity();
        alice().delete("a/b/c");
        reopen();
        alice().create("a/b/c");
        assertTrue(alice().open("a/b/c").status().uidValidity() > old);
    }

    @Test
    void renameSurvivesReopen() throws Exception {
        alice().create("a/b");
        alice().open("a/b").append(MessageSource.of(message("in b")), Flags.none(), DATE);
        alice().rename("a", "z");
        inbox().append(MessageSource.of(message("in inbox")), Flags.none(), DATE);
        alice().rename("INBOX", "Old Inbox");
        reopen();
        assertEquals(1, alice().open("z/b").status().messages());
        assertEquals(1, alice().open("Old Inbox").status().messages());
        assertEquals(0, inbox().status().messages());
        assertTrue(alice().list().stream().noneMatch(info -> info.name().startsWith("a")));
    }

    // ---- fault injection (SECURITY-CASES FLT-04, FLT-06) ----------------------------------

    /** File operations that fail on demand. */
    static final class FaultyFiles implements FileOperations {
        volatile boolean failWrites;
        volatile boolean failForce;
        volatile boolean failDirectorySync;

        @Override
        public int write(FileChannel channel, ByteBuffer buffer) throws IOException {
            if (failWrites) {
                // Part of the message reaches the file before the disk fills up.
                ByteBuffer part = buffer.slice();
                part.limit(Math.min(part.remaining(), 7));
                channel.write(part);
                throw new IOException("No space left on device");
            }
            return channel.write(buffer);
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            if (failForce) {
                throw new IOException("Input/output error");
            }
            channel.force(true);
        }

        @Override
        public void forceData(FileChannel channel) throws IOException {
            if (failForce) {
                throw new IOException("Input/output error");
            }
            channel.force(false);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            if (failDirectorySync) {
                throw new IOException("Input/output error");
            }
            FileOperations.super.syncDirectory(dir);
        }
    }

    private FaultyFiles reopenWithFaults() throws StorageException {
        store.close();
        FaultyFiles faults = new FaultyFiles();
        store = MaildirMailStore.open(directory, SETTINGS, faults);
        return faults;
    }

    private void assertFailedAppendLeftNothing(Mailbox inbox, MailboxStatus before) throws Exception {
        MailboxStatus after = inbox.status();
        assertEquals(before.messages(), after.messages());
        assertEquals(before.size(), after.size());
        assertTrue(filesIn(mailboxDirectory("INBOX").resolve("tmp")).isEmpty(), "temp file removed");
        assertEquals(before.messages(), filesIn(mailboxDirectory("INBOX").resolve("cur")).size());
        assertEquals(before.messages(), alice().quota().messages());
    }

    @Test
    void diskFullDuringAppendIsStorageErrorAndLeavesNothing() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        Mailbox inbox = inbox();
        inbox.append(MessageSource.of(message("before")), Flags.none(), DATE);
        MailboxStatus before = inbox.status();
        faults.failWrites = true;
        assertThrows(StorageException.class,
                () -> inbox.append(MessageSource.of(message("full")), Flags.none(), DATE));
        assertFailedAppendLeftNothing(inbox, before);
        faults.failWrites = false;
        long uid = inbox.append(MessageSource.of(message("after")), Flags.none(), DATE).uid();
        assertArrayEquals(message("after"), read(inbox.openContent(uid)));
        reopen();
        assertEquals(2, inbox().status().messages());
    }

    @Test
    void failingFsyncIsNeverSuccess() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        Mailbox inbox = inbox();
        MailboxStatus before = inbox.status();
        faults.failForce = true;
        assertThrows(StorageException.class,
                () -> inbox.append(MessageSource.of(message("unsynced")), Flags.none(), DATE));
        assertFailedAppendLeftNothing(inbox, before);
        faults.failForce = false;
        long uid = inbox.append(MessageSource.of(message("synced")), Flags.none(), DATE).uid();
        reopen();
        List<MessageInfo> messages = inbox().messages();
        assertEquals(1, messages.size());
        assertEquals(uid, messages.get(0).uid());
        assertArrayEquals(message("synced"), read(inbox().openContent(uid)));
    }

    @Test
    void failingDirectorySyncIsNeverSuccess() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        Mailbox inbox = inbox();
        long first = inbox.append(MessageSource.of(message("first")), Flags.none(), DATE).uid();
        MailboxStatus before = inbox.status();
        faults.failDirectorySync = true;
        assertThrows(StorageException.class,
                () -> inbox.append(MessageSource.of(message("unsynced")), Flags.none(), DATE));
        faults.failDirectorySync = false;
        assertFailedAppendLeftNothing(inbox, before);
        long next = inbox.append(MessageSource.of(message("next")), Flags.none(), DATE).uid();
        assertTrue(next > first);
        reopen();
        assertEquals(List.of(first, next), inbox().messages().stream().map(MessageInfo::uid).toList());
    }

    @Test
    void failingIndexWriteOnCreateLeavesNoMailbox() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        faults.failForce = true;
        assertThrows(StorageException.class, () -> alice().create("Broken"));
        faults.failForce = false;
        assertTrue(alice().list().stream().noneMatch(info -> info.name().equals("Broken")));
        alice().create("Broken");
        reopen();
        assertTrue(alice().list().stream().anyMatch(info -> info.name().equals("Broken")));
    }

    /** File operations that log what they do, in order. */
    static final class RecordingFiles implements FileOperations {
        final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.Map<FileChannel, Path> paths = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public FileChannel createNew(Path file) throws IOException {
            FileChannel channel = FileOperations.super.createNew(file);
            paths.put(channel, file);
            return channel;
        }

        @Override
        public FileChannel openForAppend(Path file) throws IOException {
            FileChannel channel = FileOperations.super.openForAppend(file);
            paths.put(channel, file);
            return channel;
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            FileOperations.super.force(channel);
            log.add("force " + paths.get(channel));
        }

        @Override
        public void forceData(FileChannel channel) throws IOException {
            FileOperations.super.forceData(channel);
            log.add("fdatasync " + paths.get(channel));
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            FileOperations.super.syncDirectory(dir);
            log.add("sync " + dir);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            FileOperations.super.move(source, target);
            log.add("move " + source + " " + target);
        }
    }

    private static int indexOf(List<String> log, String prefix) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no '" + prefix + "' in " + log);
    }

    /** Reopens the store over file operations that log, with the log cleared. */
    private RecordingFiles reopenRecording() throws Exception {
        store.close();
        RecordingFiles recording = new RecordingFiles();
        store = MaildirMailStore.open(directory, SETTINGS, recording);
        inbox();
        recording.log.clear();
        return recording;
    }

    @Test
    void appendIsDurableBeforeItReturns() throws Exception {
        RecordingFiles recording = reopenRecording();
        Mailbox inbox = inbox();
        Path box = mailboxDirectory("INBOX");
        inbox.append(MessageSource.of(message("durable")), Flags.none(), DATE);
        List<String> log = List.copyOf(recording.log);
        // SECURITY-CASES G1 / FLT-03: content fsynced, renamed into cur/, cur/ fsynced, then the
        // change appended to the index journal and forced; nothing after that, and no rewrite of
        // the index nor fsync of the mailbox directory.
        int forceContent = indexOf(log, "force " + box.resolve("tmp"));
        int moveContent = indexOf(log, "move " + box.resolve("tmp"));
        int syncCur = indexOf(log, "sync " + box.resolve("cur"));
        int forceJournal = log.indexOf("fdatasync " + box.resolve("index.log"));
        assertTrue(forceContent < moveContent && moveContent < syncCur && syncCur < forceJournal, log.toString());
        assertEquals(log.size() - 1, forceJournal, log.toString());
        assertEquals(4, log.size(), log.toString());
        assertTrue(log.get(moveContent).contains(box.resolve("cur").toString()), log.toString());
    }

    @Test
    void flagChangeAndExpungeEachCostOneJournalForceAndNoIndexRewrite() throws Exception {
        long uid = inbox().append(MessageSource.of(message("m")), Flags.none(), DATE).uid();
        RecordingFiles recording = reopenRecording();
        Mailbox inbox = inbox();
        Path box = mailboxDirectory("INBOX");
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
        List<String> log = List.copyOf(recording.log);
        // The file's name follows its flags (":2,T", not fsynced), then the journal is forced.
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("move " + box.resolve("cur")) && log.get(0).endsWith(":2,T"), log.toString());
        assertEquals("fdatasync " + box.resolve("index.log"), log.get(1));
        recording.log.clear();
        inbox.expunge();
        // The unlink is made durable by fsyncing cur/ first, then the removal is journaled.
        assertEquals(List.of("sync " + box.resolve("cur"), "fdatasync " + box.resolve("index.log")),
                List.copyOf(recording.log));
    }

    @Test
    void failedIndexWriteAfterExpungeNeverResurrectsMessages() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        Mailbox inbox = inbox();
        long doomed = inbox.append(MessageSource.of(message("doomed")), Flags.of(Flag.DELETED), DATE).uid();
        long kept = inbox.append(MessageSource.of(message("kept")), Flags.none(), DATE).uid();
        faults.failForce = true;
        assertThrows(StorageException.class, inbox::expunge);
        faults.failForce = false;
        reopen();
        List<MessageInfo> messages = inbox().messages();
        assertEquals(List.of(kept), messages.stream().map(MessageInfo::uid).toList(),
                "the unlinked message is dropped, not given a new UID");
        assertTrue(inbox().append(MessageSource.of(message("new")), Flags.none(), DATE).uid() > doomed);
    }

    // ---- the index journal ----------------------------------------------------------------

    /** Everything a reopened store must show the same. */
    private record Snapshot(MailboxStatus status, List<MessageInfo> messages) {
    }

    private Snapshot state(Mailbox mailbox) throws Exception {
        return new Snapshot(mailbox.status(), mailbox.messages());
    }

    /** Appends, flag changes and expunges in a mix; returns how many messages it appended. */
    private static int churn(Mailbox inbox, int rounds) throws Exception {
        int appended = 0;
        for (int i = 0; i < rounds; i++) {
            long uid = inbox.append(MessageSource.of(message("m" + i)), Flags.none(), DATE).uid();
            appended++;
            inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.SEEN).withKeyword("$Label" + i % 3),
                    OptionalLong.empty());
            inbox.storeFlags(UidSet.all(), i % 2 == 0 ? FlagOperation.ADD : FlagOperation.REMOVE,
                    Flags.of(Flag.FLAGGED), OptionalLong.empty());
            if (i % 5 == 4) {
                inbox.storeFlags(UidSet.of(uid - 2), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
                inbox.expunge();
            }
        }
        return appended;
    }

    /** After a recovery that restarted the journal, the next changes are journaled and kept. */
    private void assertFurtherChangesSurviveReopen() throws Exception {
        churn(inbox(), 2);
        Snapshot after = state(inbox());
        reopen();
        assertEquals(after, state(inbox()));
    }

    @Test
    void manyChangesWithoutCompactionReopenToTheSameState() throws Exception {
        Path box = mailboxDirectory("INBOX");
        byte[] snapshot = Files.readAllBytes(box.resolve("index"));
        long journalBefore = Files.size(box.resolve("index.log"));
        churn(inbox(), 40);
        Snapshot before = state(inbox());
        assertArrayEquals(snapshot, Files.readAllBytes(box.resolve("index")), "no compaction: the snapshot is untouched");
        assertTrue(Files.size(box.resolve("index.log")) > journalBefore + 40 * 100, "the changes are in the journal");
        reopen();
        assertEquals(before, state(inbox()));
        assertArrayEquals(snapshot, Files.readAllBytes(box.resolve("index")), "a clean journal is replayed, not folded");
        long uid = inbox().append(MessageSource.of(message("after")), Flags.none(), DATE).uid();
        assertTrue(uid >= before.status().uidNext());
        reopen();
        assertEquals(uid, inbox().messages().get(inbox().messages().size() - 1).uid());
    }

    @Test
    void journalPastItsLimitIsCompactedAndReopensToTheSameState() throws Exception {
        long limit = 2048;
        store.close();
        MailStoreSettings small = SETTINGS.withIndexJournalLimit(limit);
        store = MailStore.maildir(directory, small);
        Path box = mailboxDirectory("INBOX");
        Mailbox inbox = inbox();
        int compactions = 0;
        long previous = Files.size(box.resolve("index.log"));
        for (int i = 0; i < 60; i++) {
            churn(inbox, 1);
            long journal = Files.size(box.resolve("index.log"));
            long snapshot = Files.size(box.resolve("index"));
            // Never left past the limit: once larger than both limit and snapshot, it is folded.
            assertTrue(journal <= Math.max(limit, snapshot), journal + " octets of journal, snapshot " + snapshot);
            if (journal < previous) {
                compactions++;
            }
            previous = journal;
        }
        assertTrue(compactions >= 2, compactions + " compactions");
        Snapshot before = state(inbox);
        store.close();
        store = MailStore.maildir(directory, small);
        assertEquals(before, state(inbox()));
    }

    @Test
    void tornJournalTailIsIgnoredAndFolded() throws Exception {
        Mailbox inbox = inbox();
        churn(inbox, 5);
        Snapshot before = state(inbox);
        long uid = before.messages().get(0).uid();
        store.close();
        Path journal = mailboxDirectory("INBOX").resolve("index.log");
        // An unacknowledged change cut off mid-record: a complete record without its commit,
        // then half a line.
        Files.write(journal, MailboxJournal.encode(List.of(new MailboxJournal.FlagsChanged(uid, 999, Flags.none()))),
                StandardOpenOption.APPEND);
        Files.write(journal, "01234567 commit 99".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        store = MailStore.maildir(directory, SETTINGS);
        assertEquals(before, state(inbox()));
        assertEquals(1, Files.readString(journal).lines().count(), "snapshot rewritten, journal restarted");
        assertFurtherChangesSurviveReopen();
    }

    @Test
    void uncommittedRecordIsNotReplayed() throws Exception {
        long uid = inbox().append(MessageSource.of(message("x")), Flags.none(), DATE).uid();
        Snapshot before = state(inbox());
        store.close();
        Path journal = mailboxDirectory("INBOX").resolve("index.log");
        byte[] record = MailboxJournal.encode(List.of(new MailboxJournal.Removed(uid)));
        Files.write(journal, record, StandardOpenOption.APPEND);
        store = MailStore.maildir(directory, SETTINGS);
        assertEquals(before, state(inbox()), "a change counts only with its commit line");
    }

    @Test
    void journalLeftBesideANewerSnapshotIsNotReplayed() throws Exception {
        // A crash during compaction, after the new snapshot's rename and before the new journal's.
        Mailbox inbox = inbox();
        long first = inbox.append(MessageSource.of(message("first")), Flags.none(), DATE).uid();
        Path journal = mailboxDirectory("INBOX").resolve("index.log");
        byte[] oldJournal = Files.readAllBytes(journal);
        inbox.storeFlags(UidSet.of(first), FlagOperation.ADD, Flags.of(Flag.SEEN), OptionalLong.empty());
        store.close();
        store = MailStore.maildir(directory, SETTINGS.withIndexJournalLimit(1));
        inbox = inbox();
        // Changes until one is folded into the snapshot (the journal outgrows it).
        for (int i = 0; i < 100 && Files.readString(journal).lines().count() > 1; i++) {
            inbox.storeFlags(UidSet.of(first), i % 2 == 0 ? FlagOperation.ADD : FlagOperation.REMOVE,
                    Flags.of(Flag.FLAGGED), OptionalLong.empty());
        }
        assertEquals(1, Files.readString(journal).lines().count(), "the last change was folded");
        Snapshot before = state(inbox);
        store.close();
        Files.write(journal, oldJournal);
        store = MailStore.maildir(directory, SETTINGS);
        assertEquals(before, state(inbox()));
        assertTrue(inbox().message(first).orElseThrow().flags().contains(Flag.SEEN));
    }

    @Test
    void missingJournalStartsFromTheSnapshot() throws Exception {
        // A store written before the journal existed has only the index.
        store.close();
        store = MailStore.maildir(directory, SETTINGS.withIndexJournalLimit(1));
        churn(inbox(), 4);
        Snapshot before = state(inbox());
        store.close();
        Path journal = mailboxDirectory("INBOX").resolve("index.log");
        Files.delete(journal);
        store = MailStore.maildir(directory, SETTINGS);
        assertEquals(before, state(inbox()));
        assertTrue(Files.exists(journal), "a new journal is started at open");
        assertFurtherChangesSurviveReopen();
    }

    @Test
    void failedJournalForceUndoesTheFlagChangeAndIsNotReplayed() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        Mailbox inbox = inbox();
        long uid = inbox.append(MessageSource.of(message("m")), Flags.none(), DATE).uid();
        faults.failForce = true;
        assertThrows(StorageException.class, () -> inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD,
                Flags.of(Flag.SEEN), OptionalLong.empty()));
        assertEquals(Flags.none(), inbox.message(uid).orElseThrow().flags(), "failed flag change undone");
        faults.failForce = false;
        Snapshot failed = state(inbox);
        reopen();
        assertEquals(failed.messages(), inbox().messages(), "the unacknowledged record was cut off");
    }

    @Test
    void failedJournalWriteIsFollowedByASnapshot() throws Exception {
        FaultyFiles faults = reopenWithFaults();
        Mailbox inbox = inbox();
        long uid = inbox.append(MessageSource.of(message("m")), Flags.none(), DATE).uid();
        Path box = mailboxDirectory("INBOX");
        byte[] snapshot = Files.readAllBytes(box.resolve("index"));
        faults.failWrites = true;
        assertThrows(StorageException.class, () -> inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD,
                Flags.of(Flag.SEEN), OptionalLong.empty()));
        faults.failWrites = false;
        inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.ANSWERED), OptionalLong.empty());
        // The journal that failed is never appended to again: the index is written whole.
        assertTrue(!java.util.Arrays.equals(snapshot, Files.readAllBytes(box.resolve("index"))));
        assertEquals(1, Files.readString(box.resolve("index.log")).lines().count());
        Snapshot after = state(inbox);
        reopen();
        assertEquals(after, state(inbox()));
        assertEquals(Flags.of(Flag.ANSWERED), inbox().message(uid).orElseThrow().flags());
    }

    @Test
    void journalLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withIndexJournalLimit(0));
        assertEquals(1, SETTINGS.withIndexJournalLimit(1).indexJournalLimit());
        assertEquals(256 * 1024, MailStoreSettings.defaults().indexJournalLimit());
    }

    @Test
    void streamsLargeMessagesWithoutHoldingThemWhole() throws Exception {
        long size = 8L * 1024 * 1024;
        InputStream generated = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        long uid = inbox().append(MessageSource.of(generated), Flags.none(), DATE).uid();
        assertEquals(size, inbox().message(uid).orElseThrow().size());
        try (InputStream in = inbox().openContent(uid, size - 3, 10)) {
            assertArrayEquals(new byte[] {'x', 'x', 'x'}, in.readAllBytes());
        }
    }
}
