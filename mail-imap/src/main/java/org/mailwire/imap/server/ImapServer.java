// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwire.core.net.Connection;
import org.mailwire.core.net.ConnectionLimits;
import org.mailwire.core.net.EventHandler;
import org.mailwire.core.net.NioServer;
import org.mailwire.core.net.Refusal;
import org.mailwire.core.net.SessionFactory;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.core.protocol.ProtocolSession;
import org.mailwire.core.sasl.AuthenticationResult;
import org.mailwire.core.sasl.Authenticator;
import org.mailwire.core.sasl.LoginPenalties;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.protocol.ImapEvent;
import org.mailwire.imap.protocol.ImapServerSession;
import org.mailwire.imap.protocol.ImapSessionSettings;
import org.mailwire.imap.protocol.ImapState;
import org.mailwire.imap.protocol.MessageSpool;
import org.mailwire.store.MailStore;

/**
 * An embeddable IMAP4rev2 server over a {@link MailStore}: runs one {@link ImapServerSession}
 * per connection on the NIO transport.
 *
 * <pre>{@code
 * try (ImapServer imap = ImapServer.builder().listen("127.0.0.1", 0).store(store).start()) {
 *     InetSocketAddress where = imap.address();
 * }
 * }</pre>
 *
 * <p>Store work runs on the transport's blocking executor ({@code Connection.offload}); password
 * checks (PBKDF2) on the server's own authentication threads; answers hop back to the
 * connection's loop. Failed logins are answered late, per address and per user name (2 s doubling
 * to 15 s by default, SECURITY-CASES SEC-05). A client that does not log in within the
 * pre-authentication timeout (2 minutes) is logged out; a logged-in one after 30 minutes of
 * silence (RFC 9051 §5.4), which IDLE clients renew by re-issuing IDLE. Mailbox change events
 * reach each session through its connection's loop, so IDLE pushes new mail at once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051">RFC 9051</a>
 */
public final class ImapServer implements AutoCloseable {

    private final MailStore store;
    private final ImapLimits limits;
    private final ImapServerSettings settings;
    private final boolean implicitTls;
    private final boolean tlsAvailable;
    private final MessageSpool spool;
    private final ExecutorService authThreads;
    private final ScheduledThreadPoolExecutor timer;
    private final Authenticator authenticator;
    private final SaslServer sasl;
    private final Map<Connection, ImapServerSession> sessions = new ConcurrentHashMap<>();
    /** The pending pre-authentication timers, cancelled at login or close. */
    private final Map<Connection, ScheduledFuture<?>> preAuthTimers = new ConcurrentHashMap<>();
    private final LoginPenalties penalties;
    private final NioServer server;

    private ImapServer(Builder b) throws IOException {
        this.store = Objects.requireNonNull(b.store, "store: call store(MailStore) before start()");
        this.limits = b.limits;
        this.settings = b.settings;
        this.implicitTls = b.implicitTls;
        this.tlsAvailable = b.tls != null;
        this.spool = b.spool;
        this.authThreads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemonThreads("imap-auth"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("imap-timer"));
        // A closed connection's pre-authentication timer is cancelled and must not stay queued
        // (with its session) for the rest of the two minutes.
        timer.setRemoveOnCancelPolicy(true);
        this.authenticator = Authenticator.offloaded(store.authenticator(), authThreads);
        this.penalties = new LoginPenalties(settings.loginFailureDelay(), settings.maxLoginFailureDelay());
        this.sasl = SaslServer.of(authenticator, SaslServerSettings.defaults(settings.hostName())
                .withAllowPlaintextWithoutTls(settings.allowPlaintextWithoutTls()));
        // RFC 9051 §5.4: the autologout timer is the transport's idle timeout; the shorter
        // pre-authentication timer is the server's own (see Factory).
        TransportSettings transport = b.transport.withIdleTimeout(settings.autologout())
                .withCommandTimeout(settings.commandTimeout());
        NioServer.Builder<ImapEvent> nio = NioServer.builder(new Factory(), new Handler())
                .bind(b.address).settings(transport).limits(b.connectionLimits);
        if (b.tls != null) {
            nio = b.implicitTls ? nio.implicitTls(b.tls) : nio.startTls(b.tls);
        }
        try {
            this.server = nio.start();
        } catch (IOException | RuntimeException e) {
            authThreads.shutdownNow();
            timer.shutdownNow();
            throw e;
        }
    }

    /**
     * Returns a builder.
     *
     * @return a builder listening on the loopback address, port chosen by the system, until told otherwise
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the bound address.
     *
     * @return the address, with the real port
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Stops accepting, says {@code * BYE} to every session, and closes. */
    @Override
    public void close() {
        server.close();
        timer.shutdownNow();
        authThreads.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- sessions

    private final class Factory implements SessionFactory<ImapEvent> {
        @Override
        public ProtocolSession<ImapEvent> open(Connection connection) {
            ImapSessionSettings s = new ImapSessionSettings(limits, store, Optional.of(sasl),
                    tlsAvailable && !implicitTls, implicitTls, settings.allowPlaintextWithoutTls(),
                    settings.maxErrors(), spool);
            ImapServerSession session = new ImapServerSession(s, connection::execute);
            sessions.put(connection, session);
            ScheduledFuture<?> timeout = schedule(() -> connection.execute(() -> {
                if (session.state() == ImapState.NOT_AUTHENTICATED) {
                    session.receiveTimeout();
                }
            }), settings.preAuthTimeout().toNanos(), connection);
            if (timeout != null) {
                preAuthTimers.put(connection, timeout);
            }
            return session;
        }

        @Override
        public ByteBuffer refusal(Refusal refusal) {
            String text = refusal == Refusal.SHUTTING_DOWN ? "Server shutting down" : "Too many connections";
            return ByteBuffer.wrap(ImapResponse.Status.untagged(ImapResponse.Kind.BYE,
                    org.mailwire.imap.codec.ResponseCode.unavailable(), text).toBytes());
        }
    }

    private final class Handler implements EventHandler<ImapEvent> {
        @Override
        public void onEvent(Connection connection, ImapEvent event) {
            ImapServerSession session = sessions.get(connection);
            if (session == null) {
                return;
            }
            if (event instanceof ImapEvent.Blocking blocking) {
                connection.offload(() -> blocking.work().run()).whenComplete((result, failure) -> {
                    if (!sessions.containsKey(connection)) {
                        return;
                    }
                    if (failure != null) {
                        session.workFailed(failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure);
                    } else {
                        session.workDone(result);
                    }
                });
            } else if (event instanceof ImapEvent.CheckPassword check) {
                authenticator.verifyPassword(check.user(), check.password()).whenComplete((result, failure) -> {
                    if (result instanceof AuthenticationResult.Authenticated a) {
                        connection.execute(() -> session.loginAccepted(a.authenticationId()));
                    } else {
                        SaslFailureReason reason = result instanceof AuthenticationResult.Rejected r
                                ? r.reason() : SaslFailureReason.TEMPORARY_FAILURE;
                        Runnable answer = () -> session.loginRejected(reason);
                        if (isCredentialFailure(reason)) {
                            later(connection, check.user(), answer);
                        } else {
                            connection.execute(answer);
                        }
                    }
                });
            } else if (event instanceof ImapEvent.SaslPending pending) {
                pending.step().whenComplete((step, failure) -> {
                    SaslServerStep result = failure != null || step == null
                            ? new SaslServerStep.Failure(SaslFailureReason.TEMPORARY_FAILURE, Optional.empty())
                            : step;
                    if (result instanceof SaslServerStep.Failure f && isCredentialFailure(f.reason())) {
                        later(connection, null, () -> session.saslStep(result));
                    } else {
                        connection.execute(() -> session.saslStep(result));
                    }
                });
            } else if (event instanceof ImapEvent.LoggedIn loggedIn) {
                penalties.succeeded(connection.remoteAddress().getAddress(), loggedIn.user());
                cancelPreAuthTimer(connection);
            }
        }

        @Override
        public void onClose(Connection connection, Throwable cause) {
            cancelPreAuthTimer(connection);
            ImapServerSession session = sessions.remove(connection);
            if (session != null) {
                // Frees the mailbox listener and whatever a FETCH or APPEND held open.
                session.release();
            }
        }
    }

    private static boolean isCredentialFailure(SaslFailureReason reason) {
        return reason == SaslFailureReason.INVALID_CREDENTIALS || reason == SaslFailureReason.AUTHORIZATION_DENIED;
    }

    /** Answers a failed login after the delay its address and user name have earned (SEC-05). */
    private void later(Connection connection, String user, Runnable answer) {
        long delay = penalties.failed(connection.remoteAddress().getAddress(), user, System.nanoTime());
        if (delay == 0) {
            connection.execute(answer);
        } else {
            schedule(() -> connection.execute(answer), delay, connection);
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayNanos, Connection connection) {
        try {
            return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            connection.close(); // the server is closing
            return null;
        }
    }

    private void cancelPreAuthTimer(Connection connection) {
        ScheduledFuture<?> timeout = preAuthTimers.remove(connection);
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    // ---------------------------------------------------------------- builder

    /** Builds an {@link ImapServer}; every setting has a safe default but the store. */
    public static final class Builder {
        private MailStore store;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private TlsSettings tls;
        private boolean implicitTls;
        private ImapLimits limits = defaultLimits();
        private ImapServerSettings settings = ImapServerSettings.defaults();
        private TransportSettings transport = TransportSettings.defaults();
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
        private MessageSpool spool = MessageSpool.files(Path.of(System.getProperty("java.io.tmpdir")));

        private Builder() {
        }

        /**
         * The codec defaults with LITERAL+ (RFC 7888): non-synchronising literals as large as the
         * post-authentication literal limit; before authentication the 8 KiB cap still holds.
         */
        private static ImapLimits defaultLimits() {
            ImapLimits d = ImapLimits.defaults();
            return d.withMaxNonSyncLiteralSize(d.maxLiteralSize());
        }

        /**
         * Sets the store the server serves.
         *
         * @param value the store
         * @return this builder
         */
        public Builder store(MailStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Sets the address to listen on.
         *
         * @param host an address literal or host name
         * @param port the port, 0 for any free port
         * @return this builder
         */
        public Builder listen(String host, int port) {
            return bind(new InetSocketAddress(host, port));
        }

        /**
         * Sets the address to listen on.
         *
         * @param value the address
         * @return this builder
         */
        public Builder bind(InetSocketAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * Offers STARTTLS with these settings (RFC 9051 §6.2.1); LOGIN waits for it.
         *
         * @param value the TLS settings
         * @return this builder
         */
        public Builder startTls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.implicitTls = false;
            return this;
        }

        /**
         * Speaks TLS from the first octet (port 993, RFC 8314 §3.3).
         *
         * @param value the TLS settings
         * @return this builder
         */
        public Builder implicitTls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.implicitTls = true;
            return this;
        }

        /**
         * Sets the codec limits (line, literals, nesting).
         *
         * @param value the limits; the post-authentication literal limit is the APPENDLIMIT
         * @return this builder
         */
        public Builder limits(ImapLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets the server's policies (timeouts, login delays, error limit).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(ImapServerSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Sets the transport settings; the idle and command timeouts are replaced by the
         * server settings' autologout and command timeout.
         *
         * @param value the transport settings
         * @return this builder
         */
        public Builder transport(TransportSettings value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Sets the connection limits (total and per address).
         *
         * @param value the limits
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits value) {
            this.connectionLimits = Objects.requireNonNull(value, "connectionLimits");
            return this;
        }

        /**
         * Sets where large APPEND literals are spooled; default temporary files in
         * {@code java.io.tmpdir}.
         *
         * @param value the spool
         * @return this builder
         */
        public Builder spool(MessageSpool value) {
            this.spool = Objects.requireNonNull(value, "spool");
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @return the running server
         * @throws IOException if the address cannot be bound
         */
        public ImapServer start() throws IOException {
            return new ImapServer(this);
        }
    }
}
