// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * Named leniencies of the command decoder, every one off by default: a decoder built without
 * any follows RFC 5321 to the letter. Each value names the rule it relaxes.
 *
 * <p>{@link #ALLOW_SPACE_AFTER_COLON} is off by default too, unlike Postfix (whose
 * {@code smtpd_strict_rfc821_envelopes} defaults to {@code no}). RFC 5321 §3.3 singles the space
 * out as "a common source of errors", but the clients that still send it are old; DESIGN.md asks
 * for strict defaults with named switches, and the leniency is harmless to framing, so a server
 * preset facing the public (port 25) may turn it on without risk.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public enum SmtpCompliance {

    /**
     * A bare LF ends a command line (a bare CR is still refused). RFC 5321 §2.3.8 forbids it; it
     * exists for broken scripts on trusted networks. It never applies to DATA, whose end is
     * always {@code <CRLF>.<CRLF>} (SECURITY-CASES SMTP-01, SMTP-05).
     */
    ALLOW_BARE_LF_IN_COMMANDS,

    /**
     * Spaces between {@code FROM:} or {@code TO:} and the path ({@code MAIL FROM: <a@b>}), which
     * RFC 5321 §3.3 explicitly forbids and many old clients send.
     */
    ALLOW_SPACE_AFTER_COLON,

    /**
     * A path without its angle brackets ({@code MAIL FROM:a@b}), the RFC 821 mistake RFC 5321
     * §4.1.2's {@code Path} grammar rules out. Parameters still follow after a space.
     */
    ALLOW_MISSING_ANGLE_BRACKETS,

    /**
     * Spaces or tabs at the end of a command line, which the grammar of RFC 5321 §4.1.1 has no
     * room for; they are ignored.
     */
    ALLOW_TRAILING_WHITESPACE
}
