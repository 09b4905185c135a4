// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.codec.ContentSink;
import org.mailwire.core.codec.DotUnstuffer;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslMechanism;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerExchange;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpCommandDecoder;
import org.mailwire.smtp.codec.SmtpDecodeError;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.codec.SmtpReplyEncoder;

/**
 * The server side of one SMTP connection as a sans-IO state machine (RFC 5321, with PIPELINING,
 * SIZE, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, STARTTLS and AUTH), or of one LMTP
 * connection (RFC 2033) when {@link SmtpSessionSettings#lmtp()} is set.
 *
 * <p>The session sends the greeting, answers what it can answer alone (EHLO, NOOP, RSET,
 * sequencing errors, limits) and asks the application through {@link SmtpEvent}s for the rest.
 * Replies are encoded into one reused buffer and handed out as a {@link Step.Write} that the
 * driver must copy before it calls {@link #next()} again; the transport sends consecutive writes
 * together, so a pipelined group (RFC 2920 §3.1) is answered in order and in one batch.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1">RFC 5321 §4.1.1</a>
 * <p>In LMTP the client greets with {@code LHLO} (HELO and EHLO are refused, RFC 2033 §4.1),
 * and the end of each message (DATA's {@code <CRLF>.<CRLF>}, or BDAT LAST) gets one reply per
 * accepted recipient, in RCPT order (RFC 2033 §4.2): the application answers
 * {@link SmtpEvent.MessageEnd} with {@link #answerEach(List)}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2920#section-3">RFC 2920 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2033#section-4.2">RFC 2033 §4.2</a>
 */
public final class SmtpServerSession implements ProtocolSession<SmtpEvent> {

    private static final SmtpReply NEED_GREETING = SmtpReply.of(503, "5.5.1", "Send EHLO or HELO first");
    private static final SmtpReply NEED_LHLO = SmtpReply.of(503, "5.5.1", "Send LHLO first");
    private static final SmtpReply LHLO_ONLY = SmtpReply.of(500, "5.5.1", "This is an LMTP server, use LHLO");
    private static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1", "Sender already specified");
    private static final SmtpReply NEED_MAIL = SmtpReply.of(503, "5.5.1", "Need MAIL command");
    private static final SmtpReply NEED_RECIPIENT = SmtpReply.of(503, "5.5.1", "Need RCPT command");
    private static final SmtpReply ALREADY_AUTHENTICATED = SmtpReply.of(503, "5.5.1", "Already authenticated");
    private static final SmtpReply ALREADY_SECURE = SmtpReply.of(503, "5.5.1", "TLS already active");
    private static final SmtpReply UNKNOWN_MECHANISM = SmtpReply.of(504, "5.5.4", "Unrecognized authentication type");
    private static final SmtpReply BAD_BASE64 = SmtpReply.of(501, "5.5.2", "Cannot decode response");
    private static final SmtpReply PARAMETER_NOT_OFFERED = SmtpReply.of(555, "5.5.4", "Parameter not supported");
    private static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0", "Too many errors, closing connection");
    private static final SmtpReply TOO_MANY_AUTHENTICATION_FAILURES =
            SmtpReply.of(421, "4.7.0", "Too many failed authentications, closing connection");
    private static final SmtpReply CONNECTION_LOST = SmtpReply.of(421, "4.4.2", "Connection lost");
    private static final SmtpReply TEMPORARY_AUTHENTICATION_FAILURE =
            SmtpReply.of(454, "4.7.0", "Temporary authentication failure");
    private static final SmtpEvent.MessageEnd MESSAGE_END = new SmtpEvent.MessageEnd();
    private static final SmtpReply HELP = SmtpReply.of(214, "2.0.0", "See RFC 5321");

    private final SmtpSessionSettings settings;
    private final SmtpCommandDecoder decoder;
    private final DotUnstuffer unstuffer;
    private final SmtpReplyEncoder encoder = new SmtpReplyEncoder();
    /** Replies not yet handed out, encoded back to back; handed out whole as one {@code Write}. */
    private ByteBuffer out = ByteBuffer.allocate(512);
    private Step<SmtpEvent> writeOut = Step.write(out);
    /** Whether {@link #out} was handed out by the last {@code next()} (the driver has copied it since). */
    private boolean handedOut;
    private SmtpContext context;
    private final ContentSink countingSink = this::deliver;

    private SmtpState state = SmtpState.CONNECTED;
    private ByteBuffer input;
    private boolean endOfStream;
    private boolean closeAfterWrites;
    private boolean upgradeAfterWrites;
    private boolean shutdownRequested;
    private int errors;
    private int authenticationFailures;
    private SmtpReply heldReply;
    private boolean pausePending;

    private SmtpEvent pendingEvent;
    private SmtpEvent awaited;

    private boolean secure;
    private String heloName;
    private boolean extended;
    private String authenticatedAs;
    private SaslServerExchange exchange;
    /** A SCRAM success whose server signature went as a final 334; 235 follows the empty answer. */
    private SaslServerStep.Success finalSuccess;

    private ReversePath sender;
    private MailParameters mailParameters;
    private final List<ForwardPath> recipients = new ArrayList<>();
    private final List<RcptParameters> recipientParameters = new ArrayList<>();
    private ContentSink sink;
    private long messageOctets;
    private boolean tooLarge;
    private SmtpCommand.Bdat pendingChunk;
    private long chunkRemaining;
    private boolean chunkLast;
    private long discardRemaining;
    private SmtpReply replyAfterDiscard;

    /**
     * Creates the session of a new connection.
     *
     * @param settings its configuration
     */
    public SmtpServerSession(SmtpSessionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoder = SmtpCommandDecoder.of(settings.limits(), settings.compliance());
        this.unstuffer = DotUnstuffer.of(settings.limits().maxTextLine(), settings.dataLineEndings());
        this.secure = settings.secure();
    }

    /**
     * Returns the state, for tests and diagnostics.
     *
     * @return the current state
     */
    public SmtpState state() {
        return state;
    }

    /**
     * Returns what the session knows of its client now.
     *
     * @return the context
     */
    public SmtpContext context() {
        SmtpContext known = context;
        if (known == null || known.extended() != extended || known.secure() != secure
                || !Objects.equals(known.heloName().orElse(null), heloName)
                || !Objects.equals(known.authenticatedAs().orElse(null), authenticatedAs)) {
            // Made again only when something changed: events of one transaction share it.
            known = new SmtpContext(Optional.ofNullable(heloName), extended, secure, Optional.ofNullable(authenticatedAs),
                    settings.lmtp());
            context = known;
        }
        return known;
    }

    @Override
    public void receive(ByteBuffer bytes) {
        this.input = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public void receiveEof() {
        endOfStream = true;
    }

    @Override
    public void receiveShutdown() {
        shutdownRequested = true;
    }

    @Override
    public void receiveTimeout() {
        // RFC 5321 §4.5.3.2: the server may close after its timeout; say why first (421 4.4.2).
        if (state != SmtpState.CLOSED && !closeAfterWrites) {
            abortMessage(SmtpReply.TIMEOUT);
            reply(SmtpReply.TIMEOUT);
            closeAfterWrites = true;
        }
    }

    /**
     * Answers the awaited {@link SmtpEvent.MailFrom}, {@link SmtpEvent.RcptTo},
     * {@link SmtpEvent.MessageStart} (a rejection) or {@link SmtpEvent.MessageEnd}. In LMTP, a
     * single answer to the end of a message is given for every recipient.
     *
     * @param reply the reply for the client; positive accepts
     * @throws IllegalStateException if no such event is awaiting an answer
     */
    public void answer(SmtpReply reply) {
        Objects.requireNonNull(reply, "reply");
        SmtpEvent event = awaited;
        if (event instanceof SmtpEvent.MailFrom mail) {
            awaited = null;
            if (reply.isPositive()) {
                sender = mail.sender();
                mailParameters = mail.parameters();
                state = state.onMail();
                reply(reply);
            } else {
                decoder.smtpUtf8InForce(false);
                replyRefusal(reply);
            }
        } else if (event instanceof SmtpEvent.RcptTo rcpt) {
            awaited = null;
            if (reply.isPositive()) {
                recipients.add(rcpt.recipient());
                recipientParameters.add(rcpt.parameters());
                state = state.onRecipient();
                reply(reply);
            } else {
                replyRefusal(reply);
            }
        } else if (event instanceof SmtpEvent.MessageStart) {
            if (reply.isPositive()) {
                throw new IllegalStateException("accept a message with acceptMessage(sink), not a positive reply");
            }
            awaited = null;
            SmtpCommand.Bdat chunk = pendingChunk;
            pendingChunk = null;
            endTransaction();
            if (chunk != null) {
                // The chunk's octets follow the command whatever the answer (RFC 3030 §2).
                discard(chunk.size(), reply);
            } else {
                reply(reply);
            }
        } else if (event instanceof SmtpEvent.MessageEnd) {
            awaited = null;
            endMessageWith(reply);
        } else {
            throw new IllegalStateException("no event awaits a reply");
        }
    }

    /**
     * Answers the awaited {@link SmtpEvent.MessageEnd} of an LMTP session with one reply per
     * accepted recipient, in the order of their RCPT commands (RFC 2033 §4.2).
     *
     * @param replies the delivery result of each recipient
     * @throws IllegalStateException if no message end awaits an answer, or the session is SMTP
     * @throws IllegalArgumentException if there is not exactly one reply per recipient
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2033#section-4.2">RFC 2033 §4.2</a>
     */
    public void answerEach(List<SmtpReply> replies) {
        List<SmtpReply> copy = List.copyOf(replies);
        if (!(awaited instanceof SmtpEvent.MessageEnd)) {
            throw new IllegalStateException("no message end awaits an answer");
        }
        if (!settings.lmtp()) {
            throw new IllegalStateException("SMTP has one reply per message; per-recipient replies are LMTP's");
        }
        if (copy.size() != recipients.size()) {
            throw new IllegalArgumentException("need " + recipients.size() + " replies, got " + copy.size());
        }
        awaited = null;
        for (SmtpReply reply : copy) {
            reply(reply);
        }
        endTransaction();
    }

    /**
     * Returns the recipients accepted in the open transaction, in RCPT order: in LMTP, the
     * recipients the replies to {@link SmtpEvent.MessageEnd} are for.
     *
     * @return the accepted forward-paths, empty outside a transaction
     */
    public List<ForwardPath> recipients() {
        return List.copyOf(recipients);
    }

    /**
     * Accepts the message of the awaited {@link SmtpEvent.MessageStart}: the content goes to
     * {@code messageSink} as it arrives, then {@link SmtpEvent.MessageEnd} or
     * {@link SmtpEvent.MessageAborted} follows.
     *
     * @param messageSink receives the unstuffed content in windows valid only during each call
     * @throws IllegalStateException if no message start awaits an answer
     */
    public void acceptMessage(ContentSink messageSink) {
        Objects.requireNonNull(messageSink, "messageSink");
        if (!(awaited instanceof SmtpEvent.MessageStart)) {
            throw new IllegalStateException("no message start awaits an answer");
        }
        awaited = null;
        sink = messageSink;
        messageOctets = 0;
        tooLarge = false;
        if (pendingChunk != null) {
            startChunk(pendingChunk);
            pendingChunk = null;
        } else {
            unstuffer.reset();
            state = state.onData();
            reply(SmtpReply.START_MAIL_INPUT);
        }
    }

    /**
     * Answers the awaited {@link SmtpEvent.AuthenticationStep} with the exchange's outcome.
     *
     * @param step the challenge to send ({@code 334}), the success ({@code 235 2.7.0}) or the
     *     failure ({@code 535 5.7.8})
     * @throws IllegalStateException if no authentication step awaits an answer
     * @see <a href="https://www.rfc-editor.org/rfc/rfc4954#section-4">RFC 4954 §4</a>
     */
    public void answerAuthentication(SaslServerStep step) {
        Objects.requireNonNull(step, "step");
        if (!(awaited instanceof SmtpEvent.AuthenticationStep)) {
            throw new IllegalStateException("no authentication step awaits an answer");
        }
        awaited = null;
        if (step instanceof SaslServerStep.Challenge challenge) {
            state = state.onAuthenticationStarted();
            reply(challenge(challenge.challenge()));
        } else if (step instanceof SaslServerStep.Success success && success.additionalData().isPresent()) {
            // RFC 4954 §4: SMTP has no success data; SCRAM's server signature goes as a final
            // 334 challenge, and 235 follows the client's empty answer.
            state = state.onAuthenticationStarted();
            finalSuccess = success;
            reply(challenge(success.additionalData().get()));
        } else if (step instanceof SaslServerStep.Success success) {
            authenticated(success);
        } else {
            exchange = null;
            state = state.onAuthenticationEnded();
            boolean temporary = step instanceof SaslServerStep.Failure failure
                    && failure.reason() == SaslFailureReason.TEMPORARY_FAILURE;
            if (!temporary && ++authenticationFailures >= settings.maxAuthenticationFailures()) {
                // SECURITY-CASES SEC-05: say why the last attempt failed, then stop the guessing.
                reply(SmtpReply.AUTHENTICATION_FAILED);
                fatal(TOO_MANY_AUTHENTICATION_FAILURES);
                return;
            }
            // RFC 4954 §6: 454 4.7.0 when the credentials could not be checked, 535 5.7.8 otherwise.
            error(temporary ? TEMPORARY_AUTHENTICATION_FAILURE : SmtpReply.AUTHENTICATION_FAILED);
        }
    }

    /**
     * Ends the awaited {@link SmtpEvent.ErrorPause}: the held error reply is sent and the session
     * reads again. Nothing is sent if the session closed meanwhile (a timeout or shutdown).
     *
     * @throws IllegalStateException if no error pause awaits its end
     */
    public void resume() {
        if (!(awaited instanceof SmtpEvent.ErrorPause)) {
            throw new IllegalStateException("no error pause awaits its end");
        }
        awaited = null;
        SmtpReply held = heldReply;
        heldReply = null;
        if (state != SmtpState.CLOSED && !closeAfterWrites) {
            reply(held);
        }
    }

    @Override
    public Step<SmtpEvent> next() {
        while (true) {
            if (handedOut) {
                // The driver copies a Write before it calls next() again (Step.Write's contract).
                out.clear();
                handedOut = false;
            }
            if (state == SmtpState.CLOSED && out.position() == 0) {
                return Step.close();
            }
            if (out.position() > 0) {
                out.flip();
                handedOut = true;
                return writeOut;
            }
            if (pendingEvent != null) {
                SmtpEvent event = pendingEvent;
                pendingEvent = null;
                if (event.needsAnswer()) {
                    awaited = event;
                }
                return Step.event(event);
            }
            if (pausePending) {
                pausePending = false;
                awaited = new SmtpEvent.ErrorPause(errors);
                return Step.event(awaited);
            }
            if (closeAfterWrites) {
                state = state.onClose();
                continue;
            }
            if (awaited != null) {
                return Step.awaitApplication();
            }
            if (upgradeAfterWrites) {
                upgradeAfterWrites = false;
                return Step.upgradeTls();
            }
            if (state == SmtpState.CONNECTED) {
                state = SmtpState.READY;
                reply(SmtpReply.of(220, settings.hostName() + (settings.lmtp() ? " LMTP" : " ESMTP") + " Service ready"));
                continue;
            }
            if (shutdownRequested) {
                // RFC 5321 §3.8: 421 when the service must shut down.
                abortMessage(SmtpReply.SHUTTING_DOWN);
                reply(SmtpReply.SHUTTING_DOWN);
                closeAfterWrites = true;
                continue;
            }
            if (input == null || !input.hasRemaining()) {
                input = null;
                if (endOfStream) {
                    // The client went away; nothing to say (RFC 5321 §3.8), an open message is lost.
                    abortMessage(CONNECTION_LOST);
                    closeAfterWrites = true;
                    continue;
                }
                return midCommand() ? Step.needMoreOfCommand() : Step.needInput();
            }
            consume();
        }
    }

    private boolean midCommand() {
        return switch (state) {
            case DATA, CHUNK, AUTHENTICATING -> true;
            default -> discardRemaining > 0 || decoder.midCommand();
        };
    }

    /** Consumes some input in the current state; may queue replies and events. */
    private void consume() {
        if (discardRemaining > 0) {
            int n = (int) Math.min(discardRemaining, input.remaining());
            input.position(input.position() + n);
            discardRemaining -= n;
            if (discardRemaining == 0) {
                SmtpReply reply = replyAfterDiscard;
                replyAfterDiscard = null;
                countIfError(reply);
            }
            return;
        }
        switch (state) {
            case DATA -> consumeData();
            case CHUNK -> consumeChunk();
            case AUTHENTICATING -> consumeAuthResponse();
            default -> consumeCommand();
        }
    }

    private void consumeData() {
        switch (unstuffer.decode(input, countingSink)) {
            case END_OF_DATA -> {
                if (unstuffer.violation() != null) {
                    endMessageWith(SmtpReply.LINE_TOO_LONG);
                } else if (tooLarge) {
                    endMessageWith(SmtpReply.MESSAGE_TOO_LARGE);
                } else {
                    sink = null;
                    pendingEvent = MESSAGE_END;
                }
            }
            case VIOLATION -> {
                if (unstuffer.violation() != DotUnstuffer.Violation.LINE_TOO_LONG) {
                    // A bare CR or LF: strict servers refuse the message and close, so no reading
                    // of the rest can ever make a second message (SMTP smuggling, SMTP-01/02).
                    abortMessage(SmtpReply.BARE_LINE_ENDING);
                    reply(SmtpReply.BARE_LINE_ENDING);
                    closeAfterWrites = true;
                    input.position(input.limit());
                }
                // A line too long: keep reading to the terminator and answer in step (§4.5.3.1.10).
            }
            case NEED_INPUT -> {
            }
        }
    }

    private void consumeChunk() {
        int n = (int) Math.min(chunkRemaining, input.remaining());
        if (n > 0) {
            ByteBuffer window = input.slice(input.position(), n);
            deliver(window);
            input.position(input.position() + n);
            chunkRemaining -= n;
        }
        if (chunkRemaining == 0) {
            chunkEnded();
        }
    }

    private void authenticated(SaslServerStep.Success success) {
        String authorization = success.identity().authorizationId();
        authenticatedAs = authorization == null || authorization.isEmpty()
                ? success.identity().authenticationId() : authorization;
        exchange = null;
        state = state.onAuthenticationEnded();
        reply(SmtpReply.AUTHENTICATION_SUCCESSFUL);
    }

    private void chunkEnded() {
        if (!chunkLast) {
            state = state.onChunkRead();
            reply(SmtpReply.of(250, "2.0.0", messageOctets + " octets received"));
        } else if (tooLarge) {
            endMessageWith(SmtpReply.MESSAGE_TOO_LARGE);
        } else {
            sink = null;
            pendingEvent = MESSAGE_END;
        }
    }

    private void consumeAuthResponse() {
        SmtpCommandDecoder.Result result = decoder.decodeAuthResponse(input);
        SaslServerStep.Success pendingSuccess = null;
        if (!(result instanceof SmtpCommandDecoder.NeedInput)) {
            // The final 334's answer, whatever it is, ends the pending success.
            pendingSuccess = finalSuccess;
            finalSuccess = null;
        }
        if (result instanceof SmtpCommandDecoder.AuthResponse response) {
            if (response.isCancel()) {
                exchange = null;
                state = state.onAuthenticationEnded();
                error(SmtpReply.AUTHENTICATION_CANCELLED);
                return;
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(response.text());
            } catch (IllegalArgumentException e) {
                exchange = null;
                state = state.onAuthenticationEnded();
                error(BAD_BASE64);
                return;
            }
            if (pendingSuccess != null) {
                if (decoded.length == 0) {
                    authenticated(pendingSuccess);
                } else {
                    exchange = null;
                    state = state.onAuthenticationEnded();
                    error(SmtpReply.AUTHENTICATION_FAILED);
                }
                return;
            }
            pendingEvent = new SmtpEvent.AuthenticationStep(exchange, decoded);
        } else if (result instanceof SmtpCommandDecoder.Invalid invalid) {
            exchange = null;
            state = state.onAuthenticationEnded();
            error(invalid.reply());
        }
    }

    private void consumeCommand() {
        SmtpCommandDecoder.Result result = decoder.decode(input);
        if (result instanceof SmtpCommandDecoder.Command command) {
            handle(command.command());
        } else if (result instanceof SmtpCommandDecoder.Invalid invalid) {
            if (invalid.error() == SmtpDecodeError.CHUNK_TOO_LARGE) {
                // A BDAT size beyond any integer: the chunk cannot be skipped, so framing is lost.
                reply(invalid.reply());
                closeAfterWrites = true;
                input.position(input.limit());
                return;
            }
            error(invalid.reply());
        }
    }

    private void handle(SmtpCommand command) {
        if (settings.lmtp() && (command instanceof SmtpCommand.Ehlo || command instanceof SmtpCommand.Helo)) {
            // RFC 2033 §4.1: HELO and EHLO are not LMTP; a client that sends them is misconfigured.
            error(LHLO_ONLY);
        } else if (command instanceof SmtpCommand.Lhlo lhlo && settings.lmtp()) {
            greet(lhlo.domain(), true);
        } else if (command instanceof SmtpCommand.Ehlo ehlo) {
            greet(ehlo.domain(), true);
        } else if (command instanceof SmtpCommand.Helo helo) {
            greet(helo.domain(), false);
        } else if (command instanceof SmtpCommand.Mail mail) {
            mail(mail);
        } else if (command instanceof SmtpCommand.Rcpt rcpt) {
            rcpt(rcpt);
        } else if (command instanceof SmtpCommand.Data) {
            data();
        } else if (command instanceof SmtpCommand.Bdat bdat) {
            bdat(bdat);
        } else if (command instanceof SmtpCommand.Rset) {
            endTransaction();
            state = state.onReset();
            reply(SmtpReply.OK);
        } else if (command instanceof SmtpCommand.Noop) {
            reply(SmtpReply.OK);
        } else if (command instanceof SmtpCommand.Quit) {
            // RFC 5321 §4.1.1.10: 221, then close.
            abortMessage(SmtpReply.CLOSING);
            reply(SmtpReply.CLOSING);
            closeAfterWrites = true;
        } else if (command instanceof SmtpCommand.Vrfy) {
            // RFC 5321 §3.5.3 and §7.3: never confirm users to address harvesters.
            reply(SmtpReply.CANNOT_VERIFY);
        } else if (command instanceof SmtpCommand.Expn) {
            reply(SmtpReply.COMMAND_NOT_IMPLEMENTED);
        } else if (command instanceof SmtpCommand.Help) {
            reply(HELP);
        } else if (command instanceof SmtpCommand.StartTls) {
            startTls();
        } else if (command instanceof SmtpCommand.Auth auth) {
            auth(auth);
        } else {
            // Unknown verbs, and LHLO in SMTP: it belongs to LMTP (RFC 2033 §4.1).
            error(SmtpReply.COMMAND_UNRECOGNIZED);
        }
    }

    private void greet(String domain, boolean ehlo) {
        endTransaction();
        state = state.onGreeting();
        heloName = domain;
        extended = ehlo;
        if (!ehlo) {
            reply(SmtpReply.of(250, settings.hostName()));
            return;
        }
        // RFC 5321 §4.1.1.1: advertise exactly what this session will do.
        List<String> lines = new ArrayList<>();
        lines.add(settings.hostName() + " greets " + domain);
        lines.add("PIPELINING");
        lines.add("SIZE " + settings.limits().maxMessageSize());
        lines.add("8BITMIME");
        if (settings.smtpUtf8()) {
            lines.add("SMTPUTF8");
        }
        lines.add("ENHANCEDSTATUSCODES");
        if (settings.dsn()) {
            lines.add("DSN");
        }
        if (settings.chunking()) {
            lines.add("CHUNKING");
        }
        if (settings.startTls() && !secure) {
            lines.add("STARTTLS");
        }
        if (settings.sasl().isPresent() && authenticatedAs == null) {
            List<SaslMechanism> mechanisms = settings.sasl().get().mechanisms(secure);
            if (!mechanisms.isEmpty()) {
                StringBuilder auth = new StringBuilder("AUTH");
                for (SaslMechanism mechanism : mechanisms) {
                    auth.append(' ').append(mechanism.mechanismName());
                }
                lines.add(auth.toString());
            }
        }
        reply(SmtpReply.ofLines(250, lines));
    }

    private void mail(SmtpCommand.Mail mail) {
        if (state == SmtpState.READY) {
            decoder.smtpUtf8InForce(false);
            error(settings.lmtp() ? NEED_LHLO : NEED_GREETING);
        } else if (state.inTransaction()) {
            error(NESTED_MAIL);
        } else if (settings.requireTls() && !secure) {
            decoder.smtpUtf8InForce(false);
            error(SmtpReply.STARTTLS_REQUIRED);
        } else if (settings.requireAuth() && authenticatedAs == null) {
            decoder.smtpUtf8InForce(false);
            error(SmtpReply.AUTHENTICATION_REQUIRED);
        } else if ((mail.parameters().smtpUtf8() && !settings.smtpUtf8())
                || mail.parameters().body().orElse(null) == MailParameters.Body.BINARY_MIME) {
            // Only what EHLO advertised may be used (RFC 5321 §4.1.1.11); BINARYMIME is not offered.
            decoder.smtpUtf8InForce(false);
            error(PARAMETER_NOT_OFFERED);
        } else {
            pendingEvent = new SmtpEvent.MailFrom(context(), mail.sender(), mail.parameters());
        }
    }

    private void rcpt(SmtpCommand.Rcpt rcpt) {
        if (state != SmtpState.MAIL && state != SmtpState.RECIPIENTS) {
            error(NEED_MAIL);
        } else if (recipients.size() >= settings.limits().maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: 452, so the client sends the rest in another transaction.
            // Not counted as an error: the client is doing nothing wrong (SMTP-10).
            reply(SmtpReply.TOO_MANY_RECIPIENTS);
        } else {
            pendingEvent = new SmtpEvent.RcptTo(context(), sender, rcpt.recipient(), rcpt.parameters());
        }
    }

    private void data() {
        if (state == SmtpState.RECIPIENTS) {
            pendingEvent = new SmtpEvent.MessageStart(context(), sender, mailParameters, recipients,
                    recipientParameters);
        } else if (state == SmtpState.MAIL) {
            error(NEED_RECIPIENT);
        } else {
            error(state == SmtpState.CHUNKS_RECEIVED ? SmtpReply.BAD_SEQUENCE : NEED_MAIL);
        }
    }

    private void bdat(SmtpCommand.Bdat bdat) {
        if (!settings.chunking()) {
            discard(bdat.size(), SmtpReply.COMMAND_NOT_IMPLEMENTED);
        } else if (state == SmtpState.RECIPIENTS) {
            pendingChunk = bdat;
            pendingEvent = new SmtpEvent.MessageStart(context(), sender, mailParameters, recipients,
                    recipientParameters);
        } else if (state == SmtpState.CHUNKS_RECEIVED) {
            startChunk(bdat);
        } else {
            // The chunk follows anyway and is never read as commands (RFC 3030 §2, SMTP-11/17).
            discard(bdat.size(), state == SmtpState.MAIL ? NEED_RECIPIENT : NEED_MAIL);
        }
    }

    private void startChunk(SmtpCommand.Bdat bdat) {
        state = state.onChunk();
        chunkRemaining = bdat.size();
        chunkLast = bdat.last();
        if (chunkRemaining == 0) {
            chunkEnded();
        }
    }

    private void startTls() {
        if (secure) {
            error(ALREADY_SECURE);
        } else if (!settings.startTls()) {
            error(SmtpReply.COMMAND_NOT_IMPLEMENTED);
        } else if (state.inTransaction()) {
            error(SmtpReply.BAD_SEQUENCE);
        } else {
            reply(SmtpReply.READY_TO_START_TLS);
            // RFC 3207 §4.2: forget everything, and drop what the client sent after STARTTLS in
            // plaintext, so none of it is processed inside TLS (CVE-2011-0411, SECURITY-CASES G4).
            if (input != null) {
                input.position(input.limit());
            }
            decoder.reset();
            heloName = null;
            extended = false;
            authenticatedAs = null;
            secure = true;
            state = state.onTlsStarted();
            upgradeAfterWrites = true;
        }
    }

    private void auth(SmtpCommand.Auth auth) {
        if (settings.sasl().isEmpty()) {
            error(SmtpReply.COMMAND_NOT_IMPLEMENTED);
            return;
        }
        if (authenticatedAs != null) {
            error(ALREADY_AUTHENTICATED);
            return;
        }
        if (state != SmtpState.GREETED) {
            // RFC 4954 §4: not before EHLO, not during a transaction.
            error(SmtpReply.BAD_SEQUENCE);
            return;
        }
        SaslServer sasl = settings.sasl().get();
        Optional<SaslServerExchange> fresh = sasl.newExchange(auth.mechanism(), secure);
        if (fresh.isEmpty()) {
            // A plaintext mechanism before TLS: say so, and never look at the credentials (SEC-03).
            error(!secure && sasl.newExchange(auth.mechanism(), true).isPresent()
                    ? SmtpReply.ENCRYPTION_REQUIRED : UNKNOWN_MECHANISM);
            return;
        }
        exchange = fresh.get();
        if (auth.initialResponse().isPresent()) {
            // Any initial response goes to the exchange (LOGIN takes it as the user name; a
            // server-first mechanism such as CRAM-MD5 fails on it), per SaslServerExchange.
            String text = auth.initialResponse().get();
            byte[] decoded;
            try {
                // RFC 4954 §4: "=" is an empty initial response.
                decoded = text.equals("=") ? new byte[0] : Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                exchange = null;
                error(BAD_BASE64);
                return;
            }
            state = state.onAuthenticationStarted();
            pendingEvent = new SmtpEvent.AuthenticationStep(exchange, decoded);
        } else {
            state = state.onAuthenticationStarted();
            reply(challenge(exchange.needsInitialChallenge() ? exchange.initialChallenge() : new byte[0]));
        }
    }

    private static SmtpReply challenge(byte[] challenge) {
        return SmtpReply.of(334, Base64.getEncoder().encodeToString(challenge));
    }

    private void deliver(ByteBuffer chunk) {
        messageOctets += chunk.remaining();
        if (messageOctets > settings.limits().maxMessageSize()) {
            // RFC 1870 §6.3: keep reading, answer 552 at the end, stay usable.
            tooLarge = true;
        }
        if (!tooLarge && sink != null) {
            sink.accept(chunk);
        }
    }

    /** Ends the message with one reply, sent for every recipient in LMTP (RFC 2033 §4.2). */
    private void endMessageWith(SmtpReply reply) {
        abortMessage(reply);
        int replies = settings.lmtp() ? Math.max(1, recipients.size()) : 1;
        for (int i = 0; i < replies; i++) {
            reply(reply);
        }
        endTransaction();
    }

    /** Tells the application an open message will never be completed. */
    private void abortMessage(SmtpReply reason) {
        if (sink != null) {
            sink = null;
            pendingEvent = new SmtpEvent.MessageAborted(reason);
        }
    }

    private void endTransaction() {
        // RSET, EHLO or QUIT between BDAT chunks: the application must drop the partial message.
        abortMessage(SmtpReply.OK);
        sender = null;
        mailParameters = null;
        recipients.clear();
        recipientParameters.clear();
        pendingChunk = null;
        chunkRemaining = 0;
        decoder.smtpUtf8InForce(false);
        if (state.inTransaction()) {
            state = state.onMessageEnded();
        }
    }

    private void discard(long octets, SmtpReply reply) {
        if (octets == 0) {
            countIfError(reply);
        } else {
            discardRemaining = octets;
            replyAfterDiscard = reply;
        }
    }

    private void replyRefusal(SmtpReply reply) {
        countIfError(reply);
    }

    private void countIfError(SmtpReply reply) {
        if (reply.isPermanent()) {
            error(reply);
        } else {
            reply(reply);
        }
    }

    /**
     * Sends an error reply, counting it: past the soft limit it waits for the application's error
     * sleep, at the hard limit the session says 421 and closes (SMTP-12, SEC-06).
     */
    private void error(SmtpReply reply) {
        if (++errors >= settings.maxErrors()) {
            fatal(TOO_MANY_ERRORS);
        } else if (errors > settings.softErrorLimit()) {
            heldReply = reply;
            pausePending = true;
        } else {
            reply(reply);
        }
    }

    /** Sends a last reply and closes, ignoring whatever else the client sent. */
    private void fatal(SmtpReply reply) {
        abortMessage(reply);
        reply(reply);
        closeAfterWrites = true;
        if (input != null) {
            input.position(input.limit());
        }
    }

    /** Queues a reply; replies queued together go out as one write (one segment, RFC 2920 §3.1). */
    private void reply(SmtpReply reply) {
        int length = SmtpReplyEncoder.encodedLength(reply);
        if (out.remaining() < length) {
            // Bounded: the replies of one command or answer (an LMTP end of data: one per recipient).
            ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * out.capacity(), out.position() + length));
            larger.put(out.flip());
            out = larger;
            writeOut = Step.write(out);
        }
        encoder.encode(reply, out);
    }
}
