// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.mailwire.core.net.Connection;
import org.mailwire.core.net.EventHandler;
import org.mailwire.core.net.EventLoopGroup;
import org.mailwire.core.net.NioClient;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.net.TransportSettings;
import org.mailwire.core.sasl.SaslClientSettings;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.protocol.SmtpClientEvent;
import org.mailwire.smtp.protocol.SmtpClientSession;

/**
 * An asynchronous SMTP client: immutable settings from which {@link #connect connections} are
 * opened, each running an {@link SmtpClientSession} on the NIO transport. Everything returns a
 * {@link CompletableFuture}; {@link SmtpBlockingClient} wraps it for blocking callers.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.builder()
 *         .credentials(SaslCredentials.password("alice@example.org", Secret.of("secret")))
 *         .build();                                   // STARTTLS required, host name verified
 * SmtpTransaction mail = SmtpTransaction.builder()
 *         .from("alice@example.org").to("bob@example.net")
 *         .content(MessageContent.of(Path.of("message.eml")))
 *         .build();
 * client.submit("smtp.example.org", 587, mail).join();
 * }</pre>
 *
 * <p>Secure by default (RFC 8314, SECURITY-CASES SEC-09): {@link TlsMode#REQUIRED} with the JDK's
 * trust store and host-name verification, TLS 1.2 or later, and no credential on a connection
 * without TLS unless {@link Builder#allowPlaintextAuth()} was called. {@link Builder#relay()} is
 * the MTA-to-MX preset: opportunistic STARTTLS without certificate checks (RFC 7435), since MX
 * certificates mostly cannot be verified; {@link #withTls} switches one destination to
 * REQUIRED with verification (MTA-STS, RFC 8461; a TLS policy, SEC-08).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6409">RFC 6409</a>
 */
public final class SmtpClient {

    private final String heloName;
    private final TlsMode tlsMode;
    private final TlsSettings tls;
    private final SaslCredentials credentials;
    private final boolean allowPlaintextAuth;
    private final SmtpClientSettings settings;
    private final TransportSettings transport;
    private final EventLoopGroup loops;
    private final SaslClientSettings saslSettings;

    private SmtpClient(Builder b, TlsMode tlsMode, TlsSettings tls) {
        this.heloName = b.heloName;
        this.tlsMode = tlsMode;
        this.tls = tls;
        this.credentials = b.credentials;
        this.allowPlaintextAuth = b.allowPlaintextAuth;
        this.settings = b.settings;
        this.transport = b.transport;
        this.loops = b.loops;
        this.saslSettings = b.saslSettings;
        this.builder = b;
    }

    private final Builder builder;

    /**
     * Returns a builder with the defaults: STARTTLS required, the JDK's trust store, host names
     * verified, no credentials, the EHLO name our address literal.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns client TLS settings that accept any certificate and any host name: what
     * opportunistic TLS between MTAs uses (RFC 7435 §4: encryption against passive attackers
     * when authentication is unavailable). Never for submission or with credentials.
     *
     * @return the settings
     */
    public static TlsSettings unverifiedTls() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
            return TlsSettings.client(context).withoutHostnameVerification();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is unavailable", e);
        }
    }

    /**
     * Returns a copy with another TLS policy, for one destination: for example
     * {@code relayClient.withTls(TlsMode.REQUIRED, TlsSettings.clientDefaults())} toward a domain
     * whose MTA-STS policy is {@code enforce} (RFC 8461 §5).
     *
     * @param mode     the TLS mode
     * @param settings the TLS settings (ignored for {@link TlsMode#NONE})
     * @return the changed copy
     */
    public SmtpClient withTls(TlsMode mode, TlsSettings settings) {
        Objects.requireNonNull(mode, "mode");
        return new SmtpClient(builder, mode, mode == TlsMode.NONE ? null : requireClient(settings));
    }

    /**
     * Returns the TLS mode.
     *
     * @return the mode
     */
    public TlsMode tlsMode() {
        return tlsMode;
    }

    /**
     * Returns the protocol settings.
     *
     * @return the settings
     */
    public SmtpClientSettings settings() {
        return settings;
    }

    String heloName() {
        return heloName;
    }

    SaslCredentials credentials() {
        return credentials;
    }

    boolean allowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    SaslClientSettings saslSettings() {
        return saslSettings;
    }

    /**
     * Connects to a host by name (resolved by the JDK in the calling thread), which is also the
     * name TLS verifies.
     *
     * @param host the server's host name
     * @param port the port: 25 (relay), 587 (submission) or 465 (implicit TLS)
     * @return the connection once ready for transactions
     */
    public CompletableFuture<SmtpConnection> connect(String host, int port) {
        return connect(new InetSocketAddress(host, port), host);
    }

    /**
     * Connects to an address, naming and verifying the server by {@code serverName}: the MX host
     * name a queue resolved the address from. The future completes once the greeting, EHLO,
     * STARTTLS (with EHLO again) and AUTH are done as configured.
     *
     * @param address    the resolved address
     * @param serverName the name the certificate must carry (with verification on), sent as SNI
     * @return the connection; fails with {@link SmtpReplyException} (greeting or EHLO refused, AUTH
     *         failed), {@link SmtpTlsRequiredException}, {@link SmtpUnsupportedException} (no
     *         fitting AUTH mechanism) or {@link SmtpConnectionException}
     */
    public CompletableFuture<SmtpConnection> connect(InetSocketAddress address, String serverName) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(serverName, "serverName");
        CompletableFuture<SmtpConnection> ready = new CompletableFuture<>();
        SmtpConnection[] holder = new SmtpConnection[1];
        EventHandler<SmtpClientEvent> handler = new EventHandler<>() {
            @Override
            public void onEvent(Connection connection, SmtpClientEvent event) {
                holder[0].onEvent(event);
            }

            @Override
            public void onClose(Connection connection, Throwable cause) {
                if (holder[0] != null) {
                    holder[0].onClose(cause);
                }
                ready.completeExceptionally(new SmtpConnectionException(
                        cause == null ? "connection closed" : "connection failed: " + cause.getMessage(), cause));
            }
        };
        NioClient.Builder<SmtpClientEvent> nio = NioClient.builder(connection -> {
            SmtpClientSession session = new SmtpClientSession(settings.limits());
            holder[0] = new SmtpConnection(this, connection, session, serverName);
            holder[0].ready().whenComplete((c, e) -> {
                if (e != null) {
                    ready.completeExceptionally(e);
                } else {
                    ready.complete(holder[0]);
                }
            });
            return session;
        }, handler).settings(effectiveTransport());
        if (loops != null) {
            nio.eventLoops(loops);
        }
        if (tlsMode == TlsMode.IMPLICIT) {
            nio.implicitTls(tls);
        } else if (tlsMode != TlsMode.NONE) {
            nio.startTls(tls);
        }
        nio.connect(address, serverName).whenComplete((c, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                ready.completeExceptionally(new SmtpConnectionException(
                        "cannot connect to " + serverName + " " + address + ": " + cause.getMessage(), cause));
            }
        });
        return ready;
    }

    /**
     * The transport's own timeouts stay out of the way of the protocol's: the session is idle
     * while it waits for a reply, so the idle timeout must outlast the longest reply timeout; the
     * data-block timeout is the write timeout (RFC 5321 §4.5.3.2.5).
     */
    private TransportSettings effectiveTransport() {
        Duration longest = settings.timeouts().longest().plusMinutes(1);
        TransportSettings t = transport;
        if (t.idleTimeout().compareTo(longest) < 0) {
            t = t.withIdleTimeout(longest);
        }
        if (t.commandTimeout().compareTo(longest) < 0) {
            t = t.withCommandTimeout(longest);
        }
        return t.withWriteTimeout(settings.timeouts().dataBlock());
    }

    /**
     * Connects, sends one transaction, and quits: the one-liner for submission.
     *
     * @param host        the server's host name
     * @param port        the port
     * @param transaction the transaction
     * @return the result; fails as {@link #connect} and {@link SmtpConnection#send} do
     */
    public CompletableFuture<SmtpTransactionResult> submit(String host, int port, SmtpTransaction transaction) {
        return submit(new InetSocketAddress(host, port), host, transaction);
    }

    /**
     * Connects to an address, sends one transaction, and quits.
     *
     * @param address     the resolved address
     * @param serverName  the name TLS verifies
     * @param transaction the transaction
     * @return the result; fails as {@link #connect} and {@link SmtpConnection#send} do
     */
    public CompletableFuture<SmtpTransactionResult> submit(InetSocketAddress address, String serverName,
                                                           SmtpTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        return connect(address, serverName).thenCompose(c -> c.send(transaction).handle((result, failure) -> {
            // QUIT whatever happened, without waiting for its reply to report the result.
            if (c.isOpen()) {
                c.quit().whenComplete((r, e) -> c.close());
            } else {
                c.close();
            }
            if (failure != null) {
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            return result;
        }));
    }

    private static TlsSettings requireClient(TlsSettings tls) {
        Objects.requireNonNull(tls, "tls");
        if (!tls.isClient()) {
            throw new IllegalArgumentException("server TLS settings given to a client");
        }
        return tls;
    }

    /** Trusts every certificate: opportunistic TLS only (RFC 7435). */
    private static final class AcceptingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Chooses the name, TLS, credentials and settings of an {@link SmtpClient}. */
    public static final class Builder {
        private String heloName;
        private TlsMode tlsMode = TlsMode.REQUIRED;
        private TlsSettings tls;
        private SaslCredentials credentials;
        private boolean allowPlaintextAuth;
        private SmtpClientSettings settings = SmtpClientSettings.defaults();
        private TransportSettings transport = TransportSettings.defaults();
        private EventLoopGroup loops;
        private SaslClientSettings saslSettings = SaslClientSettings.defaults();

        private Builder() {
        }

        /**
         * Sets the name sent with EHLO and HELO (RFC 5321 §4.1.1.1): our fully qualified host
         * name. Without one, our address literal is sent ({@code [192.0.2.1]}, RFC 5321 §4.1.4).
         *
         * @param value a domain or address literal
         * @return this builder
         * @throws IllegalArgumentException if it is neither
         */
        public Builder heloName(String value) {
            new SmtpCommand.Ehlo(value); // validates, so a bad name fails here, not at connect
            this.heloName = value;
            return this;
        }

        /**
         * Sets the TLS mode (default {@link TlsMode#REQUIRED}).
         *
         * @param value the mode
         * @return this builder
         */
        public Builder tlsMode(TlsMode value) {
            this.tlsMode = Objects.requireNonNull(value, "tlsMode");
            return this;
        }

        /**
         * Sets the TLS settings (default {@link TlsSettings#clientDefaults()}: the JDK's trust
         * store, host names verified).
         *
         * @param value client TLS settings
         * @return this builder
         */
        public Builder tls(TlsSettings value) {
            this.tls = requireClient(value);
            return this;
        }

        /**
         * The MTA preset for delivery to MX hosts on port 25: opportunistic STARTTLS that accepts
         * any certificate ({@link #unverifiedTls()}, RFC 7435), no credentials.
         *
         * @return this builder
         */
        public Builder relay() {
            this.tlsMode = TlsMode.OPPORTUNISTIC;
            this.tls = unverifiedTls();
            this.credentials = null;
            return this;
        }

        /**
         * Sets the credentials for AUTH (RFC 4954): the strongest mechanism the server offers
         * that fits them is used.
         *
         * @param value a password or bearer token
         * @return this builder
         */
        public Builder credentials(SaslCredentials value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /**
         * Lets credentials go over a connection without TLS (off by default, SECURITY-CASES
         * SEC-09): only for tests and trusted networks.
         *
         * @return this builder
         */
        public Builder allowPlaintextAuth() {
            this.allowPlaintextAuth = true;
            return this;
        }

        /**
         * Sets the protocol settings: timeouts, reply limits, chunking.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(SmtpClientSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Sets the transport's buffers and connect timeout; its idle, command and write timeouts
         * are adjusted to the protocol's.
         *
         * @param value the transport settings
         * @return this builder
         */
        public Builder transport(TransportSettings value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Runs connections on a shared group of event loops; without one each connection has a
         * loop of its own. A queue delivering many messages shares one group.
         *
         * @param value the event loops
         * @return this builder
         */
        public Builder eventLoops(EventLoopGroup value) {
            this.loops = Objects.requireNonNull(value, "eventLoops");
            return this;
        }

        /**
         * Sets the SASL client settings (SCRAM iteration bounds and the like).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder sasl(SaslClientSettings value) {
            this.saslSettings = Objects.requireNonNull(value, "sasl");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalStateException if the JDK's default TLS context is unavailable
         */
        public SmtpClient build() {
            TlsSettings t = tls;
            if (t == null && tlsMode != TlsMode.NONE) {
                try {
                    t = TlsSettings.clientDefaults();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK's default TLS context is unavailable", e);
                }
            }
            return new SmtpClient(this.copy(), tlsMode, tlsMode == TlsMode.NONE ? null : t);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.heloName = heloName;
            b.tlsMode = tlsMode;
            b.tls = tls;
            b.credentials = credentials;
            b.allowPlaintextAuth = allowPlaintextAuth;
            b.settings = settings;
            b.transport = transport;
            b.loops = loops;
            b.saslSettings = saslSettings;
            return b;
        }
    }
}
