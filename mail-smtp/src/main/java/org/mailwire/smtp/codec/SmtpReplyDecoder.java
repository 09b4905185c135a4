// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.codec.Ascii;
import org.mailwire.core.codec.LineFramer;

/**
 * The client's incremental reply decoder: reads single- and multi-line replies
 * ({@code 250-...} lines then one {@code 250 ...} line) from bytes split anywhere.
 *
 * <p>{@link #decode(ByteBuffer)} consumes input up to the end of one reply and returns
 * {@link Reply}, {@link NeedInput} or {@link Malformed}; input after the reply stays in the
 * buffer, so pipelined replies (RFC 2920) come out one per call. It never throws on any input.
 *
 * <p>It bounds what a hostile server can make it hold: each line to
 * {@link SmtpLimits#maxReplyLine()} octets (RFC 5321 §4.5.3.1.5) and each reply to
 * {@link SmtpLimits#maxReplyLines()} lines, unlike Netty's decoder, which bounds lines but not
 * their number (OpenSMTPD CVE-2020-8794 was a multi-line reply bug). A reply code must be three
 * digits from 200 to 599 and the same on every line; only CRLF ends a line.
 *
 * <p>An enhanced status code (RFC 2034, RFC 3463) is recognised when the first line's text
 * starts with one of the reply's class followed by a space or the end of the line; it is then
 * removed from every line that repeats it. Everything else is text, decoded as UTF-8.
 *
 * <p>A malformed reply poisons the decoder: every later call returns the same {@link Malformed}
 * until {@link #reset()}, because the client cannot know where the server's next reply starts
 * and must close (imap-codec's fragmentizer does the same). Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2">RFC 5321 §4.2</a>
 */
public final class SmtpReplyDecoder {

    /** What one {@link #decode(ByteBuffer)} call produced. */
    public sealed interface Result permits Reply, NeedInput, Malformed {
    }

    /**
     * A complete reply.
     *
     * @param reply the reply
     */
    public record Reply(SmtpReply reply) implements Result {
        /**
         * Checks for null.
         *
         * @param reply the reply
         */
        public Reply {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** All input was consumed without completing a reply; call again with more. */
    public record NeedInput() implements Result {
    }

    /**
     * The server sent something that is not a reply; the client should close the connection.
     *
     * @param problem what was wrong
     */
    public record Malformed(Problem problem) implements Result {
        /**
         * Checks for null.
         *
         * @param problem what was wrong
         */
        public Malformed {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /** What made a reply malformed. */
    public enum Problem {
        /** A line longer than {@link SmtpLimits#maxReplyLine()}. */
        LINE_TOO_LONG,
        /** A bare CR or LF (RFC 5321 §2.3.8). */
        BARE_LINE_ENDING,
        /** A line not starting with three digits from 200 to 599. */
        BAD_CODE,
        /** The code followed by something other than space, hyphen or the end of the line. */
        BAD_SEPARATOR,
        /** A continuation line with a code different from the first line's. */
        CODE_MISMATCH,
        /** More lines than {@link SmtpLimits#maxReplyLines()}. */
        TOO_MANY_LINES,
        /** A NUL in the text. */
        BAD_TEXT
    }

    private static final NeedInput NEED_INPUT = new NeedInput();

    private final int maxLines;
    private final LineFramer framer;
    private final List<String> lines = new ArrayList<>();
    private int code;
    private Malformed poisoned;

    private SmtpReplyDecoder(SmtpLimits limits) {
        this.maxLines = limits.maxReplyLines();
        this.framer = LineFramer.of(limits.maxReplyLine());
    }

    /**
     * Returns a decoder with the default limits.
     *
     * @return the decoder
     */
    public static SmtpReplyDecoder of() {
        return new SmtpReplyDecoder(SmtpLimits.defaults());
    }

    /**
     * Returns a decoder with the given limits; it uses {@link SmtpLimits#maxReplyLine()} and
     * {@link SmtpLimits#maxReplyLines()}.
     *
     * @param limits the limits
     * @return the decoder
     */
    public static SmtpReplyDecoder of(SmtpLimits limits) {
        return new SmtpReplyDecoder(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Consumes input up to the end of one reply and decodes it.
     *
     * @param input received bytes; the position advances past what was consumed
     * @return the reply, {@link NeedInput}, or {@link Malformed}
     */
    public Result decode(ByteBuffer input) {
        if (poisoned != null) {
            return poisoned;
        }
        while (true) {
            switch (framer.next(input)) {
                case NEED_INPUT:
                    return NEED_INPUT;
                case LINE_TOO_LONG:
                    return poison(Problem.LINE_TOO_LONG);
                case BARE_LINE_ENDING:
                    return poison(Problem.BARE_LINE_ENDING);
                default:
                    break;
            }
            Result result = line(framer.lineArray(), framer.lineLength());
            if (result != null) {
                return result;
            }
        }
    }

    /**
     * Tells whether part of a reply has been received.
     *
     * @return {@code true} between the first octet of a reply and the end of its last line
     */
    public boolean midReply() {
        return !lines.isEmpty() || framer.midLine();
    }

    /** Drops all state, including a poisoned one, as after STARTTLS (RFC 3207 §4.2). */
    public void reset() {
        framer.reset();
        lines.clear();
        poisoned = null;
    }

    /** Takes one line; returns a result when the reply is complete or malformed, else null. */
    private Result line(byte[] line, int length) {
        if (length < 3 || !Ascii.isDigit(line[0]) || !Ascii.isDigit(line[1]) || !Ascii.isDigit(line[2])
                || line[0] < '2' || line[0] > '5') {
            return poison(Problem.BAD_CODE);
        }
        int lineCode = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (!lines.isEmpty() && lineCode != code) {
            return poison(Problem.CODE_MISMATCH);
        }
        boolean last;
        if (length == 3 || line[3] == ' ') {
            last = true;
        } else if (line[3] == '-') {
            last = false;
        } else {
            return poison(Problem.BAD_SEPARATOR);
        }
        if (lines.size() == maxLines) {
            return poison(Problem.TOO_MANY_LINES);
        }
        int textFrom = Math.min(4, length);
        if (Ascii.indexOf(line, textFrom, length, (byte) 0) >= 0) {
            return poison(Problem.BAD_TEXT);
        }
        code = lineCode;
        lines.add(new String(line, textFrom, length - textFrom, StandardCharsets.UTF_8));
        if (!last) {
            return null;
        }
        SmtpReply reply = build();
        lines.clear();
        return new Reply(reply);
    }

    private SmtpReply build() {
        int klass = code / 100;
        int statusEnd = SmtpReply.leadingStatusLength(lines.get(0), klass);
        if (statusEnd == 0) {
            return new SmtpReply(code, Optional.empty(), lines);
        }
        String statusText = lines.get(0).substring(0, statusEnd);
        List<String> texts = new ArrayList<>(lines.size());
        for (String text : lines) {
            texts.add(withoutStatus(text, statusText));
        }
        return new SmtpReply(code, Optional.of(EnhancedStatus.parse(statusText)), texts);
    }

    /** Removes a leading {@code status} followed by a space or the end, as RFC 2034 §4 repeats it. */
    private static String withoutStatus(String text, String status) {
        if (!text.startsWith(status)) {
            return text;
        }
        if (text.length() == status.length()) {
            return "";
        }
        return text.charAt(status.length()) == ' ' ? text.substring(status.length() + 1) : text;
    }

    private Malformed poison(Problem problem) {
        lines.clear();
        poisoned = new Malformed(problem);
        return poisoned;
    }
}
