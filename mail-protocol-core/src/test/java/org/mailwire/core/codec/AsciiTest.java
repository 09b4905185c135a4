// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.codec.Chunks.bytes;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AsciiTest {

    @Test
    void byteClassesFollowRfc5234CoreRules() {
        for (int i = 0; i < 256; i++) {
            byte b = (byte) i;
            assertEquals(i >= '0' && i <= '9', Ascii.isDigit(b), "DIGIT " + i);
            assertEquals(i >= 'A' && i <= 'Z' || i >= 'a' && i <= 'z', Ascii.isAlpha(b), "ALPHA " + i);
            assertEquals(Ascii.isAlpha(b) || Ascii.isDigit(b), Ascii.isAlphaNumeric(b), "alnum " + i);
            assertEquals(i < 0x20 || i == 0x7F, Ascii.isControl(b), "CTL " + i);
            assertEquals(i == ' ' || i == '\t', Ascii.isWhitespace(b), "WSP " + i);
        }
    }

    @Test
    void toLowerFoldsOnlyAsciiUppercaseLetters() {
        for (int i = 0; i < 256; i++) {
            byte expected = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
            assertEquals(expected, Ascii.toLower((byte) i), "byte " + i);
        }
    }

    /**
     * Arrays of lengths 0 to 80 (past the 32-octet blocks of the fast loop) with the searched
     * byte at every position, among its high-bit twin and its neighbours, in every buffer kind.
     */
    @Test
    void indexOfFindsTheFirstOccurrenceAtEveryOffset() {
        for (byte value : new byte[] {'@', 0}) {
            for (int length = 0; length <= 80; length++) {
                for (int at = -1; at < length; at++) {
                    byte[] bytes = new byte[length];
                    for (int i = 0; i < length; i++) {
                        bytes[i] = (byte) (i % 3 == 0 ? value ^ 0x80 : value + 1 + i % 2);
                    }
                    if (at >= 0) {
                        bytes[at] = value;
                        if (at + 1 < length) {
                            bytes[at + 1] = value;
                        }
                    }
                    for (int from = 0; from <= length; from++) {
                        int expected = at >= from ? at : (at + 1 >= from && at + 1 < length && at >= 0 ? at + 1 : -1);
                        assertEquals(expected, Ascii.indexOf(bytes, from, length, value));
                        for (ByteBuffer buffer : buffers(bytes)) {
                            assertEquals(expected, Ascii.indexOf(buffer, from, length, value));
                        }
                    }
                }
            }
        }
    }

    @Test
    void indexOfLineEndingFindsCrOrLfButNotTheirHighBitTwins() {
        for (int length = 0; length <= 20; length++) {
            for (int at = -1; at < length; at++) {
                for (byte ending : new byte[] {'\r', '\n'}) {
                    byte[] bytes = new byte[length];
                    // Bytes one bit away from CR and LF, and the high-bit twins, must never match.
                    for (int i = 0; i < length; i++) {
                        bytes[i] = new byte[] {(byte) 0x8D, (byte) 0x8A, 0x0C, 0x0B, 0x0E, 0x1D, 0}[i % 7];
                    }
                    if (at >= 0) {
                        bytes[at] = ending;
                    }
                    assertEquals(at, Ascii.indexOfLineEnding(bytes, 0, length));
                    for (ByteBuffer buffer : buffers(bytes)) {
                        assertEquals(at, Ascii.indexOfLineEnding(buffer, 0, length));
                    }
                    if (at >= 0) {
                        assertEquals(-1, Ascii.indexOfLineEnding(bytes, at + 1, length));
                        assertEquals(-1, Ascii.indexOfLineEnding(bytes, 0, at));
                    }
                }
            }
        }
    }

    @Test
    void scansUseAbsoluteIndicesAndNeverMoveThePosition() {
        ByteBuffer slice = ByteBuffer.wrap(bytes("xxxxxabc\r\ndef")).position(5).slice();
        slice.position(2);
        assertEquals(3, Ascii.indexOfLineEnding(slice, 0, slice.limit()));
        assertEquals(1, Ascii.indexOf(slice, 0, slice.limit(), (byte) 'b'));
        assertEquals(2, slice.position());
        assertThrows(IndexOutOfBoundsException.class, () -> Ascii.indexOf(slice, 0, slice.limit() + 1, (byte) 'b'));
        assertThrows(IndexOutOfBoundsException.class, () -> Ascii.indexOfLineEnding(new byte[4], 3, 2));
    }

    private static ByteBuffer[] buffers(byte[] bytes) {
        byte[] padded = new byte[bytes.length + 5];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).clear();
        return new ByteBuffer[] {
            ByteBuffer.wrap(bytes),
            ByteBuffer.wrap(padded, 3, bytes.length).slice(),
            ByteBuffer.wrap(bytes).asReadOnlyBuffer(),
            direct,
            direct.asReadOnlyBuffer(),
        };
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of("0", Long.MAX_VALUE, 0L),
                Arguments.of("250", Long.MAX_VALUE, 250L),
                Arguments.of("007", Long.MAX_VALUE, 7L),
                Arguments.of("1000", 1000L, 1000L),
                Arguments.of("1001", 1000L, -1L),
                Arguments.of("0", 0L, 0L),
                Arguments.of("1", 0L, -1L),
                Arguments.of("9223372036854775807", Long.MAX_VALUE, Long.MAX_VALUE),
                Arguments.of("9223372036854775808", Long.MAX_VALUE, -1L),
                Arguments.of("99999999999999999999", Long.MAX_VALUE, -1L),
                Arguments.of("18446744073709551617", Long.MAX_VALUE, -1L),
                Arguments.of("", Long.MAX_VALUE, -1L),
                Arguments.of("-1", Long.MAX_VALUE, -1L),
                Arguments.of("+1", Long.MAX_VALUE, -1L),
                Arguments.of(" 1", Long.MAX_VALUE, -1L),
                Arguments.of("1 ", Long.MAX_VALUE, -1L),
                Arguments.of("12a", Long.MAX_VALUE, -1L),
                Arguments.of("1/", Long.MAX_VALUE, -1L),
                Arguments.of("1:", Long.MAX_VALUE, -1L),
                Arguments.of("\u0661", Long.MAX_VALUE, -1L));
    }

    @ParameterizedTest(name = "\"{0}\" max {1} -> {2}")
    @MethodSource("numbers")
    void parsesUnsignedDecimalsWithoutOverflow(String digits, long max, long expected) {
        byte[] bytes = bytes("<" + digits + ">");
        assertEquals(expected, Ascii.parseUnsignedLong(bytes, 1, bytes.length - 1, max));
        for (ByteBuffer buffer : buffers(bytes)) {
            assertEquals(expected, Ascii.parseUnsignedLong(buffer, 1, bytes.length - 1, max));
        }
    }

    @Test
    void refusesANegativeMaximum() {
        assertThrows(IllegalArgumentException.class, () -> Ascii.parseUnsignedLong(bytes("1"), 0, 1, -1));
    }

    static Stream<Arguments> keywords() {
        return Stream.of(
                Arguments.of("EHLO", "ehlo", true, true),
                Arguments.of("eHlO", "ehlo", true, true),
                Arguments.of("EHLO x", "ehlo", false, true),
                Arguments.of("EHL", "ehlo", false, false),
                Arguments.of("HELO", "ehlo", false, false),
                Arguments.of("MAIL FROM:<a@b>", "mail from:", false, true),
                Arguments.of("", "", true, true),
                Arguments.of("x", "", false, true),
                // Only ASCII folds: 0xC9 (É) is not 0xE9 (é), and '[' (0x5B) is not '{' (0x7B).
                Arguments.of("\u00c9", "\u00e9", false, false),
                Arguments.of("[", "{", false, false));
    }

    @ParameterizedTest(name = "\"{0}\" vs \"{1}\"")
    @MethodSource("keywords")
    void comparesKeywordsIgnoringAsciiCase(String region, String keyword, boolean equal, boolean prefix) {
        byte[] bytes = bytes("<" + region + ">");
        byte[] key = bytes(keyword);
        int to = bytes.length - 1;
        assertEquals(equal, Ascii.equalsIgnoreCase(bytes, 1, to, key));
        assertEquals(prefix, Ascii.startsWithIgnoreCase(bytes, 1, to, key));
        for (ByteBuffer buffer : buffers(bytes)) {
            assertEquals(equal, Ascii.equalsIgnoreCase(buffer, 1, to, key));
            assertEquals(prefix, Ascii.startsWithIgnoreCase(buffer, 1, to, key));
        }
    }

    @Test
    void keywordComparisonStaysInsideTheRegion() {
        byte[] bytes = bytes("EHLOX");
        assertTrue(Ascii.startsWithIgnoreCase(bytes, 0, 4, bytes("ehlo")));
        assertFalse(Ascii.startsWithIgnoreCase(bytes, 0, 3, bytes("ehlo")));
    }
}
