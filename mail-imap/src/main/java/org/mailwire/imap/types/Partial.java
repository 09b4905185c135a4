// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

/**
 * The {@code <offset.length>} suffix of a FETCH body section: the octets of the section from
 * {@code offset} on, at most {@code length} of them.
 *
 * @param offset the first octet, 0 to 4294967295 ({@code number})
 * @param length how many octets at most, 1 to 4294967295 ({@code nz-number})
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 */
public record Partial(long offset, long length) {

    /**
     * Checks the ranges.
     *
     * @param offset the first octet
     * @param length the most octets
     * @throws IllegalArgumentException if a value is out of its range
     */
    public Partial {
        if (offset < 0 || offset > SequenceSet.MAX_NUMBER || length < 1 || length > SequenceSet.MAX_NUMBER) {
            throw new IllegalArgumentException("partial offset is 0 to 4294967295, length 1 to 4294967295");
        }
    }

    /**
     * Returns the wire form.
     *
     * @return for example {@code <0.2048>}
     */
    public String wire() {
        return "<" + offset + "." + length + ">";
    }
}
