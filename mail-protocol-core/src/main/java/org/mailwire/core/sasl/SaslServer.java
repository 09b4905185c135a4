// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server's catalogue of SASL mechanisms: which to advertise on a connection, and a fresh
 * exchange for each authentication attempt.
 *
 * <p>A mechanism is offered when the {@link Authenticator} supports it and, for the plaintext
 * ones (PLAIN, LOGIN, OAUTHBEARER, XOAUTH2), when the connection is TLS-protected or the
 * settings allow plaintext without TLS (RFC 4954 §4, SECURITY-CASES SEC-03). A mechanism that is
 * not offered cannot be started either, so credentials sent on a cleartext connection are never
 * evaluated. Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4954#section-4">RFC 4954 §4, the AUTH command</a>
 */
public final class SaslServer {

    private final Authenticator authenticator;
    private final SaslServerSettings settings;
    private final Set<SaslMechanism> supported;
    private final byte[] unknownUserKey;

    private SaslServer(Authenticator authenticator, SaslServerSettings settings) {
        this.authenticator = authenticator;
        this.settings = settings;
        this.supported = Set.copyOf(Objects.requireNonNull(authenticator.supportedMechanisms(),
                "supportedMechanisms()"));
        // Keys the made-up SCRAM salts of unknown users: stable per server, so repeated probes of
        // one name see the same salt, as they would for a real user (RFC 5802 §9).
        this.unknownUserKey = Wire.bytes(Wire.checkedNonce(settings.nonces()) + Wire.checkedNonce(settings.nonces()));
    }

    /**
     * Returns a server backed by the given authenticator.
     *
     * @param authenticator the application's credential checks
     * @param settings      limits, host name and randomness
     * @return the server
     */
    public static SaslServer of(Authenticator authenticator, SaslServerSettings settings) {
        return new SaslServer(Objects.requireNonNull(authenticator, "authenticator"),
                Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Returns the mechanisms to advertise (EHLO {@code AUTH}, IMAP {@code AUTH=}, POP3 CAPA
     * {@code SASL}), strongest first.
     *
     * @param connectionSecure whether the connection is TLS-protected
     * @return the mechanisms, possibly none
     */
    public List<SaslMechanism> mechanisms(boolean connectionSecure) {
        List<SaslMechanism> offered = new ArrayList<>();
        for (SaslMechanism mechanism : SaslMechanism.values()) {
            if (isOffered(mechanism, connectionSecure)) {
                offered.add(mechanism);
            }
        }
        return List.copyOf(offered);
    }

    /**
     * Starts an exchange for a mechanism the client named.
     *
     * @param mechanismName    the name from the client's command, any case
     * @param connectionSecure whether the connection is TLS-protected
     * @return a fresh exchange, or empty if the mechanism is unknown or not offered on this
     *         connection (SMTP {@code 504 5.5.4}, or {@code 538 5.7.11} when it would be offered
     *         with TLS: see {@link #mechanisms(boolean)})
     */
    public Optional<SaslServerExchange> newExchange(String mechanismName, boolean connectionSecure) {
        return SaslMechanism.byName(mechanismName).flatMap(m -> newExchange(m, connectionSecure));
    }

    /**
     * Starts an exchange for a mechanism.
     *
     * @param mechanism        the mechanism
     * @param connectionSecure whether the connection is TLS-protected
     * @return a fresh exchange, or empty if the mechanism is not offered on this connection
     */
    public Optional<SaslServerExchange> newExchange(SaslMechanism mechanism, boolean connectionSecure) {
        Objects.requireNonNull(mechanism, "mechanism");
        if (!isOffered(mechanism, connectionSecure)) {
            return Optional.empty();
        }
        SaslServerExchange exchange = switch (mechanism) {
            case PLAIN -> new PlainServerExchange(authenticator, settings);
            case LOGIN -> new LoginServerExchange(authenticator, settings);
            case CRAM_MD5 -> new CramMd5ServerExchange(authenticator, settings);
            case SCRAM_SHA_1 -> new ScramServerExchange(authenticator, settings, ScramAlgorithm.SHA_1, unknownUserKey);
            case SCRAM_SHA_256 -> new ScramServerExchange(authenticator, settings, ScramAlgorithm.SHA_256, unknownUserKey);
            case OAUTHBEARER, XOAUTH2 -> new OAuthServerExchange(authenticator, settings, mechanism);
        };
        return Optional.of(exchange);
    }

    private boolean isOffered(SaslMechanism mechanism, boolean connectionSecure) {
        return supported.contains(mechanism)
                && (connectionSecure || settings.allowPlaintextWithoutTls() || !mechanism.isPlaintext());
    }
}
