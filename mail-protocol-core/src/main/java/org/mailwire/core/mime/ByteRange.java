// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

/**
 * A run of bytes of the parsed message, by offset from its first byte, as IMAP
 * {@code BODY[section]<partial>} serves them (RFC 9051 §6.4.5).
 *
 * @param start  offset of the first byte
 * @param length number of bytes
 */
public record ByteRange(long start, long length) {

    /** Validates that the range is not negative. */
    public ByteRange {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("negative byte range: " + start + "+" + length);
        }
    }

    /**
     * Returns the range from one offset to another.
     *
     * @param start offset of the first byte
     * @param end   offset just past the last byte, not before {@code start}
     * @return the range
     */
    public static ByteRange of(long start, long end) {
        return new ByteRange(start, end - start);
    }

    /**
     * Returns the offset just past the last byte.
     *
     * @return {@code start + length}
     */
    public long end() {
        return start + length;
    }
}
