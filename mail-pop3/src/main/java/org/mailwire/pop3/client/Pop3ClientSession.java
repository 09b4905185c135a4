// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import org.mailwire.core.codec.BareLineEndingPolicy;
import org.mailwire.core.codec.DotUnstuffer;
import org.mailwire.core.codec.LineFramer;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3CommandDecoder;
import org.mailwire.pop3.codec.Pop3ProtocolException;
import org.mailwire.pop3.codec.Pop3Response;

/**
 * The client side of one POP3 connection as a sans-IO state machine: it writes the commands the
 * application {@link #send(Pop3Command) queues}, matches status lines to them in order, and
 * streams multi-line bodies dot-unstuffed in chunks (RFC 1939 §3), never holding a whole message.
 *
 * <p>Commands wait for the greeting. While an STLS is outstanding nothing else may be queued, and
 * after its {@code +OK} every byte already received is dropped before TLS starts, so a response a
 * man in the middle injected in plaintext is never read inside TLS (RFC 2595 §4, SECURITY-CASES
 * TLS-03). A response with no command waiting for it, or a malformed status line, is a
 * {@link Pop3ClientEvent.ProtocolError} and the session closes. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5034#section-4">RFC 5034 §4</a>
 */
public final class Pop3ClientSession implements ProtocolSession<Pop3ClientEvent> {

    /**
     * The longest status line accepted, CRLF included: RFC 2449 §4 says 512, but some servers send
     * longer greetings, so a margin is kept while memory stays bounded.
     */
    private static final int MAX_RESPONSE_LINE = 4096;

    private final LineFramer framer = LineFramer.of(MAX_RESPONSE_LINE);
    // Bare CR and LF are content, so a lenient server's bare LF cannot end the body early.
    private final DotUnstuffer unstuffer = DotUnstuffer.of(Integer.MAX_VALUE, BareLineEndingPolicy.KEEP_AS_DATA);
    private final ArrayDeque<Pop3Command> toSend = new ArrayDeque<>();
    private final ArrayDeque<Pop3Command> sent = new ArrayDeque<>();
    private final ArrayDeque<Step<Pop3ClientEvent>> queue = new ArrayDeque<>();
    private ByteBuffer input;
    private boolean eof;
    private boolean greeted;
    private boolean inBody;
    private boolean inChallenge;
    private boolean stlsPending;
    private boolean finished;

    /** Creates a session that waits for the server's greeting. */
    public Pop3ClientSession() {
    }

    /**
     * Queues a command; it is written once the greeting has come (and after an outstanding STLS).
     *
     * @param command the command
     * @throws IllegalStateException if an STLS is outstanding, since nothing may follow it in
     *                               plaintext, or the session has ended
     */
    public void send(Pop3Command command) {
        Objects.requireNonNull(command, "command");
        if (stlsPending || finished) {
            throw new IllegalStateException(finished ? "session ended" : "STLS is outstanding");
        }
        if (command instanceof Pop3Command.Stls) {
            stlsPending = true;
        }
        toSend.add(command);
    }

    /**
     * Answers a {@link Pop3ClientEvent.Challenge}.
     *
     * @param base64 the response in base64, empty, or {@code *} to cancel (RFC 5034 §4)
     * @throws IllegalStateException    if no challenge is waiting
     * @throws IllegalArgumentException if the text holds CR or LF
     */
    public void sendSaslResponse(String base64) {
        if (!inChallenge) {
            throw new IllegalStateException("no challenge is waiting");
        }
        if (base64.indexOf('\r') >= 0 || base64.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("response holds CR or LF");
        }
        inChallenge = false;
        queue.add(Step.write(ByteBuffer.wrap((base64 + "\r\n").getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * Tells whether commands are still waiting to be sent or answered.
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
    public Step<Pop3ClientEvent> next() {
        while (true) {
            if (finished) {
                return Step.close();
            }
            Step<Pop3ClientEvent> step = queue.poll();
            if (step != null) {
                if (step instanceof Step.Close<Pop3ClientEvent>) {
                    finished = true;
                }
                return step;
            }
            if (greeted && !inChallenge && !toSend.isEmpty() && !(stlsPending && !sent.isEmpty())) {
                Pop3Command command = toSend.poll();
                sent.add(command);
                return Step.write(ByteBuffer.wrap(Pop3CommandDecoder.encode(command)));
            }
            if (input != null && input.hasRemaining()) {
                if (inBody) {
                    readBody();
                } else {
                    readLine();
                }
                continue;
            }
            if (eof) {
                if (!sent.isEmpty() && !(sent.peek() instanceof Pop3Command.Quit)) {
                    queue.add(Step.event(new Pop3ClientEvent.ProtocolError("connection closed by the server")));
                }
                queue.add(Step.close());
                continue;
            }
            return framer.midLine() || inBody ? Step.needMoreOfCommand() : Step.needInput();
        }
    }

    private void readBody() {
        Pop3Command command = sent.peek();
        DotUnstuffer.Result result = unstuffer.decode(input, chunk -> {
            // The chunk is a window on the input: copy it, since the event outlives this call.
            ByteBuffer copy = ByteBuffer.allocate(chunk.remaining());
            copy.put(chunk).flip();
            queue.add(Step.event(new Pop3ClientEvent.Body(command, copy)));
        });
        if (result == DotUnstuffer.Result.END_OF_DATA) {
            unstuffer.reset();
            inBody = false;
            sent.poll();
            queue.add(Step.event(new Pop3ClientEvent.BodyEnd(command)));
        } else if (result == DotUnstuffer.Result.VIOLATION) {
            fail("malformed multi-line body");
        }
    }

    private void readLine() {
        LineFramer.Result result = framer.next(input);
        if (result == LineFramer.Result.NEED_INPUT) {
            return;
        }
        if (result != LineFramer.Result.LINE) {
            fail(result == LineFramer.Result.LINE_TOO_LONG ? "response line too long" : "bare CR or LF in response");
            return;
        }
        byte[] line = framer.lineArray();
        int length = framer.lineLength();
        if (!greeted) {
            greeted = true;
            decoded(line, length).ifPresent(r -> queue.add(Step.event(new Pop3ClientEvent.Greeting(r))));
            return;
        }
        Pop3Command command = sent.peek();
        if (command == null) {
            fail("response to no command");
            return;
        }
        if (command instanceof Pop3Command.Auth a && a.mechanism().isPresent() && length >= 1 && line[0] == '+'
                && (length == 1 || line[1] == ' ')) {
            inChallenge = true;
            String challenge = length <= 2 ? "" : new String(line, 2, length - 2, StandardCharsets.US_ASCII);
            queue.add(Step.event(new Pop3ClientEvent.Challenge(challenge)));
            return;
        }
        java.util.Optional<Pop3Response> decoded = decoded(line, length);
        if (decoded.isEmpty()) {
            return;
        }
        Pop3Response response = decoded.get();
        queue.add(Step.event(new Pop3ClientEvent.Response(command, response)));
        if (response.ok() && isMultiLine(command)) {
            inBody = true;
            return;
        }
        sent.poll();
        if (command instanceof Pop3Command.Stls) {
            stlsPending = false;
            if (response.ok()) {
                // RFC 2595 §4, SECURITY-CASES TLS-03: whatever came after the +OK in plaintext
                // was not sent by the server we are about to authenticate; never read it.
                input.position(input.limit());
                framer.reset();
                queue.add(Step.upgradeTls());
            }
        } else if (command instanceof Pop3Command.Quit) {
            queue.add(Step.close());
        }
    }

    private java.util.Optional<Pop3Response> decoded(byte[] line, int length) {
        try {
            return java.util.Optional.of(Pop3Response.decode(line, length));
        } catch (Pop3ProtocolException e) {
            fail(e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private void fail(String hint) {
        queue.add(Step.event(new Pop3ClientEvent.ProtocolError(hint)));
        queue.add(Step.close());
    }

    /** RFC 1939 §3, RFC 2449 §5: the commands whose {@code +OK} is followed by a body. */
    private static boolean isMultiLine(Pop3Command command) {
        return command instanceof Pop3Command.Capa
                || command instanceof Pop3Command.Retr
                || command instanceof Pop3Command.Top
                || command instanceof Pop3Command.List l && l.message().isEmpty()
                || command instanceof Pop3Command.Uidl u && u.message().isEmpty()
                || command instanceof Pop3Command.Auth a && a.mechanism().isEmpty();
    }
}
