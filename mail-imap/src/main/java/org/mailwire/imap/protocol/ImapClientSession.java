// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandEncoder;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapFramer;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ImapResponseDecoder;
import org.mailwire.imap.codec.LiteralSink;
import org.mailwire.imap.types.Tag;

/**
 * The client side of one IMAP connection as a sans-IO state machine: it writes the commands the
 * application {@link #send queues}, pipelined, answers the server's continuation requests with
 * the next part of a command (RFC 9051 §7.5), and reports every response as an {@link Event}:
 * the greeting, untagged data, the tagged completion of each command, challenges of AUTHENTICATE,
 * the start of IDLE, and the chunks of large literals, which are streamed, never held.
 *
 * <p>Ordering rules. Commands are written in the order queued and without waiting for earlier
 * ones to complete (pipelining, RFC 9051 §5.5), except that nothing is written while a command
 * waits for a continuation request (a synchronising literal, AUTHENTICATE, IDLE until
 * {@link #done()}) and nothing follows a STARTTLS or LOGOUT until it completes. After the tagged
 * {@code OK} of STARTTLS every byte already received is dropped before TLS starts, so a response
 * a man in the middle injected in plaintext is never read inside TLS (RFC 9051 §6.2.1,
 * SECURITY-CASES TLS-03).
 *
 * <p>Bounds. Responses are framed under {@link ImapLimits}: a line longer than
 * {@code maxLineLength}, a literal announced larger than {@code maxLiteralSize} (the largest
 * response the client accepts) or a malformed response is a {@link Event.ProtocolError} and the
 * session closes (SECURITY-CASES IMAP-05, IMAP-14). Literals over {@code maxInMemoryLiteralSize}
 * are handed over as {@link Event.LiteralChunk}s as they arrive; nothing is allocated from an
 * announced size beyond that threshold. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.2">RFC 9051 §2.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-5.5">RFC 9051 §5.5</a>
 */
public final class ImapClientSession implements ProtocolSession<ImapClientSession.Event> {

    /** What the session reports; each value says what the application may do next. */
    public sealed interface Event {

        /**
         * The server's greeting: {@code OK}, {@code PREAUTH} or {@code BYE} (RFC 9051 §7.1).
         * Commands queued before it are written after it.
         *
         * @param status the greeting
         */
        record Greeting(ImapResponse.Status status) implements Event {
            /**
             * Checks presence.
             *
             * @param status the greeting
             */
            public Greeting {
                Objects.requireNonNull(status, "status");
            }
        }

        /**
         * An untagged response ({@code * ...}), in the order received; it belongs to the oldest
         * command still outstanding or, with none, is unsolicited (RFC 9051 §7).
         *
         * @param response the response
         */
        record Untagged(ImapResponse response) implements Event {
            /**
             * Checks presence.
             *
             * @param response the response
             */
            public Untagged {
                Objects.requireNonNull(response, "response");
            }
        }

        /**
         * The tagged response that completes a command.
         *
         * @param command the command
         * @param status  its tagged {@code OK}, {@code NO} or {@code BAD}
         */
        record Completed(ImapCommand command, ImapResponse.Status status) implements Event {
            /**
             * Checks presence.
             *
             * @param command the command
             * @param status  the status
             */
            public Completed {
                Objects.requireNonNull(command, "command");
                Objects.requireNonNull(status, "status");
            }
        }

        /**
         * A continuation request for an AUTHENTICATE: the application MUST answer with
         * {@link #sendAuthenticationResponse(String)} (RFC 9051 §6.2.2).
         *
         * @param command the AUTHENTICATE
         * @param base64  the challenge as sent, base64
         */
        record Challenge(ImapCommand command, String base64) implements Event {
            /**
             * Checks presence.
             *
             * @param command the command
             * @param base64  the challenge
             */
            public Challenge {
                Objects.requireNonNull(command, "command");
                Objects.requireNonNull(base64, "base64");
            }
        }

        /**
         * The server accepted IDLE: untagged responses now arrive as they happen until the
         * application calls {@link #done()} (RFC 2177, RFC 9051 §6.3.13).
         *
         * @param command the IDLE
         */
        record Idling(ImapCommand command) implements Event {
            /**
             * Checks presence.
             *
             * @param command the command
             */
            public Idling {
                Objects.requireNonNull(command, "command");
            }
        }

        /**
         * A literal larger than {@link ImapLimits#maxInMemoryLiteralSize()} starts; its octets
         * follow as {@link LiteralChunk}s and the response that holds it arrives afterwards with a
         * {@link Fragment.StreamedLiteral} in its place.
         *
         * @param size the announced size, already checked against {@code maxLiteralSize}
         */
        record LiteralStart(long size) implements Event {
        }

        /**
         * Octets of the literal under way.
         *
         * @param chunk a copy the application may keep
         */
        record LiteralChunk(ByteBuffer chunk) implements Event {
            /**
             * Checks presence.
             *
             * @param chunk the octets
             */
            public LiteralChunk {
                Objects.requireNonNull(chunk, "chunk");
            }
        }

        /**
         * The server broke the protocol or the limits, or closed the connection with commands
         * outstanding; the session closes next.
         *
         * @param kind what went wrong
         * @param hint a description for logs
         */
        record ProtocolError(Kind kind, String hint) implements Event {
            /**
             * Checks presence.
             *
             * @param kind the kind
             * @param hint the hint
             */
            public ProtocolError {
                Objects.requireNonNull(kind, "kind");
                Objects.requireNonNull(hint, "hint");
            }
        }

        /** The kinds of {@link ProtocolError}. */
        enum Kind {
            /** A response line or literal broke an {@link ImapLimits} bound (IMAP-05, IMAP-14). */
            TOO_LARGE,
            /** A response could not be framed or parsed, or did not fit the conversation. */
            MALFORMED,
            /** The connection ended with commands outstanding, or in the middle of a response. */
            CLOSED
        }
    }

    /**
     * Supplies the octets of a large APPEND message without holding them: asked for the next
     * chunk only as the transport drains what was written before.
     */
    public interface LiteralSource {

        /**
         * Returns the number of octets the source delivers in all.
         *
         * @return the size
         */
        long size();

        /**
         * Returns the next chunk.
         *
         * @return the octets, at least one, or an empty buffer once {@link #size()} were given
         */
        ByteBuffer next();
    }

    /** A command on its way out: its fragments, and how far it got. */
    private static final class Outgoing {
        final ImapCommand command;
        final List<Fragment> fragments;
        final LiteralSource source;
        int index;
        long sourceRemaining;
        boolean doneRequested;
        boolean awaitingContinuation;

        Outgoing(ImapCommand command, List<Fragment> fragments, LiteralSource source) {
            this.command = command;
            this.fragments = fragments;
            this.source = source;
        }
    }

    private final ImapFramer framer;
    private final ImapLimits limits;
    private ImapResponseDecoder decoder;
    private ImapCommandEncoder encoder;
    private boolean utf8;
    private ImapCommandEncoder.LiteralMode literalMode = ImapCommandEncoder.LiteralMode.SYNCHRONIZING;
    private final ArrayDeque<Outgoing> toSend = new ArrayDeque<>();
    /** Commands written (at least in part) and not yet completed, oldest first. */
    private final ArrayDeque<Outgoing> sent = new ArrayDeque<>();
    private final ArrayDeque<Step<Event>> queue = new ArrayDeque<>();
    /** The command being written, when it waits for a continuation request or its source. */
    private Outgoing writing;
    private Outgoing idling;
    private Outgoing authenticating;
    private boolean challengePending;
    private ByteBuffer input;
    private boolean eof;
    private boolean greeted;
    private boolean finished;
    private int tagCounter;

    /**
     * Creates a session that waits for the server's greeting.
     *
     * @param limits the bounds on responses; {@code maxLiteralSize} is the largest literal
     *               accepted (the largest message fetched)
     */
    public ImapClientSession(ImapLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.framer = ImapFramer.forResponses(limits);
        this.framer.useAuthenticatedLimits();
        this.decoder = ImapResponseDecoder.of(false, limits);
        this.encoder = ImapCommandEncoder.of(false, literalMode);
    }

    /**
     * Returns a fresh tag for the next command: {@code A1}, {@code A2}...
     *
     * @return the tag
     */
    public Tag nextTag() {
        return Tag.of("A" + (++tagCounter));
    }

    /**
     * Chooses how string literals are announced: non-synchronising when the server offers
     * LITERAL+ (RFC 7888) or, up to 4096 octets, LITERAL- or IMAP4rev2.
     *
     * @param mode the mode
     */
    public void literalMode(ImapCommandEncoder.LiteralMode mode) {
        this.literalMode = Objects.requireNonNull(mode, "mode");
        this.encoder = ImapCommandEncoder.of(utf8, mode);
    }

    /**
     * Returns how literals are announced.
     *
     * @return the mode
     */
    public ImapCommandEncoder.LiteralMode literalMode() {
        return literalMode;
    }

    /**
     * Switches mailbox names to UTF-8, after {@code ENABLE IMAP4rev2} or {@code UTF8=ACCEPT}
     * (RFC 9051 §6.3.1, RFC 6855).
     */
    public void useUtf8() {
        utf8 = true;
        decoder = ImapResponseDecoder.of(true, limits);
        encoder = ImapCommandEncoder.of(true, literalMode);
    }

    /**
     * Queues a command, written as soon as the ordering rules allow.
     *
     * @param command the command, with a tag no outstanding command has
     * @throws IllegalStateException    if the session ended or a STARTTLS is outstanding
     * @throws IllegalArgumentException if the tag is in use, or the command cannot be encoded
     */
    public void send(ImapCommand command) {
        send(command, null);
    }

    /**
     * Queues an APPEND whose message comes from a source: the command is sent with an empty
     * placeholder literal replaced by the source's octets, announced synchronising unless the
     * literal mode allows {@code {n+}} for that size.
     *
     * @param append the APPEND; its message must be a {@link Fragment.StreamedLiteral} of the
     *               source's size
     * @param source the octets
     */
    public void send(ImapCommand.Append append, LiteralSource source) {
        send((ImapCommand) append, Objects.requireNonNull(source, "source"));
    }

    private void send(ImapCommand command, LiteralSource source) {
        Objects.requireNonNull(command, "command");
        if (finished) {
            throw new IllegalStateException("session ended");
        }
        for (Outgoing o : toSend) {
            if (o.command.tag().equals(command.tag())) {
                throw new IllegalArgumentException("tag in use: " + command.tag());
            }
        }
        for (Outgoing o : sent) {
            if (o.command.tag().equals(command.tag())) {
                throw new IllegalArgumentException("tag in use: " + command.tag());
            }
        }
        List<Fragment> fragments;
        if (source != null) {
            ImapCommand.Append a = (ImapCommand.Append) command;
            if (!(a.message() instanceof Fragment.StreamedLiteral streamed) || streamed.size() != source.size()) {
                throw new IllegalArgumentException("the APPEND message must be a streamed literal of the source's size");
            }
            ImapCommand.Append placeholder = new ImapCommand.Append(a.tag(), a.mailbox(), a.flags(), a.internalDate(),
                    Fragment.Literal.of(new byte[0], streamed.synchronizing(), streamed.binary()));
            List<Fragment> encoded = encoder.encode(placeholder).fragments();
            fragments = new ArrayList<>(encoded);
            fragments.set(fragments.size() - 2, streamed);
        } else {
            fragments = encoder.encode(command).fragments();
        }
        Outgoing out = new Outgoing(command, fragments, source);
        out.sourceRemaining = source == null ? 0 : source.size();
        toSend.add(out);
    }

    /**
     * Answers a {@link Event.Challenge}.
     *
     * @param base64 the response in base64, possibly empty, or {@code *} to cancel
     * @throws IllegalStateException    if no challenge is waiting
     * @throws IllegalArgumentException if the text holds CR or LF
     */
    public void sendAuthenticationResponse(String base64) {
        if (!challengePending) {
            throw new IllegalStateException("no challenge is waiting");
        }
        if (base64.indexOf('\r') >= 0 || base64.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("response holds CR or LF");
        }
        challengePending = false;
        queue.add(Step.write(ascii(base64 + "\r\n")));
    }

    /**
     * Ends an IDLE with {@code DONE} (RFC 2177 §3); its tagged {@code OK} follows. Does nothing
     * when no IDLE is under way; an IDLE not yet accepted is ended as soon as it is.
     */
    public void done() {
        if (idling == null) {
            // Not accepted yet: DONE goes right after the continuation request.
            for (Outgoing o : toSend) {
                o.doneRequested |= o.command instanceof ImapCommand.Idle;
            }
            for (Outgoing o : sent) {
                o.doneRequested |= o.command instanceof ImapCommand.Idle;
            }
            return;
        }
        idling = null;
        queue.add(Step.write(ascii("DONE\r\n")));
    }

    /**
     * Tells whether commands are still waiting to be written or answered.
     *
     * @return {@code true} when nothing is outstanding
     */
    public boolean isIdle() {
        return toSend.isEmpty() && sent.isEmpty();
    }

    @Override
    public void receive(ByteBuffer bytes) {
        input = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public void receiveEof() {
        eof = true;
    }

    @Override
    public Step<Event> next() {
        while (true) {
            if (finished) {
                return Step.close();
            }
            Step<Event> step = queue.poll();
            if (step != null) {
                if (step instanceof Step.Close<Event>) {
                    finished = true;
                }
                return step;
            }
            Step<Event> write = nextWrite();
            if (write != null) {
                return write;
            }
            if (input != null && input.hasRemaining()) {
                read();
                continue;
            }
            if (eof) {
                boolean pending = false;
                for (Outgoing o : sent) {
                    pending |= !(o.command instanceof ImapCommand.Logout);
                }
                if (pending || framer.midCommand()) {
                    queue.add(Step.event(new Event.ProtocolError(Event.Kind.CLOSED,
                            "connection closed by the server")));
                }
                queue.add(Step.close());
                continue;
            }
            boolean waiting = framer.midCommand();
            for (Outgoing o : sent) {
                waiting |= !(o.command instanceof ImapCommand.Idle);
            }
            return waiting ? Step.needMoreOfCommand() : Step.needInput();
        }
    }

    /** Writes the next part of a command, if the ordering rules allow one. */
    private Step<Event> nextWrite() {
        if (!greeted || challengePending || idling != null) {
            return null;
        }
        if (writing != null) {
            if (writing.awaitingContinuation) {
                return null;
            }
            return continueWriting();
        }
        Outgoing head = toSend.peek();
        if (head == null || authenticating != null) {
            return null;
        }
        for (Outgoing o : sent) {
            if (o.command instanceof ImapCommand.StartTls || o.command instanceof ImapCommand.Logout
                    || o.command instanceof ImapCommand.Idle) {
                return null;
            }
        }
        if (head.command instanceof ImapCommand.StartTls && !sent.isEmpty()) {
            return null; // the upgrade must come after every earlier response
        }
        toSend.poll();
        sent.add(head);
        if (head.command instanceof ImapCommand.Authenticate) {
            authenticating = head;
        }
        writing = head;
        return continueWriting();
    }

    /** Writes from the current fragment up to the next synchronising literal, or to the end. */
    private Step<Event> continueWriting() {
        Outgoing o = writing;
        if (o.index < o.fragments.size() && o.fragments.get(o.index) instanceof Fragment.StreamedLiteral) {
            return sourceChunk(o);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = o.index;
        while (i < o.fragments.size()) {
            Fragment f = o.fragments.get(i);
            if (f instanceof Fragment.Text t) {
                out.writeBytes(t.toByteArray());
                i++;
                if (i == o.fragments.size()) {
                    out.write('\r');
                    out.write('\n');
                    break;
                }
                Fragment literal = o.fragments.get(i);
                long size = literal instanceof Fragment.Literal l ? l.length() : ((Fragment.StreamedLiteral) literal).size();
                boolean sync = literal instanceof Fragment.Literal l ? l.synchronizing()
                        : ((Fragment.StreamedLiteral) literal).synchronizing();
                boolean binary = literal instanceof Fragment.Literal l ? l.binary()
                        : ((Fragment.StreamedLiteral) literal).binary();
                out.writeBytes(((binary ? "~{" : "{") + size + (sync ? "" : "+") + "}\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                o.index = i;
                if (sync) {
                    o.awaitingContinuation = true;
                    return Step.write(ByteBuffer.wrap(out.toByteArray()));
                }
                if (literal instanceof Fragment.StreamedLiteral) {
                    return Step.write(ByteBuffer.wrap(out.toByteArray()));
                }
            } else {
                Fragment.Literal l = (Fragment.Literal) f;
                out.writeBytes(l.toByteArray());
                i++;
            }
        }
        o.index = i;
        writing = null;
        if (o.command instanceof ImapCommand.Idle || o.command instanceof ImapCommand.Authenticate) {
            // Nothing else is written until the server answers with a continuation or a status.
            o.awaitingContinuation = true;
            writing = null;
        }
        return Step.write(ByteBuffer.wrap(out.toByteArray()));
    }

    /** Writes the next chunk of a streamed APPEND message. */
    private Step<Event> sourceChunk(Outgoing o) {
        if (o.sourceRemaining == 0) {
            o.index++;
            return continueWriting();
        }
        ByteBuffer chunk = o.source.next();
        if (!chunk.hasRemaining()) {
            throw new IllegalStateException("the literal source ended " + o.sourceRemaining + " octets early");
        }
        if (chunk.remaining() > o.sourceRemaining) {
            throw new IllegalStateException("the literal source gave more than its size");
        }
        o.sourceRemaining -= chunk.remaining();
        return Step.write(chunk);
    }

    /** Reads input until one response is complete or the input runs out. */
    private void read() {
        ImapFrame frame = framer.next(input);
        if (frame == ImapFrame.NEED_INPUT) {
            return;
        }
        if (frame instanceof ImapFrame.LiteralStart start) {
            queue.add(Step.event(new Event.LiteralStart(start.size())));
            framer.streamLiteral(new LiteralSink() {
                @Override
                public void accept(ByteBuffer chunk) {
                    // A window on the input: copy it, since the event outlives this call.
                    ByteBuffer copy = ByteBuffer.allocate(chunk.remaining());
                    copy.put(chunk).flip();
                    queue.add(Step.event(new Event.LiteralChunk(copy)));
                }
            });
            return;
        }
        if (frame instanceof ImapFrame.Failure failure) {
            boolean size = failure instanceof ImapFrame.LineTooLong || failure instanceof ImapFrame.LiteralTooLarge
                    || failure instanceof ImapFrame.CommandTooLarge;
            fail(size ? Event.Kind.TOO_LARGE : Event.Kind.MALFORMED, "response refused by the framer: " + failure);
            return;
        }
        if (!(frame instanceof ImapFrame.Line line)) {
            fail(Event.Kind.MALFORMED, "unexpected frame " + frame);
            return;
        }
        if (isContinuation(line)) {
            continuation(line);
            return;
        }
        ImapResponseDecoder.Result result = decoder.decode(line);
        if (result instanceof ImapResponseDecoder.Result.Malformed m) {
            fail(Event.Kind.MALFORMED, "malformed response: " + m.hint());
            return;
        }
        ImapResponse response = ((ImapResponseDecoder.Result.Decoded) result).response();
        if (!greeted) {
            if (!(response instanceof ImapResponse.Status s) || s.tag().isPresent()
                    || s.kind() == ImapResponse.Kind.NO || s.kind() == ImapResponse.Kind.BAD) {
                fail(Event.Kind.MALFORMED, "the greeting is not an untagged OK, PREAUTH or BYE");
                return;
            }
            greeted = true;
            queue.add(Step.event(new Event.Greeting(s)));
            if (s.kind() == ImapResponse.Kind.BYE) {
                queue.add(Step.close());
            }
            return;
        }
        if (response instanceof ImapResponse.Status s && s.tag().isPresent()) {
            completed(s);
            return;
        }
        queue.add(Step.event(new Event.Untagged(response)));
    }

    /** RFC 9051 §7.5: {@code "+" [SP (resp-text / base64)] CRLF}, always one line of text. */
    private static boolean isContinuation(ImapFrame.Line line) {
        ByteBuffer first = line.first().asBuffer();
        return first.remaining() >= 1 && first.get(first.position()) == '+'
                && (first.remaining() == 1 || first.get(first.position() + 1) == ' ');
    }

    private void continuation(ImapFrame.Line line) {
        if (line.fragments().size() != 1) {
            fail(Event.Kind.MALFORMED, "a continuation request with a literal");
            return;
        }
        byte[] text = line.first().toByteArray();
        String rest = text.length <= 2 ? "" : new String(text, 2, text.length - 2, StandardCharsets.UTF_8);
        Outgoing o = sent.peekLast();
        if (writing != null && writing.awaitingContinuation) {
            writing.awaitingContinuation = false;
            return;
        }
        if (o != null && o.awaitingContinuation && o.command instanceof ImapCommand.Authenticate) {
            challengePending = true;
            queue.add(Step.event(new Event.Challenge(o.command, rest)));
            return;
        }
        if (o != null && o.awaitingContinuation && o.command instanceof ImapCommand.Idle) {
            o.awaitingContinuation = false;
            queue.add(Step.event(new Event.Idling(o.command)));
            if (o.doneRequested) {
                queue.add(Step.write(ascii("DONE\r\n")));
            } else {
                idling = o;
            }
            return;
        }
        fail(Event.Kind.MALFORMED, "a continuation request no command waits for");
    }

    private void completed(ImapResponse.Status status) {
        Tag tag = status.tag().orElseThrow();
        Outgoing match = null;
        for (Iterator<Outgoing> it = sent.iterator(); it.hasNext(); ) {
            Outgoing o = it.next();
            if (o.command.tag().equals(tag)) {
                match = o;
                it.remove();
                break;
            }
        }
        if (match == null) {
            fail(Event.Kind.MALFORMED, "a tagged response to no outstanding command: " + tag);
            return;
        }
        if (match == writing) {
            // A NO or BAD instead of a continuation: the rest of the command is not sent.
            writing = null;
        }
        if (match == authenticating) {
            authenticating = null;
            challengePending = false;
        }
        if (match == idling) {
            idling = null;
        }
        queue.add(Step.event(new Event.Completed(match.command, status)));
        if (match.command instanceof ImapCommand.StartTls && status.kind() == ImapResponse.Kind.OK) {
            // RFC 9051 §6.2.1, SECURITY-CASES TLS-03: whatever followed the OK in plaintext was
            // not sent by the server we are about to authenticate; never read it.
            input.position(input.limit());
            framer.reset();
            queue.add(Step.upgradeTls());
        } else if (match.command instanceof ImapCommand.Logout) {
            queue.add(Step.close());
        }
    }

    private void fail(Event.Kind kind, String hint) {
        queue.add(Step.event(new Event.ProtocolError(kind, hint)));
        queue.add(Step.close());
        if (input != null) {
            input.position(input.limit());
        }
        toSend.clear();
        writing = null;
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns the command a tag names, if it is outstanding.
     *
     * @param tag the tag
     * @return the command
     */
    public Optional<ImapCommand> outstanding(Tag tag) {
        for (Outgoing o : sent) {
            if (o.command.tag().equals(tag)) {
                return Optional.of(o.command);
            }
        }
        return Optional.empty();
    }
}
