// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

/**
 * A mailbox's unique identifier validity value: a non-zero 32-bit unsigned number that changes whenever UIDs of the mailbox may have been reused, so a client must forget cached UIDs.
 *
 * @param value the number, 1 to 4294967295 ({@code nz-number})
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.1.1">RFC 9051 §2.3.1.1</a>
 */
public record UidValidity(long value) implements Comparable<UidValidity> {

    /**
     * Checks the range.
     *
     * @param value the number, 1 to 4294967295
     * @throws IllegalArgumentException if it is out of range
     */
    public UidValidity {
        if (value < 1 || value > SequenceSet.MAX_NUMBER) {
            throw new IllegalArgumentException("UidValidity must be 1 to 4294967295: " + value);
        }
    }

    /**
     * Returns the value with the given number.
     *
     * @param value the number, 1 to 4294967295
     * @return the value
     * @throws IllegalArgumentException if it is out of range
     */
    public static UidValidity of(long value) {
        return new UidValidity(value);
    }

    @Override
    public int compareTo(UidValidity other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
