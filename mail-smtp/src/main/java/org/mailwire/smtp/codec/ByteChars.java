// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * A reusable {@link CharSequence} view of a byte range, one char per octet, so that the grammar
 * checks of {@link SmtpSyntax} run on a command line in place, without building a string first.
 * Octets above 0x7F all read as U+00FF, which the grammar treats as UTF-8 content.
 */
final class ByteChars implements CharSequence {

    private byte[] bytes = new byte[0];
    private int from;
    private int to;

    /** Points the view at {@code bytes[from, to)} and returns it. */
    ByteChars set(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        return this;
    }

    @Override
    public int length() {
        return to - from;
    }

    @Override
    public char charAt(int index) {
        byte b = bytes[from + index];
        // Any octet of a UTF-8 sequence reads as one neutral non-ASCII letter; whether the
        // sequence is well-formed (and no C1 control) is checked on the octets, by isUtf8.
        return b >= 0 ? (char) b : '\u00FF';
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        // Not needed by the grammar checks; a copy keeps the contract without sharing state.
        return new String(bytes, from + start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
