// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;

/**
 * A mailbox history for journal tests: a snapshot, then changes as the engine makes them (UIDs
 * and MODSEQs from the counters), each with its journal records and the index it leads to.
 */
final class JournalHistory {

    /** One change: its records (ending with a commit) and the index after it. */
    record Change(List<MailboxJournal.Record> records, MailboxIndex after) {
    }

    final MailboxIndex snapshot;
    final byte[] snapshotBytes;
    final List<Change> changes = new ArrayList<>();

    private final Random random;
    private final TreeMap<Long, MailboxIndex.Entry> entries = new TreeMap<>();
    private final long uidValidity;
    private long uidNext;
    private long highestModSeq;

    /** Builds a history from a seed: a snapshot of up to 8 messages, then {@code length} changes. */
    JournalHistory(long seed, int length) {
        random = new Random(seed);
        uidValidity = 1 + random.nextInt(1_000_000);
        uidNext = 1;
        highestModSeq = 1;
        int initial = random.nextInt(9);
        for (int i = 0; i < initial; i++) {
            uidNext += random.nextInt(3);
            add();
        }
        snapshot = index();
        snapshotBytes = snapshot.encode();
        for (int i = 0; i < length; i++) {
            changes.add(change());
        }
    }

    private MailboxIndex index() {
        return new MailboxIndex(uidValidity, uidNext, highestModSeq, new ArrayList<>(entries.values()));
    }

    private Flags flags() {
        Set<Flag> system = Set.copyOf(List.of(Flag.values()).subList(0, random.nextInt(Flag.values().length + 1)));
        return random.nextBoolean() ? new Flags(system, Set.of()) : new Flags(system, Set.of("$Label" + random.nextInt(3)));
    }

    private MailboxIndex.Entry add() {
        long uid = uidNext++;
        MailboxIndex.Entry entry = new MailboxIndex.Entry(uid, ++highestModSeq, random.nextInt(100_000),
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000)), "1700000000.M" + uid + "P1.host",
                flags());
        entries.put(uid, entry);
        return entry;
    }

    private long pick() {
        List<Long> uids = new ArrayList<>(entries.keySet());
        return uids.get(random.nextInt(uids.size()));
    }

    private Change change() {
        List<MailboxJournal.Record> records = new ArrayList<>();
        int kind = entries.isEmpty() ? 0 : random.nextInt(5);
        switch (kind) {
            case 0 -> {
                // APPEND, or COPY of several into this mailbox.
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    records.add(new MailboxJournal.Added(add()));
                }
            }
            case 1, 2 -> {
                // STORE on up to three messages: one MODSEQ for the command.
                long modSeq = ++highestModSeq;
                Flags flags = flags();
                for (int i = 0; i < 3; i++) {
                    MailboxIndex.Entry old = entries.get(pick());
                    MailboxIndex.Entry now = new MailboxIndex.Entry(old.uid(), modSeq, old.size(), old.internalDate(),
                            old.base(), flags);
                    entries.put(old.uid(), now);
                    records.add(new MailboxJournal.FlagsChanged(old.uid(), modSeq, flags));
                }
            }
            case 3 -> {
                // EXPUNGE.
                highestModSeq++;
                long uid = pick();
                entries.remove(uid);
                records.add(new MailboxJournal.Removed(uid));
            }
            default -> {
                // An append that failed after taking its numbers: counters only.
                uidNext++;
                highestModSeq++;
            }
        }
        records.add(new MailboxJournal.Commit(uidNext, highestModSeq));
        return new Change(records, index());
    }

    /** Returns the whole journal: header, then every change. */
    byte[] journal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MailboxJournal.header(snapshotBytes));
        for (Change change : changes) {
            out.writeBytes(MailboxJournal.encode(change.records()));
        }
        return out.toByteArray();
    }

    /** Returns the index after the last change whose records end within the first {@code length} octets. */
    MailboxIndex expectedAfter(int length) {
        MailboxIndex expected = snapshot;
        int end = MailboxJournal.header(snapshotBytes).length;
        for (Change change : changes) {
            end += MailboxJournal.encode(change.records()).length;
            if (end > length) {
                break;
            }
            expected = change.after();
        }
        return expected;
    }

    /** Returns the index after every change. */
    MailboxIndex last() {
        return changes.isEmpty() ? snapshot : changes.get(changes.size() - 1).after();
    }
}
