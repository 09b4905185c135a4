// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * The RFC 5321 §4.1.2 and §4.1.3 grammar as allocation-free checks over characters, shared by
 * the value constructors (over strings) and the command decoder (over the line, through
 * {@link ByteChars}), so that what can be built and what can be decoded are the same language.
 *
 * <p>Characters above U+009F stand for UTF-8 content ({@code UTF8-non-ascii}, RFC 6531 §3.3):
 * they are allowed in atoms, quoted strings and domain labels; whether UTF-8 is permitted at all
 * is the caller's decision (SMTPUTF8). C1 controls are refused like C0 ones.
 */
final class SmtpSyntax {

    private SmtpSyntax() {
    }

    /**
     * Non-ASCII content that may stand in an address: anything above U+009F. The C1 controls
     * U+0080 to U+009F are refused like C0 ones (U+0085 is a line break to some readers).
     * Surrogates are checked once per string by {@link #isWellFormedUtf16}.
     */
    static boolean isNonAsciiContent(char c) {
        return c > 0x9F;
    }

    /** {@code atext} of RFC 5322 §3.2.3, plus UTF-8 content (RFC 6531 §3.3). */
    static boolean isAtext(char c) {
        if (c >= 0x80) {
            return isNonAsciiContent(c);
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~':
                return true;
            default:
                return false;
        }
    }

    /** {@code Let-dig}: a letter or digit, or UTF-8 content in a U-label. */
    static boolean isLetDig(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || isNonAsciiContent(c);
    }

    /** {@code Dot-string = Atom *("." Atom)}, RFC 5321 §4.1.2. */
    static boolean isDotString(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        boolean atomStart = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (atomStart) {
                    return false;
                }
                atomStart = true;
            } else if (isAtext(c)) {
                atomStart = false;
            } else {
                return false;
            }
        }
        return !atomStart;
    }

    /**
     * Tells whether a local part's content can be written at all: as a dot-string or as a
     * quoted string, every character {@code %d32-126} or UTF-8 content. Controls (CR, LF, NUL,
     * ...) can never be, even quoted (MimeKit GHSA-g7hc-96xr-gvvx).
     */
    static boolean isLocalPartContent(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return false;
            }
        }
        return true;
    }

    /** {@code qtextSMTP}: {@code %d32-33 / %d35-91 / %d93-126}, plus UTF-8 content. */
    static boolean isQtext(char c) {
        return (c >= 32 && c <= 126 && c != '"' && c != '\\') || isNonAsciiContent(c);
    }

    /** {@code Ldh-str} starting with a letter or digit: an esmtp-keyword or a standardized tag. */
    static boolean isKeyword(CharSequence s) {
        int n = s.length();
        if (n == 0 || !isAsciiLetDig(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetDig(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiLetDig(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** {@code esmtp-value}: {@code 1*(%d33-60 / %d62-126)}, RFC 5321 §4.1.2. */
    static boolean isEsmtpValue(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII with spaces inside: {@code 1*%d32-126}, neither starting nor ending in a space. */
    static boolean isText(CharSequence s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 32 || c > 126) {
                return false;
            }
        }
        return true;
    }

    /** {@code Domain / address-literal}. */
    static boolean isDomainOrAddressLiteral(CharSequence s) {
        return s.length() > 0 && s.charAt(0) == '[' ? isAddressLiteral(s) : isDomain(s);
    }

    /**
     * {@code Domain = sub-domain *("." sub-domain)}: letters, digits and inner hyphens, labels of
     * 1 to 63 characters, 255 in all (RFC 5321 §4.1.2, RFC 1035 §2.3.4). UTF-8 content counts as
     * a letter, for U-labels (RFC 6531 §3.3).
     */
    static boolean isDomain(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > 255) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || s.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || !isLetDig(s.charAt(labelStart)) || !isLetDig(s.charAt(i - 1))) {
                    return false;
                }
                labelStart = i + 1;
            } else {
                char c = s.charAt(i);
                if (!isLetDig(c) && c != '-') {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code address-literal}: {@code [IPv4]}, {@code [IPv6:...]} or a general literal
     * {@code [tag:content]}, RFC 5321 §4.1.3.
     */
    static boolean isAddressLiteral(CharSequence s) {
        int n = s.length();
        if (n < 3 || s.charAt(0) != '[' || s.charAt(n - 1) != ']') {
            return false;
        }
        int from = 1;
        int to = n - 1;
        if (isIpv4(s, from, to)) {
            return true;
        }
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return false;
        }
        if (colon - from == 4 && regionEqualsIgnoreCase(s, from, "ipv6")) {
            return isIpv6(s, colon + 1, to);
        }
        // General-address-literal = Standardized-tag ":" 1*dcontent
        for (int i = from; i < colon; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetDig(c) && !(c == '-' && i > from && i < colon - 1)) {
                return false;
            }
        }
        if (colon == from || colon + 1 == to) {
            return false;
        }
        for (int i = colon + 1; i < to; i++) {
            char c = s.charAt(i);
            // dcontent = %d33-90 / %d94-126
            if (c < 33 || c > 126 || (c >= 91 && c <= 93)) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEqualsIgnoreCase(CharSequence s, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(from + i);
            if (Character.toLowerCase(c) != lower.charAt(i) || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@code IPv4-address-literal = Snum 3("." Snum)}, each Snum 1 to 3 digits, 0 to 255. */
    static boolean isIpv4(CharSequence s, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) {
                return false;
            }
            parts++;
            if (parts == 4) {
                return i == to;
            }
            if (i >= to || s.charAt(i) != '.') {
                return false;
            }
            i++;
        }
    }

    /**
     * {@code IPv6-addr} of RFC 5321 §4.1.3: eight groups, or at most six around one {@code ::},
     * optionally ending with an IPv4 address that stands for two groups.
     */
    static boolean isIpv6(CharSequence s, int from, int to) {
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        } else if (i < to && s.charAt(i) == ':') {
            return false;
        }
        while (i < to) {
            int start = i;
            while (i < to && i - start < 4 && isHex(s.charAt(i))) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // The rest must be an IPv4 address, worth two groups.
                if (!isIpv4(s, start, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (i == start) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        return compressed ? groups <= 6 : groups == 8;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Tells whether every character is ASCII. */
    static boolean isAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Tells whether a string holds no unpaired surrogate, so that its UTF-8 form is exact. */
    static boolean isWellFormedUtf16(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether {@code bytes[from, to)} is well-formed UTF-8 (RFC 3629 §4): no overlong
     * forms, no surrogates, nothing above U+10FFFF, and no C1 control characters.
     */
    static boolean isUtf8(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            int cp;
            if (b >= 0xC2 && b <= 0xDF) {
                n = 1;
                min = 0x80;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                n = 2;
                min = 0x800;
                cp = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                n = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (i + n >= to) {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp <= 0x9F) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    /** {@code sasl-mech = 1*20mech-char}, letters of either case accepted (RFC 4422 §3.1). */
    static boolean isMechanism(CharSequence s) {
        int n = s.length();
        if (n < 1 || n > 20) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!SmtpSyntax.isAsciiLetDig(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether text is {@code =} or canonical base64 (RFC 4648 §4): groups of four
     * alphabet characters, the last group padded with at most two {@code =}.
     */
    static boolean isBase64OrEmpty(CharSequence s) {
        int n = s.length();
        if (n == 1 && s.charAt(0) == '=') {
            return true;
        }
        if (n == 0 || n % 4 != 0) {
            return false;
        }
        int padding = s.charAt(n - 1) == '=' ? (s.charAt(n - 2) == '=' ? 2 : 1) : 0;
        for (int i = 0; i < n - padding; i++) {
            char c = s.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!alphabet) {
                return false;
            }
        }
        return true;
    }
}
