// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * Bounds the SMTP codec enforces on untrusted input, each default named after its source.
 * Every limit counts octets on the wire, as RFC 5321 §4.5.3.1 does.
 *
 * @param maxCommandLine longest command line, CRLF included: 512 to 65536; default 512
 *     (RFC 5321 §4.5.3.1.4, the minimum a server must accept; raise it, e.g. to 4096, for
 *     clients that send many ESMTP parameters)
 * @param maxReplyLine longest reply line a client accepts, CRLF included: 512 to 65536; default
 *     512 (RFC 5321 §4.5.3.1.5)
 * @param maxReplyLines most lines of one multi-line reply a client accepts: 1 to 10000; default
 *     100, far above any real EHLO reply, and a bound Netty's reply decoder lacks
 * @param maxTextLine longest line of message data, CRLF included, not counting a stuffed dot:
 *     1000 to 16 MiB; default 1000 (RFC 5321 §4.5.3.1.6); for the session's data reader
 * @param maxRecipients most recipients per transaction: 100 to 1000000; default 1000 (RFC 5321
 *     §4.5.3.1.8 requires at least 100; the session answers {@code 452 4.5.3} past it)
 * @param maxMessageSize largest message in octets, and the largest {@code SIZE} a {@code MAIL}
 *     may declare: 1 to {@link Long#MAX_VALUE}; default 50 MiB (SECURITY-CASES "Default
 *     limits", RFC 1870 §6)
 * @param maxLocalPart longest local part of a mailbox: 1 to 1024; default 64 (RFC 5321
 *     §4.5.3.1.1; longer ones exist in the wild, and §4.5.3.1 asks receivers to be generous)
 * @param maxDomain longest domain or address literal: 1 to 255; default 255 (RFC 5321
 *     §4.5.3.1.2, the DNS limit of RFC 1035 §2.3.4)
 * @param maxPath longest reverse- or forward-path, angle brackets included: 1 to 4096; default
 *     256 (RFC 5321 §4.5.3.1.3)
 * @param maxAuthLine longest {@code AUTH} command line or SASL response line, CRLF included:
 *     512 to 65536; default 12288 (RFC 4954 §4)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1">RFC 5321 §4.5.3.1</a>
 */
public record SmtpLimits(
        int maxCommandLine,
        int maxReplyLine,
        int maxReplyLines,
        int maxTextLine,
        int maxRecipients,
        long maxMessageSize,
        int maxLocalPart,
        int maxDomain,
        int maxPath,
        int maxAuthLine) {

    /** RFC 5321 §4.5.3.1.4: the shortest command line limit a server may have. */
    public static final int MIN_COMMAND_LINE = 512;

    /**
     * Checks ranges.
     *
     * @param maxCommandLine longest command line, CRLF included: 512 to 65536
     * @param maxReplyLine longest reply line, CRLF included: 512 to 65536
     * @param maxReplyLines most lines of one reply: 1 to 10000
     * @param maxTextLine longest data line, CRLF included: 1000 to 16 MiB
     * @param maxRecipients most recipients per transaction: 100 to 1000000
     * @param maxMessageSize largest message in octets: at least 1
     * @param maxLocalPart longest local part: 1 to 1024
     * @param maxDomain longest domain: 1 to 255
     * @param maxPath longest path, brackets included: 1 to 4096
     * @param maxAuthLine longest AUTH or SASL response line, CRLF included: 512 to 65536
     * @throws IllegalArgumentException if a limit is outside its range
     */
    public SmtpLimits {
        check("maxCommandLine", maxCommandLine, MIN_COMMAND_LINE, 65536);
        check("maxReplyLine", maxReplyLine, 512, 65536);
        check("maxReplyLines", maxReplyLines, 1, 10000);
        check("maxTextLine", maxTextLine, 1000, 16 << 20);
        check("maxRecipients", maxRecipients, 100, 1_000_000);
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1: " + maxMessageSize);
        }
        check("maxLocalPart", maxLocalPart, 1, 1024);
        check("maxDomain", maxDomain, 1, 255);
        check("maxPath", maxPath, 1, 4096);
        check("maxAuthLine", maxAuthLine, 512, 65536);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ": " + value);
        }
    }

    /**
     * Returns the defaults: command and reply lines of 512 octets, 100 reply lines, text lines
     * of 1000, 1000 recipients, 50 MiB messages, local parts of 64, domains of 255, paths of
     * 256, AUTH lines of 12288.
     *
     * @return the default limits
     */
    public static SmtpLimits defaults() {
        return new SmtpLimits(512, 512, 100, 1000, 1000, 50L << 20, 64, 255, 256, 12288);
    }

    /**
     * Returns a copy with another command line limit.
     *
     * @param maxCommandLine the new limit, CRLF included
     * @return the changed limits
     */
    public SmtpLimits withMaxCommandLine(int maxCommandLine) {
        return new SmtpLimits(maxCommandLine, maxReplyLine, maxReplyLines, maxTextLine, maxRecipients,
                maxMessageSize, maxLocalPart, maxDomain, maxPath, maxAuthLine);
    }

    /**
     * Returns a copy with other reply limits.
     *
     * @param maxReplyLine the longest reply line, CRLF included
     * @param maxReplyLines the most lines per reply
     * @return the changed limits
     */
    public SmtpLimits withReplyLimits(int maxReplyLine, int maxReplyLines) {
        return new SmtpLimits(maxCommandLine, maxReplyLine, maxReplyLines, maxTextLine, maxRecipients,
                maxMessageSize, maxLocalPart, maxDomain, maxPath, maxAuthLine);
    }

    /**
     * Returns a copy with another message size limit.
     *
     * @param maxMessageSize the largest message in octets
     * @return the changed limits
     */
    public SmtpLimits withMaxMessageSize(long maxMessageSize) {
        return new SmtpLimits(maxCommandLine, maxReplyLine, maxReplyLines, maxTextLine, maxRecipients,
                maxMessageSize, maxLocalPart, maxDomain, maxPath, maxAuthLine);
    }

    /**
     * Returns a copy with other address limits.
     *
     * @param maxLocalPart the longest local part
     * @param maxDomain the longest domain
     * @param maxPath the longest path, angle brackets included
     * @return the changed limits
     */
    public SmtpLimits withAddressLimits(int maxLocalPart, int maxDomain, int maxPath) {
        return new SmtpLimits(maxCommandLine, maxReplyLine, maxReplyLines, maxTextLine, maxRecipients,
                maxMessageSize, maxLocalPart, maxDomain, maxPath, maxAuthLine);
    }

    /**
     * Returns a copy with another recipient limit.
     *
     * @param maxRecipients the most recipients per transaction
     * @return the changed limits
     */
    public SmtpLimits withMaxRecipients(int maxRecipients) {
        return new SmtpLimits(maxCommandLine, maxReplyLine, maxReplyLines, maxTextLine, maxRecipients,
                maxMessageSize, maxLocalPart, maxDomain, maxPath, maxAuthLine);
    }
}
