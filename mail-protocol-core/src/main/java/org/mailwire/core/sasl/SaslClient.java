// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.Secret;

/**
 * The client side of one SASL authentication exchange: it produces the client's messages and
 * checks the server's, as raw octets (the protocol does base64 and line syntax).
 *
 * <p>One object per attempt, used by one thread. The protocol drives it as follows (RFC 4422 §5):
 * <ol>
 *   <li>If the protocol can send an initial response (SMTP {@code AUTH PLAIN <ir>}, IMAP SASL-IR),
 *       call {@link #initialResponse()} and send it when present. Otherwise send the bare command:
 *       the server answers with an empty challenge, and {@link #evaluateChallenge} returns the same
 *       message the initial response would have been.</li>
 *   <li>For each challenge ({@code 334}, {@code +}) send {@link #evaluateChallenge}'s answer.</li>
 *   <li>When the server reports success ({@code 235}, {@code OK}, {@code +OK}), call
 *       {@link #verifySuccess} with the success's additional data if any; if it throws, the
 *       server is <em>not</em> authenticated (a SCRAM server that did not prove it knows the
 *       password), so close the connection.</li>
 * </ol>
 * A {@link SaslException} from any step ends the exchange: cancel it ({@code *}) and close or
 * retry with a fresh object. Calling a method after such an exception is a misuse and throws
 * {@link IllegalStateException}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-5">RFC 4422 §5, mechanism
 *      requirements</a>
 */
public interface SaslClient {

    /**
     * Returns the registered name of the mechanism.
     *
     * @return the name, for example {@code SCRAM-SHA-256}
     */
    String mechanismName();

    /**
     * Returns the initial response for protocols that can send one, and advances the exchange
     * past it; call it at most once, before any challenge.
     *
     * @return the initial response, or empty for server-first mechanisms (LOGIN, CRAM-MD5)
     * @throws IllegalStateException if the exchange has already started
     */
    Optional<byte[]> initialResponse();

    /**
     * Answers a server challenge.
     *
     * @param challenge the decoded challenge, possibly empty
     * @return the response to send, possibly empty
     * @throws SaslException if the challenge is malformed, unexpected or proves the server wrong
     * @throws IllegalStateException if the exchange already failed
     */
    byte[] evaluateChallenge(byte[] challenge) throws SaslException;

    /**
     * Checks that the mechanism agrees with the server's report of success: a SCRAM client
     * requires the server signature, either in a previous challenge or in {@code additionalData}
     * (RFC 4422 §3.6); other mechanisms require that the client has sent its credentials.
     *
     * @param additionalData the additional data carried with the success, if the protocol has any
     * @throws SaslException if the server is not authenticated or the success came too early
     * @throws IllegalStateException if the exchange already failed
     */
    void verifySuccess(Optional<byte[]> additionalData) throws SaslException;

    /**
     * Tells whether the client has sent all its messages and, where the mechanism allows,
     * verified the server.
     *
     * @return {@code true} once nothing more is expected from the server but its outcome
     */
    boolean isComplete();

    /**
     * Returns the error challenge an OAuth server sent (RFC 7628 §3.2.2 JSON), which explains
     * why the token was refused; empty for other mechanisms or when no error was sent.
     *
     * @return the server's error document, as sent
     */
    default Optional<byte[]> errorChallenge() {
        return Optional.empty();
    }

    /**
     * Returns a PLAIN client acting as the authentication identity (RFC 4616).
     *
     * @param username the authentication identity
     * @param password the password
     * @return the client
     * @throws IllegalArgumentException if the user name is empty or a field holds a NUL
     */
    static SaslClient plain(String username, Secret password) {
        return new PlainClient("", username, password);
    }

    /**
     * Returns a PLAIN client that asks to act as another identity (RFC 4616 §2).
     *
     * @param authorizationId the identity to act as, or {@code ""} for oneself
     * @param username        the authentication identity
     * @param password        the password
     * @return the client
     * @throws IllegalArgumentException if the user name is empty or a field holds a NUL
     */
    static SaslClient plain(String authorizationId, String username, Secret password) {
        return new PlainClient(authorizationId, username, password);
    }

    /**
     * Returns a LOGIN client (draft-murchison-sasl-login): user name and password in answer to
     * the server's two challenges.
     *
     * @param username the user name
     * @param password the password
     * @return the client
     */
    static SaslClient login(String username, Secret password) {
        return new LoginClient(username, password);
    }

    /**
     * Returns a CRAM-MD5 client (RFC 2195).
     *
     * @param username the user name
     * @param password the shared secret
     * @return the client
     */
    static SaslClient cramMd5(String username, Secret password) {
        return new CramMd5Client(username, password);
    }

    /**
     * Returns a SCRAM-SHA-256 client with default settings (RFC 7677).
     *
     * @param username the user name, SASLprep'd before use
     * @param password the password, SASLprep'd before use
     * @return the client
     * @throws IllegalArgumentException if SASLprep rejects the user name or password
     */
    static SaslClient scramSha256(String username, Secret password) {
        return scram(ScramAlgorithm.SHA_256, "", username, password, SaslClientSettings.defaults());
    }

    /**
     * Returns a SCRAM-SHA-1 client with default settings (RFC 5802).
     *
     * @param username the user name, SASLprep'd before use
     * @param password the password, SASLprep'd before use
     * @return the client
     * @throws IllegalArgumentException if SASLprep rejects the user name or password
     */
    static SaslClient scramSha1(String username, Secret password) {
        return scram(ScramAlgorithm.SHA_1, "", username, password, SaslClientSettings.defaults());
    }

    /**
     * Returns a SCRAM client without channel binding (gs2 header {@code n,,} or {@code n,a=..,},
     * RFC 5802 §5.1).
     *
     * @param algorithm       the hash
     * @param authorizationId the identity to act as, or {@code ""} for oneself
     * @param username        the user name, SASLprep'd before use
     * @param password        the password, SASLprep'd before use
     * @param settings        iteration bounds and nonce source
     * @return the client
     * @throws IllegalArgumentException if SASLprep rejects the user name or password
     */
    static SaslClient scram(ScramAlgorithm algorithm, String authorizationId, String username, Secret password,
                            SaslClientSettings settings) {
        return new ScramClient(algorithm, authorizationId, username, password, settings);
    }

    /**
     * Returns an XOAUTH2 client ({@code user=..^Aauth=Bearer ..^A^A}, Google's format).
     *
     * @param user  the user the token was issued for
     * @param token the access token
     * @return the client
     * @throws IllegalArgumentException if the user holds a control character or the token is not
     *                                  an RFC 6750 b64token
     */
    static SaslClient xoauth2(String user, Secret token) {
        return new OAuthClient(SaslMechanism.XOAUTH2, user, token, "", 0);
    }

    /**
     * Returns an OAUTHBEARER client (RFC 7628 §3.1).
     *
     * @param user  the authorization identity sent as {@code a=}, or {@code ""} to omit it
     * @param host  the server host name sent as {@code host=}, or {@code ""} to omit it
     * @param port  the server port sent as {@code port=}, or 0 to omit it
     * @param token the access token
     * @return the client
     * @throws IllegalArgumentException if a field holds a control character or the token is not
     *                                  an RFC 6750 b64token
     */
    static SaslClient oauthBearer(String user, String host, int port, Secret token) {
        return new OAuthClient(SaslMechanism.OAUTHBEARER, user, token, host, port);
    }

    /**
     * Returns a client of the given mechanism for the given credentials, if they fit it.
     *
     * @param mechanism   the mechanism
     * @param credentials a password or bearer token
     * @param settings    the client settings (used by SCRAM)
     * @return the client, or empty when the credentials are of the wrong kind
     */
    static Optional<SaslClient> of(SaslMechanism mechanism, SaslCredentials credentials, SaslClientSettings settings) {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(settings, "settings");
        if (credentials instanceof SaslCredentials.Password p) {
            return switch (mechanism) {
                case SCRAM_SHA_256 -> Optional.of(scram(ScramAlgorithm.SHA_256, p.authorizationId(), p.username(),
                        p.password(), settings));
                case SCRAM_SHA_1 -> Optional.of(scram(ScramAlgorithm.SHA_1, p.authorizationId(), p.username(),
                        p.password(), settings));
                case CRAM_MD5 -> p.authorizationId().isEmpty()
                        ? Optional.of(cramMd5(p.username(), p.password())) : Optional.empty();
                case PLAIN -> Optional.of(plain(p.authorizationId(), p.username(), p.password()));
                case LOGIN -> p.authorizationId().isEmpty()
                        ? Optional.of(login(p.username(), p.password())) : Optional.empty();
                case OAUTHBEARER, XOAUTH2 -> Optional.empty();
            };
        }
        SaslCredentials.BearerToken t = (SaslCredentials.BearerToken) Objects.requireNonNull(credentials, "credentials");
        return switch (mechanism) {
            case OAUTHBEARER -> Optional.of(oauthBearer(t.user(), t.host(), t.port(), t.token()));
            case XOAUTH2 -> Optional.of(xoauth2(t.user(), t.token()));
            default -> Optional.empty();
        };
    }

    /**
     * Picks the strongest mechanism the server offers that fits the credentials, in the order
     * SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN for passwords and OAUTHBEARER, XOAUTH2
     * for tokens ({@link SaslMechanism} declaration order). Names are matched ignoring case;
     * unknown names are skipped. Callers that must not send a password in clear filter
     * {@code offered} first (RFC 4954 §4).
     *
     * @param offered     the mechanism names the server advertised
     * @param credentials a password or bearer token
     * @param settings    the client settings
     * @return a client for the chosen mechanism, or empty if none fits
     */
    static Optional<SaslClient> strongest(Collection<String> offered, SaslCredentials credentials,
                                          SaslClientSettings settings) {
        Objects.requireNonNull(offered, "offered");
        for (SaslMechanism candidate : SaslMechanism.values()) {
            boolean isOffered = offered.stream().anyMatch(name -> candidate.mechanismName().equalsIgnoreCase(name));
            if (isOffered) {
                Optional<SaslClient> client = of(candidate, credentials, settings);
                if (client.isPresent()) {
                    return client;
                }
            }
        }
        return Optional.empty();
    }
}
