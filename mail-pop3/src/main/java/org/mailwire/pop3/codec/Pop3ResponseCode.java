// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import java.util.Objects;

/**
 * An extended response code: the bracketed, hierarchical word right after {@code +OK} or
 * {@code -ERR} that tells a client why, in a form it can act on without parsing prose.
 *
 * <p>Syntax (RFC 2449 §8): {@code resp-code = "[" resp-level *("/" resp-level) "]"}, where a level
 * is one or more visible ASCII characters other than {@code /}, {@code [} and {@code ]}.
 *
 * @param value the code without brackets, for example {@code SYS/TEMP}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-8">RFC 2449 §8, response codes</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3206">RFC 3206, SYS and AUTH codes</a>
 */
public record Pop3ResponseCode(String value) {

    /** The maildrop is locked by another session (RFC 2449 §8.1.1). */
    public static final Pop3ResponseCode IN_USE = new Pop3ResponseCode("IN-USE");
    /** Logged in too recently, try later (RFC 2449 §8.1.2). */
    public static final Pop3ResponseCode LOGIN_DELAY = new Pop3ResponseCode("LOGIN-DELAY");
    /** A temporary system problem; retrying may work (RFC 3206 §4). */
    public static final Pop3ResponseCode SYS_TEMP = new Pop3ResponseCode("SYS/TEMP");
    /** A permanent system problem; retrying will not help (RFC 3206 §4). */
    public static final Pop3ResponseCode SYS_PERM = new Pop3ResponseCode("SYS/PERM");
    /** The credentials or the authentication method were refused (RFC 3206 §5). */
    public static final Pop3ResponseCode AUTH = new Pop3ResponseCode("AUTH");
    /** The command needs UTF-8 mode or the user's UTF-8 data cannot be given (RFC 6856 §3). */
    public static final Pop3ResponseCode UTF8 = new Pop3ResponseCode("UTF8");

    /**
     * Checks the syntax of RFC 2449 §8.
     *
     * @param value see the record description
     */
    public Pop3ResponseCode {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a response code: " + value);
        }
    }

    /**
     * Tells whether a string is a valid code without its brackets.
     *
     * @param value the candidate
     * @return {@code true} for one or more non-empty levels of visible ASCII separated by {@code /}
     */
    public static boolean isValid(String value) {
        if (value.isEmpty()) {
            return false;
        }
        boolean levelEmpty = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/') {
                if (levelEmpty) {
                    return false;
                }
                levelEmpty = true;
            } else if (c <= 0x20 || c >= 0x7F || c == '[' || c == ']') {
                return false;
            } else {
                levelEmpty = false;
            }
        }
        return !levelEmpty;
    }

    /**
     * Returns the code as sent, in brackets.
     *
     * @return for example {@code [IN-USE]}
     */
    @Override
    public String toString() {
        return "[" + value + "]";
    }
}
