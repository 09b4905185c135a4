// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;

/**
 * The index journal's encoding and replay: records read back as written; any prefix of a valid
 * journal (a crash at any octet of an append) replays to the state after the last complete
 * change; replaying records the snapshot already holds changes nothing; and damaged bytes never
 * give anything but a usable index.
 */
class MailboxJournalProperties {

    @Provide
    Arbitrary<MailboxJournal.Record> records() {
        Arbitrary<Long> positive = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Flags> flags = Combinators.combine(Arbitraries.subsetOf(Flag.values()),
                Arbitraries.subsetOf("$Forwarded", "$Junk", "Work", "a,b", "[x"))
                .as(Flags::new);
        Arbitrary<Instant> dates = Arbitraries.longs().between(0, 4_000_000_000L)
                .map(seconds -> Instant.ofEpochSecond(seconds, seconds % 1000 * 1_000_000));
        Arbitrary<String> bases = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
                .filter(MailboxIndex::isBaseName);
        Arbitrary<MailboxJournal.Record> added = Combinators.combine(positive, positive,
                Arbitraries.longs().between(0, Long.MAX_VALUE), dates, bases, flags)
                .as((uid, modSeq, size, date, base, f) -> new MailboxJournal.Added(
                        new MailboxIndex.Entry(uid, modSeq, size, date, base, f)));
        Arbitrary<MailboxJournal.Record> changed = Combinators.combine(positive, positive, flags)
                .as(MailboxJournal.FlagsChanged::new);
        Arbitrary<MailboxJournal.Record> removed = positive.map(MailboxJournal.Removed::new);
        Arbitrary<MailboxJournal.Record> commit = Combinators.combine(positive, positive).as(MailboxJournal.Commit::new);
        return Arbitraries.oneOf(added, changed, removed, commit);
    }

    @Property(tries = 500)
    void encodedRecordDecodesBackTheSame(@ForAll("records") MailboxJournal.Record record) {
        byte[] line = MailboxJournal.encode(List.of(record));
        assertEquals('\n', line[line.length - 1]);
        assertEquals(record, MailboxJournal.decode(line, 0, line.length - 1));
    }

    @Property(tries = 200)
    void anyPrefixReplaysToTheLastCompleteChange(@ForAll long seed, @ForAll @IntRange(max = 30) int length,
                                                @ForAll @IntRange(max = 100_000) int cut) {
        JournalHistory history = new JournalHistory(seed, length);
        byte[] journal = history.journal();
        int at = cut % (journal.length + 1);
        byte[] prefix = java.util.Arrays.copyOf(journal, at);
        MailboxJournal.Replay replay = MailboxJournal.replay(history.snapshot, history.snapshotBytes, prefix);
        int header = MailboxJournal.header(history.snapshotBytes).length;
        assertEquals(history.expectedAfter(at), replay.index());
        assertEquals(at >= header, replay.matched());
        assertTrue(replay.validLength() <= at);
        assertEquals(at == replay.validLength() && at >= header, replay.clean());
    }

    @Property(tries = 200)
    void wholeJournalReplaysToTheLastChange(@ForAll long seed, @ForAll @IntRange(max = 30) int length) {
        JournalHistory history = new JournalHistory(seed, length);
        byte[] journal = history.journal();
        MailboxJournal.Replay replay = MailboxJournal.replay(history.snapshot, history.snapshotBytes, journal);
        assertEquals(history.last(), replay.index());
        assertTrue(replay.clean());
        assertEquals(journal.length, replay.validLength());
    }

    @Property(tries = 200)
    void recordsTheSnapshotAlreadyHoldsChangeNothing(@ForAll long seed, @ForAll @IntRange(max = 30) int length,
                                                     @ForAll @IntRange(max = 30) int from) {
        // A crash after compaction wrote the new snapshot, if the old journal were replayed onto
        // it: every record, or any suffix of them, is already in the snapshot.
        JournalHistory history = new JournalHistory(seed, length);
        MailboxIndex end = history.last();
        byte[] endBytes = end.encode();
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        journal.writeBytes(MailboxJournal.header(endBytes));
        for (JournalHistory.Change change : history.changes.subList(Math.min(from, length), length)) {
            journal.writeBytes(MailboxJournal.encode(change.records()));
        }
        assertEquals(end, MailboxJournal.replay(end, endBytes, journal.toByteArray()).index());
    }

    @Property(tries = 300)
    void damagedJournalGivesAUsableIndex(@ForAll long seed, @ForAll @IntRange(max = 20) int length,
                                         @ForAll int position, @ForAll byte replacement) {
        JournalHistory history = new JournalHistory(seed, length);
        byte[] journal = history.journal();
        int at = Math.floorMod(position, journal.length);
        journal[at] = replacement;
        MailboxJournal.Replay replay = MailboxJournal.replay(history.snapshot, history.snapshotBytes, journal);
        // Whatever was read is a valid index, and it is some state the history passed through,
        // unless the damage hit a record whose check still matches (a 2^-32 chance).
        assertEquals(replay.index(), MailboxIndex.decode(replay.index().encode()));
        assertEquals(history.expectedAfter((int) Math.min(replay.validLength(), Integer.MAX_VALUE)), replay.index());
    }

    @Property(tries = 300)
    void arbitraryBytesAfterTheHeaderNeverThrow(@ForAll long seed, @ForAll byte[] tail) {
        JournalHistory history = new JournalHistory(seed, 0);
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        journal.writeBytes(MailboxJournal.header(history.snapshotBytes));
        journal.writeBytes(tail);
        MailboxJournal.Replay replay = MailboxJournal.replay(history.snapshot, history.snapshotBytes,
                journal.toByteArray());
        assertEquals(history.snapshot, replay.index());
    }
}
