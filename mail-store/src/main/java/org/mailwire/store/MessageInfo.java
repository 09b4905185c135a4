// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about one message, besides its content: a snapshot that later changes do
 * not alter.
 *
 * @param uid          the unique identifier, positive (RFC 9051 §2.3.1.1)
 * @param modSeq       the mod-sequence of the last change to the message (RFC 7162 §3.1)
 * @param flags        the flags
 * @param internalDate the internal date (RFC 9051 §2.3.3)
 * @param size         the size in octets (RFC 9051 §2.3.4, RFC822.SIZE)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3">RFC 9051 §2.3, message attributes</a>
 */
public record MessageInfo(long uid, long modSeq, Flags flags, Instant internalDate, long size) {

    /**
     * Checks the values.
     *
     * @param uid          see the record description
     * @param modSeq       see the record description
     * @param flags        see the record description
     * @param internalDate see the record description
     * @param size         see the record description
     */
    public MessageInfo {
        if (uid < 1 || modSeq < 1 || size < 0) {
            throw new IllegalArgumentException("uid and modSeq must be positive, size non-negative");
        }
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(internalDate, "internalDate");
    }

    /**
     * Returns this message with other flags and mod-sequence.
     *
     * @param newFlags  the flags
     * @param newModSeq the mod-sequence of the change
     * @return the changed copy
     */
    public MessageInfo withFlags(Flags newFlags, long newModSeq) {
        return new MessageInfo(uid, newModSeq, newFlags, internalDate, size);
    }
}
