// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

/**
 * The wire form an encoder gives a string argument: an atom where the grammar allows one and
 * the value fits, else a quoted string, else a literal. Choosing the lightest form keeps
 * commands readable and avoids a continuation round trip for every synchronising literal.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-4.3">RFC 9051 §4.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9 ({@code astring},
 *     {@code string}, {@code quoted}, {@code literal})</a>
 */
public enum StringForm {
    /** Written bare: {@code 1*ASTRING-CHAR}, only where the grammar says {@code astring}. */
    ATOM,
    /** Written between double quotes, with {@code "} and {@code \} escaped by a backslash. */
    QUOTED,
    /** Written as {@code {n}} CRLF and the octets: the only form for CR, LF or long values. */
    LITERAL;

    /**
     * Quoted strings longer than this are sent as literals: a line must stay within a server's
     * line limit (RFC 7162 §4 asks servers to take at least 8192 octets), and the rest of the
     * command needs room too.
     */
    public static final int MAX_QUOTED_LENGTH = 1024;

    /**
     * Chooses the form of an {@code astring} value (mailbox names, user names, passwords).
     *
     * @param value    the value's octets
     * @param utf8     whether 8-bit octets may be quoted: {@code UTF8=ACCEPT} is enabled or the
     *                 session is IMAP4rev2 (RFC 9051 §6.3.1, RFC 6855 §3); otherwise 8-bit
     *                 values need a literal
     * @return {@link #ATOM}, {@link #QUOTED} or {@link #LITERAL}
     */
    public static StringForm forAString(byte[] value, boolean utf8) {
        if (value.length > 0 && value.length <= MAX_QUOTED_LENGTH && allAStringChars(value)) {
            return ATOM;
        }
        return forString(value, utf8);
    }

    /**
     * Chooses the form of a {@code string} value, which the grammar never allows as an atom.
     *
     * @param value the value's octets
     * @param utf8  whether 8-bit octets may be quoted
     * @return {@link #QUOTED} or {@link #LITERAL}
     */
    public static StringForm forString(byte[] value, boolean utf8) {
        if (value.length > MAX_QUOTED_LENGTH) {
            return LITERAL;
        }
        for (byte b : value) {
            int c = b & 0xFF;
            boolean fits = c < 0x80 ? ImapSyntax.isQuotable(c) : utf8;
            if (!fits) {
                return LITERAL;
            }
        }
        return QUOTED;
    }

    private static boolean allAStringChars(byte[] value) {
        for (byte b : value) {
            if (!ImapSyntax.isAStringChar(b & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
