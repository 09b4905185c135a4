// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;
import org.mailwire.store.CopyResult;
import org.mailwire.store.FlagChangeResult;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UidSet;

/**
 * The commands of the selected state (RFC 9051 §6.4): CLOSE, UNSELECT, EXPUNGE, UID EXPUNGE,
 * CHECK, FETCH, STORE, COPY, MOVE, SEARCH, SORT, THREAD and their UID forms, with CONDSTORE and
 * QRESYNC (RFC 7162). Sequence numbers are always the session's view's.
 */
final class SelectedCommands {

    private SelectedCommands() {
    }

    static void dispatch(ImapServerSession s, ImapCommand command) {
        Tag tag = command.tag();
        if (command instanceof ImapCommand.Close) {
            close(s, tag);
        } else if (command instanceof ImapCommand.Unselect) {
            s.releaseSelection();
            s.done(tag, "UNSELECT completed");
        } else if (command instanceof ImapCommand.Check) {
            s.done(tag, "CHECK completed");
        } else if (command instanceof ImapCommand.Expunge) {
            expunge(s, tag, null);
        } else if (command instanceof ImapCommand.UidExpunge uidExpunge) {
            List<Long> uids = uids(s, true, uidExpunge.set());
            if (uids != null) {
                expunge(s, tag, uids);
            }
        } else if (command instanceof ImapCommand.Fetch fetch) {
            fetch(s, fetch);
        } else if (command instanceof ImapCommand.Store store) {
            store(s, store);
        } else if (command instanceof ImapCommand.Copy copy) {
            copy(s, tag, copy.uid(), copy.set(), copy.mailbox().name(), false);
        } else if (command instanceof ImapCommand.Move move) {
            copy(s, tag, move.uid(), move.set(), move.mailbox().name(), true);
        } else if (command instanceof ImapCommand.Search search) {
            SearchCommands.search(s, search);
        } else if (command instanceof ImapCommand.Sort sort) {
            SearchCommands.sort(s, sort);
        } else if (command instanceof ImapCommand.Thread thread) {
            SearchCommands.thread(s, thread);
        } else {
            s.bad(tag, "Command not valid in this state");
        }
    }

    // ---------------------------------------------------------------- sets

    /**
     * Resolves a set to the UIDs of the view, ascending; answers {@code BAD} and returns
     * {@code null} for a sequence number beyond the view (RFC 9051 §6.4).
     */
    static List<Long> uids(ImapServerSession s, boolean uid, SequenceSet set) {
        int[] seqs = seqs(s, uid, set);
        if (seqs == null) {
            return null;
        }
        SelectedView view = s.view();
        List<Long> uids = new ArrayList<>(seqs.length);
        for (int seq : seqs) {
            uids.add(view.get(seq).uid());
        }
        return uids;
    }

    static int[] seqs(ImapServerSession s, boolean uid, SequenceSet set) {
        SelectedView view = s.view();
        if (!(set instanceof SequenceSet.Ranges ranges)) {
            // RFC 9051 §6.4.4.2: $ is the saved messages that are still here, whether the
            // command takes UIDs or sequence numbers; an empty $ is no message, not an error.
            long[] saved = s.savedResult();
            int[] found = new int[saved.length];
            int n = 0;
            for (long u : saved) {
                int seq = view.seqOf(u);
                if (seq > 0) {
                    found[n++] = seq;
                }
            }
            return Arrays.copyOf(found, n);
        }
        int size = view.size();
        if (uid) {
            long largest = view.largestUid();
            long[] pairs = ranges.normalized(largest);
            List<Integer> found = new ArrayList<>();
            // Walk the view and the sorted ranges together: O(messages + ranges).
            int r = 0;
            for (int seq = 1; seq <= size && r < pairs.length; seq++) {
                long u = view.get(seq).uid();
                while (r < pairs.length && pairs[r + 1] < u) {
                    r += 2;
                }
                if (r < pairs.length && u >= pairs[r]) {
                    found.add(seq);
                }
            }
            return found.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int i = 0; i < ranges.rangeCount(); i++) {
            if (ranges.first(i) > size || ranges.last(i) > size || (size == 0)) {
                return invalid(s, "Invalid message sequence number");
            }
        }
        long[] pairs = ranges.normalized(size);
        int count = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            count += (int) (pairs[i + 1] - pairs[i] + 1);
        }
        int[] seqs = new int[count];
        int n = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            for (long q = pairs[i]; q <= pairs[i + 1]; q++) {
                seqs[n++] = (int) q;
            }
        }
        return seqs;
    }

    private static int[] invalid(ImapServerSession s, String text) {
        s.pendingBad = text;
        return null;
    }

    // ---------------------------------------------------------------- CLOSE, EXPUNGE

    private static void close(ImapServerSession s, Tag tag) {
        Mailbox mailbox = s.mailbox();
        if (s.readOnly()) {
            s.releaseSelection();
            s.tagged(tag, ImapResponse.Kind.OK, null, "CLOSE completed");
            return;
        }
        // RFC 9051 §6.4.1: CLOSE expunges silently.
        s.work(tag, mailbox::expunge, gone -> {
            s.releaseSelection();
            s.tagged(tag, ImapResponse.Kind.OK, null, "CLOSE completed");
        });
    }

    private static void expunge(ImapServerSession s, Tag tag, List<Long> uids) {
        if (s.readOnly()) {
            s.no(tag, ResponseCode.readOnly(), "Mailbox is read-only");
            return;
        }
        Mailbox mailbox = s.mailbox();
        s.work(tag, () -> uids == null ? mailbox.expunge() : mailbox.expunge(UidSet.of(uids)), gone -> {
            // Changes queued before ours come first, so sequence numbers stay right.
            s.reportChanges(true);
            s.expunged(gone, 0);
            s.done(tag, "EXPUNGE completed");
        });
    }

    // ---------------------------------------------------------------- FETCH

    private static void fetch(ImapServerSession s, ImapCommand.Fetch fetch) {
        Tag tag = fetch.tag();
        int[] seqs = seqs(s, fetch.uid(), fetch.set());
        if (seqs == null) {
            s.bad(tag, s.takePendingBad());
            return;
        }
        List<FetchItem> items = new ArrayList<>(org.mailwire.imap.internal.message.FetchRenderer.expand(fetch.items()));
        if (fetch.uid() && !items.contains(FetchItem.Simple.UID)) {
            items.add(0, FetchItem.Simple.UID);
        }
        if (fetch.changedSince().isPresent() || items.contains(FetchItem.Simple.MODSEQ)) {
            // RFC 7162 §3.1: CHANGEDSINCE and the MODSEQ item enable CONDSTORE.
            s.enableCondStore();
            if (!items.contains(FetchItem.Simple.MODSEQ)) {
                items.add(FetchItem.Simple.MODSEQ);
            }
        }
        SelectedView view = s.view();
        if (fetch.changedSince().isPresent()) {
            long since = fetch.changedSince().get();
            int n = 0;
            for (int seq : seqs) {
                if (view.get(seq).modSeq() > since) {
                    seqs[n++] = seq;
                }
            }
            seqs = java.util.Arrays.copyOf(seqs, n);
        }
        if (fetch.vanished()) {
            vanishedEarlier(s, fetch.set());
        }
        boolean content = false;
        for (FetchItem item : items) {
            content |= ContentFetch.needsContent(item);
        }
        if (!content) {
            s.fetchJob = new IndexFetch(s, tag, fetch.uid(), seqs, items);
            return;
        }
        s.fetchJob = new ContentFetch(s, tag, fetch.uid(), seqs, items);
    }

    /**
     * A FETCH of index items only (FLAGS, UID, ...), answered from the view without store work,
     * {@value #INDEX_BATCH} responses per step: the transport asks for the next step only below
     * its write watermark, so {@code FETCH 1:* FLAGS} of a huge mailbox never queues it whole.
     */
    private static final class IndexFetch implements ImapServerSession.FetchJob {
        private final ImapServerSession s;
        private final Tag tag;
        private final boolean uid;
        private final int[] seqs;
        private final List<FetchItem> items;
        private int next;

        IndexFetch(ImapServerSession s, Tag tag, boolean uid, int[] seqs, List<FetchItem> items) {
            this.s = s;
            this.tag = tag;
            this.uid = uid;
            this.seqs = seqs;
            this.items = items;
        }

        @Override
        public void step() {
            SelectedView view = s.view();
            int end = Math.min(seqs.length, next + INDEX_BATCH);
            for (; next < end; next++) {
                s.write(new ImapResponse.Fetch(seqs[next], ContentFetch.plain(items, view.get(seqs[next]))));
            }
            if (next >= seqs.length) {
                s.fetchJob = null;
                s.done(tag, null, (uid ? "UID " : "") + "FETCH completed", uid);
            }
        }

        @Override
        public void release() {
            // Holds nothing open.
        }
    }

    private static final int INDEX_BATCH = 256;

    /** RFC 7162 §3.2.6: {@code VANISHED (EARLIER)} for UIDs of the set that are not in the mailbox. */
    private static void vanishedEarlier(ImapServerSession s, SequenceSet set) {
        SelectedView view = s.view();
        long[] pairs = set instanceof SequenceSet.Ranges ranges ? ranges.normalized(view.largestUid())
                : pairsOf(s.savedResult());
        List<Long> gone = new ArrayList<>();
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            long u = pairs[i];
            while (u <= pairs[i + 1]) {
                int seq = view.seqOf(u);
                if (seq > 0) {
                    u++;
                    continue;
                }
                // Find the end of this gap: the next UID the view holds, or the range's end.
                long next = nextUidAtOrAbove(view, u);
                long end = Math.min(pairs[i + 1], next - 1);
                if (wire.length() > 0) {
                    wire.append(',');
                }
                wire.append(u);
                if (end > u) {
                    wire.append(':').append(end);
                }
                gone.add(u);
                u = end + 1;
            }
        }
        if (!gone.isEmpty()) {
            s.write(new ImapResponse.Vanished(true, SequenceSet.of(wire.toString())));
        }
    }

    /** Ascending UIDs as [first, last] pairs, one per UID. */
    private static long[] pairsOf(long[] uids) {
        long[] pairs = new long[uids.length * 2];
        for (int i = 0; i < uids.length; i++) {
            pairs[2 * i] = uids[i];
            pairs[2 * i + 1] = uids[i];
        }
        return pairs;
    }

    private static long nextUidAtOrAbove(SelectedView view, long uid) {
        int low = 0;
        int high = view.size() - 1;
        long best = Long.MAX_VALUE;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long u = view.get(mid + 1).uid();
            if (u >= uid) {
                best = u;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- STORE

    private static void store(ImapServerSession s, ImapCommand.Store store) {
        Tag tag = store.tag();
        int[] seqs = seqs(s, store.uid(), store.set());
        if (seqs == null) {
            s.bad(tag, s.takePendingBad());
            return;
        }
        if (s.readOnly()) {
            s.no(tag, ResponseCode.readOnly(), "Mailbox is read-only");
            return;
        }
        Flags flags;
        try {
            flags = ImapServerSession.storeFlags(store.action().flags());
        } catch (IllegalArgumentException e) {
            s.bad(tag, "Flag cannot be stored");
            return;
        }
        if (store.unchangedSince().isPresent()) {
            s.enableCondStore();
        }
        FlagOperation op = switch (store.action().mode()) {
            case ADD -> FlagOperation.ADD;
            case REMOVE -> FlagOperation.REMOVE;
            case REPLACE -> FlagOperation.REPLACE;
        };
        SelectedView view = s.view();
        List<Long> uids = new ArrayList<>();
        for (int seq : seqs) {
            uids.add(view.get(seq).uid());
        }
        OptionalLong unchangedSince = store.unchangedSince().map(OptionalLong::of).orElse(OptionalLong.empty());
        Mailbox mailbox = s.mailbox();
        StoreAction action = store.action();
        s.work(tag, () -> uids.isEmpty() ? new FlagChangeResult(List.of(), List.of())
                : mailbox.storeFlags(UidSet.of(uids), op, flags, unchangedSince), result -> {
            for (MessageInfo m : result.changed()) {
                view.update(m);
            }
            List<Long> failed = result.failed();
            java.util.Set<Long> changed = new java.util.HashSet<>();
            for (MessageInfo m : result.changed()) {
                changed.add(m.uid());
            }
            // RFC 7162 §3.1.3: under CONDSTORE a silent STORE still reports the new MODSEQ of
            // each message it changed.
            boolean modSeqOnly = action.silent() && s.condStore();
            if (!action.silent() || modSeqOnly) {
                for (int seq : seqs) {
                    if (seq > view.size()) {
                        continue;
                    }
                    MessageInfo m = view.get(seq);
                    if (failed.contains(m.uid()) || (modSeqOnly && !changed.contains(m.uid()))) {
                        continue;
                    }
                    List<FetchData> data = new ArrayList<>();
                    if (!modSeqOnly) {
                        data.add(new FetchData.Flags(ImapServerSession.imapFlags(m.flags())));
                    }
                    if (store.uid() || s.qresync()) {
                        data.add(new FetchData.Uid(m.uid()));
                    }
                    if (s.condStore()) {
                        data.add(new FetchData.ModSeq(m.modSeq()));
                    }
                    s.write(new ImapResponse.Fetch(seq, data));
                }
            }
            ResponseCode code = null;
            if (!failed.isEmpty()) {
                List<Long> numbers = new ArrayList<>();
                for (long u : failed) {
                    numbers.add(store.uid() ? u : view.seqOf(u));
                }
                code = ResponseCode.modified(SelectedView.uidSet(numbers));
            }
            s.done(tag, code, (store.uid() ? "UID " : "") + "STORE completed", store.uid());
        });
    }

    // ---------------------------------------------------------------- COPY, MOVE

    private static void copy(ImapServerSession s, Tag tag, boolean uid, SequenceSet set, String destination,
                             boolean move) {
        List<Long> uids = uids(s, uid, set);
        if (uids == null) {
            s.bad(tag, s.takePendingBad());
            return;
        }
        if (move && s.readOnly()) {
            s.no(tag, ResponseCode.readOnly(), "Mailbox is read-only");
            return;
        }
        Mailbox mailbox = s.mailbox();
        String verb = move ? "MOVE" : "COPY";
        String selected = s.mailboxName();
        long known = s.view().largestUid();
        s.work(tag, () -> {
            if (uids.isEmpty()) {
                return new Copied(null, List.of());
            }
            CopyResult r = move ? mailbox.move(UidSet.of(uids), destination)
                    : mailbox.copy(UidSet.of(uids), destination);
            List<MessageInfo> arrived = List.of();
            if (destination.equals(selected) && !r.destinationUids().isEmpty()) {
                long last = r.destinationUids().stream().mapToLong(Long::longValue).max().getAsLong();
                arrived = mailbox.messages(UidSet.range(known + 1, last));
            }
            return new Copied(r, arrived);
        }, (Copied copied) -> {
            CopyResult result = copied.result();
            s.arrived(selected, copied.arrived());
            ResponseCode code = null;
            if (result != null && !result.sourceUids().isEmpty()) {
                code = ResponseCode.copyUid(UidValidity.of(result.uidValidity()),
                        SelectedView.uidSet(result.sourceUids()), SelectedView.uidSet(result.destinationUids()));
            }
            if (move) {
                if (code != null) {
                    // RFC 6851 §4.3: COPYUID in an untagged OK before the expunges.
                    s.tagless(code, "Moved UIDs");
                }
                s.reportChanges(true);
                if (result != null) {
                    s.expunged(result.sourceUids(), 0);
                }
                s.done(tag, null, (uid ? "UID " : "") + verb + " completed", true);
            } else {
                s.done(tag, code, (uid ? "UID " : "") + verb + " completed", true);
            }
        }, failure -> s.failed(tag, failure, true));
    }

    /** A COPY or MOVE, and the messages it brought into the selected mailbox itself. */
    private record Copied(CopyResult result, List<MessageInfo> arrived) {
    }

    // ---------------------------------------------------------------- QRESYNC

    /**
     * SELECT's QRESYNC parameter (RFC 7162 §3.2.5): {@code VANISHED (EARLIER)} for the known UIDs
     * that are gone, then {@code FETCH (UID FLAGS MODSEQ)} for messages changed since the client's
     * mod-sequence. The store keeps no record of expunged UIDs, so every known UID that is gone is
     * reported, as §3.2.5.1 allows.
     */
    static void resync(ImapServerSession s, ImapCommand.Qresync q) {
        SelectedView view = s.view();
        SequenceSet known = q.knownUids().orElseGet(() -> view.largestUid() == 0 ? null
                : SequenceSet.Ranges.range(1, view.largestUid()));
        if (known instanceof SequenceSet.Ranges) {
            vanishedEarlier(s, known);
        }
        for (int seq = 1; seq <= view.size(); seq++) {
            MessageInfo m = view.get(seq);
            if (m.modSeq() > q.modSeq()) {
                s.write(new ImapResponse.Fetch(seq, List.of(new FetchData.Uid(m.uid()),
                        new FetchData.Flags(ImapServerSession.imapFlags(m.flags())), new FetchData.ModSeq(m.modSeq()))));
            }
        }
    }
}
