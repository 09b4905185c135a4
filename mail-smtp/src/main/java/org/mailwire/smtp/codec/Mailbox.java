// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.Objects;

/**
 * A mailbox {@code local-part@domain} as SMTP carries it (RFC 5321 §4.1.2): the local part as
 * its content (a quoted local part is kept unquoted, so {@code "a b"@x} has the local part
 * {@code a b}, and {@code "ab"@x} equals {@code ab@x}), the domain as a name or an address
 * literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}.
 *
 * <p>A mailbox cannot be built invalid: the local part is a dot-string or content a quoted
 * string can carry, never a control character (CR, LF, NUL, ... even quoted: MimeKit
 * GHSA-g7hc-96xr-gvvx, SECURITY-CASES SMTPC-01); the domain is LDH labels of 1 to 63
 * characters, 255 in all, or an address literal. Non-ASCII characters are allowed (RFC 6531),
 * but only an SMTPUTF8 transaction may carry such a mailbox ({@link #needsSmtpUtf8()}). The
 * length limits of RFC 5321 §4.5.3.1 are the decoder's, configurable in {@link SmtpLimits}.
 * Domains keep their case; comparing them case-insensitively is the application's choice.
 *
 * @param localPart the local part's content, unquoted
 * @param domain the domain or address literal
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2">RFC 5321 §4.1.2</a>
 */
public record Mailbox(String localPart, String domain) implements ReversePath, ForwardPath {

    /**
     * Checks both parts.
     *
     * @param localPart the local part's content: printable, no control characters
     * @param domain a domain or address literal
     * @throws IllegalArgumentException if either part is invalid
     */
    public Mailbox {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        if (!SmtpSyntax.isLocalPartContent(localPart) || !SmtpSyntax.isWellFormedUtf16(localPart)) {
            throw new IllegalArgumentException("invalid local part");
        }
        if (!SmtpSyntax.isDomainOrAddressLiteral(domain) || !SmtpSyntax.isWellFormedUtf16(domain)) {
            throw new IllegalArgumentException("invalid domain: " + printable(domain));
        }
    }

    /**
     * Parses {@code local-part@domain}, the local part a dot-string or a quoted string.
     *
     * @param address for example {@code alice@example.org} or {@code "a b"@[192.0.2.1]}
     * @return the mailbox
     * @throws IllegalArgumentException if the text is not a mailbox
     */
    public static Mailbox parse(String address) {
        Objects.requireNonNull(address, "address");
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not a mailbox: " + printable(address));
        }
        String local = address.substring(0, at);
        if (local.length() >= 2 && local.charAt(0) == '"' && local.charAt(local.length() - 1) == '"') {
            StringBuilder content = new StringBuilder(local.length());
            for (int i = 1; i < local.length() - 1; i++) {
                char c = local.charAt(i);
                if (c == '\\' && i + 1 < local.length() - 1) {
                    c = local.charAt(++i);
                } else if (c == '\\' || c == '"') {
                    throw new IllegalArgumentException("not a quoted string: " + printable(local));
                }
                content.append(c);
            }
            local = content.toString();
        } else if (!SmtpSyntax.isDotString(local)) {
            throw new IllegalArgumentException("not a dot-string: " + printable(local));
        }
        return new Mailbox(local, address.substring(at + 1));
    }

    /**
     * Tells whether the local part must be quoted: it is not a dot-string.
     *
     * @return {@code true} if {@link #toString()} quotes the local part
     */
    public boolean needsQuoting() {
        return !SmtpSyntax.isDotString(localPart);
    }

    @Override
    public boolean needsSmtpUtf8() {
        return !SmtpSyntax.isAscii(localPart) || !SmtpSyntax.isAscii(domain);
    }

    @Override
    public String toPath() {
        return "<" + this + ">";
    }

    /**
     * Returns the mailbox as written in SMTP, the local part quoted (with {@code "} and
     * {@code \} escaped) when it is not a dot-string.
     *
     * @return for example {@code alice@example.org} or {@code "a b"@example.org}
     */
    @Override
    public String toString() {
        if (!needsQuoting()) {
            return localPart + "@" + domain;
        }
        StringBuilder out = new StringBuilder(localPart.length() + domain.length() + 4).append('"');
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append("\"@").append(domain).toString();
    }

    /** Shows a rejected value in a message with control characters escaped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
