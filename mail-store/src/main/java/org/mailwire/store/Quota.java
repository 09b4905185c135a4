// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * A user's quota limits: total storage and number of messages, over all mailboxes.
 *
 * @param maxStorage  the most octets the user's messages may take, or {@link #UNLIMITED}
 * @param maxMessages the most messages the user may have, or {@link #UNLIMITED}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9208#section-5">RFC 9208 §5, resources</a>
 */
public record Quota(long maxStorage, long maxMessages) {

    /** No limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /**
     * Checks the limits are not negative.
     *
     * @param maxStorage  see the record description
     * @param maxMessages see the record description
     */
    public Quota {
        if (maxStorage < 0 || maxMessages < 0) {
            throw new IllegalArgumentException("quota limits must not be negative");
        }
    }

    /**
     * Returns no limits at all.
     *
     * @return the unlimited quota
     */
    public static Quota unlimited() {
        return new Quota(UNLIMITED, UNLIMITED);
    }

    /**
     * Returns limits on storage and message count.
     *
     * @param maxStorage  octets
     * @param maxMessages messages
     * @return the quota
     */
    public static Quota of(long maxStorage, long maxMessages) {
        return new Quota(maxStorage, maxMessages);
    }
}
