// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.internal.MailboxState;
import org.mailwire.store.internal.StoredMessage;

/**
 * The durable backend's handle on one mailbox ({@link MailboxState#storage}): its directory, and
 * what its index snapshot and journal on disk hold, so a change is written as the difference
 * from that. Guarded by the owning user's lock, like the mailbox state.
 *
 * <p>The persisted view is each message's UID and MODSEQ plus the counters: the engine gives
 * every change of a message a new MODSEQ, so a message whose MODSEQ differs from the view's has
 * changed flags. The view costs 32 octets per message (it and the next one, swapped in once a
 * write succeeds); comparing it is O(messages) in memory, writing the difference is
 * O(changed messages) on disk.
 */
final class MailboxFiles {

    /** The mailbox directory. */
    final Path directory;

    /** Octets of the index snapshot on disk. */
    long snapshotLength;
    /** Octets of the journal on disk up to the end of its last record. */
    long journalLength;
    /**
     * Whether the next change must write a whole snapshot and start a new journal: a new
     * mailbox, a journal missing, stale or torn at open, or a journal write or compaction that
     * failed, after which nothing is appended to that journal again.
     */
    boolean needsSnapshot = true;

    private long[] uids = new long[16];
    private long[] modSeqs = new long[16];
    private int size;
    private long uidNext;
    private long highestModSeq;

    /** The view {@link #changes} found, made current by {@link #changesPersisted()}. */
    private long[] nextUids = new long[16];
    private long[] nextModSeqs = new long[16];
    private int nextSize;
    private long nextUidNext;
    private long nextHighestModSeq;

    MailboxFiles(Path directory) {
        this.directory = directory;
    }

    /** Returns the index entry of a message. */
    static MailboxIndex.Entry entryOf(StoredMessage message) {
        MessageInfo info = message.info();
        return new MailboxIndex.Entry(info.uid(), info.modSeq(), info.size(), info.internalDate(),
                ((MaildirFile) message.content()).base, info.flags());
    }

    /** Returns the whole index of a mailbox, as a snapshot holds it. */
    static MailboxIndex snapshotOf(MailboxState box) {
        List<MailboxIndex.Entry> entries = new ArrayList<>(box.messages.size());
        for (StoredMessage message : box.messages.values()) {
            entries.add(entryOf(message));
        }
        return new MailboxIndex(box.uidValidity, box.uidNext, box.highestModSeq, entries);
    }

    /**
     * Returns the journal records that bring the persisted view to a mailbox's state, ending with
     * a {@link MailboxJournal.Commit}; empty if nothing changed. Both sides are walked in UID
     * order at once, in one pass that also notes the new view for {@link #changesPersisted()}.
     */
    List<MailboxJournal.Record> changes(MailboxState box) {
        List<MailboxJournal.Record> out = new ArrayList<>();
        int count = box.messages.size();
        if (nextUids.length < count) {
            nextUids = new long[Math.max(count, nextUids.length + (nextUids.length >> 1))];
            nextModSeqs = new long[nextUids.length];
        }
        int i = 0;
        int n = 0;
        for (StoredMessage message : box.messages.values()) {
            long uid = message.uid();
            MessageInfo info = message.info();
            nextUids[n] = uid;
            nextModSeqs[n++] = info.modSeq();
            while (i < size && uids[i] < uid) {
                out.add(new MailboxJournal.Removed(uids[i++]));
            }
            if (i < size && uids[i] == uid) {
                if (modSeqs[i] != info.modSeq()) {
                    out.add(new MailboxJournal.FlagsChanged(uid, info.modSeq(), info.flags()));
                }
                i++;
            } else {
                out.add(new MailboxJournal.Added(entryOf(message)));
            }
        }
        nextSize = n;
        nextUidNext = box.uidNext;
        nextHighestModSeq = box.highestModSeq;
        while (i < size) {
            out.add(new MailboxJournal.Removed(uids[i++]));
        }
        if (!out.isEmpty() || uidNext != box.uidNext || highestModSeq != box.highestModSeq) {
            out.add(new MailboxJournal.Commit(box.uidNext, box.highestModSeq));
        }
        return out;
    }

    /** Records that the changes last returned by {@link #changes} are now on disk. */
    void changesPersisted() {
        long[] swapUids = uids;
        long[] swapModSeqs = modSeqs;
        uids = nextUids;
        modSeqs = nextModSeqs;
        nextUids = swapUids;
        nextModSeqs = swapModSeqs;
        size = nextSize;
        uidNext = nextUidNext;
        highestModSeq = nextHighestModSeq;
    }

    /** Records that a mailbox's state is now on disk. */
    void persisted(MailboxState box) {
        reserve(box.messages.size());
        size = 0;
        for (StoredMessage message : box.messages.values()) {
            uids[size] = message.uid();
            modSeqs[size++] = message.info().modSeq();
        }
        uidNext = box.uidNext;
        highestModSeq = box.highestModSeq;
    }

    /** Records that an index is what the disk holds (after replay at open). */
    void persisted(MailboxIndex index) {
        reserve(index.entries().size());
        size = 0;
        for (MailboxIndex.Entry entry : index.entries()) {
            uids[size] = entry.uid();
            modSeqs[size++] = entry.modSeq();
        }
        uidNext = index.uidNext();
        highestModSeq = index.highestModSeq();
    }

    private void reserve(int count) {
        if (uids.length < count) {
            int capacity = Math.max(count, uids.length + (uids.length >> 1));
            uids = Arrays.copyOf(uids, capacity);
            modSeqs = Arrays.copyOf(modSeqs, capacity);
        }
    }
}
