// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;

/**
 * The application's side of server authentication: checks passwords and tokens and hands out
 * stored credentials, possibly asynchronously (a directory or database lookup).
 *
 * <p>Every credential method defaults to "unsupported", and {@link #supportedMechanisms()} must
 * name the mechanisms the implementation backs, so a server advertises only those:
 * <ul>
 *   <li>PLAIN and LOGIN need {@link #verifyPassword};</li>
 *   <li>SCRAM-SHA-1 / SCRAM-SHA-256 need {@link #scramCredentials} (a store can keep only
 *       {@link ScramCredentials}, never the password);</li>
 *   <li>CRAM-MD5 needs {@link #sharedSecret}, the plaintext password (RFC 2195 §3), so it is off
 *       by default;</li>
 *   <li>OAUTHBEARER and XOAUTH2 need {@link #verifyBearerToken}.</li>
 * </ul>
 *
 * <p>Identities and passwords reach the authenticator SASLprep'd as RFC 4616 §2 asks (PLAIN,
 * LOGIN, SCRAM user names); stored values should be prepared the same way. A client asking to act
 * as an authorization identity other than its own is refused unless {@link #mayAuthorizeAs}
 * allows it. An exception or a failed stage counts as {@link SaslFailureReason#TEMPORARY_FAILURE}.
 * Implementations should take the same time for an unknown user as for a wrong password
 * (SECURITY-CASES SEC-05) and must be thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-3.4.1">RFC 4422 §3.4.1,
 *      authorization identity</a>
 */
public interface Authenticator {

    /**
     * Names the mechanisms this authenticator backs; {@link SaslServer} advertises these,
     * minus the plaintext ones on an unprotected connection.
     *
     * @return the supported mechanisms
     */
    Set<SaslMechanism> supportedMechanisms();

    /**
     * Checks a password (PLAIN, LOGIN).
     *
     * @param authenticationId the user name, SASLprep'd
     * @param password         the password, SASLprep'd
     * @return the verdict; by default {@link SaslFailureReason#UNSUPPORTED}
     */
    default CompletionStage<AuthenticationResult> verifyPassword(String authenticationId, Secret password) {
        return CompletableFuture.completedFuture(AuthenticationResult.rejected(SaslFailureReason.UNSUPPORTED));
    }

    /**
     * Returns a user's SCRAM credentials for the given hash (SCRAM-SHA-1, SCRAM-SHA-256). For an
     * unknown user answer {@link SaslFailureReason#INVALID_CREDENTIALS}: the exchange then goes on
     * with made-up salt and keys so the client cannot tell the user does not exist (RFC 5802 §9).
     *
     * @param authenticationId the user name, SASLprep'd
     * @param algorithm        the hash of the mechanism in use
     * @return the credentials; by default {@link SaslFailureReason#UNSUPPORTED}
     */
    default CompletionStage<CredentialLookup<ScramCredentials>> scramCredentials(String authenticationId,
                                                                                 ScramAlgorithm algorithm) {
        return CompletableFuture.completedFuture(CredentialLookup.missing(SaslFailureReason.UNSUPPORTED));
    }

    /**
     * Returns the plaintext shared secret for CRAM-MD5 (RFC 2195 §2).
     *
     * @param authenticationId the user name, as sent
     * @return the secret; by default {@link SaslFailureReason#UNSUPPORTED}
     */
    default CompletionStage<CredentialLookup<Secret>> sharedSecret(String authenticationId) {
        return CompletableFuture.completedFuture(CredentialLookup.missing(SaslFailureReason.UNSUPPORTED));
    }

    /**
     * Validates an OAuth 2.0 bearer token (OAUTHBEARER, XOAUTH2) and names its subject.
     *
     * @param user  the user the client claims ({@code a=} or {@code user=}), if any; the exchange
     *              compares it with the returned identity through {@link #mayAuthorizeAs}
     * @param token the access token
     * @return the verdict; by default {@link SaslFailureReason#UNSUPPORTED}
     */
    default CompletionStage<AuthenticationResult> verifyBearerToken(Optional<String> user, Secret token) {
        return CompletableFuture.completedFuture(AuthenticationResult.rejected(SaslFailureReason.UNSUPPORTED));
    }

    /**
     * Tells whether an authenticated user may act as another identity (an administrator reading
     * a shared mailbox). Must not block.
     *
     * @param authenticationId the authenticated user
     * @param authorizationId  the identity requested, different from {@code authenticationId}
     * @return {@code true} to allow; by default {@code false}
     */
    default boolean mayAuthorizeAs(String authenticationId, String authorizationId) {
        return false;
    }

    /**
     * Returns an authenticator that runs each of this one's lookups on the given threads, for a
     * store whose checks block (PBKDF2, a database) behind a server that must not block its event
     * loop. {@link #mayAuthorizeAs} stays synchronous.
     *
     * @param delegate the blocking authenticator
     * @param threads  where its calls run
     * @return the offloading authenticator
     */
    static Authenticator offloaded(Authenticator delegate, java.util.concurrent.Executor threads) {
        return new OffloadedAuthenticator(java.util.Objects.requireNonNull(delegate, "delegate"),
                java.util.Objects.requireNonNull(threads, "threads"));
    }
}
