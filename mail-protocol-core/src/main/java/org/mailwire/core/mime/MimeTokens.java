// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

/**
 * A cursor over an unfolded structured header value that reads the RFC 5322 §3.2 / RFC 2045 §5.1
 * lexical pieces: whitespace and comments, tokens and atoms, quoted strings, domain literals.
 *
 * <p>Each method moves forward only, so a parse built on it is linear. Comment nesting is
 * counted, not recursed, so deep nesting costs no stack.
 */
final class MimeTokens {

    private final String text;
    private int at;

    MimeTokens(String text) {
        this.text = text;
    }

    int position() {
        return at;
    }

    void position(int position) {
        at = position;
    }

    boolean atEnd() {
        return at >= text.length();
    }

    char peek() {
        return text.charAt(at);
    }

    boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    void skip() {
        at++;
    }

    /** Skips whitespace and comments (CFWS, RFC 5322 §3.2.2), an unclosed comment to the end. */
    void skipCommentsAndSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                at++;
            } else if (c == '(') {
                comment(null);
            } else {
                return;
            }
        }
    }

    /** Reads a comment at the cursor ("(" ... ")"), appending its text to {@code into} if given. */
    void comment(StringBuilder into) {
        int depth = 0;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\\' && at < text.length()) {
                if (into != null && depth > 0) {
                    into.append(text.charAt(at));
                }
                at++;
            } else if (c == '(') {
                if (into != null && depth > 0) {
                    into.append(c);
                }
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return;
                }
                if (into != null) {
                    into.append(c);
                }
            } else if (into != null) {
                into.append(c);
            }
        }
    }

    /** Reads an RFC 2045 token (no tspecials), or returns "" when none is at the cursor. */
    String token() {
        int start = at;
        while (at < text.length() && isTokenChar(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    static boolean isTokenChar(char c) {
        return c < 128 ? TOKEN[c] : c != 0x7f && c > 0x20;
    }

    /** ASCII token characters: no controls, space or tspecials (RFC 2045 §5.1). */
    private static final boolean[] TOKEN = table("()<>@,;:\\\"/[]?=");
    /** ASCII atext (RFC 5322 §3.2.3). */
    private static final boolean[] ATOM = table("()<>[]:;@\\,.\"");

    private static boolean[] table(String specials) {
        boolean[] table = new boolean[128];
        for (char c = 0x21; c < 0x7f; c++) {
            table[c] = specials.indexOf(c) < 0;
        }
        return table;
    }

    /** Reads an RFC 5322 atom, dots included when {@code dots} (dot-atom and obs-local-part). */
    String atom(boolean dots) {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (isAtomChar(c) || (dots && c == '.')) {
                at++;
            } else {
                break;
            }
        }
        return text.substring(start, at);
    }

    /** Atext (RFC 5322 §3.2.3) and, per RFC 6532 §3.2, any non-ASCII character. */
    static boolean isAtomChar(char c) {
        return c < 128 ? ATOM[c] : true;
    }

    /** Reads a quoted string at the cursor (which is at '"'), unescaping; an unclosed one ends at the end. */
    String quoted() {
        // Most quoted strings hold no escape and no line end: they are a plain substring.
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                String plain = text.substring(at + 1, i);
                at = i + 1;
                return plain;
            }
            if (c == '\\' || c == '\r' || c == '\n') {
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && at < text.length()) {
                out.append(text.charAt(at++));
            } else if (c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Reads a domain literal at the cursor (which is at '['), brackets included. */
    String domainLiteral() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\\' && at < text.length()) {
                at++;
            } else if (c == ']') {
                break;
            }
        }
        return text.substring(start, at);
    }

    /** Moves past the next {@code c} outside quotes and comments, or to the end. */
    void skipPast(char c) {
        while (at < text.length()) {
            char d = text.charAt(at);
            if (d == c) {
                at++;
                return;
            }
            if (d == '"') {
                quoted();
            } else if (d == '(') {
                comment(null);
            } else {
                at++;
            }
        }
    }

    String rest() {
        return text.substring(Math.min(at, text.length()));
    }

    String substring(int from, int to) {
        return text.substring(from, to);
    }
}
