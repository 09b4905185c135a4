// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.codec.Ascii;
import org.mailwire.imap.types.Tag;

/**
 * Cuts IMAP commands (server side) or responses (client side), with their literals, out of bytes
 * that arrive split anywhere, without parsing the grammar: the first layer of the IMAP codec,
 * after imap-codec's {@code Fragmentizer}.
 *
 * <p>A command is one or more lines; a line that ends in a literal announcement ({@code {n}},
 * {@code {n+}} for LITERAL+/LITERAL-, {@code ~{n}} and {@code ~{n+}} for literal8) is followed
 * by exactly n octets of any value, CRLF included, and then the command goes on with another
 * line. An announcement counts only at the very end of a line and outside a quoted string
 * ({@code a SELECT "x {5}} is an unterminated string, not a literal). Call
 * {@link #next(ByteBuffer)} with received bytes; it consumes them until it has something to say
 * and returns an {@link ImapFrame}, whose documentation says what the caller must do next.
 *
 * <p><b>Limits</b> ({@link ImapLimits}) are checked before memory is committed: a line at
 * {@code maxLineLength} octets with its CRLF is accepted and one octet more is refused as soon as
 * it arrives; a literal announcement is checked against the pre- or post-authentication literal
 * limit and, for {@code {n+}}, the non-synchronising cap, before any continuation request and
 * before any allocation; sizes are parsed so that no number can wrap
 * ({@code {99999999999999999999}} is too large, never small). Literals over
 * {@code maxInMemoryLiteralSize} go to a {@link LiteralSink} the caller supplies; the rest of a
 * command in memory is bounded by {@code maxCommandSize}.
 *
 * <p><b>Resynchronisation after a failure</b> ("poisoning", as imap-codec calls it). The framer
 * drops the whole failed command and finds where the next one starts, so a server can answer
 * {@code BAD} and carry on (RFC 9051 §7.1.3) and no byte of the failed command is ever read as
 * a command (net-imap#701, SECURITY-CASES IMAP-03):
 * <ol>
 *   <li>It discards octets up to the CRLF that ends the current line, without storing them,
 *       tracking quoted strings and whether the line ends in a literal announcement.</li>
 *   <li>If that line announced a synchronising literal, the command ends there: the client waits
 *       for a continuation request it will never get, and sends its next command after our
 *       {@code BAD}. A misbehaving client that sends the octets anyway has them read as
 *       commands; the RFC forbids sending them, and they are that client's own.</li>
 *   <li>If it announced a non-synchronising literal (or any literal, on the client side, where
 *       servers never wait), the client sends the octets regardless. Up to
 *       {@code maxDiscardedLiteralSize} octets are read and dropped, then step 1 repeats for the
 *       line after the literal. A larger or unparseable size makes the failure
 *       {@link ImapFrame.Failure#closeConnection() fatal}: the framer cannot know where the next
 *       command starts, and reading gigabytes to find out is what a denial of service wants.
 *       After a fatal failure it ignores all input; the caller closes.</li>
 *   <li>Otherwise the command ended with that line and framing resumes after its CRLF.</li>
 * </ol>
 * A failure found when the line is complete (a literal too large, NUL in the text) goes straight
 * to steps 2 to 4. A line too long is reported at the first octet past the limit, before its end
 * is known; should its end later reveal a non-synchronising literal too large to skip, a second,
 * fatal {@link ImapFrame.LiteralTooLarge} follows.
 *
 * <p>Memory: one line buffer, 256 octets at first and grown by doubling up to
 * {@code maxLineLength - 2} when a longer line comes (so 10,000 idle connections do not each hold
 * the limit); per command,
 * one array per line and per in-memory literal, sized exactly. Nothing is allocated per byte or
 * per call; streamed literal chunks are windows on the input buffer. Not thread-safe: one framer
 * per connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-4.3">RFC 9051 §4.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7888">RFC 7888 (LITERAL+, LITERAL-)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3516#section-4.2">RFC 3516 §4.2 (literal8)</a>
 */
public final class ImapFramer {

    private enum State {
        LINE, LITERAL, AWAIT_CONTINUATION, AWAIT_SINK, DISCARD_LINE, SKIP_LITERAL, CLOSED
    }

    /** The line buffer's first size: most command lines are shorter. */
    private static final int INITIAL_LINE_BUFFER = 256;

    // States of the scanner that finds a literal announcement at the end of a line.
    private static final int TAIL_NONE = 0;
    private static final int TAIL_TILDE = 1;
    private static final int TAIL_BRACE = 2;
    private static final int TAIL_DIGITS = 3;
    private static final int TAIL_PLUS = 4;
    private static final int TAIL_CLOSED = 5;

    private static final int NO_OCTET = -1;

    private final ImapLimits limits;
    private final boolean commands;
    /** The line so far; grown on demand up to {@link #capacity}, so an idle connection holds little. */
    private byte[] line;
    private final int capacity;
    private final List<Fragment> fragments = new ArrayList<>();

    private State state = State.LINE;
    private boolean authenticated;
    private int length;
    private boolean pendingCr;
    private long commandSize;
    private Optional<Tag> failedTag = Optional.empty();

    // The literal under way.
    private long literalSize;
    private long literalRemaining;
    private boolean literalSynchronizing;
    private boolean literalBinary;
    private byte[] literalData;
    private LiteralSink sink;
    private boolean literalStartReported;

    // The announcement scanner: quoted-string state and the tail of the line seen so far.
    private boolean quoted;
    private boolean escaped;
    private int tail;
    private long tailValue;
    private boolean tailOverflow;
    private boolean tailBinary;
    private boolean tailPlus;
    private int tailStart;
    private int scanned;
    private boolean discardCr;
    private long skipRemaining;

    private ImapFramer(ImapLimits limits, boolean commands) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.commands = commands;
        this.capacity = limits.maxLineLength() - 2;
        this.line = new byte[Math.min(INITIAL_LINE_BUFFER, capacity)];
    }

    /**
     * Returns a framer for a server reading client commands: synchronising literals wait for
     * {@link #acceptLiteral()}, and pre-authentication literal limits apply until
     * {@link #useAuthenticatedLimits()}.
     *
     * @param limits the limits
     * @return the framer
     */
    public static ImapFramer forCommands(ImapLimits limits) {
        return new ImapFramer(limits, true);
    }

    /**
     * Returns a framer for a client reading server responses: every literal follows its
     * announcement at once, {@code {n+}} is malformed, and {@code maxLiteralSize} bounds
     * literals (use a {@link LiteralSink} for large {@code FETCH BODY[]} data).
     *
     * @param limits the limits
     * @return the framer
     */
    public static ImapFramer forResponses(ImapLimits limits) {
        return new ImapFramer(limits, false);
    }

    /**
     * Switches to the post-authentication literal limit, once the session has authenticated the
     * client (RFC 9051 §3.2).
     */
    public void useAuthenticatedLimits() {
        authenticated = true;
    }

    /**
     * Consumes input until a command or response is complete, a decision or failure is to be
     * reported, or the input runs out.
     *
     * @param input received bytes between position and limit; the position is advanced past
     *              what was consumed, and bytes after a complete command are left for the next
     *              call
     * @return what happened; never {@code null}
     * @throws IllegalStateException if a {@link ImapFrame.ContinuationRequired} or
     *     {@link ImapFrame.LiteralStart} has not been answered (application misuse)
     */
    public ImapFrame next(ByteBuffer input) {
        while (true) {
            switch (state) {
                case AWAIT_CONTINUATION -> throw new IllegalStateException(
                        "acceptLiteral() or rejectLiteral() must answer ContinuationRequired first");
                case AWAIT_SINK -> {
                    if (literalStartReported) {
                        throw new IllegalStateException("streamLiteral(sink) must answer LiteralStart first");
                    }
                    literalStartReported = true;
                    return new ImapFrame.LiteralStart(literalSize, literalSynchronizing, literalBinary);
                }
                case LITERAL -> {
                    ImapFrame result = readLiteral(input);
                    if (result != null) {
                        return result;
                    }
                    if (state == State.LITERAL) {
                        return ImapFrame.NEED_INPUT;
                    }
                }
                case LINE -> {
                    ImapFrame result = readLine(input);
                    if (result != null) {
                        return result;
                    }
                }
                case DISCARD_LINE -> {
                    ImapFrame result = discardLine(input);
                    if (result != null) {
                        return result;
                    }
                }
                case SKIP_LITERAL -> {
                    int n = (int) Math.min(skipRemaining, input.remaining());
                    input.position(input.position() + n);
                    skipRemaining -= n;
                    if (skipRemaining > 0) {
                        return ImapFrame.NEED_INPUT;
                    }
                    startDiscarding();
                }
                case CLOSED -> {
                    input.position(input.limit());
                    return ImapFrame.NEED_INPUT;
                }
                default -> throw new AssertionError(state);
            }
        }
    }

    /** Grows the line buffer (doubling, at most to the line limit) to hold {@code needed} octets. */
    private void ensureLine(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(capacity, Math.max(needed, line.length * 2)));
        }
    }

    /** Reads line text; returns a result, or null when the state changed and the loop goes on. */
    private ImapFrame readLine(ByteBuffer input) {
        int pos = input.position();
        int limit = input.limit();
        while (true) {
            if (pendingCr) {
                if (pos == limit) {
                    input.position(pos);
                    return ImapFrame.NEED_INPUT;
                }
                pendingCr = false;
                if (input.get(pos) == Ascii.LF) {
                    input.position(pos + 1);
                    return endOfLine();
                }
                // A bare CR: the byte after it is looked at again while discarding.
                input.position(pos);
                return failMidLine(new ImapFrame.Malformed(tagOfCommand(), ImapFrame.Malformed.Reason.BARE_CR, false),
                        Ascii.CR);
            }
            if (pos == limit) {
                input.position(pos);
                return ImapFrame.NEED_INPUT;
            }
            int room = capacity - length;
            // Look no further than one octet past the limit: that octet decides.
            int end = (int) Math.min(limit, (long) pos + room + 1);
            int found = Ascii.indexOfLineEnding(input, pos, end);
            if (found < 0) {
                int n = end - pos;
                if (n > room) {
                    ensureLine(length + room);
                    input.get(pos, line, length, room);
                    length += room;
                    input.position(pos + room);
                    return failMidLine(new ImapFrame.LineTooLong(tagOfCommand(), false), NO_OCTET);
                }
                ensureLine(length + n);
                input.get(pos, line, length, n);
                length += n;
                pos = end;
                continue;
            }
            int n = found - pos;
            ensureLine(length + n);
            input.get(pos, line, length, n);
            length += n;
            pos = found + 1;
            if (input.get(found) == Ascii.CR) {
                pendingCr = true;
                continue;
            }
            input.position(pos);
            return failMidLine(new ImapFrame.Malformed(tagOfCommand(), ImapFrame.Malformed.Reason.BARE_LF, false),
                    Ascii.LF);
        }
    }

    /** A complete line is in the buffer: decide what it is. */
    private ImapFrame endOfLine() {
        resetScanner();
        if (length > 0 && line[length - 1] == '}') {
            scan(line, 0, length);
        }
        boolean announced = tail == TAIL_CLOSED;
        int textLength = announced ? tailStart : length;
        if (Ascii.indexOf(line, 0, length, (byte) 0) >= 0) {
            return failAtEndOfLine((tag, close) -> new ImapFrame.Malformed(tag, ImapFrame.Malformed.Reason.NUL_IN_LINE,
                    close), announced);
        }
        if (announced && !commands && tailPlus) {
            return failAtEndOfLine((tag, close) -> new ImapFrame.Malformed(tag,
                    ImapFrame.Malformed.Reason.NON_SYNC_LITERAL_IN_RESPONSE, close), true);
        }
        if (commandSize + textLength + ImapLimits.FRAGMENT_OVERHEAD > limits.maxCommandSize()) {
            return failAtEndOfLine((tag, close) -> new ImapFrame.CommandTooLarge(tag, close), announced);
        }
        if (announced) {
            long size = tailOverflow ? Long.MAX_VALUE : tailValue;
            long max = !commands || authenticated ? limits.maxLiteralSize() : limits.maxPreAuthLiteralSize();
            if (tailPlus) {
                max = Math.min(max, limits.maxNonSyncLiteralSize());
            }
            boolean synchronizing = !tailPlus;
            if (tailOverflow || size > max) {
                return failAtEndOfLine((tag, close) -> new ImapFrame.LiteralTooLarge(tag, size, synchronizing, close),
                        true);
            }
            boolean inMemory = size <= limits.maxInMemoryLiteralSize();
            if (inMemory && commandSize + textLength + size + 2L * ImapLimits.FRAGMENT_OVERHEAD
                    > limits.maxCommandSize()) {
                return failAtEndOfLine((tag, close) -> new ImapFrame.CommandTooLarge(tag, close), true);
            }
            addText(textLength);
            literalSize = size;
            literalRemaining = size;
            literalSynchronizing = synchronizing;
            literalBinary = tailBinary;
            literalData = null;
            sink = null;
            if (commands && synchronizing) {
                state = State.AWAIT_CONTINUATION;
                return new ImapFrame.ContinuationRequired(tagOfCommand(), size, literalBinary);
            }
            beginLiteral();
            return null;
        }
        addText(textLength);
        ImapFrame.Line result = new ImapFrame.Line(fragments);
        endCommand();
        return result;
    }

    private void addText(int textLength) {
        fragments.add(Fragment.Text.wrap(Arrays.copyOf(line, textLength)));
        commandSize += textLength + ImapLimits.FRAGMENT_OVERHEAD;
        length = 0;
    }

    private void beginLiteral() {
        if (literalSize > limits.maxInMemoryLiteralSize()) {
            state = State.AWAIT_SINK;
            literalStartReported = false;
        } else {
            // Bounded by maxInMemoryLiteralSize (an int) and by maxCommandSize, checked above.
            literalData = new byte[(int) literalSize];
            state = State.LITERAL;
        }
    }

    /**
     * Tells the framer that the server accepts the synchronising literal just reported: it will
     * send a continuation request ({@code + Ready}), and the framer reads the literal next.
     *
     * @throws IllegalStateException unless a {@link ImapFrame.ContinuationRequired} is pending
     */
    public void acceptLiteral() {
        if (state != State.AWAIT_CONTINUATION) {
            throw new IllegalStateException("no literal awaits a continuation request");
        }
        beginLiteral();
    }

    /**
     * Tells the framer that the server refuses the synchronising literal just reported and
     * answers the command with a tagged {@code NO} or {@code BAD}: the command ends here, and the
     * client sends no literal (RFC 9051 §7.5).
     *
     * @throws IllegalStateException unless a {@link ImapFrame.ContinuationRequired} is pending
     */
    public void rejectLiteral() {
        if (state != State.AWAIT_CONTINUATION) {
            throw new IllegalStateException("no literal awaits a continuation request");
        }
        endCommand();
    }

    /**
     * Supplies the sink for the large literal just reported by {@link ImapFrame.LiteralStart}.
     *
     * @param literalSink receives the literal's octets as they arrive
     * @throws IllegalStateException unless a {@link ImapFrame.LiteralStart} is pending
     */
    public void streamLiteral(LiteralSink literalSink) {
        Objects.requireNonNull(literalSink, "literalSink");
        if (state != State.AWAIT_SINK || !literalStartReported) {
            throw new IllegalStateException("no literal start is pending");
        }
        sink = literalSink;
        state = State.LITERAL;
    }

    private ImapFrame readLiteral(ByteBuffer input) {
        int pos = input.position();
        int n = (int) Math.min(literalRemaining, input.remaining());
        if (n > 0) {
            if (sink != null) {
                int savedLimit = input.limit();
                input.limit(pos + n);
                try {
                    sink.accept(input);
                } finally {
                    input.limit(savedLimit).position(pos + n);
                }
            } else {
                input.get(pos, literalData, (int) (literalSize - literalRemaining), n);
                input.position(pos + n);
            }
            literalRemaining -= n;
        }
        if (literalRemaining > 0) {
            return null;
        }
        if (sink != null) {
            LiteralSink done = sink;
            sink = null;
            fragments.add(new Fragment.StreamedLiteral(literalSize, literalSynchronizing, literalBinary));
            commandSize += ImapLimits.FRAGMENT_OVERHEAD;
            done.complete();
        } else {
            byte[] data = literalData;
            literalData = null;
            if (!literalBinary && Ascii.indexOf(data, 0, data.length, (byte) 0) >= 0) {
                // The literal is consumed, so the framer is in step; the rest of the command
                // (its next line and whatever that announces) is discarded.
                ImapFrame.Malformed failure = new ImapFrame.Malformed(tagOfCommand(),
                        ImapFrame.Malformed.Reason.NUL_IN_LITERAL, false);
                startDiscarding();
                return failure;
            }
            fragments.add(Fragment.Literal.wrap(data, literalSynchronizing, literalBinary));
            commandSize += data.length + ImapLimits.FRAGMENT_OVERHEAD;
        }
        state = State.LINE;
        length = 0;
        return null;
    }

    /**
     * A failure in the middle of a line: report it now and discard to the end of the line,
     * scanning what the line buffer already holds so that quotes and the tail are known.
     */
    private ImapFrame failMidLine(ImapFrame.Failure failure, int bareLineEnding) {
        resetScanner();
        scan(line, 0, length);
        // The bare CR or LF is part of the discarded line: it breaks any announcement before it.
        if (bareLineEnding != NO_OCTET) {
            scanByte((byte) bareLineEnding);
        }
        dropCommand();
        state = State.DISCARD_LINE;
        discardCr = false;
        return failure;
    }

    /** A failure found with the whole line in hand: steps 2 to 4 of the class description. */
    private ImapFrame failAtEndOfLine(FailureFactory failure, boolean announced) {
        Optional<Tag> tag = tagOfCommand();
        failedTag = tag;
        boolean close = afterFailedLine(announced);
        return failure.create(tag, close);
    }

    /** Builds a failure once it is known whether the connection must close. */
    @FunctionalInterface
    private interface FailureFactory {
        ImapFrame.Failure create(Optional<Tag> tag, boolean closeConnection);
    }

    /**
     * Decides what follows a failed command's line; returns whether the connection must close.
     */
    private boolean afterFailedLine(boolean announced) {
        dropCommand();
        boolean octetsFollow = announced && (tailPlus || !commands);
        if (!octetsFollow) {
            endCommand();
            return false;
        }
        if (tailOverflow || tailValue > limits.maxDiscardedLiteralSize()) {
            state = State.CLOSED;
            return true;
        }
        skipRemaining = tailValue;
        state = State.SKIP_LITERAL;
        return false;
    }

    private ImapFrame discardLine(ByteBuffer input) {
        int pos = input.position();
        int limit = input.limit();
        while (pos < limit) {
            byte b = input.get(pos++);
            if (discardCr && b == Ascii.LF) {
                input.position(pos);
                discardCr = false;
                boolean announced = tail == TAIL_CLOSED;
                long size = tailOverflow ? Long.MAX_VALUE : tailValue;
                boolean synchronizing = !tailPlus;
                Optional<Tag> tag = failedTag;
                if (afterFailedLine(announced)) {
                    return new ImapFrame.LiteralTooLarge(tag, size, synchronizing, true);
                }
                return null;
            }
            // A CR is fed to the scanner only once it proves bare, so that "{5+}" CRLF still
            // ends in an announcement.
            if (discardCr) {
                scanByte(Ascii.CR);
            }
            discardCr = b == Ascii.CR;
            if (!discardCr) {
                scanByte(b);
            }
        }
        input.position(pos);
        return ImapFrame.NEED_INPUT;
    }

    private void startDiscarding() {
        dropCommand();
        resetScanner();
        discardCr = false;
        state = State.DISCARD_LINE;
    }

    private void resetScanner() {
        quoted = false;
        escaped = false;
        tail = TAIL_NONE;
        tailValue = 0;
        tailOverflow = false;
        tailBinary = false;
        tailPlus = false;
        tailStart = 0;
        scanned = 0;
    }

    private void scan(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            scanByte(bytes[i]);
        }
    }

    /**
     * Feeds one octet to the announcement scanner. Inside a quoted string everything is text
     * (a backslash escapes the next octet); outside, the tail state machine recognises
     * {@code [~]{digits[+]}}. Sizes saturate instead of wrapping.
     */
    private void scanByte(byte b) {
        // Only positions within the line buffer matter (tailStart); past them, while discarding,
        // the counter may wrap harmlessly.
        int index = scanned++;
        if (quoted) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                quoted = false;
            }
            return;
        }
        switch (b) {
            case '"' -> {
                quoted = true;
                tail = TAIL_NONE;
            }
            case '~' -> {
                tail = TAIL_TILDE;
                tailStart = index;
            }
            case '{' -> {
                tailBinary = tail == TAIL_TILDE;
                if (!tailBinary) {
                    tailStart = index;
                }
                tail = TAIL_BRACE;
                tailValue = 0;
                tailOverflow = false;
                tailPlus = false;
            }
            case '+' -> tail = tail == TAIL_DIGITS ? TAIL_PLUS : TAIL_NONE;
            case '}' -> {
                if (tail == TAIL_DIGITS || tail == TAIL_PLUS) {
                    tailPlus = tail == TAIL_PLUS;
                    tail = TAIL_CLOSED;
                } else {
                    tail = TAIL_NONE;
                }
            }
            default -> {
                if (b >= '0' && b <= '9' && (tail == TAIL_BRACE || tail == TAIL_DIGITS)) {
                    tail = TAIL_DIGITS;
                    int digit = b - '0';
                    // number64 (RFC 9051 §9) fits a signed 63-bit value; anything longer
                    // saturates and is reported too large, never wrapped to a small size.
                    if (tailOverflow || tailValue > (Long.MAX_VALUE - digit) / 10) {
                        tailOverflow = true;
                    } else {
                        tailValue = tailValue * 10 + digit;
                    }
                } else {
                    tail = TAIL_NONE;
                }
            }
        }
    }

    /** The tag of the command under way, from its first line, if it starts with a valid one. */
    private Optional<Tag> tagOfCommand() {
        byte[] bytes;
        int to;
        if (!fragments.isEmpty()) {
            Fragment.Text first = (Fragment.Text) fragments.get(0);
            bytes = first.array();
            to = first.length();
        } else {
            bytes = line;
            to = length;
        }
        int space = Ascii.indexOf(bytes, 0, to, (byte) ' ');
        return Tag.decode(bytes, 0, space < 0 ? to : space);
    }

    private void dropCommand() {
        if (failedTag.isEmpty()) {
            failedTag = tagOfCommand();
        }
        fragments.clear();
        commandSize = 0;
        length = 0;
        pendingCr = false;
        literalData = null;
        sink = null;
    }

    private void endCommand() {
        fragments.clear();
        commandSize = 0;
        length = 0;
        pendingCr = false;
        literalData = null;
        sink = null;
        failedTag = Optional.empty();
        state = State.LINE;
    }

    /**
     * Tells whether a command is under way: octets of it have been consumed, or the framer is
     * waiting for a decision, reading a literal or discarding a failed command. A transport
     * uses it to apply the per-command deadline instead of the idle timeout (SECURITY-CASES
     * FLT-09).
     *
     * @return {@code true} if the framer is inside a command
     */
    public boolean midCommand() {
        return state != State.LINE || length > 0 || pendingCr || !fragments.isEmpty();
    }

    /**
     * Tells whether a fatal failure was reported: the framer ignores all input and the caller
     * must close.
     *
     * @return {@code true} after a failure with {@code closeConnection}
     */
    public boolean closed() {
        return state == State.CLOSED;
    }

    /**
     * Returns the limits.
     *
     * @return the limits this framer enforces
     */
    public ImapLimits limits() {
        return limits;
    }

    /**
     * Drops all buffered input and any command under way, as after STARTTLS, where nothing
     * received in plaintext may be processed afterwards (RFC 9051 §6.2.1, CVE-2011-0411). The
     * authentication state is kept.
     */
    public void reset() {
        endCommand();
        resetScanner();
        discardCr = false;
        skipRemaining = 0;
    }
}
