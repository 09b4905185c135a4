// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * The {@code xtext} encoding of RFC 3461 §4, used by the ENVID, ORCPT and AUTH parameters:
 * printable ASCII except {@code +} and {@code =} stands for itself, anything else is {@code +}
 * and two upper-case hex digits.
 *
 * <p>Decoding refuses what would smuggle a line ending: a decoded value holds printable ASCII and
 * spaces only, never a control character (SECURITY-CASES SMTP-14, Exim CVE-2020-28026, where an
 * xtext-encoded LF in ORCPT became a line of the spool file).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3461#section-4">RFC 3461 §4</a>
 */
final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    /** Tells whether a decoded value can be carried: {@code %d32-126} only. */
    static boolean isDecodable(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 32 || c > 126) {
                return false;
            }
        }
        return true;
    }

    private static boolean isXchar(char c) {
        return c >= 33 && c <= 126 && c != '+' && c != '=';
    }

    /** Returns the length of the xtext form of a value of printable ASCII. */
    static int encodedLength(CharSequence value) {
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            n += isXchar(value.charAt(i)) ? 1 : 3;
        }
        return n;
    }

    /** Appends the xtext form of a value of printable ASCII. */
    static void encode(CharSequence value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isXchar(c)) {
                out.append(c);
            } else {
                out.append('+').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /**
     * Decodes {@code bytes[from, to)} into {@code out}, which is cleared first.
     *
     * @return {@code true} if the input is xtext and its value holds only {@code %d32-126}
     */
    static boolean decode(byte[] bytes, int from, int to, StringBuilder out) {
        out.setLength(0);
        for (int i = from; i < to; i++) {
            char c = (char) (bytes[i] & 0xFF);
            if (c == '+') {
                if (i + 2 >= to) {
                    return false;
                }
                int hi = hex(bytes[i + 1]);
                int lo = hex(bytes[i + 2]);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                int v = hi << 4 | lo;
                if (v < 32 || v > 126) {
                    return false;
                }
                out.append((char) v);
                i += 2;
            } else if (isXchar(c)) {
                out.append(c);
            } else {
                return false;
            }
        }
        return true;
    }

    /** An upper-case hex digit's value, or -1: RFC 3461 §4 allows only {@code %x30-39 / %x41-46}. */
    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
