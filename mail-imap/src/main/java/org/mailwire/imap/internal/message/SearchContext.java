// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * What SEARCH needs to know about the mailbox rather than the message: what {@code *} stands
 * for in sequence sets and UID sets, the zone that gives an internal date its calendar day, and
 * the saved result {@code $} (RFC 5182).
 *
 * @param messageCount the number of messages the session sees ({@code *} in a sequence set)
 * @param largestUid   the largest UID in the mailbox ({@code *} in a UID set, RFC 9051 §6.4.8)
 * @param zone         the server's zone, in which BEFORE, ON and SINCE read the internal date
 *                     (RFC 9051 §6.4.4 "disregarding time and timezone")
 * @param savedResult  the UIDs of the saved search result, for {@code $} (RFC 5182 §2.1);
 *                     matches nothing when no result was saved
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.4">RFC 9051 §6.4.4</a>
 */
public record SearchContext(long messageCount, long largestUid, ZoneId zone, LongPredicate savedResult) {

    /**
     * Checks the values.
     *
     * @param messageCount the number of messages
     * @param largestUid   the largest UID
     * @param zone         the zone
     * @param savedResult  the saved result
     */
    public SearchContext {
        if (messageCount < 0 || largestUid < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(savedResult, "savedResult");
    }

    /**
     * Returns a context with no saved result.
     *
     * @param messageCount the number of messages
     * @param largestUid   the largest UID
     * @param zone         the zone
     * @return the context
     */
    public static SearchContext of(long messageCount, long largestUid, ZoneId zone) {
        return new SearchContext(messageCount, largestUid, zone, uid -> false);
    }

    /**
     * Returns a copy with a saved result.
     *
     * @param uids whether a UID is in the saved result
     * @return the changed copy
     */
    public SearchContext withSavedResult(LongPredicate uids) {
        return new SearchContext(messageCount, largestUid, zone, uids);
    }
}
