// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.codec.DotStuffer;
import org.mailwire.core.codec.LineFramer;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslMechanism;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerExchange;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3CommandDecoder;
import org.mailwire.pop3.codec.Pop3ProtocolException;
import org.mailwire.pop3.codec.Pop3Response;
import org.mailwire.pop3.codec.Pop3ResponseCode;

/**
 * The server side of one POP3 connection as a sans-IO state machine: AUTHORIZATION, TRANSACTION
 * and UPDATE of RFC 1939, with CAPA and response codes (RFC 2449), STLS (RFC 2595), AUTH (RFC
 * 5034) and UTF8 (RFC 6856).
 *
 * <p>The session does no I/O and never blocks: store and authenticator work is asked for with a
 * {@link Pop3Event} and answered through the typed methods ({@link #loginAccepted(String)},
 * {@link #maildropOpened(Pop3Maildrop)}, {@link #content(ByteBuffer)}, {@link #committed()} ...),
 * the session returning {@link Step.AwaitApplication} meanwhile. A message is pulled one chunk at
 * a time and each chunk goes out dot-stuffed in its own {@link Step.Write}, so the transport's
 * write watermark applies to RETR (SECURITY-CASES FLT-10). Only QUIT in TRANSACTION deletes
 * anything (RFC 1939 §6). Not thread-safe: one thread drives it and gives the answers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449">RFC 2449</a>
 */
public final class Pop3ServerSession implements ProtocolSession<Pop3Event> {

    /**
     * How many octets of a line without CRLF are skipped before the session gives up on the
     * peer (SECURITY-CASES POP-03: "close at hard cap"); 64 KiB is 256 command lines.
     */
    private static final int DISCARD_CAP = 64 * 1024;
    /** The longest SASL response line: the base64 of RFC 4954 §4's 12,288 octets, and CRLF. */
    private static final int MAX_SASL_LINE = 16 * 1024 + 2;
    /** Entries of LIST or UIDL per write, so that a large maildrop is listed under the watermark. */
    private static final int LISTING_BATCH = 128;
    private static final int STUFFED_CHUNK = 16 * 1024;

    private enum Awaiting { NOTHING, LOGIN, SASL, MAILDROP, CONTENT, COMMIT }

    private final Pop3SessionSettings settings;
    private final Pop3CommandDecoder decoder;
    private final ArrayDeque<Step<Pop3Event>> queue = new ArrayDeque<>();
    private final DotStuffer stuffer = new DotStuffer();
    private final ByteBuffer stuffed = ByteBuffer.allocate(STUFFED_CHUNK);

    private Pop3State state = Pop3State.AUTHORIZATION;
    private ByteBuffer input;
    private boolean eof;
    private boolean finished;
    private boolean secure;
    private boolean shutdownRequested;
    private Awaiting awaiting = Awaiting.NOTHING;
    private int errors;
    private int failedLogins;
    private String pendingUser;

    // AUTH (RFC 5034): the exchange in progress and its line framer.
    private SaslServerExchange exchange;
    private LineFramer saslFramer;
    private boolean saslReadingLine;
    private SaslServerStep.Success pendingSuccess;
    private SaslFailureReason pendingFailure;

    // TRANSACTION
    private Pop3Maildrop maildrop;
    private boolean[] deleted;
    private String user;

    // RETR and TOP
    private Content content;

    // LIST and UIDL without argument
    private boolean listingUids;
    private int listingNext = -1;

    /**
     * Creates a session; its first step is the greeting.
     *
     * @param settings the server's and connection's settings
     */
    public Pop3ServerSession(Pop3SessionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoder = new Pop3CommandDecoder(settings.limits().maxCommandLength());
        this.secure = settings.secure();
        reply(Pop3Response.ok("POP3 server ready" + settings.apopTimestamp().map(t -> " " + t).orElse("")));
    }

    /**
     * Returns the current state.
     *
     * @return the RFC 1939 state
     */
    public Pop3State state() {
        return state;
    }

    /**
     * Returns the logged-in user.
     *
     * @return the user, empty before TRANSACTION
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public void receive(ByteBuffer bytes) {
        input = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public void receiveEof() {
        eof = true;
    }

    /** Sends {@code -ERR [SYS/TEMP]} and closes at the next command boundary; an UPDATE in progress completes first. */
    @Override
    public void receiveShutdown() {
        shutdownRequested = true;
    }

    /** Sends the autologout {@code -ERR} and closes without entering UPDATE (RFC 1939 §3). */
    @Override
    public void receiveTimeout() {
        if (!finished) {
            reply(Pop3Response.err("autologout timer expired, closing"));
            queue.add(Step.close());
        }
    }

    @Override
    public Step<Pop3Event> next() {
        while (true) {
            if (finished) {
                return Step.close();
            }
            Step<Pop3Event> step = queue.poll();
            if (step != null) {
                if (step instanceof Step.Close<Pop3Event>) {
                    finished = true;
                    queue.clear();
                } else if (step instanceof Step.UpgradeTls<Pop3Event>) {
                    secure = true;
                }
                return step;
            }
            if (awaiting != Awaiting.NOTHING) {
                return Step.awaitApplication();
            }
            if (content != null) {
                return contentStep();
            }
            if (listingNext >= 0) {
                listingBatch();
                continue;
            }
            if (shutdownRequested) {
                reply(Pop3Response.err(Pop3ResponseCode.SYS_TEMP, "server shutting down"));
                queue.add(Step.close());
                continue;
            }
            if (input == null || !input.hasRemaining()) {
                input = null;   // do not pin the transport's buffer while idle
                if (eof) {
                    // RFC 1939 §6: a session that ends without QUIT deletes nothing.
                    finished = true;
                    return Step.close();
                }
                if (decoder.octetsSinceLastLine() > DISCARD_CAP) {
                    reply(Pop3Response.err("command line too long, closing"));
                    queue.add(Step.close());
                    continue;
                }
                boolean mid = saslReadingLine ? saslFramer.midLine() : decoder.midCommand();
                return mid ? Step.needMoreOfCommand() : Step.needInput();
            }
            if (saslReadingLine) {
                readSaslLine();
                continue;
            }
            try {
                Pop3Command command = decoder.next(input);
                if (command != null) {
                    execute(command);
                }
            } catch (Pop3ProtocolException e) {
                error(e.response());
            }
        }
    }

    // ---------------------------------------------------------------- commands

    private void execute(Pop3Command command) {
        if (command instanceof Pop3Command.Capa) {
            capabilities();
        } else if (command instanceof Pop3Command.Quit) {
            quit();
        } else if (state == Pop3State.AUTHORIZATION) {
            authorization(command);
        } else {
            transaction(command);
        }
    }

    private void authorization(Pop3Command command) {
        if (command instanceof Pop3Command.User u) {
            if (!plaintextAllowed()) {
                error(Pop3Response.err(Pop3ResponseCode.AUTH, "plaintext authentication disallowed without TLS"));
            } else if (pendingUser != null) {
                error(Pop3Response.err("USER already given"));
            } else {
                pendingUser = u.name();
                reply(Pop3Response.ok("send PASS"));
            }
        } else if (command instanceof Pop3Command.Pass p) {
            if (!plaintextAllowed()) {
                error(Pop3Response.err(Pop3ResponseCode.AUTH, "plaintext authentication disallowed without TLS"));
            } else if (pendingUser == null) {
                error(Pop3Response.err("USER first"));
            } else {
                String name = pendingUser;
                pendingUser = null;
                emitAwaiting(new Pop3Event.CheckPassword(name, p.password()), Awaiting.LOGIN);
            }
        } else if (command instanceof Pop3Command.Apop a) {
            if (settings.apopTimestamp().isEmpty()) {
                error(Pop3Response.err("APOP not supported"));
            } else {
                pendingUser = null;
                emitAwaiting(new Pop3Event.CheckApop(a.name(), settings.apopTimestamp().get(), a.digest()),
                        Awaiting.LOGIN);
            }
        } else if (command instanceof Pop3Command.Auth a) {
            auth(a);
        } else if (command instanceof Pop3Command.Stls) {
            if (!settings.tlsAvailable() || secure) {
                error(Pop3Response.err(secure ? "TLS already active" : "STLS not available"));
            } else {
                reply(Pop3Response.ok("begin TLS negotiation"));
                // RFC 2595 §4 and SECURITY-CASES TLS-01: nothing received in plaintext after STLS
                // may be processed once TLS is up, so drop the rest of the buffer and any partial line.
                if (input != null) {
                    input.position(input.limit());
                }
                decoder.reset();
                pendingUser = null;
                queue.add(Step.upgradeTls());
            }
        } else if (command instanceof Pop3Command.Utf8) {
            reply(Pop3Response.ok("UTF8 enabled"));
        } else if (command instanceof Pop3Command.Unknown) {
            error(Pop3Response.err("unknown command"));
        } else {
            error(Pop3Response.err("not allowed before login"));
        }
    }

    private void transaction(Pop3Command command) {
        if (command instanceof Pop3Command.Stat) {
            reply(Pop3Response.ok(count() + " " + octets()));
        } else if (command instanceof Pop3Command.List l) {
            if (l.message().isPresent()) {
                int n = l.message().getAsInt();
                if (checkMessage(n)) {
                    reply(Pop3Response.ok(n + " " + maildrop.messages().get(n - 1).size()));
                }
            } else {
                reply(Pop3Response.ok(count() + " messages (" + octets() + " octets)"));
                listingUids = false;
                listingNext = 0;
            }
        } else if (command instanceof Pop3Command.Uidl u) {
            if (u.message().isPresent()) {
                int n = u.message().getAsInt();
                if (checkMessage(n)) {
                    reply(Pop3Response.ok(n + " " + uniqueId(n)));
                }
            } else {
                reply(Pop3Response.ok("unique-id listing follows"));
                listingUids = true;
                listingNext = 0;
            }
        } else if (command instanceof Pop3Command.Retr r) {
            startContent(r.message(), -1);
        } else if (command instanceof Pop3Command.Top t) {
            startContent(t.message(), t.lines());
        } else if (command instanceof Pop3Command.Dele d) {
            if (checkMessage(d.message())) {
                deleted[d.message() - 1] = true;
                reply(Pop3Response.ok("message " + d.message() + " deleted"));
            }
        } else if (command instanceof Pop3Command.Rset) {
            java.util.Arrays.fill(deleted, false);
            reply(Pop3Response.ok("maildrop has " + count() + " messages (" + octets() + " octets)"));
        } else if (command instanceof Pop3Command.Noop) {
            reply(Pop3Response.ok(""));
        } else if (command instanceof Pop3Command.Unknown) {
            error(Pop3Response.err("unknown command"));
        } else {
            error(Pop3Response.err("not allowed after login"));
        }
    }

    private void quit() {
        if (state == Pop3State.TRANSACTION) {
            state = Pop3State.UPDATE;
            List<Long> uids = new ArrayList<>();
            for (int i = 0; i < deleted.length; i++) {
                if (deleted[i]) {
                    uids.add(maildrop.messages().get(i).uid());
                }
            }
            emitAwaiting(new Pop3Event.Commit(uids), Awaiting.COMMIT);
        } else {
            reply(Pop3Response.ok("POP3 server signing off"));
            queue.add(Step.close());
        }
    }

    private void capabilities() {
        StringBuilder capa = new StringBuilder("+OK Capability list follows\r\n");
        capa.append("TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nUTF8\r\n");
        if (state == Pop3State.AUTHORIZATION) {
            if (plaintextAllowed()) {
                capa.append("USER\r\n");
            }
            List<SaslMechanism> mechanisms = mechanisms();
            if (!mechanisms.isEmpty()) {
                capa.append("SASL");
                for (SaslMechanism m : mechanisms) {
                    capa.append(' ').append(m.mechanismName());
                }
                capa.append("\r\n");
            }
            if (settings.tlsAvailable() && !secure) {
                capa.append("STLS\r\n");
            }
        }
        capa.append(".\r\n");
        raw(capa.toString());
    }

    private List<SaslMechanism> mechanisms() {
        return settings.sasl().map(s -> s.mechanisms(secure)).orElse(List.of());
    }

    private boolean plaintextAllowed() {
        return secure || settings.allowPlaintextWithoutTls();
    }

    // ---------------------------------------------------------------- AUTH (RFC 5034)

    private void auth(Pop3Command.Auth command) {
        if (command.mechanism().isEmpty()) {
            // The mechanism list some clients ask for with a bare AUTH (pre-RFC 5034 practice).
            StringBuilder list = new StringBuilder("+OK\r\n");
            for (SaslMechanism m : mechanisms()) {
                list.append(m.mechanismName()).append("\r\n");
            }
            raw(list.append(".\r\n").toString());
            return;
        }
        String name = command.mechanism().get();
        Optional<SaslServer> sasl = settings.sasl();
        Optional<SaslServerExchange> started = sasl.flatMap(s -> s.newExchange(name, secure));
        if (started.isEmpty()) {
            boolean withTls = !secure && sasl.flatMap(s -> s.newExchange(name, true)).isPresent();
            error(withTls
                    ? Pop3Response.err(Pop3ResponseCode.AUTH, "plaintext authentication disallowed without TLS")
                    : Pop3Response.err("unsupported authentication mechanism"));
            return;
        }
        exchange = started.get();
        pendingUser = null;
        if (command.initialResponse().isPresent()) {
            String initial = command.initialResponse().get();
            byte[] decoded = initial.equals("=") ? new byte[0] : base64(initial);
            if (decoded == null) {
                exchange = null;
                error(Pop3Response.err("malformed base64"));
                return;
            }
            evaluate(decoded);
        } else {
            challenge(exchange.initialChallenge());
        }
    }

    private void challenge(byte[] data) {
        raw("+ " + Base64.getEncoder().encodeToString(data) + "\r\n");
        if (saslFramer == null) {
            saslFramer = LineFramer.of(MAX_SASL_LINE);
        }
        saslReadingLine = true;
    }

    private void readSaslLine() {
        LineFramer.Result result = saslFramer.next(input);
        if (result == LineFramer.Result.NEED_INPUT) {
            return;
        }
        saslReadingLine = false;
        if (result != LineFramer.Result.LINE) {
            endExchange();
            // Skip the rest of the bad line with the command decoder, which reports nothing more.
            error(Pop3Response.err("malformed authentication response"));
            return;
        }
        String line = new String(saslFramer.lineArray(), 0, saslFramer.lineLength(), StandardCharsets.US_ASCII);
        if (pendingSuccess != null) {
            SaslServerStep.Success success = pendingSuccess;
            endExchange();
            loggedIn(success.identity().authorizationId());
            return;
        }
        if (pendingFailure != null) {
            SaslFailureReason reason = pendingFailure;
            endExchange();
            loginFailed(reason);
            return;
        }
        if (line.equals("*")) {
            endExchange();
            error(Pop3Response.err("authentication cancelled"));
            return;
        }
        byte[] decoded = base64(line);
        if (decoded == null) {
            endExchange();
            error(Pop3Response.err("malformed base64"));
            return;
        }
        evaluate(decoded);
    }

    private void evaluate(byte[] response) {
        emitAwaiting(new Pop3Event.SaslPending(exchange.evaluateResponse(response)), Awaiting.SASL);
    }

    private void endExchange() {
        exchange = null;
        pendingSuccess = null;
        pendingFailure = null;
        saslReadingLine = false;
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Answers {@link Pop3Event.SaslPending} with the exchange's step.
     *
     * @param step the step; {@code null} counts as a temporary failure (the stage failed)
     * @throws IllegalStateException if no SASL step was asked for
     */
    public void saslStep(SaslServerStep step) {
        answer(Awaiting.SASL);
        if (step instanceof SaslServerStep.Challenge c) {
            challenge(c.challenge());
        } else if (step instanceof SaslServerStep.Success s) {
            if (s.additionalData().isPresent()) {
                // RFC 5034 §4: additional data with success goes in a challenge whose empty
                // answer precedes the +OK.
                pendingSuccess = s;
                challenge(s.additionalData().get());
            } else {
                endExchange();
                loggedIn(s.identity().authorizationId());
            }
        } else if (step instanceof SaslServerStep.Failure f) {
            if (f.errorChallenge().isPresent()) {
                pendingFailure = f.reason();
                challenge(f.errorChallenge().get());
            } else {
                endExchange();
                loginFailed(f.reason());
            }
        } else {
            endExchange();
            loginFailed(SaslFailureReason.TEMPORARY_FAILURE);
        }
    }

    // ---------------------------------------------------------------- login answers

    /**
     * Answers {@link Pop3Event.CheckPassword} or {@link Pop3Event.CheckApop}: the credentials are
     * good; the session then asks for the maildrop.
     *
     * @param authenticatedUser the user whose maildrop to open
     * @throws IllegalStateException if no login was asked for
     */
    public void loginAccepted(String authenticatedUser) {
        answer(Awaiting.LOGIN);
        loggedIn(Objects.requireNonNull(authenticatedUser, "authenticatedUser"));
    }

    /**
     * Answers {@link Pop3Event.CheckPassword} or {@link Pop3Event.CheckApop}: the login failed.
     *
     * @param reason why; invalid credentials and denied authorization both give
     *               {@code -ERR [AUTH]} with one text
     * @throws IllegalStateException if no login was asked for
     */
    public void loginRejected(SaslFailureReason reason) {
        answer(Awaiting.LOGIN);
        loginFailed(Objects.requireNonNull(reason, "reason"));
    }

    private void loggedIn(String name) {
        emitAwaiting(new Pop3Event.OpenMaildrop(name), Awaiting.MAILDROP);
        pendingUser = name; // remembered until the maildrop answer
    }

    private void loginFailed(SaslFailureReason reason) {
        switch (reason) {
            case TEMPORARY_FAILURE -> reply(Pop3Response.err(Pop3ResponseCode.SYS_TEMP,
                    "authentication temporarily unavailable"));
            case MALFORMED -> reply(Pop3Response.err("malformed authentication exchange"));
            default -> reply(Pop3Response.err(Pop3ResponseCode.AUTH, "invalid user name or password"));
        }
        failedLogins++;
        if (failedLogins >= settings.limits().maxFailedLogins()) {
            queue.add(Step.close());
        }
    }

    /**
     * Answers {@link Pop3Event.OpenMaildrop}: the lock is held and the maildrop listed; the
     * session enters TRANSACTION.
     *
     * @param opened the listing
     * @throws IllegalStateException if no maildrop was asked for
     */
    public void maildropOpened(Pop3Maildrop opened) {
        answer(Awaiting.MAILDROP);
        maildrop = Objects.requireNonNull(opened, "opened");
        deleted = new boolean[opened.messages().size()];
        user = pendingUser;
        pendingUser = null;
        state = Pop3State.TRANSACTION;
        reply(Pop3Response.ok("maildrop has " + count() + " messages (" + octets() + " octets)"));
    }

    /**
     * Answers {@link Pop3Event.OpenMaildrop}: another session holds the lock; the session
     * stays in AUTHORIZATION with {@code -ERR [IN-USE]} (RFC 2449 §8.1.1).
     *
     * @throws IllegalStateException if no maildrop was asked for
     */
    public void maildropInUse() {
        answer(Awaiting.MAILDROP);
        pendingUser = null;
        reply(Pop3Response.err(Pop3ResponseCode.IN_USE, "maildrop already locked"));
    }

    /**
     * Answers {@link Pop3Event.OpenMaildrop}: the maildrop could not be opened now
     * ({@code -ERR [SYS/TEMP]}, RFC 3206 §4).
     *
     * @throws IllegalStateException if no maildrop was asked for
     */
    public void maildropFailed() {
        answer(Awaiting.MAILDROP);
        pendingUser = null;
        reply(Pop3Response.err(Pop3ResponseCode.SYS_TEMP, "maildrop unavailable"));
    }

    // ---------------------------------------------------------------- RETR and TOP

    /** A message being sent: its size, the TOP line budget and the chunk in hand. */
    private static final class Content {
        final long size;
        final int topLines;
        boolean started;
        boolean ended;
        boolean cutShort;
        ByteBuffer chunk;
        // TOP: whether the header is behind us, whether the current line is empty so far, and
        // how many body lines are still to send.
        boolean inBody;
        boolean lineEmpty = true;
        int linesLeft;

        Content(long size, int topLines) {
            this.size = size;
            this.topLines = topLines;
            this.linesLeft = topLines;
        }

        /** Shortens the chunk to where TOP's budget ends, if it ends inside it. */
        void cut(ByteBuffer chunk) {
            if (topLines < 0) {
                return;
            }
            if (inBody && linesLeft == 0) {
                chunk.limit(chunk.position());
                cutShort = true;
                return;
            }
            for (int i = chunk.position(); i < chunk.limit(); i++) {
                byte b = chunk.get(i);
                if (b == '\n') {
                    if (inBody) {
                        linesLeft--;
                    } else if (lineEmpty) {
                        inBody = true; // the empty line that ends the header (RFC 5322 §2.1)
                    }
                    lineEmpty = true;
                    if (inBody && linesLeft == 0) {
                        chunk.limit(i + 1);
                        cutShort = true;
                        return;
                    }
                } else if (b != '\r') {
                    lineEmpty = false;
                }
            }
        }
    }

    private void startContent(int n, int topLines) {
        if (!checkMessage(n)) {
            return;
        }
        Pop3Maildrop.Message m = maildrop.messages().get(n - 1);
        content = new Content(m.size(), topLines);
        emitAwaiting(new Pop3Event.OpenContent(m.uid()), Awaiting.CONTENT);
    }

    /**
     * Answers {@link Pop3Event.OpenContent} or {@link Pop3Event.ReadContent} with the next chunk.
     * The session reads the buffer's remaining bytes during the following {@code next()} calls;
     * the application must not touch it until it is asked for the next chunk.
     *
     * @param chunk the next bytes of the message, possibly empty
     * @throws IllegalStateException if no content was asked for
     */
    public void content(ByteBuffer chunk) {
        answer(Awaiting.CONTENT);
        startReply();
        content.cut(chunk);
        content.chunk = chunk;
        if (content.cutShort) {
            content.ended = true;
        }
    }

    /**
     * Answers {@link Pop3Event.OpenContent} or {@link Pop3Event.ReadContent}: the message has
     * no more bytes. The application closes its stream.
     *
     * @throws IllegalStateException if no content was asked for
     */
    public void contentEnd() {
        answer(Awaiting.CONTENT);
        startReply();
        content.chunk = null;
        content.ended = true;
    }

    /**
     * Answers {@link Pop3Event.OpenContent} or {@link Pop3Event.ReadContent}: the content cannot
     * be read. Before the first chunk the client gets {@code -ERR [SYS/TEMP]}; in the middle of a
     * message the connection is closed, since a terminated but truncated message would be taken
     * for the whole one.
     *
     * @throws IllegalStateException if no content was asked for
     */
    public void contentFailed() {
        answer(Awaiting.CONTENT);
        boolean started = content.started;
        content = null;
        stuffer.reset();
        if (started) {
            queue.add(Step.close());
        } else {
            reply(Pop3Response.err(Pop3ResponseCode.SYS_TEMP, "message unavailable"));
        }
    }

    private void startReply() {
        if (!content.started) {
            content.started = true;
            reply(Pop3Response.ok(content.size + " octets"));
        }
    }

    private Step<Pop3Event> contentStep() {
        ByteBuffer chunk = content.chunk;
        if (chunk != null && chunk.hasRemaining()) {
            stuffed.clear();
            stuffer.encode(chunk, stuffed);
            stuffed.flip();
            return Step.write(stuffed);
        }
        if (content.ended) {
            boolean cutShort = content.cutShort;
            content = null;
            stuffed.clear();
            stuffer.finish(stuffed);
            stuffed.flip();
            queue.add(Step.write(stuffed));
            if (cutShort) {
                queue.add(Step.event(new Pop3Event.CloseContent()));
            }
            return queue.poll();
        }
        content.chunk = null;
        awaiting = Awaiting.CONTENT;
        return Step.event(new Pop3Event.ReadContent());
    }

    // ---------------------------------------------------------------- UPDATE

    /**
     * Answers {@link Pop3Event.Commit}: the deletions are durable; the session says goodbye and
     * closes.
     *
     * @throws IllegalStateException if no commit was asked for
     */
    public void committed() {
        answer(Awaiting.COMMIT);
        int left = count();
        reply(Pop3Response.ok("POP3 server signing off ("
                + (left == 0 ? "maildrop empty" : left + (left == 1 ? " message" : " messages") + " left") + ")"));
        queue.add(Step.close());
    }

    /**
     * Answers {@link Pop3Event.Commit}: the deletions could not be applied (none were); the
     * client gets {@code -ERR [SYS/TEMP]} and the session closes (RFC 1939 §6).
     *
     * @throws IllegalStateException if no commit was asked for
     */
    public void commitFailed() {
        answer(Awaiting.COMMIT);
        reply(Pop3Response.err(Pop3ResponseCode.SYS_TEMP, "some deleted messages not removed"));
        queue.add(Step.close());
    }

    // ---------------------------------------------------------------- helpers

    private boolean checkMessage(int n) {
        if (n > deleted.length) {
            reply(Pop3Response.err("no such message"));
            return false;
        }
        if (deleted[n - 1]) {
            reply(Pop3Response.err("message " + n + " already deleted"));
            return false;
        }
        return true;
    }

    private int count() {
        int n = 0;
        for (boolean d : deleted) {
            if (!d) {
                n++;
            }
        }
        return n;
    }

    private long octets() {
        long total = 0;
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                total += maildrop.messages().get(i).size();
            }
        }
        return total;
    }

    /** RFC 1939 §7: 1 to 70 characters in 0x21-0x7E, never reused; UIDVALIDITY.UID is both. */
    private String uniqueId(int n) {
        return maildrop.uidValidity() + "." + maildrop.messages().get(n - 1).uid();
    }

    private void listingBatch() {
        StringBuilder lines = new StringBuilder(LISTING_BATCH * 24);
        int written = 0;
        int n = deleted.length;
        while (listingNext < n && written < LISTING_BATCH) {
            int i = listingNext++;
            if (!deleted[i]) {
                lines.append(i + 1).append(' ')
                        .append(listingUids ? uniqueId(i + 1) : Long.toString(maildrop.messages().get(i).size()))
                        .append("\r\n");
                written++;
            }
        }
        if (listingNext >= n) {
            lines.append(".\r\n");
            listingNext = -1;
        }
        raw(lines.toString());
    }

    private void emitAwaiting(Pop3Event event, Awaiting kind) {
        queue.add(Step.event(event));
        awaiting = kind;
    }

    private void answer(Awaiting expected) {
        if (awaiting != expected || !queue.isEmpty() && queue.peek() instanceof Step.Event<Pop3Event>) {
            throw new IllegalStateException("the session did not ask for this answer (waiting for " + awaiting + ")");
        }
        awaiting = Awaiting.NOTHING;
    }

    private void reply(Pop3Response response) {
        queue.add(Step.write(ByteBuffer.wrap(response.encode())));
    }

    private void raw(String text) {
        queue.add(Step.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    private void error(Pop3Response response) {
        reply(response);
        errors++;
        if (errors >= settings.limits().maxErrors()) {
            queue.add(Step.close());
        }
    }
}
