// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

/**
 * Bounds the IMAP codec enforces on untrusted input, each default named after its source
 * (SECURITY-CASES "Default limits"). Every limit is checked before memory is committed to it.
 *
 * @param maxLineLength longest line of a command or response in octets, CRLF included, counted
 *     per line between literals: 2 to 65536; default 8192 (RFC 7162 §4 asks servers to accept
 *     at least 8192; 64 KiB is the hard cap, SECURITY-CASES IMAP-05)
 * @param maxPreAuthLiteralSize largest literal accepted before authentication: default 8192
 *     (LOGIN and AUTHENTICATE need small literals; Dovecot CVE-2026-27857, SECURITY-CASES IMAP-02)
 * @param maxLiteralSize largest literal accepted after authentication (and in responses): default
 *     50 MiB, the default maximum message size (SECURITY-CASES "Default limits")
 * @param maxNonSyncLiteralSize largest non-synchronising literal {@code {n+}}: default 4096, the
 *     cap of LITERAL- and IMAP4rev2 (RFC 7888 §5, RFC 9051 §4.3); a server announcing LITERAL+
 *     raises it to {@code maxLiteralSize}, one announcing neither sets 0
 * @param maxInMemoryLiteralSize literals larger than this are streamed to a {@link LiteralSink}
 *     instead of being held: default 65536
 * @param maxCommandSize most octets of one command or response held in memory, text and
 *     in-memory literals together (each fragment also counts {@value #FRAGMENT_OVERHEAD} octets
 *     for its bookkeeping, so a flood of empty literals is bounded too): default 1 MiB
 * @param maxDiscardedLiteralSize largest non-synchronising literal of a rejected command that is
 *     read and thrown away to stay in step with the client; beyond it the framer gives up and the
 *     connection must close (net-imap#701): default 65536
 * @param maxSequenceRanges most numbers and ranges in one sequence set: default 4096, the most a
 *     default line can carry ({@code 1,3,5,...}), so it only bites on raised line limits
 *     (net-imap CVE-2025-25186)
 * @param maxPreAuthNestingDepth most parenthesised lists open at once in a command before
 *     authentication: default 1 (the ID list is the only one a client needs then; Dovecot
 *     CVE-2026-27857, SECURITY-CASES IMAP-04)
 * @param maxNestingDepth most parenthesised lists open at once after authentication: default
 *     128 (Dovecot's fuzzer {@code list_count_limit}); SEARCH counts {@code NOT} and {@code OR}
 *     as a level too, since they nest keys just as parentheses do
 * @param maxSearchKeys most search keys in one SEARCH, counted at every level: default 1024
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-4.3">RFC 9051 §4.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7888#section-5">RFC 7888 §5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-4">RFC 7162 §4</a>
 */
public record ImapLimits(
        int maxLineLength,
        long maxPreAuthLiteralSize,
        long maxLiteralSize,
        long maxNonSyncLiteralSize,
        int maxInMemoryLiteralSize,
        long maxCommandSize,
        long maxDiscardedLiteralSize,
        int maxSequenceRanges,
        int maxPreAuthNestingDepth,
        int maxNestingDepth,
        int maxSearchKeys) {

    /** The hard cap on {@code maxLineLength}: 64 KiB. */
    public static final int MAX_LINE_LENGTH_CAP = 65536;

    /** What each fragment of a framed command counts towards {@code maxCommandSize}. */
    public static final int FRAGMENT_OVERHEAD = 32;

    /** The non-synchronising literal cap of LITERAL- (RFC 7888 §5). */
    public static final long LITERAL_MINUS_CAP = 4096;

    /**
     * Checks ranges.
     *
     * @param maxLineLength           longest line, CRLF included: 2 to 65536
     * @param maxPreAuthLiteralSize   largest literal before authentication: {@code >= 0}
     * @param maxLiteralSize          largest literal after authentication: {@code >= 0}
     * @param maxNonSyncLiteralSize   largest non-synchronising literal: {@code >= 0}
     * @param maxInMemoryLiteralSize  largest literal held in memory: {@code >= 0}
     * @param maxCommandSize          most octets of one command in memory: at least
     *                                {@code maxLineLength}
     * @param maxDiscardedLiteralSize largest rejected non-synchronising literal skipped: {@code >= 0}
     * @param maxSequenceRanges       most elements of a sequence set: {@code >= 1}
     * @param maxPreAuthNestingDepth  most open lists before authentication: {@code >= 1}
     * @param maxNestingDepth         most open lists after authentication: {@code >= 1}
     * @param maxSearchKeys           most keys of one SEARCH: {@code >= 1}
     * @throws IllegalArgumentException if a limit is outside its range
     */
    public ImapLimits {
        if (maxLineLength < 2 || maxLineLength > MAX_LINE_LENGTH_CAP) {
            throw new IllegalArgumentException("maxLineLength must be 2 to 65536: " + maxLineLength);
        }
        if (maxPreAuthLiteralSize < 0 || maxLiteralSize < 0 || maxNonSyncLiteralSize < 0
                || maxInMemoryLiteralSize < 0 || maxDiscardedLiteralSize < 0) {
            throw new IllegalArgumentException("literal limits must not be negative");
        }
        if (maxCommandSize < maxLineLength) {
            throw new IllegalArgumentException("maxCommandSize must hold at least one line: " + maxCommandSize);
        }
        if (maxSequenceRanges < 1) {
            throw new IllegalArgumentException("maxSequenceRanges must be at least 1: " + maxSequenceRanges);
        }
        if (maxPreAuthNestingDepth < 1 || maxNestingDepth < 1 || maxSearchKeys < 1) {
            throw new IllegalArgumentException("nesting depths and the search key count must be at least 1");
        }
    }

    /**
     * Returns the defaults: lines of 8192 octets, literals of 8 KiB before and 50 MiB after
     * authentication, non-synchronising literals of 4096 (LITERAL-), literals over 64 KiB
     * streamed, 1 MiB per command in memory, rejected literals up to 64 KiB skipped, 4096
     * sequence ranges, one open list before and 128 after authentication, 1024 search keys.
     *
     * @return the default limits
     */
    public static ImapLimits defaults() {
        return new ImapLimits(8192, 8192, 50L * 1024 * 1024, LITERAL_MINUS_CAP, 65536, 1024 * 1024, 65536, 4096, 1, 128, 1024);
    }

    /**
     * Returns a copy with another line limit.
     *
     * @param maxLineLength the new limit, CRLF included
     * @return the changed limits
     */
    public ImapLimits withMaxLineLength(int maxLineLength) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, Math.max(maxCommandSize, maxLineLength), maxDiscardedLiteralSize,
                maxSequenceRanges, maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with other literal limits.
     *
     * @param maxPreAuthLiteralSize largest literal before authentication
     * @param maxLiteralSize        largest literal after authentication
     * @return the changed limits
     */
    public ImapLimits withMaxLiteralSizes(long maxPreAuthLiteralSize, long maxLiteralSize) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with another non-synchronising literal cap: {@link #LITERAL_MINUS_CAP} for
     * LITERAL-, {@link Long#MAX_VALUE} for LITERAL+ (then bounded by the literal sizes only), 0
     * when the server announces neither.
     *
     * @param maxNonSyncLiteralSize the new cap
     * @return the changed limits
     */
    public ImapLimits withMaxNonSyncLiteralSize(long maxNonSyncLiteralSize) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with another streaming threshold.
     *
     * @param maxInMemoryLiteralSize literals larger than this go to a {@link LiteralSink}
     * @return the changed limits
     */
    public ImapLimits withMaxInMemoryLiteralSize(int maxInMemoryLiteralSize) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with another in-memory command bound.
     *
     * @param maxCommandSize most octets of one command in memory
     * @return the changed limits
     */
    public ImapLimits withMaxCommandSize(long maxCommandSize) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with another bound on skipped literals.
     *
     * @param maxDiscardedLiteralSize largest rejected non-synchronising literal read and dropped
     * @return the changed limits
     */
    public ImapLimits withMaxDiscardedLiteralSize(long maxDiscardedLiteralSize) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with another sequence-set bound.
     *
     * @param maxSequenceRanges most elements of a sequence set
     * @return the changed limits
     */
    public ImapLimits withMaxSequenceRanges(int maxSequenceRanges) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with other nesting bounds.
     *
     * @param maxPreAuthNestingDepth most open lists before authentication
     * @param maxNestingDepth        most open lists after authentication
     * @return the changed limits
     */
    public ImapLimits withMaxNestingDepths(int maxPreAuthNestingDepth, int maxNestingDepth) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }

    /**
     * Returns a copy with another search key bound.
     *
     * @param maxSearchKeys most keys of one SEARCH
     * @return the changed limits
     */
    public ImapLimits withMaxSearchKeys(int maxSearchKeys) {
        return new ImapLimits(maxLineLength, maxPreAuthLiteralSize, maxLiteralSize, maxNonSyncLiteralSize,
                maxInMemoryLiteralSize, maxCommandSize, maxDiscardedLiteralSize, maxSequenceRanges,
                maxPreAuthNestingDepth, maxNestingDepth, maxSearchKeys);
    }
}
