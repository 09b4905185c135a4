// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.List;

/**
 * Where copied or moved messages landed: the data of the {@code COPYUID} response code. The
 * two lists are parallel: {@code sourceUids.get(i)} became {@code destinationUids.get(i)}.
 *
 * @param uidValidity     the UIDVALIDITY of the destination mailbox
 * @param sourceUids      the UIDs copied, ascending
 * @param destinationUids the UIDs they got in the destination
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4315#section-3">RFC 4315 §3, COPYUID</a>
 */
public record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> destinationUids) {

    /**
     * Copies the lists and checks they are parallel.
     *
     * @param uidValidity     see the record description
     * @param sourceUids      see the record description
     * @param destinationUids see the record description
     */
    public CopyResult {
        sourceUids = List.copyOf(sourceUids);
        destinationUids = List.copyOf(destinationUids);
        if (sourceUids.size() != destinationUids.size()) {
            throw new IllegalArgumentException("source and destination lists differ in length");
        }
    }
}
