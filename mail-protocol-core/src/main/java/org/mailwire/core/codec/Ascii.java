// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ASCII byte classes and allocation-free scanning primitives shared by every mailwire codec.
 *
 * <p>The classes follow the core rules of RFC 5234 Appendix B.1 ({@code DIGIT}, {@code ALPHA},
 * {@code CTL}, {@code WSP}); every test is a lookup in one 256-entry table, so a byte outside
 * US-ASCII simply belongs to no class. All methods take explicit {@code [from, to)} ranges and
 * absolute buffer indices: they never move a buffer's position, never allocate and never throw
 * on any byte value (only on indices outside the array or buffer).
 *
 * <p>The line-ending scans compare eight bytes at a time (SWAR, "SIMD within a register"), which
 * is what lets the line framer run well above 1 GB/s on ordinary text.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5234#appendix-B.1">RFC 5234 Appendix B.1</a>
 */
public final class Ascii {

    /** Carriage return, {@code %x0D}. */
    public static final byte CR = '\r';
    /** Line feed, {@code %x0A}. */
    public static final byte LF = '\n';

    private static final int DIGIT = 1;
    private static final int ALPHA = 2;
    private static final int CONTROL = 4;
    private static final int WHITESPACE = 8;

    // Never exposed and never written after class initialisation: an immutable constant.
    private static final byte[] CLASSES = buildClasses();

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long CRS = ONES * CR;
    private static final long LFS = ONES * LF;

    // Little-endian views: the byte at the lowest index is the lowest-order byte of the long, so
    // numberOfTrailingZeros finds the first match whatever the platform or buffer order.
    private static final VarHandle LONGS_OF_ARRAY =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS_OF_BUFFER =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Ascii() {
    }

    private static byte[] buildClasses() {
        byte[] table = new byte[256];
        for (int c = '0'; c <= '9'; c++) {
            table[c] |= DIGIT;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            table[c] |= ALPHA;
            table[c + ('a' - 'A')] |= ALPHA;
        }
        for (int c = 0; c < 0x20; c++) {
            table[c] |= CONTROL;
        }
        table[0x7F] |= CONTROL;
        table[' '] |= WHITESPACE;
        table['\t'] |= WHITESPACE;
        return table;
    }

    private static boolean is(byte b, int bits) {
        return (CLASSES[b & 0xFF] & bits) != 0;
    }

    /**
     * Tells whether a byte is an ASCII digit {@code 0-9} ({@code DIGIT}, RFC 5234 B.1).
     *
     * @param b the byte
     * @return {@code true} for {@code %x30-39}
     */
    public static boolean isDigit(byte b) {
        return is(b, DIGIT);
    }

    /**
     * Tells whether a byte is an ASCII letter ({@code ALPHA}, RFC 5234 B.1).
     *
     * @param b the byte
     * @return {@code true} for {@code %x41-5A / %x61-7A}
     */
    public static boolean isAlpha(byte b) {
        return is(b, ALPHA);
    }

    /**
     * Tells whether a byte is an ASCII letter or digit.
     *
     * @param b the byte
     * @return {@code true} for {@code ALPHA / DIGIT}
     */
    public static boolean isAlphaNumeric(byte b) {
        return is(b, ALPHA | DIGIT);
    }

    /**
     * Tells whether a byte is an ASCII control character ({@code CTL}, RFC 5234 B.1), which
     * includes CR, LF, NUL and DEL.
     *
     * @param b the byte
     * @return {@code true} for {@code %x00-1F / %x7F}
     */
    public static boolean isControl(byte b) {
        return is(b, CONTROL);
    }

    /**
     * Tells whether a byte is linear white space: space or horizontal tab ({@code WSP},
     * RFC 5234 B.1).
     *
     * @param b the byte
     * @return {@code true} for {@code %x20 / %x09}
     */
    public static boolean isWhitespace(byte b) {
        return is(b, WHITESPACE);
    }

    /**
     * Returns the lowercase form of an ASCII uppercase letter, and any other byte unchanged
     * (non-ASCII bytes are never folded, as mail keywords are ASCII, RFC 5321 §2.4).
     *
     * @param b the byte
     * @return the byte folded to lowercase
     */
    public static byte toLower(byte b) {
        return (b >= 'A' && b <= 'Z') ? (byte) (b + ('a' - 'A')) : b;
    }

    /**
     * Returns the index of the first occurrence of {@code value} in {@code bytes[from, to)}.
     *
     * @param bytes the array
     * @param from  first index searched, inclusive
     * @param to    end of the range, exclusive
     * @param value the byte searched for
     * @return its index, or {@code -1} if the range does not contain it
     */
    public static int indexOf(byte[] bytes, int from, int to, byte value) {
        checkRange(bytes.length, from, to);
        long pattern = ONES * (value & 0xFF);
        int i = from;
        // Four words at a time with the cheap "some byte is zero" test (no false negatives), so
        // long spans without the byte (a literal checked for NUL) cost one branch per 32 octets.
        for (; i + 4 * Long.BYTES <= to; i += 4 * Long.BYTES) {
            long w0 = (long) LONGS_OF_ARRAY.get(bytes, i) ^ pattern;
            long w1 = (long) LONGS_OF_ARRAY.get(bytes, i + 8) ^ pattern;
            long w2 = (long) LONGS_OF_ARRAY.get(bytes, i + 16) ^ pattern;
            long w3 = (long) LONGS_OF_ARRAY.get(bytes, i + 24) ^ pattern;
            long any = ((w0 - ONES) & ~w0) | ((w1 - ONES) & ~w1) | ((w2 - ONES) & ~w2) | ((w3 - ONES) & ~w3);
            if ((any & HIGHS) != 0) {
                break;
            }
        }
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long mask = zeroBytes((long) LONGS_OF_ARRAY.get(bytes, i) ^ pattern);
            if (mask != 0) {
                return i + (Long.numberOfTrailingZeros(mask) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the absolute index of the first occurrence of {@code value} in a buffer's
     * {@code [from, to)}, without moving its position.
     *
     * @param buffer the buffer, heap or direct, read-only or not
     * @param from   first absolute index searched, inclusive
     * @param to     end of the range, exclusive
     * @param value  the byte searched for
     * @return its absolute index, or {@code -1} if the range does not contain it
     */
    public static int indexOf(ByteBuffer buffer, int from, int to, byte value) {
        checkRange(buffer.limit(), from, to);
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset();
            int found = indexOf(buffer.array(), from + offset, to + offset, value);
            return found < 0 ? -1 : found - offset;
        }
        long pattern = ONES * (value & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long mask = zeroBytes((long) LONGS_OF_BUFFER.get(buffer, i) ^ pattern);
            if (mask != 0) {
                return i + (Long.numberOfTrailingZeros(mask) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buffer.get(i) == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the index of the first CR or LF in {@code bytes[from, to)}: the scan every line
     * framer needs, as either byte may end a line or be a bare line ending (RFC 5321 §2.3.8).
     *
     * @param bytes the array
     * @param from  first index searched, inclusive
     * @param to    end of the range, exclusive
     * @return the index of the first CR or LF, or {@code -1} if there is none
     */
    public static int indexOfLineEnding(byte[] bytes, int from, int to) {
        checkRange(bytes.length, from, to);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS_OF_ARRAY.get(bytes, i);
            long mask = zeroBytes(word ^ CRS) | zeroBytes(word ^ LFS);
            if (mask != 0) {
                return i + (Long.numberOfTrailingZeros(mask) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b == CR || b == LF) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the absolute index of the first CR or LF in a buffer's {@code [from, to)},
     * without moving its position.
     *
     * @param buffer the buffer, heap or direct, read-only or not
     * @param from   first absolute index searched, inclusive
     * @param to     end of the range, exclusive
     * @return the absolute index of the first CR or LF, or {@code -1} if there is none
     */
    public static int indexOfLineEnding(ByteBuffer buffer, int from, int to) {
        checkRange(buffer.limit(), from, to);
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset();
            int found = indexOfLineEnding(buffer.array(), from + offset, to + offset);
            return found < 0 ? -1 : found - offset;
        }
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS_OF_BUFFER.get(buffer, i);
            long mask = zeroBytes(word ^ CRS) | zeroBytes(word ^ LFS);
            if (mask != 0) {
                return i + (Long.numberOfTrailingZeros(mask) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = buffer.get(i);
            if (b == CR || b == LF) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Sets the high bit of exactly those bytes of {@code word} that are zero. This exact form
     * has no false positives (unlike the shorter {@code (x - 0x01..) & ~x & 0x80..}), so masks of
     * several patterns can be OR-ed together and the lowest set bit is always the first match.
     */
    private static long zeroBytes(long word) {
        long low7 = (word & LOWS) + LOWS;
        return ~(low7 | word | LOWS) & HIGHS;
    }

    /**
     * Parses an unsigned decimal number in {@code bytes[from, to)}, such as an SMTP reply code,
     * a {@code SIZE} parameter (RFC 1870 §3) or an IMAP literal length (RFC 9051 §4.3).
     * Every byte must be a digit; the value must not exceed {@code max}. Overflow is detected
     * before it happens, so no input can wrap around to a small or negative value.
     *
     * @param bytes the array
     * @param from  first index, inclusive
     * @param to    end, exclusive
     * @param max   the largest value accepted, {@code >= 0}
     * @return the value, or {@code -1} if the range is empty, holds a non-digit, or the value
     *         exceeds {@code max}
     */
    public static long parseUnsignedLong(byte[] bytes, int from, int to, long max) {
        checkRange(bytes.length, from, to);
        checkMax(max);
        if (from == to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (!isDigit(b)) {
                return -1;
            }
            int digit = b - '0';
            // value * 10 + digit <= max, rearranged so that nothing can overflow; the first test
            // keeps max - digit non-negative, where integer division rounds the right way.
            if (digit > max || value > (max - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * Parses an unsigned decimal number in a buffer's absolute {@code [from, to)}, exactly as
     * {@link #parseUnsignedLong(byte[], int, int, long)} does, without moving its position.
     *
     * @param buffer the buffer
     * @param from   first absolute index, inclusive
     * @param to     end, exclusive
     * @param max    the largest value accepted, {@code >= 0}
     * @return the value, or {@code -1} if the range is empty, holds a non-digit, or the value
     *         exceeds {@code max}
     */
    public static long parseUnsignedLong(ByteBuffer buffer, int from, int to, long max) {
        checkRange(buffer.limit(), from, to);
        checkMax(max);
        if (from == to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = buffer.get(i);
            if (!isDigit(b)) {
                return -1;
            }
            int digit = b - '0';
            if (digit > max || value > (max - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * Tells whether {@code bytes[from, to)} equals a keyword, ignoring ASCII case, as SMTP verbs
     * and IMAP atoms are compared (RFC 5321 §2.4, RFC 9051 §2.3).
     *
     * @param bytes          the array
     * @param from           first index, inclusive
     * @param to             end, exclusive
     * @param lowerCaseKeyword the keyword, all lowercase ASCII
     * @return {@code true} if the region has the keyword's length and matches it
     */
    public static boolean equalsIgnoreCase(byte[] bytes, int from, int to, byte[] lowerCaseKeyword) {
        checkRange(bytes.length, from, to);
        return to - from == lowerCaseKeyword.length && regionMatches(bytes, from, lowerCaseKeyword);
    }

    /**
     * Tells whether {@code bytes[from, to)} begins with a keyword, ignoring ASCII case.
     *
     * @param bytes          the array
     * @param from           first index, inclusive
     * @param to             end, exclusive
     * @param lowerCaseKeyword the keyword, all lowercase ASCII
     * @return {@code true} if the region is at least as long as the keyword and starts with it
     */
    public static boolean startsWithIgnoreCase(byte[] bytes, int from, int to, byte[] lowerCaseKeyword) {
        checkRange(bytes.length, from, to);
        return to - from >= lowerCaseKeyword.length && regionMatches(bytes, from, lowerCaseKeyword);
    }

    /**
     * Tells whether a buffer's absolute {@code [from, to)} equals a keyword, ignoring ASCII case.
     *
     * @param buffer         the buffer
     * @param from           first absolute index, inclusive
     * @param to             end, exclusive
     * @param lowerCaseKeyword the keyword, all lowercase ASCII
     * @return {@code true} if the region has the keyword's length and matches it
     */
    public static boolean equalsIgnoreCase(ByteBuffer buffer, int from, int to, byte[] lowerCaseKeyword) {
        checkRange(buffer.limit(), from, to);
        return to - from == lowerCaseKeyword.length && regionMatches(buffer, from, lowerCaseKeyword);
    }

    /**
     * Tells whether a buffer's absolute {@code [from, to)} begins with a keyword, ignoring ASCII
     * case.
     *
     * @param buffer         the buffer
     * @param from           first absolute index, inclusive
     * @param to             end, exclusive
     * @param lowerCaseKeyword the keyword, all lowercase ASCII
     * @return {@code true} if the region is at least as long as the keyword and starts with it
     */
    public static boolean startsWithIgnoreCase(ByteBuffer buffer, int from, int to, byte[] lowerCaseKeyword) {
        checkRange(buffer.limit(), from, to);
        return to - from >= lowerCaseKeyword.length && regionMatches(buffer, from, lowerCaseKeyword);
    }

    private static boolean regionMatches(byte[] bytes, int from, byte[] keyword) {
        for (int i = 0; i < keyword.length; i++) {
            if (toLower(bytes[from + i]) != keyword[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionMatches(ByteBuffer buffer, int from, byte[] keyword) {
        for (int i = 0; i < keyword.length; i++) {
            if (toLower(buffer.get(from + i)) != keyword[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkRange(int length, int from, int to) {
        if (from < 0 || from > to || to > length) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside [0, " + length + ")");
        }
    }

    private static void checkMax(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0: " + max);
        }
    }
}
