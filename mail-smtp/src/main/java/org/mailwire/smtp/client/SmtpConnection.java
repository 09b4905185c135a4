// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;
import org.mailwire.core.net.Connection;
import org.mailwire.core.sasl.SaslClient;
import org.mailwire.core.sasl.SaslException;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.protocol.SmtpClientEvent;
import org.mailwire.smtp.protocol.SmtpClientSession;

/**
 * One open SMTP connection of an {@link SmtpClient}, ready for mail transactions: greeted, EHLO
 * answered, TLS and authentication done as the client asked. Send any number of transactions one
 * after another ({@link #send} queues them), then {@link #quit()}.
 *
 * <p>Every method may be called from any thread and returns at once; the work runs on the
 * connection's event loop, one operation at a time in the order called. A failed transaction
 * leaves the connection usable (the client sends RSET, RFC 5321 §4.1.1.5) unless the failure was
 * the connection's own ({@link SmtpConnectionException}, a {@code 421}), after which every later
 * call fails at once; {@link #isOpen()} tells which.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public final class SmtpConnection implements AutoCloseable {

    private final SmtpClient client;
    private final Connection connection;
    private final SmtpClientSession session;
    private final String serverName;
    /** Loop thread only: the operation running and those waiting. */
    private final ArrayDeque<Operation> waiting = new ArrayDeque<>();
    private Operation current;
    /** Loop thread only: set once the connection is lost or abandoned. */
    private volatile SmtpClientException dead;
    private boolean quitting;
    private CompletableFuture<Void> deadline;

    private volatile SmtpCapabilities capabilities = SmtpCapabilities.NONE;
    private volatile SmtpReply greeting;
    private volatile boolean open = true;

    private final Handshake handshake;

    /** Runs on the loop when the connection is up, before any input: the greeting is awaited. */
    SmtpConnection(SmtpClient client, Connection connection, SmtpClientSession session, String serverName) {
        this.client = client;
        this.connection = connection;
        this.session = session;
        this.serverName = serverName;
        this.handshake = new Handshake();
        this.current = handshake;
        arm("greeting", client.settings().timeouts().greeting());
    }

    // ---------------------------------------------------------------- public API

    /**
     * Returns the extensions the server announced in its last EHLO reply (inside TLS when TLS is
     * up), {@link SmtpCapabilities#NONE} if it only answered HELO.
     *
     * @return the capabilities
     */
    public SmtpCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Returns the server's greeting.
     *
     * @return the 220 reply
     */
    public SmtpReply greeting() {
        return greeting;
    }

    /**
     * Returns the name the server was reached by and verified against.
     *
     * @return the server name given to {@link SmtpClient#connect}
     */
    public String serverName() {
        return serverName;
    }

    /**
     * Returns the server's address.
     *
     * @return the remote address
     */
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    /**
     * Tells whether TLS protects the connection (implicit TLS or after STARTTLS).
     *
     * @return {@code true} if secure
     */
    public boolean isSecure() {
        return connection.isSecure();
    }

    /**
     * Returns the TLS session, for logging the protocol and cipher (RFC 8314 §4.3 asks MTAs to
     * record them in trace fields).
     *
     * @return the session, empty without TLS
     */
    public Optional<SSLSession> tlsSession() {
        return connection.tlsSession();
    }

    /**
     * Tells whether the connection can still take transactions.
     *
     * @return {@code false} once closed, lost, or after QUIT
     */
    public boolean isOpen() {
        return open;
    }

    /**
     * Sends one mail transaction (RFC 5321 §3.3): MAIL, each RCPT, then DATA or BDAT, pipelined
     * when the server offers PIPELINING (RFC 2920). Before anything is sent the message is checked
     * against the server's SIZE, SMTPUTF8, 8BITMIME and BINARYMIME; a mismatch fails with
     * {@link SmtpUnsupportedException} and the connection stays usable.
     *
     * @param transaction the transaction
     * @return the result once the server accepted the message for at least one recipient; fails
     *         with {@link SmtpReplyException} when MAIL, DATA or the content was refused (with
     *         the server's reply), {@link SmtpRecipientsRefusedException} when every recipient
     *         was, {@link SmtpUnsupportedException}, or {@link SmtpConnectionException}
     */
    public CompletableFuture<SmtpTransactionResult> send(SmtpTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        return submit(new TransactionOperation(transaction));
    }

    /**
     * Sends RSET (RFC 5321 §4.1.1.5).
     *
     * @return the reply; fails with {@link SmtpReplyException} if negative
     */
    public CompletableFuture<SmtpReply> reset() {
        return submit(new CommandOperation(SmtpCommand.RSET));
    }

    /**
     * Sends NOOP (RFC 5321 §4.1.1.9), to check a pooled connection is still alive.
     *
     * @return the reply; fails with {@link SmtpReplyException} if negative
     */
    public CompletableFuture<SmtpReply> noop() {
        return submit(new CommandOperation(SmtpCommand.NOOP));
    }

    /**
     * Sends QUIT once the operations before it are done; the connection closes after the reply
     * (RFC 5321 §4.1.1.10).
     *
     * @return the reply
     */
    public CompletableFuture<SmtpReply> quit() {
        return submit(new CommandOperation(SmtpCommand.QUIT));
    }

    /** Closes the connection without QUIT; operations not done fail. */
    @Override
    public void close() {
        open = false;
        connection.close();
    }

    // ---------------------------------------------------------------- plumbing (loop thread)

    /** The greeting, EHLO, STARTTLS, EHLO, AUTH: completes once the connection is ready. */
    CompletableFuture<Object> ready() {
        return handshake.future;
    }

    private <T> CompletableFuture<T> submit(Operation op) {
        // Tasks given to a closed connection never run: fail whatever the close leaves behind.
        connection.closeFuture().whenComplete((v, e) -> {
            SmtpClientException cause = dead;
            op.fail(cause != null ? cause : new SmtpConnectionException("connection closed", null));
        });
        connection.execute(() -> {
            if (dead != null) {
                op.fail(dead);
                return;
            }
            waiting.add(op);
            if (current == null) {
                startNext();
            }
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<T> f = (CompletableFuture<T>) op.future;
        return f;
    }

    private void startNext() {
        while (current == null && dead == null && !waiting.isEmpty()) {
            current = waiting.poll();
            try {
                current.start();
            } catch (RuntimeException e) {
                Operation failed = current;
                current = null;
                failed.fail(e);
            }
        }
    }

    /** The current operation is done; the next one starts. */
    private void done() {
        disarm();
        current = null;
        startNext();
    }

    void onEvent(SmtpClientEvent event) {
        if (event instanceof SmtpClientEvent.ProtocolError e) {
            lost(new SmtpConnectionException("server broke the protocol: " + e.hint(), null));
            return;
        }
        if (quitting || current == null) {
            return;
        }
        if (event instanceof SmtpClientEvent.Reply r && r.reply().code() == 421
                && !(r.command() instanceof SmtpCommand.Quit)) {
            // RFC 5321 §3.8: the server is closing the channel; nothing more can be done here.
            lost(new SmtpReplyException(r.reply()));
            return;
        }
        if (event instanceof SmtpClientEvent.DataReply r && r.reply().code() == 421) {
            lost(new SmtpReplyException(r.reply()));
            return;
        }
        if (event instanceof SmtpClientEvent.Greeting g && g.reply().code() == 421) {
            lost(new SmtpReplyException(g.reply()));
            return;
        }
        try {
            current.onEvent(event);
        } catch (RuntimeException e) {
            lost(new SmtpConnectionException("client failure: " + e, e));
        }
    }

    void onClose(Throwable cause) {
        open = false;
        disarm();
        if (dead == null) {
            dead = cause == null
                    ? new SmtpConnectionException("connection closed", null)
                    : new SmtpConnectionException("connection failed: " + cause.getMessage(), cause);
        }
        failAll(dead);
    }

    /** The connection cannot go on: everything fails with {@code failure}, and it closes. */
    private void lost(SmtpClientException failure) {
        if (dead == null) {
            dead = failure;
        }
        open = false;
        disarm();
        failAll(failure);
        connection.close();
    }

    /** The connection is given up politely: everything fails, QUIT is sent, then it closes. */
    private void abandon(SmtpClientException failure) {
        dead = failure;
        open = false;
        failAll(failure);
        if (!session.isFinished()) {
            quitting = true;
            session.send(SmtpCommand.QUIT);
            arm("reply to QUIT", client.settings().timeouts().command());
        } else {
            connection.close();
        }
    }

    private void failAll(Throwable failure) {
        Operation op = current;
        current = null;
        if (op != null) {
            op.fail(failure);
        }
        while ((op = waiting.poll()) != null) {
            op.fail(failure);
        }
    }

    private void send(SmtpCommand command, String awaiting, Duration timeout) {
        session.send(command);
        arm(awaiting, timeout);
    }

    /** Starts the timeout for the reply awaited, replacing any earlier one. */
    private void arm(String awaiting, Duration timeout) {
        disarm();
        CompletableFuture<Void> token = new CompletableFuture<>();
        deadline = token;
        token.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((v, e) -> {
            if (e instanceof TimeoutException) {
                connection.execute(() -> {
                    if (deadline == token) {
                        deadline = null;
                        lost(new SmtpTimeoutException(awaiting, timeout));
                    }
                });
            }
        });
    }

    private void disarm() {
        CompletableFuture<Void> token = deadline;
        deadline = null;
        if (token != null) {
            token.complete(null);
        }
    }

    private SmtpClientSettings settings() {
        return client.settings();
    }

    // ---------------------------------------------------------------- operations

    /** One thing the connection does, driven by session events on the loop. */
    private abstract static class Operation {
        final CompletableFuture<Object> future = new CompletableFuture<>();

        abstract void start();

        abstract void onEvent(SmtpClientEvent event);

        void fail(Throwable failure) {
            future.completeExceptionally(failure);
        }
    }

    /** A single command and its reply: RSET, NOOP, QUIT. */
    private final class CommandOperation extends Operation {
        private final SmtpCommand command;

        CommandOperation(SmtpCommand command) {
            this.command = command;
        }

        @Override
        void start() {
            if (command instanceof SmtpCommand.Quit) {
                open = false;
            }
            send(command, "reply to " + command.verb(), settings().timeouts().command());
        }

        @Override
        void onEvent(SmtpClientEvent event) {
            if (event instanceof SmtpClientEvent.Reply r && r.command() == command) {
                if (r.reply().code() / 100 == 2) {
                    future.complete(r.reply());
                } else {
                    future.completeExceptionally(new SmtpReplyException(r.reply()));
                }
                done();
            }
        }
    }

    /** Greeting, EHLO (HELO), STARTTLS and EHLO again, AUTH. */
    private final class Handshake extends Operation {
        private boolean startTlsDone;
        private SaslClient sasl;
        private byte[] deferredInitial;
        private SaslException saslFailure;

        @Override
        void start() {
            // Current from construction: the greeting is awaited from the first moment.
        }

        private void failAndQuit(SmtpClientException failure) {
            abandon(failure);
        }

        @Override
        void onEvent(SmtpClientEvent event) {
            if (event instanceof SmtpClientEvent.Greeting g) {
                greeting = g.reply();
                if (g.reply().code() != 220) {
                    // RFC 5321 §3.1: a 554 greeting; the client should QUIT.
                    failAndQuit(new SmtpReplyException(g.reply()));
                    return;
                }
                ehlo();
            } else if (event instanceof SmtpClientEvent.Reply r) {
                SmtpCommand c = r.command();
                SmtpReply reply = r.reply();
                if (c instanceof SmtpCommand.Ehlo) {
                    if (reply.code() / 100 == 2) {
                        capabilities = SmtpCapabilities.parse(reply);
                        afterHello();
                    } else if (reply.isPermanent()) {
                        // RFC 5321 §3.2: an old server that does not know EHLO; fall back.
                        send(new SmtpCommand.Helo(heloName()), "reply to HELO", settings().timeouts().command());
                    } else {
                        failAndQuit(new SmtpReplyException(reply));
                    }
                } else if (c instanceof SmtpCommand.Helo) {
                    if (reply.code() / 100 == 2) {
                        capabilities = SmtpCapabilities.NONE;
                        afterHello();
                    } else {
                        failAndQuit(new SmtpReplyException(reply));
                    }
                } else if (c instanceof SmtpCommand.StartTls) {
                    if (reply.code() == 220) {
                        // RFC 3207 §4.2: forget everything learnt in plaintext and ask again;
                        // the session dropped any buffered input and upgrades before this EHLO.
                        startTlsDone = true;
                        capabilities = SmtpCapabilities.NONE;
                        ehlo();
                    } else if (client.tlsMode() == TlsMode.REQUIRED) {
                        failAndQuit(new SmtpTlsRequiredException(
                                "the server refused STARTTLS: " + reply.code() + " " + reply.text(), reply));
                    } else {
                        authenticate();
                    }
                } else if (c instanceof SmtpCommand.Auth) {
                    authReply(reply);
                }
            } else if (event instanceof SmtpClientEvent.Challenge ch) {
                challenge(ch.base64());
            }
        }

        private void ehlo() {
            send(new SmtpCommand.Ehlo(heloName()), "reply to EHLO", settings().timeouts().command());
        }

        private void afterHello() {
            TlsMode mode = client.tlsMode();
            boolean wantStartTls = (mode == TlsMode.REQUIRED || mode == TlsMode.OPPORTUNISTIC)
                    && !startTlsDone && !connection.isSecure();
            if (wantStartTls) {
                if (capabilities.startTls()) {
                    send(SmtpCommand.STARTTLS, "reply to STARTTLS", settings().timeouts().command());
                    return;
                }
                if (mode == TlsMode.REQUIRED) {
                    // SECURITY-CASES SEC-08, TLS-04: defer; never go on in plaintext.
                    failAndQuit(new SmtpTlsRequiredException("the server does not offer STARTTLS", null));
                    return;
                }
            }
            if ((mode == TlsMode.REQUIRED || mode == TlsMode.IMPLICIT) && !connection.isSecure()) {
                failAndQuit(new SmtpTlsRequiredException("TLS is not established", null));
                return;
            }
            authenticate();
        }

        private void authenticate() {
            if (client.credentials() == null) {
                finish();
                return;
            }
            if (!connection.isSecure() && !client.allowPlaintextAuth()) {
                // RFC 8314 §3, SECURITY-CASES SEC-09: never a credential in plaintext unless asked.
                failAndQuit(new SmtpTlsRequiredException("refusing to send credentials without TLS", null));
                return;
            }
            Optional<SaslClient> chosen = SaslClient.strongest(capabilities.authMechanisms(), client.credentials(),
                    client.saslSettings());
            if (chosen.isEmpty()) {
                failAndQuit(new SmtpUnsupportedException(SmtpUnsupportedException.Reason.NO_AUTH_MECHANISM,
                        "no offered SASL mechanism fits the credentials: " + capabilities.authMechanisms()));
                return;
            }
            sasl = chosen.get();
            String mechanism = sasl.mechanismName();
            Optional<byte[]> initial = sasl.initialResponse();
            Optional<String> encoded = initial.map(b -> b.length == 0 ? "=" : Base64.getEncoder().encodeToString(b));
            boolean fits = encoded.isPresent()
                    && "AUTH ".length() + mechanism.length() + 1 + encoded.get().length() + 2 <= SmtpLimits.MIN_COMMAND_LINE;
            deferredInitial = initial.isPresent() && !fits ? initial.get() : null;
            send(new SmtpCommand.Auth(mechanism, fits ? encoded : Optional.empty()), "reply to AUTH",
                    settings().timeouts().command());
        }

        private void challenge(String base64) {
            try {
                byte[] answer;
                if (deferredInitial != null) {
                    answer = deferredInitial;
                    deferredInitial = null;
                } else {
                    answer = sasl.evaluateChallenge(Base64.getDecoder().decode(base64));
                }
                session.sendSaslResponse(Base64.getEncoder().encodeToString(answer));
            } catch (SaslException e) {
                saslFailure = e;
                session.sendSaslResponse("*");
            } catch (IllegalArgumentException e) {
                saslFailure = new SaslException(SaslException.Reason.MALFORMED_CHALLENGE, "challenge is not base64");
                session.sendSaslResponse("*");
            }
        }

        private void authReply(SmtpReply reply) {
            if (reply.code() == 235) {
                try {
                    sasl.verifySuccess(Optional.empty());
                } catch (SaslException | RuntimeException e) {
                    lost(new SmtpConnectionException("the server did not prove it knows the credentials", e));
                    return;
                }
                finish();
            } else if (saslFailure != null) {
                failAndQuit(new SmtpConnectionException("SASL exchange failed: " + saslFailure.getMessage(), saslFailure));
            } else {
                failAndQuit(new SmtpReplyException(reply));
            }
        }

        private void finish() {
            future.complete(SmtpConnection.this);
            done();
        }
    }

    /** The EHLO argument: the configured name, else our address literal (RFC 5321 §4.1.4). */
    private String heloName() {
        if (client.heloName() != null) {
            return client.heloName();
        }
        InetAddress local = connection.localAddress().getAddress();
        return local instanceof Inet6Address ? "[IPv6:" + local.getHostAddress().replaceFirst("%.*$", "") + "]"
                : "[" + local.getHostAddress() + "]";
    }

    /** One mail transaction. */
    private final class TransactionOperation extends Operation {
        private final SmtpTransaction tx;
        private final List<SmtpTransactionResult.RecipientResult> results = new ArrayList<>();
        private boolean pipelined;
        private boolean bdat;
        private SmtpReply mailReply;
        private int nextRecipient;
        /** The failure decided on; reported once the RSET that follows it is answered. */
        private SmtpClientException failure;
        /** A 354 came although the transaction failed: send an empty message and forget it. */
        private boolean discardContent;
        private SmtpReply bdatFailure;
        private boolean contentStarted;
        private boolean contentDone;
        private MessageContent.Reader reader;
        private ByteBuffer buffer;

        TransactionOperation(SmtpTransaction tx) {
            this.tx = tx;
        }

        @Override
        void start() {
            SmtpCapabilities caps = capabilities;
            if (tx.needsSmtpUtf8() && !caps.smtpUtf8()) {
                finishEarly(new SmtpUnsupportedException(SmtpUnsupportedException.Reason.SMTPUTF8_NOT_OFFERED,
                        "the message needs SMTPUTF8 and " + serverName + " does not offer it"));
                return;
            }
            OptionalLong size;
            try {
                size = tx.content().size();
            } catch (UncheckedIOException e) {
                future.completeExceptionally(e.getCause());
                done();
                return;
            }
            OptionalLong max = caps.maxSize();
            if (size.isPresent() && max.isPresent() && size.getAsLong() > max.getAsLong()) {
                finishEarly(new SmtpUnsupportedException(SmtpUnsupportedException.Reason.MESSAGE_TOO_LARGE,
                        "the message has " + size.getAsLong() + " octets and " + serverName + " takes at most "
                                + max.getAsLong() + " (SIZE)"));
                return;
            }
            MailParameters.Body body = tx.body().orElse(null);
            if (body == MailParameters.Body.EIGHT_BIT_MIME && !caps.eightBitMime()) {
                finishEarly(new SmtpUnsupportedException(SmtpUnsupportedException.Reason.EIGHT_BIT_MIME_NOT_OFFERED,
                        serverName + " does not offer 8BITMIME"));
                return;
            }
            boolean chunking = caps.chunking() && settings().chunking();
            if (body == MailParameters.Body.BINARY_MIME && !(caps.binaryMime() && caps.chunking())) {
                finishEarly(new SmtpUnsupportedException(SmtpUnsupportedException.Reason.BINARY_MIME_NOT_OFFERED,
                        serverName + " does not offer BINARYMIME with CHUNKING"));
                return;
            }
            bdat = chunking || body == MailParameters.Body.BINARY_MIME;
            pipelined = caps.pipelining();
            MailParameters mail = MailParameters.NONE;
            if (size.isPresent() && caps.has("SIZE")) {
                mail = mail.withSize(size.getAsLong());
            }
            if (body != null && caps.extended()) {
                mail = mail.withBody(body);
            }
            if (tx.needsSmtpUtf8()) {
                mail = mail.withSmtpUtf8(true);
            }
            if (caps.dsn()) {
                if (tx.ret().isPresent()) {
                    mail = mail.withRet(tx.ret().get());
                }
                if (tx.envelopeId().isPresent()) {
                    mail = mail.withEnvelopeId(tx.envelopeId().get());
                }
            }
            send(new SmtpCommand.Mail(tx.sender(), mail), "reply to MAIL", settings().timeouts().mail());
            if (pipelined) {
                // RFC 2920 §3.1: MAIL, every RCPT and DATA in one group, DATA last.
                while (nextRecipient < tx.recipients().size()) {
                    session.send(rcpt(nextRecipient++));
                }
                if (!bdat) {
                    session.send(SmtpCommand.DATA);
                }
            }
        }

        private SmtpCommand.Rcpt rcpt(int i) {
            SmtpTransaction.Recipient r = tx.recipients().get(i);
            RcptParameters p = r.parameters();
            if (!capabilities.dsn() && (p.notifyOn().isPresent() || p.originalRecipient().isPresent())) {
                // RFC 3461 §4.1: toward a server without DSN the parameters are not sent.
                p = new RcptParameters(Optional.empty(), Optional.empty(), p.extensions());
            }
            return new SmtpCommand.Rcpt(r.path(), p);
        }

        private void finishEarly(SmtpClientException e) {
            future.completeExceptionally(e);
            done();
        }

        @Override
        void fail(Throwable failure) {
            closeReader();
            super.fail(failure);
        }

        @Override
        void onEvent(SmtpClientEvent event) {
            if (event instanceof SmtpClientEvent.Reply r) {
                reply(r.command(), r.reply());
            } else if (event instanceof SmtpClientEvent.ContentRequest) {
                contentRequest();
            } else if (event instanceof SmtpClientEvent.DataReply r) {
                contentDone = true;
                if (discardContent) {
                    reset();
                } else {
                    complete(r.reply());
                }
            }
        }

        private void reply(SmtpCommand command, SmtpReply reply) {
            if (command instanceof SmtpCommand.Mail) {
                mailReply = reply;
                if (reply.code() / 100 != 2) {
                    failure = new SmtpReplyException(reply);
                    if (!pipelined) {
                        reset();
                    } else {
                        arm("replies to RCPT", settings().timeouts().rcpt());
                    }
                } else if (!pipelined) {
                    send(rcpt(nextRecipient++), "reply to RCPT", settings().timeouts().rcpt());
                } else {
                    arm("reply to RCPT", settings().timeouts().rcpt());
                }
            } else if (command instanceof SmtpCommand.Rcpt) {
                results.add(new SmtpTransactionResult.RecipientResult(tx.recipients().get(results.size()).path(), reply));
                if (results.size() < tx.recipients().size()) {
                    if (pipelined) {
                        arm("reply to RCPT", settings().timeouts().rcpt());
                    } else {
                        send(rcpt(nextRecipient++), "reply to RCPT", settings().timeouts().rcpt());
                    }
                    return;
                }
                if (failure == null && results.stream().noneMatch(SmtpTransactionResult.RecipientResult::accepted)) {
                    failure = new SmtpRecipientsRefusedException(results);
                }
                if (pipelined && !bdat) {
                    arm("reply to DATA", settings().timeouts().dataInitiation());
                } else if (failure != null) {
                    reset();
                } else if (bdat) {
                    boolean binary = tx.body().orElse(null) == MailParameters.Body.BINARY_MIME;
                    session.startBdat(binary, pipelined);
                    arm("BDAT to be written", settings().timeouts().dataBlock());
                } else {
                    send(SmtpCommand.DATA, "reply to DATA", settings().timeouts().dataInitiation());
                }
            } else if (command instanceof SmtpCommand.Data) {
                if (reply.code() == 354) {
                    if (failure != null) {
                        // RFC 2920 §3.1: a server that says 354 with no valid recipient gets an
                        // empty message, which it must not deliver; then RSET.
                        discardContent = true;
                    }
                    arm("content to be written", settings().timeouts().dataBlock());
                } else {
                    if (failure == null) {
                        failure = new SmtpReplyException(reply);
                    }
                    reset();
                }
            } else if (command instanceof SmtpCommand.Bdat b) {
                if (reply.code() / 100 != 2 && bdatFailure == null) {
                    bdatFailure = reply;
                }
                if (b.last()) {
                    contentDone = true;
                    complete(bdatFailure != null ? bdatFailure : reply);
                } else if (!contentDone) {
                    arm("BDAT reply", settings().timeouts().dataBlock());
                }
            } else if (command instanceof SmtpCommand.Rset) {
                SmtpClientException f = failure;
                future.completeExceptionally(f);
                done();
            }
        }

        private void reset() {
            closeReader();
            send(SmtpCommand.RSET, "reply to RSET", settings().timeouts().command());
        }

        private void complete(SmtpReply last) {
            closeReader();
            if (last.code() / 100 == 2) {
                future.complete(new SmtpTransactionResult(mailReply, results, last));
            } else {
                // RFC 5321 §4.1.1.4: a negative reply to the end of data ends the transaction.
                future.completeExceptionally(new SmtpReplyException(last));
            }
            done();
        }

        private void contentRequest() {
            if (discardContent || bdatFailure != null || contentDone) {
                endContent();
                return;
            }
            arm("content to be written", settings().timeouts().dataBlock());
            MessageContent content = tx.content();
            if (content instanceof MessageContent.Bytes bytes) {
                if (!contentStarted) {
                    contentStarted = true;
                    session.content(bytes.whole());
                } else {
                    endContent();
                }
                return;
            }
            contentStarted = true;
            if (buffer == null) {
                buffer = ByteBuffer.allocate(settings().chunkSize());
            }
            ByteBuffer b = buffer;
            connection.offload(() -> {
                if (reader == null) {
                    reader = content.open();
                }
                b.clear();
                int n;
                do {
                    n = reader.read(b);
                } while (n == 0 && b.hasRemaining());
                b.flip();
                return n;
            }).whenComplete((n, e) -> {
                if (current != this) {
                    closeReader(); // the transaction failed meanwhile
                    return;
                }
                if (e != null) {
                    closeReader();
                    session.contentFailed();
                    lost(new SmtpConnectionException("message content could not be read: " + e.getMessage(), e));
                } else if (n < 0) {
                    closeReader();
                    endContent();
                } else {
                    session.content(b);
                }
            });
        }

        private void endContent() {
            session.contentEnd();
            arm(bdat ? "reply to BDAT LAST" : "reply to end of data", settings().timeouts().dataTermination());
        }

        private void closeReader() {
            MessageContent.Reader r = reader;
            reader = null;
            if (r != null) {
                MessageContent c = tx.content();
                Runnable close = () -> {
                    try {
                        r.close();
                    } catch (IOException ignored) {
                        // Nothing to do: the content was read or abandoned already.
                    }
                };
                if (c.blocking()) {
                    connection.offload(() -> {
                        close.run();
                        return null;
                    });
                } else {
                    close.run();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SmtpConnection[" + serverName + " " + connection.remoteAddress() + (isSecure() ? " TLS" : "") + "]";
    }
}
