// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import org.mailwire.core.codec.DotStuffer;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpCommandEncoder;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.codec.SmtpReplyDecoder;

/**
 * The client side of one SMTP connection as a sans-IO state machine: it writes the commands the
 * application {@link #send(SmtpCommand) queues}, matches replies to them in order (so a batch
 * written at once under PIPELINING is answered one reply per command, RFC 2920 §3), and streams
 * message content dot-stuffed (DATA) or in BDAT chunks (RFC 3030), never holding a message whole.
 *
 * <pre>{@code
 *  GREETING --220--> COMMANDS <-------------------------------------------------+
 *                     | STARTTLS (220): drop buffered input, UpgradeTls ------->+
 *                     | AUTH (334): Challenge <-> sendSaslResponse ------------>+
 *                     | DATA (354): ContentRequest <-> content / contentEnd      |
 *                     |             then ".", DataReply -------------------------+
 *                     | startBdat: ContentRequest <-> content ("BDAT n" + bytes) |
 *                     |            contentEnd ("BDAT 0 LAST") ------------------>+
 *                     | QUIT (reply) --> CLOSED
 *  malformed reply, reply to no command, end of stream while waiting --> ProtocolError, CLOSED
 * }</pre>
 *
 * <p>Rules the session enforces whatever the application does:
 * <ol>
 *   <li>Commands wait for the greeting. Nothing is written after STARTTLS until its reply, and
 *       after a {@code 220} every octet already received is dropped and the reply decoder reset
 *       before TLS starts, so a reply a man in the middle appended in plaintext is never read
 *       inside TLS (RFC 3207 §4.2, SECURITY-CASES TLS-03). The application re-issues EHLO.</li>
 *   <li>Nothing is written after DATA until its reply, and none during content: DATA ends a
 *       pipelined group (RFC 2920 §3.1).</li>
 *   <li>DATA content is always dot-stuffed and every line ending normalised to CRLF by
 *       {@link DotStuffer}, so no content can end the data early or smuggle a command
 *       (RFC 5321 §4.5.2, SECURITY-CASES SMTPC-02). BDAT content is CRLF-normalised too unless
 *       sent as {@code BINARYMIME}.</li>
 *   <li>A malformed reply (see {@link SmtpReplyDecoder}), a reply when no command waits, or the
 *       end of stream while replies are due is a {@link SmtpClientEvent.ProtocolError} followed
 *       by {@code Close}: never a hang, never a guess.</li>
 * </ol>
 *
 * <p>The session has no clock: waiting for a reply returns {@code NeedInput(false)}, and the
 * driver applies the timeouts of RFC 5321 §4.5.3.2 (the client package does). Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1">RFC 5321 §4.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2920">RFC 2920</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3030">RFC 3030</a>
 */
public final class SmtpClientSession implements ProtocolSession<SmtpClientEvent> {

    /** Octets of content written per {@code Write} step: one TLS record's worth. */
    private static final int CONTENT_BUFFER = 16 * 1024;

    /** What a reply is expected for: a command, or the end of DATA content. */
    private record Expect(SmtpCommand command, boolean dataEnd) {
    }

    private enum Content { NONE, DATA, BDAT }

    private final SmtpReplyDecoder decoder;
    private final SmtpCommandEncoder encoder = new SmtpCommandEncoder();
    private final DotStuffer stuffer = new DotStuffer();
    private final ArrayDeque<SmtpCommand> toSend = new ArrayDeque<>();
    private final ArrayDeque<Expect> sent = new ArrayDeque<>();
    private final ArrayDeque<Step<SmtpClientEvent>> queue = new ArrayDeque<>();
    private final ByteBuffer out;
    private ByteBuffer input;
    private boolean eof;
    private boolean greeted;
    private boolean inChallenge;
    private boolean startTlsPending;
    private boolean dataPending;
    private boolean finished;

    private Content content = Content.NONE;
    private boolean awaitingContent;
    private ByteBuffer chunk;
    private boolean contentEnded;
    private boolean bdatBinary;
    private boolean bdatPipelined;
    /** BDAT line-ending normalisation: a CR seen at the end of the previous chunk. */
    private boolean heldCr;
    /** BDAT line-ending normalisation: whether the content so far is empty or ends with CRLF. */
    private boolean atLineStart = true;

    /** Creates a session with the default reply limits, waiting for the greeting. */
    public SmtpClientSession() {
        this(SmtpLimits.defaults());
    }

    /**
     * Creates a session waiting for the greeting.
     *
     * @param limits the reply limits ({@link SmtpLimits#maxReplyLine()},
     *               {@link SmtpLimits#maxReplyLines()}) a hostile server cannot exceed
     */
    public SmtpClientSession(SmtpLimits limits) {
        this.decoder = SmtpReplyDecoder.of(limits);
        this.out = ByteBuffer.allocate(CONTENT_BUFFER);
    }

    /**
     * Queues a command; it is written once the greeting has come, after an outstanding STARTTLS
     * or DATA is answered and any content is sent. Commands queued together are written
     * together, which is PIPELINING (RFC 2920): queue a group only if the server offers it.
     *
     * @param command the command
     * @throws IllegalStateException if the session has ended
     */
    public void send(SmtpCommand command) {
        Objects.requireNonNull(command, "command");
        if (finished) {
            throw new IllegalStateException("session ended");
        }
        toSend.add(command);
    }

    /**
     * Answers a {@link SmtpClientEvent.Challenge} (RFC 4954 §4).
     *
     * @param base64 the response in base64, possibly empty, or {@code *} to cancel
     * @throws IllegalStateException    if no challenge is waiting
     * @throws IllegalArgumentException if the text holds CR, LF or NUL
     */
    public void sendSaslResponse(String base64) {
        Objects.requireNonNull(base64, "base64");
        if (!inChallenge) {
            throw new IllegalStateException("no challenge is waiting");
        }
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("SASL response holds CR, LF or NUL");
            }
        }
        inChallenge = false;
        queue.add(Step.write(ByteBuffer.wrap((base64 + "\r\n").getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * Starts sending content in BDAT chunks (RFC 3030 §2): the session asks for content with
     * {@link SmtpClientEvent.ContentRequest}, writes each piece as {@code BDAT n} and its octets,
     * and ends with {@code BDAT 0 LAST}. Each BDAT is answered with a
     * {@link SmtpClientEvent.Reply}; the one to {@code LAST} is the verdict on the message.
     *
     * @param binary    {@code true} for {@code BODY=BINARYMIME}: octets go as they are; otherwise
     *                  every line ending is normalised to CRLF
     * @param pipelined {@code true} if the server offers PIPELINING: chunks are written without
     *                  waiting for the previous chunk's reply
     * @throws IllegalStateException if content is already being sent or the session has ended
     */
    public void startBdat(boolean binary, boolean pipelined) {
        if (content != Content.NONE || finished) {
            throw new IllegalStateException(finished ? "session ended" : "content is already being sent");
        }
        content = Content.BDAT;
        bdatBinary = binary;
        bdatPipelined = pipelined;
        heldCr = false;
        atLineStart = true;
        contentEnded = false;
        chunk = null;
    }

    /**
     * Answers a {@link SmtpClientEvent.ContentRequest} with the next piece of the message. The
     * session reads the buffer's remaining octets during the following {@code next()} calls; the
     * application must not touch it until asked for more.
     *
     * @param piece the next octets, possibly empty
     * @throws IllegalStateException if no content was asked for
     */
    public void content(ByteBuffer piece) {
        Objects.requireNonNull(piece, "piece");
        answerContent();
        chunk = piece;
    }

    /**
     * Answers a {@link SmtpClientEvent.ContentRequest}: the message has no more octets. The
     * session ends the data ({@code .} after DATA, {@code BDAT 0 LAST} in BDAT mode).
     *
     * @throws IllegalStateException if no content was asked for
     */
    public void contentEnd() {
        answerContent();
        chunk = null;
        contentEnded = true;
    }

    /**
     * Answers a {@link SmtpClientEvent.ContentRequest}: the content cannot be read. A message
     * half sent can only be abandoned by closing the connection, since ending it would deliver
     * a truncated message; so the session closes.
     *
     * @throws IllegalStateException if no content was asked for
     */
    public void contentFailed() {
        answerContent();
        chunk = null;
        content = Content.NONE;
        queue.add(Step.close());
    }

    private void answerContent() {
        if (!awaitingContent) {
            throw new IllegalStateException("no content was asked for");
        }
        awaitingContent = false;
    }

    /**
     * Tells how many replies are due: commands written or queued and not yet answered.
     *
     * @return the number of outstanding replies, the end of DATA content included
     */
    public int outstanding() {
        return sent.size() + toSend.size();
    }

    /**
     * Tells whether the session has closed or will close.
     *
     * @return {@code true} once a {@code Close} was returned or queued
     */
    public boolean isFinished() {
        return finished || queue.stream().anyMatch(s -> s instanceof Step.Close<SmtpClientEvent>);
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
    public Step<SmtpClientEvent> next() {
        while (true) {
            if (finished) {
                return Step.close();
            }
            Step<SmtpClientEvent> step = queue.poll();
            if (step != null) {
                if (step instanceof Step.Close<SmtpClientEvent>) {
                    finished = true;
                }
                return step;
            }
            if (awaitingContent || inChallenge) {
                return Step.awaitApplication();
            }
            if (content != Content.NONE) {
                Step<SmtpClientEvent> contentStep = content == Content.DATA ? dataStep() : bdatStep();
                if (contentStep != null) {
                    return contentStep;
                }
            } else if (greeted && !startTlsPending && !dataPending && !toSend.isEmpty()) {
                SmtpCommand command = toSend.poll();
                if (command instanceof SmtpCommand.StartTls) {
                    startTlsPending = true;
                } else if (command instanceof SmtpCommand.Data) {
                    dataPending = true;
                }
                sent.add(new Expect(command, false));
                return Step.write(encoder.encode(command));
            }
            if (input != null && input.hasRemaining()) {
                readReply();
                continue;
            }
            if (eof) {
                if (!sent.isEmpty() || !greeted) {
                    fail("connection closed by the server with " + (greeted ? sent.size() + " replies due" : "no greeting"));
                } else {
                    queue.add(Step.close());
                }
                continue;
            }
            return Step.needInput();
        }
    }

    /** The next step of DATA content, or null when waiting for nothing but input. */
    private Step<SmtpClientEvent> dataStep() {
        if (chunk != null && chunk.hasRemaining()) {
            out.clear();
            stuffer.encode(chunk, out);
            return Step.write(out.flip());
        }
        if (contentEnded) {
            out.clear();
            stuffer.finish(out);
            content = Content.NONE;
            contentEnded = false;
            chunk = null;
            sent.add(new Expect(SmtpCommand.DATA, true));
            return Step.write(out.flip());
        }
        awaitingContent = true;
        return Step.event(new SmtpClientEvent.ContentRequest());
    }

    /** The next step of BDAT content, or null when the previous chunk's reply must come first. */
    private Step<SmtpClientEvent> bdatStep() {
        if (!bdatPipelined && !sent.isEmpty()) {
            return null;
        }
        if (chunk != null && chunk.hasRemaining()) {
            out.clear();
            if (bdatBinary) {
                int n = Math.min(out.remaining(), chunk.remaining());
                out.put(out.position(), chunk, chunk.position(), n);
                out.position(n);
                chunk.position(chunk.position() + n);
            } else {
                normalise(chunk, out);
            }
            out.flip();
            if (!out.hasRemaining()) {
                return bdatStep(); // only a held CR was read: go on with what is left
            }
            SmtpCommand.Bdat bdat = new SmtpCommand.Bdat(out.remaining(), false);
            sent.add(new Expect(bdat, false));
            queue.add(Step.write(out));
            return Step.write(encoder.encode(bdat));
        }
        if (contentEnded) {
            content = Content.NONE;
            contentEnded = false;
            chunk = null;
            // As after DATA, the last line ends with CRLF (RFC 5321 §2.3.8), unless binary.
            boolean lineEnd = !bdatBinary && (heldCr || !atLineStart);
            SmtpCommand.Bdat last = new SmtpCommand.Bdat(lineEnd ? 2 : 0, true);
            sent.add(new Expect(last, false));
            heldCr = false;
            atLineStart = true;
            if (lineEnd) {
                queue.add(Step.write(ByteBuffer.wrap(new byte[] {'\r', '\n'})));
            }
            return Step.write(encoder.encode(last));
        }
        awaitingContent = true;
        return Step.event(new SmtpClientEvent.ContentRequest());
    }

    /** Copies src to dst turning a bare CR or LF into CRLF; a CR at the end of src is held. */
    private void normalise(ByteBuffer src, ByteBuffer dst) {
        while (src.hasRemaining() && dst.remaining() >= 2) {
            byte b = src.get(src.position());
            if (heldCr) {
                dst.put((byte) '\r').put((byte) '\n');
                heldCr = false;
                atLineStart = true;
                if (b == '\n') {
                    src.get();
                }
                continue;
            }
            src.get();
            if (b == '\r') {
                heldCr = true;
            } else if (b == '\n') {
                dst.put((byte) '\r').put((byte) '\n');
                atLineStart = true;
            } else {
                dst.put(b);
                atLineStart = false;
            }
        }
    }

    private void readReply() {
        SmtpReplyDecoder.Result result = decoder.decode(input);
        if (result instanceof SmtpReplyDecoder.NeedInput) {
            return;
        }
        if (result instanceof SmtpReplyDecoder.Malformed m) {
            fail("malformed reply: " + m.problem());
            return;
        }
        SmtpReply reply = ((SmtpReplyDecoder.Reply) result).reply();
        if (!greeted) {
            greeted = true;
            queue.add(Step.event(new SmtpClientEvent.Greeting(reply)));
            return;
        }
        Expect expect = sent.peek();
        if (expect == null) {
            fail("reply to no command: " + reply.code() + " " + reply.text());
            return;
        }
        SmtpCommand command = expect.command();
        if (command instanceof SmtpCommand.Auth && reply.code() == 334) {
            inChallenge = true;
            queue.add(Step.event(new SmtpClientEvent.Challenge(reply.lines().get(0))));
            return;
        }
        sent.poll();
        if (expect.dataEnd()) {
            queue.add(Step.event(new SmtpClientEvent.DataReply(reply)));
            return;
        }
        queue.add(Step.event(new SmtpClientEvent.Reply(command, reply)));
        if (command instanceof SmtpCommand.StartTls) {
            startTlsPending = false;
            if (reply.code() == 220) {
                // RFC 3207 §4.2, SECURITY-CASES TLS-03: what came after the 220 in plaintext was
                // not sent by the server TLS is about to authenticate; never read it.
                input.position(input.limit());
                decoder.reset();
                queue.add(Step.upgradeTls());
            }
        } else if (command instanceof SmtpCommand.Data) {
            dataPending = false;
            if (reply.code() == 354) {
                content = Content.DATA;
                contentEnded = false;
                chunk = null;
            }
        } else if (command instanceof SmtpCommand.Quit) {
            queue.add(Step.close());
        }
    }

    private void fail(String hint) {
        queue.add(Step.event(new SmtpClientEvent.ProtocolError(hint)));
        queue.add(Step.close());
    }
}
