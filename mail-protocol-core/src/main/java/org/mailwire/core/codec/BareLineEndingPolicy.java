// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

/**
 * What a framer does with a bare line ending: a LF not preceded by CR, or a CR not followed
 * by LF.
 *
 * <p>Mail protocols end every line with CRLF, and RFC 5321 §2.3.8 forbids receivers to treat a
 * bare CR or LF as a line ending. Readers that did so anyway disagreed with the servers
 * forwarding to them about where a message ends, which is SMTP smuggling (CVE-2023-51764 Postfix,
 * CVE-2023-51765 Sendmail, CVE-2023-51766 Exim): a {@code \n.\n} inside one message became the
 * end of data for the next hop, and the bytes after it a second, forged transaction. So the
 * default is {@link #REJECT}, and only CRLF ever ends a line under any value but
 * {@link #ACCEPT_BARE_LF}, which exists for IMAP and POP3 commands from old clients and must
 * never be used for SMTP DATA.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-2.3.8">RFC 5321 §2.3.8</a>
 * @see <a href="https://www.postfix.org/smtp-smuggling.html">Postfix: SMTP smuggling</a>
 */
public enum BareLineEndingPolicy {

    /**
     * Strict, the default: a bare LF or bare CR is a protocol error, reported once at the
     * offending byte; the rest of that line, up to and including the next CRLF, is discarded.
     * This is Postfix's {@code smtpd_forbid_bare_newline = yes} and what the smtpsmug authors
     * recommend.
     */
    REJECT,

    /**
     * A bare LF or bare CR is ordinary content and never ends a line; only CRLF does. Safe
     * against smuggling, because every reader still agrees where each line ends, but the content
     * then holds bytes that a later hop may interpret differently.
     */
    KEEP_AS_DATA,

    /**
     * Lenient: a bare LF also ends a line (RFC 5321 §2.3.8 allows no such thing; this is for
     * interoperability with old IMAP/POP3 clients). A bare CR is still an error. Never use it
     * for SMTP DATA: {@link DotUnstuffer} refuses it, because an end of data that some readers
     * see and others do not is exactly what smuggling exploits.
     */
    ACCEPT_BARE_LF
}
