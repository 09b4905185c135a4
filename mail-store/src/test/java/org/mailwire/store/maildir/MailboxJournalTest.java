// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;

/**
 * The index journal by example: the line format, each way a journal can be cut or damaged, and
 * the replay rules that make replaying what the snapshot already holds harmless.
 */
class MailboxJournalTest {

    private static final Instant DATE = Instant.parse("2026-01-02T03:04:05Z");
    private static final MailboxIndex.Entry ONE = new MailboxIndex.Entry(1, 2, 100, DATE, "b1", Flags.none());
    private static final MailboxIndex.Entry TWO = new MailboxIndex.Entry(2, 3, 200, DATE, "b2", Flags.of(Flag.SEEN));
    private static final MailboxIndex SNAPSHOT = new MailboxIndex(77, 3, 3, List.of(ONE, TWO));
    private static final byte[] SNAPSHOT_BYTES = SNAPSHOT.encode();

    private static final MailboxIndex.Entry THREE = new MailboxIndex.Entry(3, 4, 300, DATE, "b3",
            Flags.none().withKeyword("$Forwarded"));
    /** Change 1: message 3 appended. */
    private static final List<MailboxJournal.Record> APPEND = List.of(new MailboxJournal.Added(THREE),
            new MailboxJournal.Commit(4, 4));
    /** Change 2: STORE \Flagged on 1 and 3. */
    private static final List<MailboxJournal.Record> STORE = List.of(
            new MailboxJournal.FlagsChanged(1, 5, Flags.of(Flag.FLAGGED)),
            new MailboxJournal.FlagsChanged(3, 5, Flags.of(Flag.FLAGGED)), new MailboxJournal.Commit(4, 5));
    /** Change 3: 2 expunged. */
    private static final List<MailboxJournal.Record> EXPUNGE = List.of(new MailboxJournal.Removed(2),
            new MailboxJournal.Commit(4, 6));

    private static final MailboxIndex AFTER_APPEND = new MailboxIndex(77, 4, 4, List.of(ONE, TWO, THREE));
    private static final MailboxIndex AFTER_STORE = new MailboxIndex(77, 4, 5, List.of(
            new MailboxIndex.Entry(1, 5, 100, DATE, "b1", Flags.of(Flag.FLAGGED)), TWO,
            new MailboxIndex.Entry(3, 5, 300, DATE, "b3", Flags.of(Flag.FLAGGED))));
    private static final MailboxIndex AFTER_EXPUNGE = new MailboxIndex(77, 4, 6, List.of(
            AFTER_STORE.entries().get(0), AFTER_STORE.entries().get(2)));

    private static byte[] journal(byte[] snapshot, List<List<MailboxJournal.Record>> changes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MailboxJournal.header(snapshot));
        for (List<MailboxJournal.Record> change : changes) {
            out.writeBytes(MailboxJournal.encode(change));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    @Test
    void linesAreTheRecordAfterItsCrc() {
        String text = new String(MailboxJournal.encode(STORE), StandardCharsets.US_ASCII);
        assertEquals(crc("flags 1 5 \\Flagged") + " flags 1 5 \\Flagged\n"
                + crc("flags 3 5 \\Flagged") + " flags 3 5 \\Flagged\n"
                + crc("commit 4 5") + " commit 4 5\n", text);
        assertEquals(crc("add 3 4 300 2026-01-02T03:04:05Z b3 $Forwarded") + " add 3 4 300 2026-01-02T03:04:05Z b3 "
                + "$Forwarded\n", new String(MailboxJournal.encode(List.of(APPEND.get(0))), StandardCharsets.US_ASCII));
        assertEquals(crc("remove 2") + " remove 2\n",
                new String(MailboxJournal.encode(List.of(EXPUNGE.get(0))), StandardCharsets.US_ASCII));
    }

    @Test
    void formatDocumentationExampleIsWhatIsWritten() {
        // The example in MailboxIndex's documentation, octet for octet.
        Flags seen = Flags.of(Flag.SEEN).withKeyword("$Forwarded");
        MailboxIndex.Entry one = new MailboxIndex.Entry(1, 2, 1234, DATE, "1767322801.M1P2Q3R4.mailwire", seen);
        byte[] snapshot = new MailboxIndex(1767322800L, 3, 5, List.of(one)).encode();
        assertEquals("""
                mailwire-index 1
                uidvalidity 1767322800
                uidnext 3
                highestmodseq 5
                message 1 2 1234 2026-01-02T03:04:05Z 1767322801.M1P2Q3R4.mailwire \\Seen $Forwarded
                end 1
                """, new String(snapshot, StandardCharsets.US_ASCII));
        byte[] journal = journal(snapshot, List.of(
                List.of(new MailboxJournal.Added(new MailboxIndex.Entry(3, 6, 512, Instant.parse("2026-01-02T03:05:00Z"),
                        "1767322900.M7P2Q4R9.mailwire", Flags.none())), new MailboxJournal.Commit(4, 6)),
                List.of(new MailboxJournal.FlagsChanged(1, 7, seen.plus(Flags.of(Flag.ANSWERED))),
                        new MailboxJournal.Commit(4, 7)),
                List.of(new MailboxJournal.Removed(3), new MailboxJournal.Commit(4, 8))));
        assertEquals("""
                mailwire-journal 1 156 1866c964
                3569703f add 3 6 512 2026-01-02T03:05:00Z 1767322900.M7P2Q4R9.mailwire
                01c84aeb commit 4 6
                6e9c4ec9 flags 1 7 \\Answered \\Seen $Forwarded
                76cf7a7d commit 4 7
                d7cd65e1 remove 3
                e67067ec commit 4 8
                """, new String(journal, StandardCharsets.US_ASCII));
    }

    @Test
    void headerNamesTheSnapshotByLengthAndCrc() {
        CRC32 crc = new CRC32();
        crc.update(SNAPSHOT_BYTES);
        assertEquals(String.format("mailwire-journal 1 %d %08x%n", SNAPSHOT_BYTES.length, crc.getValue()),
                new String(MailboxJournal.header(SNAPSHOT_BYTES), StandardCharsets.US_ASCII));
    }

    @Test
    void everyRecordKindDecodesBackTheSame() {
        for (List<MailboxJournal.Record> change : List.of(APPEND, STORE, EXPUNGE)) {
            for (MailboxJournal.Record record : change) {
                byte[] line = MailboxJournal.encode(List.of(record));
                assertEquals(record, MailboxJournal.decode(line, 0, line.length - 1));
            }
        }
    }

    @Test
    void wholeJournalReplaysEveryChange() {
        byte[] journal = journal(SNAPSHOT_BYTES, List.of(APPEND, STORE, EXPUNGE));
        MailboxJournal.Replay replay = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, journal);
        assertEquals(AFTER_EXPUNGE, replay.index());
        assertTrue(replay.matched() && replay.clean());
        assertEquals(journal.length, replay.validLength());
    }

    @Test
    void emptyJournalIsNotUsed() {
        MailboxJournal.Replay replay = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, new byte[0]);
        assertEquals(SNAPSHOT, replay.index());
        assertFalse(replay.matched());
        assertFalse(replay.clean(), "a new journal is written before anything is appended");
    }

    @Test
    void headerOnlyJournalIsCleanAndChangesNothing() {
        byte[] journal = MailboxJournal.header(SNAPSHOT_BYTES);
        MailboxJournal.Replay replay = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, journal);
        assertEquals(SNAPSHOT, replay.index());
        assertTrue(replay.clean());
        assertEquals(journal.length, replay.validLength());
    }

    @Test
    void tornLastLineIsIgnored() {
        byte[] whole = journal(SNAPSHOT_BYTES, List.of(APPEND, STORE));
        byte[] torn = Arrays.copyOf(whole, whole.length - 3);
        MailboxJournal.Replay replay = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, torn);
        assertEquals(AFTER_APPEND, replay.index(), "the cut change is dropped whole, with its complete lines");
        assertEquals(journal(SNAPSHOT_BYTES, List.of(APPEND)).length, replay.validLength());
        assertFalse(replay.clean());
    }

    @Test
    void changeWithoutItsCommitIsIgnored() {
        byte[] journal = concat(journal(SNAPSHOT_BYTES, List.of(APPEND)),
                MailboxJournal.encode(STORE.subList(0, 2)));
        MailboxJournal.Replay replay = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, journal);
        assertEquals(AFTER_APPEND, replay.index());
        assertFalse(replay.clean());
    }

    @Test
    void badCrcStopsReplayThereEvenIfValidChangesFollow() {
        byte[] good = journal(SNAPSHOT_BYTES, List.of(APPEND));
        byte[] store = MailboxJournal.encode(STORE);
        store[store.length - 2]++;   // "commit 4 5" becomes "commit 4 6": the check no longer matches
        byte[] journal = concat(concat(good, store), MailboxJournal.encode(EXPUNGE));
        MailboxJournal.Replay replay = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, journal);
        assertEquals(AFTER_APPEND, replay.index());
        assertEquals(good.length, replay.validLength());
        assertFalse(replay.clean());
    }

    @Test
    void journalOfAnotherSnapshotIsNotReplayed() {
        // Left by a crash during compaction: the new snapshot holds everything already.
        byte[] journal = journal(SNAPSHOT_BYTES, List.of(APPEND, STORE, EXPUNGE));
        byte[] newer = AFTER_EXPUNGE.encode();
        MailboxJournal.Replay replay = MailboxJournal.replay(AFTER_EXPUNGE, newer, journal);
        assertEquals(AFTER_EXPUNGE, replay.index());
        assertFalse(replay.matched());
        assertEquals(0, replay.validLength());
    }

    @Test
    void recordsTheSnapshotAlreadyHoldsAreHarmless() {
        // The same changes replayed onto the state they led to, as if the header had matched.
        byte[] newer = AFTER_EXPUNGE.encode();
        byte[] journal = journal(newer, List.of(APPEND, STORE, EXPUNGE));
        assertEquals(AFTER_EXPUNGE, MailboxJournal.replay(AFTER_EXPUNGE, newer, journal).index());
        // Only the middle one: the flag change is not older than what the snapshot holds.
        byte[] store = journal(newer, List.of(STORE));
        assertEquals(AFTER_EXPUNGE, MailboxJournal.replay(AFTER_EXPUNGE, newer, store).index());
    }

    @Test
    void replayRulesAreIdempotent() {
        MailboxIndex later = new MailboxIndex(77, 9, 20, List.of(
                new MailboxIndex.Entry(1, 15, 100, DATE, "b1", Flags.of(Flag.ANSWERED))));
        byte[] bytes = later.encode();
        byte[] journal = journal(bytes, List.of(List.of(
                // An older flag change of 1: ignored.
                new MailboxJournal.FlagsChanged(1, 7, Flags.of(Flag.DRAFT)),
                // An addition of a UID the snapshot no longer has (below its UIDNEXT): ignored.
                new MailboxJournal.Added(new MailboxIndex.Entry(4, 8, 10, DATE, "b4", Flags.none())),
                // A removal of a missing UID: nothing to do.
                new MailboxJournal.Removed(6),
                // Counters lower than the snapshot's: they only grow.
                new MailboxJournal.Commit(5, 8))));
        MailboxJournal.Replay replay = MailboxJournal.replay(later, bytes, journal);
        assertEquals(later, replay.index());
        assertTrue(replay.clean());
    }

    @Test
    void additionRaisesCountersEvenIfItsCommitRaisesThemLess() {
        byte[] journal = journal(SNAPSHOT_BYTES, List.of(List.of(new MailboxJournal.Added(THREE),
                new MailboxJournal.Commit(1, 1))));
        MailboxIndex index = MailboxJournal.replay(SNAPSHOT, SNAPSHOT_BYTES, journal).index();
        assertEquals(4, index.uidNext(), "UIDNEXT stays above every UID, so none is reused");
        assertEquals(4, index.highestModSeq());
    }

    @Test
    void malformedRecordsAreRefusedEvenWithTheRightCheck() {
        for (String text : List.of("", "bogus", "remove 0", "remove -1", "remove 1 2", "remove x", "commit 1",
                "commit 0 1", "flags 1", "flags 1 0", "flags 1 2 \\Bogus", "add 1 2 3", "add 1 2 3 yesterday b",
                "add 1 2 3 2026-01-02T03:04:05Z .hidden", "insert 1")) {
            assertRefused(crc(text) + " " + text);
        }
    }

    @Test
    void malformedChecksAreRefused() {
        String upper = crc("remove 1").toUpperCase(java.util.Locale.ROOT);
        for (String line : List.of(crc("remove 1").substring(1) + " remove 1", crc("remove 1") + "remove 1",
                "zzzzzzzz remove 1", crc("remove 1"), crc("remove 2") + " remove 1")) {
            assertRefused(line);
        }
        if (!upper.equals(crc("remove 1"))) {
            assertRefused(upper + " remove 1");
        }
    }

    private static void assertRefused(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        assertThrows(IllegalArgumentException.class, () -> MailboxJournal.decode(bytes, 0, bytes.length), line);
    }

    @Test
    void compactionIsDueOncePastBothTheLimitAndTheSnapshot() {
        // At the limit: not yet; one octet past it: due, if also past the snapshot.
        assertFalse(MailboxJournal.dueForCompaction(1000, 10, 1000));
        assertTrue(MailboxJournal.dueForCompaction(1001, 10, 1000));
        // A snapshot larger than the limit raises the bar to its size.
        assertFalse(MailboxJournal.dueForCompaction(5000, 5000, 1000));
        assertTrue(MailboxJournal.dueForCompaction(5001, 5000, 1000));
    }

    @Test
    void keywordsAndEveryFlagSurvive() {
        MailboxJournal.Record record = new MailboxJournal.FlagsChanged(9, 10,
                new Flags(Set.of(Flag.values()), Set.of("$Junk", "a,b", "Work")));
        byte[] line = MailboxJournal.encode(List.of(record));
        assertEquals(record, MailboxJournal.decode(line, 0, line.length - 1));
    }
}
