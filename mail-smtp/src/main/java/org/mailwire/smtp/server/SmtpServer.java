// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwire.core.codec.BareLineEndingPolicy;
import org.mailwire.core.net.Connection;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.core.net.EventHandler;
import org.mailwire.core.net.FailurePenalties;
import org.mailwire.core.net.EventLoopGroup;
import org.mailwire.core.net.NioServer;
import org.mailwire.core.net.Refusal;
import org.mailwire.core.net.SessionFactory;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.sasl.Authenticator;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.SmtpCompliance;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.protocol.SmtpEvent;
import org.mailwire.smtp.protocol.SmtpServerSession;
import org.mailwire.smtp.protocol.SmtpSessionSettings;
import org.mailwire.store.MailStore;

/**
 * An embeddable SMTP server: a {@link NioServer} whose connections run
 * {@link SmtpServerSession}s, with the relay policy applied and the rest asked of an
 * {@link SmtpHandler} (by default, delivery to a {@link MailStore}).
 *
 * <pre>{@code
 * try (SmtpServer smtp = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store).start()) {
 *     InetSocketAddress address = smtp.address();
 * }
 * }</pre>
 *
 * <p>Presets: {@link Builder#mx()} (port 25: mail for local domains, STARTTLS offered when TLS
 * settings are given, no AUTH required), {@link Builder#submission()} (port 587: STARTTLS and
 * AUTH required before MAIL, RFC 6409 §4.3, RFC 8314 §3) and {@link Builder#submissions()}
 * (port 465: implicit TLS and AUTH, RFC 8314 §3.3), and {@link Builder#lmtp()} (LMTP, RFC 2033:
 * {@code LHLO}, one reply per recipient at the end of each message, never on port 25).
 *
 * <p>Misbehaving clients are slowed on the connection's event loop, never by a sleeping thread
 * ({@link SmtpDelays}): each failed AUTH is answered late, longer with each failure from the
 * address, the same for an unknown user as for a wrong password, and the session closes with
 * {@code 421 4.7.0} after {@link Builder#errorLimits a few}; past the soft error limit every
 * error reply waits the error sleep, and at the hard limit the session closes with
 * {@code 421 4.7.0} (SECURITY-CASES SEC-05, SMTP-12, SEC-06).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6409">RFC 6409</a>
 */
public final class SmtpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SmtpServer.class.getName());
    private static final SmtpReply SENDER_NOT_OWNED = SmtpReply.of(553, "5.7.1", "Sender address not owned by authenticated user");
    private static final byte[] TOO_MANY_CONNECTIONS =
            "421 4.7.0 Too many connections, try again later\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHUTTING_DOWN = "421 4.3.2 Service shutting down\r\n".getBytes(StandardCharsets.US_ASCII);

    private final NioServer server;
    private final ExecutorService ownedExecutor;
    private final SmtpHandler handler;
    private final SmtpPolicy policy;
    private final java.util.function.Predicate<java.net.InetAddress> relayAllowed;
    private final SmtpSessionSettings settings;
    private final SmtpDelays delays;
    private final FailurePenalties penalties;
    private final ConcurrentHashMap<Connection, Client> clients = new ConcurrentHashMap<>();

    private SmtpServer(Builder b) throws IOException {
        this.ownedExecutor = b.store != null && b.handler == null ? Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("mailwire-smtp-store")) : null;
        this.handler = b.handler != null ? b.handler : new MailStoreHandler(b.store, b.hostName, ownedExecutor, b.spool);
        boolean submission = b.mode == Mode.SUBMISSION || b.mode == Mode.SUBMISSIONS;
        Set<String> domains = new LinkedHashSet<>(b.localDomains);
        if (domains.isEmpty() && b.store != null) {
            // Without a configured list, the domains of the store's users are the local ones.
            for (String user : b.store.users()) {
                int at = user.lastIndexOf('@');
                if (at > 0) {
                    domains.add(user.substring(at + 1));
                }
            }
        }
        if (domains.isEmpty()) {
            domains.add(b.hostName);
        }
        this.relayAllowed = b.relayAllowed;
        this.policy = new SmtpPolicy(domains, b.trustedNetworks,
                b.senderMustMatchLogin != null ? b.senderMustMatchLogin : submission);
        Authenticator authenticator = b.authenticator != null ? b.authenticator : b.store != null ? b.store.authenticator() : null;
        boolean implicitTls = b.mode == Mode.SUBMISSIONS;
        if (submission && b.tls == null) {
            throw new IllegalStateException("submission needs TLS settings (RFC 8314)");
        }
        if (b.mode == Mode.LMTP && b.address.getPort() == 25) {
            throw new IllegalStateException("LMTP must not be used on port 25 (RFC 2033 §1)");
        }
        if (submission && authenticator == null) {
            throw new IllegalStateException("submission needs an authenticator or a store");
        }
        SmtpSessionSettings s = SmtpSessionSettings.defaults(b.hostName)
                .withLimits(b.limits)
                .withCompliance(b.compliance)
                .withDataLineEndings(b.dataLineEndings)
                .withTls(b.tls != null && !implicitTls, implicitTls)
                .withRequirements(b.mode == Mode.SUBMISSION, submission)
                .withLmtp(b.mode == Mode.LMTP)
                .withErrorLimits(b.softErrorLimit, b.maxErrors, b.maxAuthenticationFailures)
                .withDsn(b.dsn);
        if (authenticator != null) {
            s = s.withSasl(SaslServer.of(authenticator, SaslServerSettings.defaults(b.hostName)));
        }
        this.settings = s;
        this.delays = b.delays;
        this.penalties = new FailurePenalties(b.delays.authenticationFailureDelay(), b.delays.maxAuthenticationFailureDelay());
        NioServer.Builder<SmtpEvent> nio = NioServer.builder(new Sessions(), new Events())
                .bind(b.address)
                .settings(b.transport)
                .limits(b.connectionLimits);
        if (b.loops != null) {
            nio.eventLoops(b.loops);
        }
        if (b.tls != null) {
            if (implicitTls) {
                nio.implicitTls(b.tls);
            } else {
                nio.startTls(b.tls);
            }
        }
        try {
            this.server = nio.start();
        } catch (IOException | RuntimeException e) {
            if (ownedExecutor != null) {
                ownedExecutor.shutdownNow();
            }
            throw e;
        }
    }

    /**
     * Returns a builder with the MX preset, listening on {@code 127.0.0.1:25}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the address the server listens on (with the real port when 0 was asked).
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Returns the relay policy in force.
     *
     * @return the policy
     */
    public SmtpPolicy policy() {
        return policy;
    }

    /**
     * Stops accepting, says {@code 421 4.3.2} to every session, waits for the transport's grace
     * period and closes the rest. Idempotent.
     */
    @Override
    public void close() {
        server.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class Sessions implements SessionFactory<SmtpEvent> {
        @Override
        public ProtocolSession<SmtpEvent> open(Connection connection) {
            SmtpServerSession session = new SmtpServerSession(settings);
            clients.put(connection, new Client(connection, session));
            return session;
        }

        @Override
        public ByteBuffer refusal(Refusal refusal) {
            // SECURITY-CASES LOAD-07: say why, in SMTP's words, before closing.
            return ByteBuffer.wrap(refusal == Refusal.SHUTTING_DOWN ? SHUTTING_DOWN : TOO_MANY_CONNECTIONS);
        }
    }

    private final class Events implements EventHandler<SmtpEvent> {
        @Override
        public void onEvent(Connection connection, SmtpEvent event) {
            Client client = clients.get(connection);
            if (client != null) {
                client.handle(event);
            }
        }

        @Override
        public void onClose(Connection connection, Throwable cause) {
            Client client = clients.remove(connection);
            if (client != null) {
                client.closed();
            }
        }
    }

    /** One connection's bridge between session events and the handler; used on its event loop. */
    private final class Client {
        private final Connection connection;
        private final SmtpServerSession session;
        private MessageReceiver receiver;
        private volatile boolean closed;

        Client(Connection connection, SmtpServerSession session) {
            this.connection = connection;
            this.session = session;
        }

        void handle(SmtpEvent event) {
            SmtpPeer peer = new SmtpPeer(connection.remoteAddress(), session.context());
            if (event instanceof SmtpEvent.MailFrom mail) {
                Optional<String> login = mail.context().authenticatedAs();
                if (policy.senderMustMatchLogin() && login.isPresent() && mail.sender() instanceof Mailbox sender
                        && !ownedBy(sender, login.get())) {
                    session.answer(SENDER_NOT_OWNED);
                    return;
                }
                reply(call(() -> handler.sender(peer, mail.sender(), mail.parameters())));
            } else if (event instanceof SmtpEvent.RcptTo rcpt) {
                if (!policy.mayRelayTo(rcpt.recipient(), rcpt.context().authenticatedAs().isPresent(),
                        connection.remoteAddress().getAddress())
                        && !relayAllowed.test(connection.remoteAddress().getAddress())) {
                    session.answer(SmtpReply.RELAY_DENIED);
                    return;
                }
                reply(call(() -> handler.recipient(peer, rcpt.sender(), rcpt.recipient(), rcpt.parameters())));
            } else if (event instanceof SmtpEvent.MessageStart start) {
                SmtpEnvelope envelope = new SmtpEnvelope(start.sender(), start.parameters(), start.recipients(),
                        start.recipientParameters());
                later(call(() -> handler.message(peer, envelope)), (opened, failure) -> {
                    if (failure != null) {
                        session.answer(replyFor(failure));
                    } else {
                        receiver = opened;
                        session.acceptMessage(opened);
                    }
                });
            } else if (event instanceof SmtpEvent.MessageEnd) {
                MessageReceiver done = receiver;
                receiver = null;
                if (settings.lmtp()) {
                    List<ForwardPath> recipients = session.recipients();
                    later(call(() -> done.completeEach(recipients)),
                            (replies, failure) -> session.answerEach(lmtpReplies(replies, failure, recipients.size())));
                } else {
                    reply(call(done::complete));
                }
            } else if (event instanceof SmtpEvent.MessageAborted) {
                abortReceiver();
            } else if (event instanceof SmtpEvent.ErrorPause) {
                // Postfix's error sleep (SMTP-12, SEC-06): the session holds the reply meanwhile.
                connection.schedule(delays.errorSleep(), session::resume);
            } else if (event instanceof SmtpEvent.AuthenticationStep step) {
                later(call(() -> step.exchange().evaluateResponse(step.response())), (result, failure) -> {
                    SaslServerStep outcome = failure != null
                            ? new SaslServerStep.Failure(SaslFailureReason.TEMPORARY_FAILURE, Optional.empty())
                            : result;
                    if (outcome instanceof SaslServerStep.Failure f && (f.reason() == SaslFailureReason.INVALID_CREDENTIALS
                            || f.reason() == SaslFailureReason.AUTHORIZATION_DENIED)) {
                        // SEC-05: each failure from this address waits longer; an unknown user and a
                        // wrong password fail alike, as late. The exchange does not name the user.
                        penalties.answerLater(connection, null, () -> session.answerAuthentication(outcome));
                    } else {
                        if (outcome instanceof SaslServerStep.Success) {
                            penalties.forgive(connection.remoteAddress().getAddress(), null);
                        }
                        session.answerAuthentication(outcome);
                    }
                });
            }
        }

        private boolean ownedBy(Mailbox sender, String login) {
            String address = sender.localPart() + "@" + sender.domain();
            return address.equalsIgnoreCase(login) || sender.localPart().equalsIgnoreCase(login);
        }

        private void reply(CompletionStage<SmtpReply> stage) {
            later(stage, (reply, failure) -> session.answer(failure != null ? replyFor(failure) : reply));
        }

        /** Runs {@code then} on the connection's loop once {@code stage} completes. */
        private <T> void later(CompletionStage<T> stage, java.util.function.BiConsumer<T, Throwable> then) {
            stage.whenComplete((value, failure) -> {
                if (closed) {
                    if (value instanceof MessageReceiver orphan) {
                        orphan.abort();
                    }
                    return;
                }
                connection.execute(() -> {
                    if (!closed) {
                        then.accept(value, failure);
                    }
                });
            });
        }

        /** Runs on the connection's loop (EventHandler.onClose), like every other call here. */
        void closed() {
            closed = true;
            abortReceiver();
        }

        private void abortReceiver() {
            MessageReceiver open = receiver;
            receiver = null;
            if (open != null) {
                open.abort();
            }
        }
    }

    /** Calls a handler method; a throw becomes a failed stage. */
    private static <T> CompletionStage<T> call(java.util.function.Supplier<CompletionStage<T>> method) {
        try {
            return Objects.requireNonNull(method.get(), "handler returned null");
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** LMTP replies of a completed stage: the handler's, or one failure reply for every recipient. */
    private static List<SmtpReply> lmtpReplies(List<SmtpReply> replies, Throwable failure, int count) {
        if (failure == null && replies != null && replies.size() == count) {
            return replies;
        }
        Throwable cause = failure != null ? failure : new IllegalStateException("completeEach gave "
                + (replies == null ? "no list" : replies.size() + " replies") + " for " + count + " recipients");
        return Collections.nCopies(count, replyFor(cause));
    }

    /** The reply for a failed stage: the rejection's own, else 451 4.3.0 and nothing internal. */
    private static SmtpReply replyFor(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SmtpRejectionException rejection) {
            return rejection.reply();
        }
        LOG.log(System.Logger.Level.WARNING, "SMTP handler failed", cause);
        return SmtpReply.LOCAL_ERROR;
    }

    private enum Mode { MX, SUBMISSION, SUBMISSIONS, LMTP }

    /** Configures and starts a {@link SmtpServer}; one way to set each thing. */
    public static final class Builder {
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 25);
        private String hostName = "localhost";
        private Mode mode = Mode.MX;
        private MailStore store;
        private SmtpHandler handler;
        private Authenticator authenticator;
        private final Set<String> localDomains = new LinkedHashSet<>();
        private final List<Network> trustedNetworks = new ArrayList<>();
        private Boolean senderMustMatchLogin;
        private SmtpLimits limits = SmtpLimits.defaults();
        private Set<SmtpCompliance> compliance = Set.of();
        private BareLineEndingPolicy dataLineEndings = BareLineEndingPolicy.REJECT;
        private TlsSettings tls;
        // RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command.
        // FLT-09: past 5 minutes a DATA must keep arriving at 500 octets/s (Postfix's smtpd_min_data_rate).
        private TransportSettings transport = TransportSettings.defaults()
                .withIdleTimeout(Duration.ofMinutes(5)).withCommandTimeout(Duration.ofMinutes(5)).withMinDataRate(500);
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
        private EventLoopGroup loops;
        private SmtpDelays delays = SmtpDelays.defaults();
        private SpoolSettings spool = SpoolSettings.defaults();
        private int softErrorLimit = SmtpSessionSettings.DEFAULT_SOFT_ERROR_LIMIT;
        private int maxErrors = SmtpSessionSettings.DEFAULT_MAX_ERRORS;
        private int maxAuthenticationFailures = SmtpSessionSettings.DEFAULT_MAX_AUTHENTICATION_FAILURES;
        private java.util.function.Predicate<java.net.InetAddress> relayAllowed = address -> false;
        private boolean dsn;

        /**
         * Advertises DSN (RFC 3461) when the handler honours it: it keeps NOTIFY, ORCPT, RET and
         * ENVID ({@link SmtpEnvelope#recipientParameters()}) and sends the notifications, as the
         * delivery queue's {@code DeliveryHandler} does. Off by default.
         *
         * @param value whether to advertise DSN
         * @return this builder
         */
        public Builder dsn(boolean value) {
            this.dsn = value;
            return this;
        }

        private Builder() {
        }

        /**
         * Adds a dynamic relay permission beside AUTH and trusted networks, asked for each
         * non-local recipient of an unauthenticated client: for example POP-before-SMTP (an
         * address that logged in over POP3 or IMAP in the last minutes). Default: never.
         *
         * @param value tells whether a client address may relay
         * @return this builder
         */
        public Builder relayAllowed(java.util.function.Predicate<java.net.InetAddress> value) {
            this.relayAllowed = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the listen address.
         *
         * @param host an address literal or name to bind
         * @param port the port, 0 for any free one
         * @return this builder
         */
        public Builder listen(String host, int port) {
            return listen(new InetSocketAddress(host, port));
        }

        /**
         * Sets the listen address.
         *
         * @param value the address
         * @return this builder
         */
        public Builder listen(InetSocketAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * Sets the name in the greeting, EHLO reply and {@code Received:} fields.
         *
         * @param value the host name
         * @return this builder
         */
        public Builder hostName(String value) {
            this.hostName = Objects.requireNonNull(value, "hostName");
            return this;
        }

        /**
         * The port-25 role (the default): mail for local domains from anyone, relay only for
         * authenticated or trusted clients, STARTTLS offered when TLS settings are given.
         *
         * @return this builder
         */
        public Builder mx() {
            this.mode = Mode.MX;
            return this;
        }

        /**
         * The port-587 role: STARTTLS, then AUTH, before MAIL; the sender must be the user's own
         * address unless changed with {@link #senderMustMatchLogin(boolean)}. Needs {@link #tls}.
         *
         * @return this builder
         * @see <a href="https://www.rfc-editor.org/rfc/rfc6409#section-4.3">RFC 6409 §4.3</a>
         */
        public Builder submission() {
            this.mode = Mode.SUBMISSION;
            return this;
        }

        /**
         * The port-465 role: TLS from the first byte, then AUTH before MAIL. Needs {@link #tls}.
         *
         * @return this builder
         * @see <a href="https://www.rfc-editor.org/rfc/rfc8314#section-3.3">RFC 8314 §3.3</a>
         */
        public Builder submissions() {
            this.mode = Mode.SUBMISSIONS;
            return this;
        }

        /**
         * The LMTP role (RFC 2033): the client greets with {@code LHLO}, and the end of each
         * message gets one reply per accepted recipient, from
         * {@link MessageReceiver#completeEach(List)}. Mail for local domains, relay only for
         * authenticated or trusted clients as with {@link #mx()}; never on port 25 (RFC 2033 §1),
         * so set {@link #listen} too.
         *
         * @return this builder
         * @see <a href="https://www.rfc-editor.org/rfc/rfc2033#section-4">RFC 2033 §4</a>
         */
        public Builder lmtp() {
            this.mode = Mode.LMTP;
            return this;
        }

        /**
         * Delivers to a store (the default handler) and authenticates against its users.
         *
         * @param value the store
         * @return this builder
         */
        public Builder deliverTo(MailStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Sets where the store handler keeps large messages while they arrive (by default in
         * memory up to 256 KiB, then in {@code java.io.tmpdir}); not used with a custom handler.
         *
         * @param value the spool settings
         * @return this builder
         */
        public Builder spool(SpoolSettings value) {
            this.spool = Objects.requireNonNull(value, "spool");
            return this;
        }

        /**
         * Uses a custom handler instead of store delivery.
         *
         * @param value the handler
         * @return this builder
         */
        public Builder handler(SmtpHandler value) {
            this.handler = Objects.requireNonNull(value, "handler");
            return this;
        }

        /**
         * Sets the authenticator for AUTH (by default the store's).
         *
         * @param value the authenticator
         * @return this builder
         */
        public Builder authenticator(Authenticator value) {
            this.authenticator = Objects.requireNonNull(value, "authenticator");
            return this;
        }

        /**
         * Adds local domains (by default the domains of the store's users).
         *
         * @param domains the domains
         * @return this builder
         */
        public Builder localDomains(String... domains) {
            localDomains.addAll(List.of(domains));
            return this;
        }

        /**
         * Adds networks whose clients may relay without AUTH ({@code 192.0.2.0/24}).
         *
         * @param networks address literals with optional prefix lengths
         * @return this builder
         */
        public Builder trustedNetworks(String... networks) {
            for (String network : networks) {
                trustedNetworks.add(Network.parse(network));
            }
            return this;
        }

        /**
         * Sets whether an authenticated sender must use its own address (default: on for the
         * submission presets, off for MX).
         *
         * @param value the switch
         * @return this builder
         */
        public Builder senderMustMatchLogin(boolean value) {
            this.senderMustMatchLogin = value;
            return this;
        }

        /**
         * Sets the codec and session limits.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(SmtpLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets the command leniencies (none by default).
         *
         * @param value the leniencies
         * @return this builder
         */
        public Builder compliance(Set<SmtpCompliance> value) {
            this.compliance = Set.copyOf(value);
            return this;
        }

        /**
         * Sets what a bare CR or LF in DATA does ({@code REJECT} by default).
         *
         * @param value {@code REJECT} or {@code KEEP_AS_DATA}
         * @return this builder
         */
        public Builder dataLineEndings(BareLineEndingPolicy value) {
            this.dataLineEndings = Objects.requireNonNull(value, "dataLineEndings");
            return this;
        }

        /**
         * Sets the server's TLS settings: STARTTLS for MX and submission, implicit TLS for
         * submissions.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder tls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        /**
         * Sets buffers, watermarks and timeouts.
         *
         * @param value the transport settings
         * @return this builder
         */
        public Builder transport(TransportSettings value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Sets connection limits; connections past them get {@code 421 4.7.0}.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits value) {
            this.connectionLimits = Objects.requireNonNull(value, "connectionLimits");
            return this;
        }

        /**
         * Sets the error sleep and the failed-AUTH delays (by default 1 s, and 2 s doubling to
         * 15 s).
         *
         * @param value the delays
         * @return this builder
         */
        public Builder delays(SmtpDelays value) {
            this.delays = Objects.requireNonNull(value, "delays");
            return this;
        }

        /**
         * Sets when a client's errors slow it down and end its session (SECURITY-CASES SMTP-12,
         * SEC-05, SEC-06).
         *
         * @param softLimit errors after which each error reply waits {@link SmtpDelays#errorSleep()};
         *     default 10 (Postfix {@code smtpd_soft_error_limit})
         * @param hardLimit errors at which the server says {@code 421 4.7.0} and closes; default
         *     20 (Postfix {@code smtpd_hard_error_limit})
         * @param authenticationFailures failed AUTH attempts at which the server says
         *     {@code 421 4.7.0} and closes; default 3
         * @return this builder
         */
        public Builder errorLimits(int softLimit, int hardLimit, int authenticationFailures) {
            this.softErrorLimit = softLimit;
            this.maxErrors = hardLimit;
            this.maxAuthenticationFailures = authenticationFailures;
            return this;
        }

        /**
         * Shares event loops with other servers (by default the server owns its own).
         *
         * @param value the loops
         * @return this builder
         */
        public Builder eventLoops(EventLoopGroup value) {
            this.loops = Objects.requireNonNull(value, "eventLoops");
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server
         * @throws IOException if the address cannot be bound
         * @throws IllegalStateException if neither a store nor a handler is set, or a submission
         *     preset lacks TLS settings or an authenticator
         */
        public SmtpServer start() throws IOException {
            if (store == null && handler == null) {
                throw new IllegalStateException("deliverTo(store) or handler(handler) is required");
            }
            return new SmtpServer(this);
        }
    }
}
