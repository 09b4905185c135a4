// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.store.Flag;
import org.mailwire.store.MessageInfo;

/**
 * The selected mailbox as this session's client knows it: messages in sequence-number order
 * (ascending UIDs), changed only when a change is reported, so sequence numbers always mean what
 * the client was last told (RFC 9051 §2.3.1.2).
 */
final class SelectedView {

    private final ArrayList<MessageInfo> messages;
    private long highestModSeq;

    SelectedView(List<MessageInfo> snapshot, long highestModSeq) {
        this.messages = new ArrayList<>(snapshot);
        this.messages.sort((a, b) -> Long.compare(a.uid(), b.uid()));
        this.highestModSeq = highestModSeq;
        for (MessageInfo m : messages) {
            this.highestModSeq = Math.max(this.highestModSeq, m.modSeq());
        }
    }

    int size() {
        return messages.size();
    }

    MessageInfo get(int seq) {
        return messages.get(seq - 1);
    }

    long highestModSeq() {
        return highestModSeq;
    }

    void seenModSeq(long modSeq) {
        highestModSeq = Math.max(highestModSeq, modSeq);
    }

    long largestUid() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
    }

    /** Returns the sequence number of a UID, or 0 if the client does not know it. */
    int seqOf(long uid) {
        int low = 0;
        int high = messages.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long u = messages.get(mid).uid();
            if (u < uid) {
                low = mid + 1;
            } else if (u > uid) {
                high = mid - 1;
            } else {
                return mid + 1;
            }
        }
        return 0;
    }

    /** Adds a new message; false if the client already knows it (its UID is not above the last). */
    boolean add(MessageInfo m) {
        seenModSeq(m.modSeq());
        if (m.uid() <= largestUid()) {
            return false;
        }
        messages.add(m);
        return true;
    }

    /** Applies a flag change; returns the sequence number to report, or 0 if nothing is new. */
    int update(MessageInfo m) {
        int seq = seqOf(m.uid());
        if (seq == 0 || messages.get(seq - 1).modSeq() >= m.modSeq()) {
            return 0;
        }
        messages.set(seq - 1, m);
        seenModSeq(m.modSeq());
        return seq;
    }

    /** Removes a message; returns the sequence number it had, or 0 if unknown. */
    int remove(long uid) {
        int seq = seqOf(uid);
        if (seq > 0) {
            messages.remove(seq - 1);
        }
        return seq;
    }

    int firstUnseen() {
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).flags().contains(Flag.SEEN)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Writes numbers (ascending or not) as a compact sequence set: {@code 1:3,7}. */
    static SequenceSet uidSet(List<Long> numbers) {
        List<Long> sorted = new ArrayList<>(numbers);
        Collections.sort(sorted);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            long first = sorted.get(i);
            long last = first;
            while (i + 1 < sorted.size() && sorted.get(i + 1) <= last + 1) {
                last = sorted.get(++i);
            }
            i++;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(first);
            if (last != first) {
                sb.append(':').append(last);
            }
        }
        return SequenceSet.of(sb.toString());
    }
}
