// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

/**
 * The character classes of the IMAP formal syntax (RFC 9051 §9), shared by the values and the
 * codec, as one 128-entry table of bit sets: every test is a lookup, and any octet outside
 * US-ASCII belongs to no class.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9</a>
 */
public final class ImapSyntax {

    private static final int ATOM_CHAR = 1;
    private static final int ASTRING_CHAR = 2;
    private static final int TAG_CHAR = 4;
    private static final int LIST_CHAR = 8;
    private static final int QUOTED_CHAR = 16;

    // Written only during class initialisation and never exposed: an immutable constant.
    private static final byte[] CLASSES = buildClasses();

    private ImapSyntax() {
    }

    private static byte[] buildClasses() {
        byte[] table = new byte[128];
        for (int c = 0x01; c < 0x80; c++) {
            // QUOTED-CHAR: any TEXT-CHAR (CHAR except CR and LF) except quoted-specials, which
            // travel escaped; NUL is no CHAR at all (RFC 9051 §9, Dovecot CVE-2019-11500).
            if (c != '\r' && c != '\n') {
                table[c] |= QUOTED_CHAR;
            }
            boolean control = c < 0x20 || c == 0x7F;
            // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
            // resp-specials.
            boolean atomSpecial = control || c == '(' || c == ')' || c == '{' || c == ' '
                    || c == '%' || c == '*' || c == '"' || c == '\\' || c == ']';
            if (!atomSpecial) {
                table[c] |= ATOM_CHAR | ASTRING_CHAR | LIST_CHAR;
                if (c != '+') {
                    table[c] |= TAG_CHAR;
                }
            }
        }
        // ASTRING-CHAR = ATOM-CHAR / resp-specials; tag = 1*<any ASTRING-CHAR except "+">.
        table[']'] |= ASTRING_CHAR | TAG_CHAR | LIST_CHAR;
        // list-char = ATOM-CHAR / list-wildcards / resp-specials.
        table['%'] |= LIST_CHAR;
        table['*'] |= LIST_CHAR;
        return table;
    }

    private static boolean is(int c, int bits) {
        return c >= 0 && c < 0x80 && (CLASSES[c] & bits) != 0;
    }

    /**
     * Tells whether a character is an ATOM-CHAR: any CHAR except atom-specials (RFC 9051 §9).
     *
     * @param c the character or octet value
     * @return {@code true} if it belongs to the class
     */
    public static boolean isAtomChar(int c) {
        return is(c, ATOM_CHAR);
    }

    /**
     * Tells whether a character is an ASTRING-CHAR: an ATOM-CHAR or {@code ]} (RFC 9051 §9).
     *
     * @param c the character or octet value
     * @return {@code true} if it belongs to the class
     */
    public static boolean isAStringChar(int c) {
        return is(c, ASTRING_CHAR);
    }

    /**
     * Tells whether a character is a character of a tag: an ASTRING-CHAR other than {@code +} (RFC 9051 §9).
     *
     * @param c the character or octet value
     * @return {@code true} if it belongs to the class
     */
    public static boolean isTagChar(int c) {
        return is(c, TAG_CHAR);
    }

    /**
     * Tells whether a character is a list-char of a LIST pattern: an ATOM-CHAR, {@code %}, {@code *} or {@code ]} (RFC 9051 §9).
     *
     * @param c the character or octet value
     * @return {@code true} if it belongs to the class
     */
    public static boolean isListChar(int c) {
        return is(c, LIST_CHAR);
    }

    /**
     * Tells whether an ASCII character may stand in a quoted string, bare or (for {@code "} and
     * {@code \}) escaped: any CHAR except CR and LF (RFC 9051 §9 {@code QUOTED-CHAR}).
     *
     * @param c the character or octet value
     * @return {@code true} if a quoted string can carry it
     */
    public static boolean isQuotable(int c) {
        return is(c, QUOTED_CHAR);
    }

    /**
     * Tells whether a string is an object id: 1 to 255 letters, digits, {@code _} and {@code -}
     * (RFC 8474 §7 {@code objectid}; case matters).
     *
     * @param s the string
     * @return {@code true} if it is an object id
     */
    public static boolean isObjectId(CharSequence s) {
        if (s.isEmpty() || s.length() > 255) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Tells whether every character of a non-empty string is in the class. */
    static boolean allAtomChars(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isAtomChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean allAStringChars(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isAStringChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
