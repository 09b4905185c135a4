// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

/**
 * A message's unique identifier within its mailbox: a 32-bit unsigned number, strictly ascending in the order messages are added and never reused while the mailbox's {@link UidValidity} stays the same.
 *
 * @param value the number, 1 to 4294967295 ({@code nz-number})
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.1.1">RFC 9051 §2.3.1.1</a>
 */
public record Uid(long value) implements Comparable<Uid> {

    /**
     * Checks the range.
     *
     * @param value the number, 1 to 4294967295
     * @throws IllegalArgumentException if it is out of range
     */
    public Uid {
        if (value < 1 || value > SequenceSet.MAX_NUMBER) {
            throw new IllegalArgumentException("Uid must be 1 to 4294967295: " + value);
        }
    }

    /**
     * Returns the value with the given number.
     *
     * @param value the number, 1 to 4294967295
     * @return the value
     * @throws IllegalArgumentException if it is out of range
     */
    public static Uid of(long value) {
        return new Uid(value);
    }

    @Override
    public int compareTo(Uid other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
