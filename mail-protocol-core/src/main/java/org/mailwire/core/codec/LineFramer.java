// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Incremental CRLF line framer with a length limit: cuts SMTP, POP3 and IMAP command and reply
 * lines out of bytes that arrive split anywhere.
 *
 * <p>Call {@link #next(ByteBuffer)} with received bytes; it consumes them (advancing the
 * buffer's position) until one line is complete or the input runs out:
 * <ul>
 *   <li>{@link Result#LINE}: a line is complete. {@link #lineArray()} and {@link #lineLength()}
 *       (or {@link #line()}) give its bytes without the CRLF, in storage the framer reuses: they
 *       are valid until the next call to {@code next} or {@code reset}. Input after the line is
 *       left in the buffer for the next call.</li>
 *   <li>{@link Result#NEED_INPUT}: every byte was consumed; a partial line (or a CR waiting for
 *       its LF) is kept.</li>
 *   <li>{@link Result#LINE_TOO_LONG}: the line exceeds {@code maxLineLength} (which counts the
 *       CRLF, as RFC 5321 §4.5.3.1 does). Reported once, as soon as the first octet past the
 *       limit arrives; the framer then discards everything up to and including the next CRLF
 *       without buffering it, and framing resumes after it (RFC 5321 §4.5.3.1.10: answer
 *       {@code 500} and stay usable).</li>
 *   <li>{@link Result#BARE_LINE_ENDING}: under {@link BareLineEndingPolicy#REJECT} (and for a bare
 *       CR under {@link BareLineEndingPolicy#ACCEPT_BARE_LF}), a bare LF or CR. Reported once at
 *       the offending byte; the rest of the line up to and including the next CRLF is discarded,
 *       so {@code MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n} yields one error and no command at
 *       all.</li>
 * </ul>
 *
 * <p>Memory is bounded by {@code maxLineLength}: the only buffer is allocated once, in the
 * constructor, and nothing is allocated per line or per call. Not thread-safe; one framer per
 * connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-2.3.8">RFC 5321 §2.3.8</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1.4">RFC 5321 §4.5.3.1.4</a>
 */
public final class LineFramer {

    /** The outcome of one {@link #next(ByteBuffer)} call. */
    public enum Result {
        /** A complete line is available through {@link #lineArray()} and {@link #line()}. */
        LINE,
        /** All input was consumed without completing a line. */
        NEED_INPUT,
        /** The current line exceeds the limit; it is being discarded up to its CRLF. */
        LINE_TOO_LONG,
        /** A bare CR or LF the policy rejects; the line is being discarded up to its CRLF. */
        BARE_LINE_ENDING
    }

    private final int maxLineLength;
    private final BareLineEndingPolicy policy;
    private final byte[] line;
    private final ByteBuffer lineView;

    private int length;
    private boolean pendingCr;
    private boolean discarding;
    private boolean lineReady;

    private LineFramer(int maxLineLength, BareLineEndingPolicy policy) {
        if (maxLineLength < 2) {
            throw new IllegalArgumentException("maxLineLength must count at least the CRLF: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.policy = Objects.requireNonNull(policy, "policy");
        // The CRLF is never stored, so the content of a line at the limit fits exactly.
        this.line = new byte[maxLineLength - 2];
        this.lineView = ByteBuffer.wrap(line).asReadOnlyBuffer();
    }

    /**
     * Returns a strict framer: lines of at most {@code maxLineLength} octets including the CRLF,
     * bare line endings rejected.
     *
     * @param maxLineLength the limit including CRLF, {@code >= 2}; for example 512 for SMTP
     *                      commands (RFC 5321 §4.5.3.1.4) or 1000 for text lines (§4.5.3.1.6)
     * @return the framer
     */
    public static LineFramer of(int maxLineLength) {
        return new LineFramer(maxLineLength, BareLineEndingPolicy.REJECT);
    }

    /**
     * Returns a framer with the given limit and bare line ending policy.
     *
     * @param maxLineLength the limit including CRLF, {@code >= 2}
     * @param policy        what a bare CR or LF means
     * @return the framer
     */
    public static LineFramer of(int maxLineLength, BareLineEndingPolicy policy) {
        return new LineFramer(maxLineLength, policy);
    }

    /**
     * Consumes input until a line is complete, an error is found, or the input runs out.
     *
     * @param input received bytes between position and limit; the position is advanced past
     *              what was consumed
     * @return what happened; see the class description
     */
    public Result next(ByteBuffer input) {
        if (lineReady) {
            lineReady = false;
            length = 0;
        }
        int pos = input.position();
        int limit = input.limit();
        while (pos < limit) {
            if (pendingCr) {
                pendingCr = false;
                if (input.get(pos) == Ascii.LF) {
                    pos++;
                    if (discarding) {
                        discarding = false;
                        continue;
                    }
                    input.position(pos);
                    lineReady = true;
                    return Result.LINE;
                }
                // A bare CR; the byte after it is looked at again below.
                if (discarding) {
                    continue;
                }
                if (policy == BareLineEndingPolicy.KEEP_AS_DATA) {
                    if (length == line.length) {
                        return tooLong(input, pos);
                    }
                    line[length++] = Ascii.CR;
                    continue;
                }
                return bareLineEnding(input, pos);
            }
            if (discarding) {
                int found = Ascii.indexOfLineEnding(input, pos, limit);
                if (found < 0) {
                    pos = limit;
                    break;
                }
                pos = found + 1;
                if (input.get(found) == Ascii.CR) {
                    pendingCr = true;
                } else if (policy == BareLineEndingPolicy.ACCEPT_BARE_LF) {
                    discarding = false;
                }
                continue;
            }
            int room = line.length - length;
            // Look no further than one octet past the limit: that octet decides.
            int end = (int) Math.min(limit, (long) pos + room + 1);
            int found = Ascii.indexOfLineEnding(input, pos, end);
            if (found < 0) {
                int n = end - pos;
                if (n > room) {
                    return tooLong(input, pos + room + 1);
                }
                input.get(pos, line, length, n);
                length += n;
                pos = end;
                continue;
            }
            int n = found - pos;
            input.get(pos, line, length, n);
            length += n;
            pos = found + 1;
            if (input.get(found) == Ascii.CR) {
                pendingCr = true;
                continue;
            }
            switch (policy) {
                case ACCEPT_BARE_LF -> {
                    input.position(pos);
                    lineReady = true;
                    return Result.LINE;
                }
                case KEEP_AS_DATA -> {
                    if (length == line.length) {
                        return tooLong(input, pos);
                    }
                    line[length++] = Ascii.LF;
                }
                case REJECT -> {
                    return bareLineEnding(input, pos);
                }
            }
        }
        input.position(pos);
        return Result.NEED_INPUT;
    }

    private Result tooLong(ByteBuffer input, int pos) {
        input.position(pos);
        length = 0;
        discarding = true;
        return Result.LINE_TOO_LONG;
    }

    private Result bareLineEnding(ByteBuffer input, int pos) {
        input.position(pos);
        length = 0;
        discarding = true;
        return Result.BARE_LINE_ENDING;
    }

    /**
     * Returns the framer's internal array holding the last line, without its CRLF, from index 0
     * to {@link #lineLength()}. Valid only after {@link Result#LINE} and until the next call;
     * callers must not write to it.
     *
     * @return the reused line array
     */
    public byte[] lineArray() {
        return line;
    }

    /**
     * Returns the length of the last line, without its CRLF.
     *
     * @return the number of octets of the line in {@link #lineArray()}
     */
    public int lineLength() {
        return lineReady ? length : 0;
    }

    /**
     * Returns a read-only view of the last line, without its CRLF, from position 0 to its
     * length. The same view object is reused for every line; valid until the next call.
     *
     * @return the reused line view
     */
    public ByteBuffer line() {
        lineView.limit(lineLength()).position(0);
        return lineView;
    }

    /**
     * Tells whether the framer is in the middle of a line: part of a line is buffered, a CR waits
     * for its LF, or an over-long or malformed line is being discarded. A transport uses it to
     * apply the per-command deadline instead of the idle timeout.
     *
     * @return {@code true} if input has been consumed that belongs to no complete line yet
     */
    public boolean midLine() {
        return !lineReady && (length > 0 || pendingCr || discarding);
    }

    /**
     * Returns how many octets the framer can hold, which never changes: {@code maxLineLength}
     * less the CRLF, which is never stored. Memory stays bounded however much input arrives.
     *
     * @return the capacity of the internal line buffer
     */
    public int bufferCapacity() {
        return line.length;
    }

    /**
     * Returns the line length limit, CRLF included.
     *
     * @return {@code maxLineLength}
     */
    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * Returns the bare line ending policy.
     *
     * @return the policy
     */
    public BareLineEndingPolicy policy() {
        return policy;
    }

    /**
     * Drops all state, as after STARTTLS, where nothing received in plaintext may be processed
     * afterwards (RFC 3207 §4.2).
     */
    public void reset() {
        length = 0;
        pendingCr = false;
        discarding = false;
        lineReady = false;
    }
}
