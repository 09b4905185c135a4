// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a caller last saw of a mailbox, the input of {@link ImapClient#synchronize}: its
 * UIDVALIDITY, its HIGHESTMODSEQ (0 if unknown or the server has no CONDSTORE), and the UIDs it
 * holds (RFC 4549 §4, RFC 7162 §3.2.5).
 *
 * @param uidValidity   the UIDVALIDITY, 0 for a mailbox never seen
 * @param highestModSeq the HIGHESTMODSEQ, 0 if unknown
 * @param knownUids     the UIDs the caller holds
 */
public record SyncState(long uidValidity, long highestModSeq, SortedSet<Long> knownUids) {

    /** A mailbox never seen: everything in it is new. */
    public static final SyncState EMPTY = new SyncState(0, 0, new TreeSet<>());

    /**
     * Copies the UIDs.
     *
     * @param uidValidity   see the record description
     * @param highestModSeq see the record description
     * @param knownUids     see the record description
     */
    public SyncState {
        if (uidValidity < 0 || highestModSeq < 0) {
            throw new IllegalArgumentException("negative UIDVALIDITY or mod-sequence");
        }
        knownUids = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(knownUids));
    }

    /**
     * Returns a state from a set of UIDs.
     *
     * @param uidValidity   the UIDVALIDITY
     * @param highestModSeq the HIGHESTMODSEQ, 0 if unknown
     * @param knownUids     the UIDs
     * @return the state
     */
    public static SyncState of(long uidValidity, long highestModSeq, Set<Long> knownUids) {
        return new SyncState(uidValidity, highestModSeq, new TreeSet<>(knownUids));
    }
}
