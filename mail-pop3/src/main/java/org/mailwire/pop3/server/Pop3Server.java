// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwire.core.Secret;
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
import org.mailwire.core.sasl.CredentialLookup;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;
import org.mailwire.core.sasl.SaslServerStep;
import org.mailwire.pop3.codec.Pop3Response;
import org.mailwire.pop3.codec.Pop3ResponseCode;
import org.mailwire.pop3.protocol.Pop3Event;
import org.mailwire.pop3.protocol.Pop3Limits;
import org.mailwire.pop3.protocol.Pop3Maildrop;
import org.mailwire.pop3.protocol.Pop3ServerSession;
import org.mailwire.pop3.protocol.Pop3SessionSettings;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MaildropLock;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UidSet;
import org.mailwire.store.UserMailboxes;

/**
 * An embeddable POP3 server over a {@link MailStore}: each connection runs a
 * {@link Pop3ServerSession} on the NIO transport, with STLS (RFC 2595) or implicit TLS (RFC 8314,
 * the port 995 role).
 *
 * <p>Blocking work never runs on an event loop: password checks run on the server's
 * authentication threads, store calls through {@link Connection#offload}. Failed logins are
 * answered after a delay per remote address and per user name, starting at {@link Pop3Limits#loginFailureDelay()}
 * and doubling up to {@link Pop3Limits#maxLoginFailureDelay()} (SECURITY-CASES SEC-05). A
 * message is read from the store one chunk at a time, only when the transport has room for it.
 * The maildrop lock is released when the connection ends, and only QUIT deletes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8314#section-3.3">RFC 8314 §3.3</a>
 */
public final class Pop3Server implements AutoCloseable {

    private static final int CHUNK_SIZE = 16 * 1024;

    private final MailStore store;
    private final Pop3Limits limits;
    private final boolean implicitTls;
    private final boolean tlsAvailable;
    private final boolean allowPlaintextWithoutTls;
    private final String hostName;
    private final Authenticator apopSecrets;
    private final Pop3LoginListener loginListener;
    private final ExecutorService authThreads;
    private final ScheduledExecutorService timer;
    private final Authenticator authenticator;
    private final SaslServer sasl;
    private final SecureRandom random = new SecureRandom();
    private final Map<Connection, Handle> handles = new ConcurrentHashMap<>();
    private final LoginPenalties penalties;
    private final NioServer server;

    private Pop3Server(Builder b) throws IOException {
        this.store = b.store;
        this.limits = b.limits;
        this.implicitTls = b.implicitTls;
        this.tlsAvailable = b.tls != null;
        this.allowPlaintextWithoutTls = b.allowPlaintextWithoutTls;
        this.hostName = b.hostName;
        this.apopSecrets = b.apopSecrets;
        this.loginListener = b.loginListener;
        this.authThreads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemonThreads("pop3-auth"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("pop3-delay"));
        this.authenticator = Authenticator.offloaded(store.authenticator(), authThreads);
        this.penalties = new LoginPenalties(limits.loginFailureDelay(), limits.maxLoginFailureDelay());
        this.sasl = SaslServer.of(authenticator, SaslServerSettings.defaults(hostName)
                .withAllowPlaintextWithoutTls(allowPlaintextWithoutTls));
        // RFC 1939 §3: the autologout timer is the transport's idle timeout.
        TransportSettings transport = b.transport.withIdleTimeout(limits.autologout());
        NioServer.Builder<Pop3Event> nio = NioServer.builder(new Factory(), new Handler())
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
     * Returns a builder of a server over a store.
     *
     * @param store the users, passwords and maildrops (each user's INBOX)
     * @return the builder
     */
    public static Builder builder(MailStore store) {
        return new Builder(store);
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address, with the actual port
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Stops accepting, tells each session {@code -ERR [SYS/TEMP] server shutting down} at its
     * next command boundary, and closes. The store is not closed.
     */
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

    /** What the server keeps per connection; touched only on the connection's event loop. */
    private static final class Handle {
        final Pop3ServerSession session;
        boolean closed;
        MaildropLock lock;
        Mailbox mailbox;
        String user;
        InputStream stream;
        byte[] chunk;

        Handle(Pop3ServerSession session) {
            this.session = session;
        }

        void release() {
            closeStream();
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }

        void closeStream() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // Nothing to do: the stream was only read.
                }
                stream = null;
            }
        }
    }

    private final class Factory implements SessionFactory<Pop3Event> {
        @Override
        public ProtocolSession<Pop3Event> open(Connection connection) {
            Pop3SessionSettings settings = new Pop3SessionSettings(limits, Optional.of(sasl),
                    tlsAvailable && !implicitTls, implicitTls, allowPlaintextWithoutTls,
                    apopSecrets == null ? Optional.empty() : Optional.of(apopTimestamp()));
            Pop3ServerSession session = new Pop3ServerSession(settings);
            handles.put(connection, new Handle(session));
            return session;
        }

        @Override
        public ByteBuffer refusal(Refusal refusal) {
            // SECURITY-CASES LOAD-07: RFC 3206 §4's temporary code, then close.
            String text = refusal == Refusal.SHUTTING_DOWN ? "server shutting down" : "too many connections";
            return ByteBuffer.wrap(Pop3Response.err(Pop3ResponseCode.SYS_TEMP, text).encode());
        }
    }

    private String apopTimestamp() {
        // RFC 1939 §7: a timestamp unique to this greeting; random rather than a clock, so that
        // a client cannot choose or predict it (SECURITY-CASES POP-11, CVE-2007-1558).
        return "<" + Long.toUnsignedString(random.nextLong()) + "." + System.nanoTime() + "@" + hostName + ">";
    }

    private final class Handler implements EventHandler<Pop3Event> {
        @Override
        public void onEvent(Connection connection, Pop3Event event) {
            Handle h = handles.get(connection);
            if (h == null) {
                return;
            }
            if (event instanceof Pop3Event.CheckPassword p) {
                checkPassword(connection, h, p);
            } else if (event instanceof Pop3Event.CheckApop a) {
                checkApop(connection, h, a);
            } else if (event instanceof Pop3Event.SaslPending s) {
                s.step().whenComplete((step, failure) -> {
                    SaslServerStep result = failure != null || step == null
                            ? new SaslServerStep.Failure(SaslFailureReason.TEMPORARY_FAILURE, Optional.empty())
                            : step;
                    if (result instanceof SaslServerStep.Failure f && isCredentialFailure(f.reason())) {
                        // The exchange does not say which user failed: the address's penalty only.
                        later(connection, null, () -> h.session.saslStep(result));
                    } else {
                        connection.execute(() -> h.session.saslStep(result));
                    }
                });
            } else if (event instanceof Pop3Event.OpenMaildrop o) {
                openMaildrop(connection, h, o.user());
            } else if (event instanceof Pop3Event.OpenContent o) {
                connection.offload(() -> {
                    InputStream in = h.mailbox.openContent(o.uid());
                    try {
                        return new Chunk(in, read(in, h));
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(in);
                        throw e;
                    }
                }).whenComplete((c, failure) -> {
                    if (failure != null) {
                        h.session.contentFailed();
                    } else if (h.closed) {
                        closeQuietly(c.stream());
                    } else {
                        h.stream = c.stream();
                        deliver(h, c.length());
                    }
                });
            } else if (event instanceof Pop3Event.ReadContent) {
                InputStream in = h.stream;
                connection.offload(() -> read(in, h)).whenComplete((n, failure) -> {
                    if (failure != null) {
                        h.closeStream();
                        h.session.contentFailed();
                    } else if (!h.closed) {
                        deliver(h, n);
                    }
                });
            } else if (event instanceof Pop3Event.CloseContent) {
                h.closeStream();
            } else if (event instanceof Pop3Event.Commit c) {
                commit(connection, h, c.deleted());
            }
        }

        @Override
        public void onClose(Connection connection, Throwable cause) {
            Handle h = handles.remove(connection);
            if (h != null) {
                h.closed = true;
                // RFC 1939 §6: a connection that ends without QUIT deletes nothing; it only
                // gives the maildrop back.
                h.release();
            }
        }
    }

    private record Chunk(InputStream stream, int length) {
    }

    private int read(InputStream in, Handle h) throws IOException {
        if (h.chunk == null) {
            h.chunk = new byte[CHUNK_SIZE];
        }
        return in.readNBytes(h.chunk, 0, h.chunk.length);
    }

    private static void deliver(Handle h, int length) {
        if (length > 0) {
            h.session.content(ByteBuffer.wrap(h.chunk, 0, length));
        } else {
            h.closeStream();
            h.session.contentEnd();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing to do: the stream was only read.
        }
    }

    private void checkPassword(Connection connection, Handle h, Pop3Event.CheckPassword p) {
        authenticator.verifyPassword(p.user(), p.password()).whenComplete((result, failure) -> {
            if (result instanceof AuthenticationResult.Authenticated a) {
                connection.execute(() -> h.session.loginAccepted(a.authenticationId()));
            } else {
                SaslFailureReason reason = result instanceof AuthenticationResult.Rejected r
                        ? r.reason() : SaslFailureReason.TEMPORARY_FAILURE;
                loginFailed(connection, h, p.user(), reason);
            }
        });
    }

    private void checkApop(Connection connection, Handle h, Pop3Event.CheckApop a) {
        // The application's secret lookup may block: run it on the authentication threads.
        CompletableFuture.supplyAsync(() -> apopSecrets.sharedSecret(a.user()).toCompletableFuture().join(),
                authThreads).whenComplete((lookup, failure) -> {
            boolean ok = false;
            if (lookup instanceof CredentialLookup.Found<Secret> found) {
                ok = MessageDigest.isEqual(apopDigest(a.timestamp(), found.credential())
                        .getBytes(StandardCharsets.US_ASCII), a.digest().getBytes(StandardCharsets.US_ASCII));
            }
            if (ok) {
                connection.execute(() -> h.session.loginAccepted(a.user()));
            } else {
                loginFailed(connection, h, a.user(), SaslFailureReason.INVALID_CREDENTIALS);
            }
        });
    }

    /**
     * Returns the APOP digest of RFC 1939 §7: MD5 of the timestamp followed by the secret, in
     * lower-case hexadecimal.
     *
     * @param timestamp the greeting's timestamp with its angle brackets
     * @param secret    the shared secret
     * @return 32 hexadecimal digits
     */
    public static String apopDigest(String timestamp, Secret secret) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            md5.update(secret.utf8());
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from the JDK", e);
        }
    }

    private static boolean isCredentialFailure(SaslFailureReason reason) {
        return reason == SaslFailureReason.INVALID_CREDENTIALS || reason == SaslFailureReason.AUTHORIZATION_DENIED;
    }

    private void loginFailed(Connection connection, Handle h, String user, SaslFailureReason reason) {
        if (isCredentialFailure(reason)) {
            later(connection, user, () -> h.session.loginRejected(reason));
        } else {
            connection.execute(() -> h.session.loginRejected(reason));
        }
    }

    /**
     * Runs a failed login's answer after a penalty that grows with each failure from the address
     * and, when known, for the user name, whichever is larger (SECURITY-CASES SEC-05). Only
     * failures wait, so a user's own successful logins are never slowed by someone else's guesses.
     */
    private void later(Connection connection, String user, Runnable answer) {
        long delay = penalties.failed(connection.remoteAddress().getAddress(), user, System.nanoTime());
        if (delay == 0) {
            connection.execute(answer);
            return;
        }
        try {
            timer.schedule(() -> connection.execute(answer), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            connection.close(); // the server is closing
        }
    }

    private void openMaildrop(Connection connection, Handle h, String user) {
        connection.offload(() -> {
            Optional<MaildropLock> lock = store.tryLockMaildrop(user);
            if (lock.isEmpty()) {
                return null;
            }
            try {
                Mailbox inbox = store.mailboxes(user).open(UserMailboxes.INBOX);
                long uidValidity = inbox.status().uidValidity();
                List<Pop3Maildrop.Message> messages = new ArrayList<>();
                for (MessageInfo m : inbox.messages()) {
                    messages.add(new Pop3Maildrop.Message(m.uid(), m.size()));
                }
                return new Opened(lock.get(), inbox, new Pop3Maildrop(uidValidity, messages));
            } catch (Exception e) {
                lock.get().close();
                throw e;
            }
        }).whenComplete((opened, failure) -> {
            if (failure != null) {
                h.session.maildropFailed();
            } else if (opened == null) {
                h.session.maildropInUse();
            } else if (h.closed) {
                opened.lock().close();
            } else {
                h.lock = opened.lock();
                h.mailbox = opened.mailbox();
                h.user = user;
                h.session.maildropOpened(opened.maildrop());
                penalties.succeeded(connection.remoteAddress().getAddress(), user);
                if (loginListener != null) {
                    loginListener.onLogin(new Pop3Login(user, connection.remoteAddress(), Instant.now()));
                }
            }
        });
    }

    private record Opened(MaildropLock lock, Mailbox mailbox, Pop3Maildrop maildrop) {
    }

    private void commit(Connection connection, Handle h, List<Long> deleted) {
        Mailbox mailbox = h.mailbox;
        connection.offload(() -> {
            if (!deleted.isEmpty()) {
                // RFC 1939 §6: mark, then expunge exactly the marked UIDs in one store operation,
                // so that a crash leaves each message either present or gone (SECURITY-CASES POP-02).
                UidSet uids = UidSet.of(deleted);
                mailbox.storeFlags(uids, FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
                mailbox.expunge(uids);
            }
            return Boolean.TRUE;
        }).whenComplete((done, failure) -> {
            h.release();
            if (failure != null) {
                h.session.commitFailed();
            } else {
                h.session.committed();
            }
        });
    }

    // ---------------------------------------------------------------- authenticator

    // ---------------------------------------------------------------- builder

    /** Collects a server's settings; {@link #start()} binds it. */
    public static final class Builder {
        private final MailStore store;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private TlsSettings tls;
        private boolean implicitTls;
        private Pop3Limits limits = Pop3Limits.defaults();
        private TransportSettings transport = TransportSettings.defaults();
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();
        private String hostName = "localhost";
        private boolean allowPlaintextWithoutTls;
        private Authenticator apopSecrets;
        private Pop3LoginListener loginListener;

        private Builder(MailStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Sets the address to listen on (default: loopback, a free port).
         *
         * @param value the address
         * @return this builder
         */
        public Builder bind(InetSocketAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * Offers STLS with these settings (RFC 2595 §4, the port 110 role).
         *
         * @param value server TLS settings
         * @return this builder
         */
        public Builder startTls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.implicitTls = false;
            return this;
        }

        /**
         * Speaks TLS from the first byte (RFC 8314 §3.3, the port 995 role).
         *
         * @param value server TLS settings
         * @return this builder
         */
        public Builder implicitTls(TlsSettings value) {
            this.tls = Objects.requireNonNull(value, "tls");
            this.implicitTls = true;
            return this;
        }

        /**
         * Sets the POP3 limits; the autologout becomes the transport's idle timeout.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(Pop3Limits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets the transport's buffers and timeouts (its idle timeout is replaced by the autologout).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder transport(TransportSettings value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Sets the connection limits (LOAD-07: refused with {@code -ERR [SYS/TEMP]}).
         *
         * @param value the limits
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits value) {
            this.connectionLimits = Objects.requireNonNull(value, "connectionLimits");
            return this;
        }

        /**
         * Sets the host name used in SASL and APOP challenges (default {@code localhost}).
         *
         * @param value the host name
         * @return this builder
         */
        public Builder hostName(String value) {
            this.hostName = Objects.requireNonNull(value, "hostName");
            return this;
        }

        /**
         * Allows USER/PASS and plaintext SASL without TLS; off by default (RFC 2595 §6, SEC-03).
         *
         * @param value {@code true} to allow
         * @return this builder
         */
        public Builder allowPlaintextWithoutTls(boolean value) {
            this.allowPlaintextWithoutTls = value;
            return this;
        }

        /**
         * Enables APOP, checked against these shared secrets ({@link Authenticator#sharedSecret});
         * off by default because it needs plaintext secrets on the server (RFC 1939 §7).
         *
         * @param secrets the source of plaintext shared secrets
         * @return this builder
         */
        public Builder apop(Authenticator secrets) {
            this.apopSecrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /**
         * Sets the listener of successful logins (POP-before-SMTP).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder loginListener(Pop3LoginListener value) {
            this.loginListener = Objects.requireNonNull(value, "loginListener");
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server
         * @throws IOException if the address cannot be bound
         */
        public Pop3Server start() throws IOException {
            return new Pop3Server(this);
        }
    }
}
