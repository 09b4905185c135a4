// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streaming decoder of dot-stuffed content: the body of SMTP DATA (RFC 5321 §4.1.1.4, §4.5.2) and
 * of POP3 multi-line responses (RFC 1939 §3).
 *
 * <p>The decoder starts at the beginning of a line: the CRLF that ended the {@code DATA} command
 * counts as the CRLF before the terminator, so {@code .\r\n} as the first bytes is an empty
 * message. Data ends only at {@code <CRLF>.<CRLF>}. A line that begins with a dot and is not the
 * terminator loses that dot (§4.5.2: {@code ..x} becomes {@code .x}, {@code ..} becomes
 * {@code .}). The content includes the CRLF that ends its last line ({@code a\r\n.\r\n} gives
 * {@code a\r\n}).
 *
 * <p>{@link #decode(ByteBuffer, ContentSink)} hands content to a {@link ContentSink} in chunks
 * that are windows on the input buffer (no copy, no allocation; the whole message is never held)
 * and returns:
 * <ul>
 *   <li>{@link Result#END_OF_DATA}: the terminator was consumed; the input is positioned just
 *       after it and what remains belongs to the next command. {@link #violation()} tells whether
 *       the message was valid. Call {@link #reset()} before the next message.</li>
 *   <li>{@link Result#NEED_INPUT}: every byte was consumed.</li>
 *   <li>{@link Result#VIOLATION}: returned once, at the first {@link Violation}. From then on the
 *       decoder delivers no more content but keeps looking for the terminator, so the caller may
 *       either close at once, or keep calling {@code decode} until {@code END_OF_DATA} and answer
 *       {@code 5xx} in sync with the client.</li>
 * </ul>
 *
 * <p>Only {@link BareLineEndingPolicy#REJECT} (the default) and
 * {@link BareLineEndingPolicy#KEEP_AS_DATA} are allowed. Under {@code KEEP_AS_DATA} bare CRs and
 * LFs are content and never start a line, so {@code \n.\n}, {@code \r\n.\n} or {@code \r.\r\n}
 * never end the data. {@link BareLineEndingPolicy#ACCEPT_BARE_LF} is refused: the end of data
 * must have exactly one reading (SMTP smuggling, CVE-2023-51764/51765/51766; SECURITY-CASES G2).
 * After a violation the decoder looks for {@code \r\n.\r\n} only, whatever the policy.
 *
 * <p>Not thread-safe; one decoder per connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.2">RFC 5321 §4.5.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 */
public final class DotUnstuffer {

    /** The outcome of one {@link #decode(ByteBuffer, ContentSink)} call. */
    public enum Result {
        /** The terminating {@code <CRLF>.<CRLF>} was consumed. */
        END_OF_DATA,
        /** All input was consumed and the data has not ended. */
        NEED_INPUT,
        /** The first violation was found; see {@link DotUnstuffer#violation()}. */
        VIOLATION
    }

    /** Why the content is invalid. */
    public enum Violation {
        /** A line longer than the limit (RFC 5321 §4.5.3.1.6), CRLF included. */
        LINE_TOO_LONG,
        /** A LF not preceded by CR (RFC 5321 §2.3.8). */
        BARE_LF,
        /** A CR not followed by LF (RFC 5321 §2.3.8). */
        BARE_CR
    }

    private static final int LINE_START = 0;
    private static final int DOT = 1;
    private static final int DOT_CR = 2;
    private static final int MID_LINE = 3;
    private static final int MID_LINE_CR = 4;
    private static final int ENDED = 5;

    private final int maxLineLength;
    private final BareLineEndingPolicy policy;
    // A CR withheld after a leading dot may have to be delivered from another input buffer.
    private final ByteBuffer crChunk = ByteBuffer.wrap(new byte[] {Ascii.CR});

    private int state = LINE_START;
    private int lineOctets;
    private Violation violation;
    private long contentLength;

    private DotUnstuffer(int maxLineLength, BareLineEndingPolicy policy) {
        if (maxLineLength < 2) {
            throw new IllegalArgumentException("maxLineLength must count at least the CRLF: " + maxLineLength);
        }
        Objects.requireNonNull(policy, "policy");
        if (policy == BareLineEndingPolicy.ACCEPT_BARE_LF) {
            throw new IllegalArgumentException(
                    "ACCEPT_BARE_LF would make the end of data ambiguous (SMTP smuggling); use REJECT or KEEP_AS_DATA");
        }
        this.maxLineLength = maxLineLength;
        this.policy = policy;
    }

    /**
     * Returns a strict decoder: lines of at most {@code maxLineLength} octets, bare CR and LF
     * rejected.
     *
     * @param maxLineLength the limit per line, CRLF included and a removed stuffing dot not
     *                      counted; 1000 for SMTP text lines (RFC 5321 §4.5.3.1.6)
     * @return the decoder
     */
    public static DotUnstuffer of(int maxLineLength) {
        return new DotUnstuffer(maxLineLength, BareLineEndingPolicy.REJECT);
    }

    /**
     * Returns a decoder with the given line limit and policy.
     *
     * @param maxLineLength the limit per line, CRLF included, {@code >= 2}
     * @param policy        {@code REJECT} or {@code KEEP_AS_DATA}
     * @return the decoder
     * @throws IllegalArgumentException for {@code ACCEPT_BARE_LF}, which would make the end of
     *                                  data ambiguous
     */
    public static DotUnstuffer of(int maxLineLength, BareLineEndingPolicy policy) {
        return new DotUnstuffer(maxLineLength, policy);
    }

    /**
     * Consumes input until the end of data, the first violation, or the end of the input,
     * handing content to {@code sink} on the way.
     *
     * @param input received bytes between position and limit; the position is advanced past what
     *              was consumed, the limit is left unchanged
     * @param sink  receives the content, in chunks valid only during each call
     * @return what happened; see the class description
     * @throws IllegalStateException if called after {@link Result#END_OF_DATA} without
     *                               {@link #reset()}
     */
    public Result decode(ByteBuffer input, ContentSink sink) {
        if (state == ENDED) {
            throw new IllegalStateException("end of data already reached; reset() before the next message");
        }
        final int limit = input.limit();
        int pos = input.position();
        // Content in [run, pos) is decoded but not yet handed to the sink.
        int run = pos;
        while (pos < limit) {
            switch (state) {
                case LINE_START -> {
                    if (input.get(pos) == '.') {
                        deliver(input, run, pos, limit, sink);
                        pos++;
                        run = pos;
                        state = DOT;
                    } else {
                        state = MID_LINE;
                    }
                }
                case DOT -> {
                    if (input.get(pos) == Ascii.CR) {
                        // Withheld: it is either part of the terminator or, after a bare CR, content.
                        pos++;
                        run = pos;
                        state = DOT_CR;
                    } else {
                        // A stuffed line: the leading dot is gone and this byte is content.
                        state = MID_LINE;
                    }
                }
                case DOT_CR -> {
                    if (input.get(pos) == Ascii.LF) {
                        input.position(pos + 1);
                        state = ENDED;
                        return Result.END_OF_DATA;
                    }
                    if (violation == null && policy == BareLineEndingPolicy.REJECT) {
                        return violate(input, pos, Violation.BARE_CR, MID_LINE);
                    }
                    if (violation == null) {
                        crChunk.clear();
                        deliver(crChunk, 0, 1, 1, sink);
                    }
                    lineOctets = 1;
                    state = MID_LINE;
                }
                case MID_LINE -> {
                    if (violation != null) {
                        // Content is no longer delivered or measured; only the terminator matters.
                        int found = Ascii.indexOf(input, pos, limit, Ascii.CR);
                        if (found < 0) {
                            pos = limit;
                        } else {
                            pos = found + 1;
                            state = MID_LINE_CR;
                        }
                        run = pos;
                        continue;
                    }
                    int room = maxLineLength - lineOctets;
                    int end = (int) Math.min(limit, (long) pos + room + 1);
                    int found = Ascii.indexOfLineEnding(input, pos, end);
                    if (found < 0 || found - pos == room) {
                        if (end - pos > room) {
                            // The octet at pos + room is the first past the limit. If it is a CR
                            // it may still start the CRLF before a terminator, so remember it.
                            int offending = pos + room;
                            deliver(input, run, offending, limit, sink);
                            return violate(input, offending + 1, Violation.LINE_TOO_LONG,
                                    input.get(offending) == Ascii.CR ? MID_LINE_CR : MID_LINE);
                        }
                        lineOctets += end - pos;
                        pos = end;
                        continue;
                    }
                    lineOctets += found - pos + 1;
                    pos = found + 1;
                    if (input.get(found) == Ascii.CR) {
                        state = MID_LINE_CR;
                    } else if (policy == BareLineEndingPolicy.REJECT) {
                        deliver(input, run, found, limit, sink);
                        return violate(input, pos, Violation.BARE_LF, MID_LINE);
                    }
                }
                case MID_LINE_CR -> {
                    if (input.get(pos) == Ascii.LF) {
                        if (violation == null && lineOctets == maxLineLength) {
                            // The LF is one octet too many, but it still ends the line.
                            deliver(input, run, pos, limit, sink);
                            return violate(input, pos + 1, Violation.LINE_TOO_LONG, LINE_START);
                        }
                        pos++;
                        lineOctets = 0;
                        state = LINE_START;
                    } else if (violation == null && policy == BareLineEndingPolicy.REJECT) {
                        deliver(input, run, pos, limit, sink);
                        return violate(input, pos, Violation.BARE_CR, MID_LINE);
                    } else {
                        // A bare CR kept as content; the byte after it is looked at again.
                        state = MID_LINE;
                    }
                }
                default -> throw new AssertionError(state);
            }
        }
        deliver(input, run, pos, limit, sink);
        input.position(pos);
        return Result.NEED_INPUT;
    }

    private Result violate(ByteBuffer input, int pos, Violation found, int nextState) {
        violation = found;
        // From here on only CRLF starts a line and only CRLF.CRLF ends the data.
        state = nextState;
        input.position(pos);
        return Result.VIOLATION;
    }

    /** Hands {@code [from, to)} of {@code buffer} to the sink as a window, then restores it. */
    private void deliver(ByteBuffer buffer, int from, int to, int limit, ContentSink sink) {
        if (to <= from || violation != null) {
            return;
        }
        contentLength += to - from;
        buffer.limit(to).position(from);
        try {
            sink.accept(buffer);
        } finally {
            buffer.limit(limit);
        }
    }

    /**
     * Returns the first violation found in this message, or {@code null} if there was none.
     *
     * @return the violation, or {@code null}
     */
    public Violation violation() {
        return violation;
    }

    /**
     * Returns how many content octets were handed to the sink in this message: the size of the
     * message after unstuffing, as far as it was delivered.
     *
     * @return the delivered content length
     */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Tells whether the terminator has been consumed.
     *
     * @return {@code true} after {@link Result#END_OF_DATA}, until {@link #reset()}
     */
    public boolean ended() {
        return state == ENDED;
    }

    /**
     * Returns the per-line limit, CRLF included.
     *
     * @return {@code maxLineLength}
     */
    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * Returns the bare line ending policy.
     *
     * @return {@code REJECT} or {@code KEEP_AS_DATA}
     */
    public BareLineEndingPolicy policy() {
        return policy;
    }

    /** Makes the decoder ready for the next message, which starts at the beginning of a line. */
    public void reset() {
        state = LINE_START;
        lineOctets = 0;
        violation = null;
        contentLength = 0;
    }
}
