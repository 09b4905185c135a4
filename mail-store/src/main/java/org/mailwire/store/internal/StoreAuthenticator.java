// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.AuthenticationResult;
import org.mailwire.core.sasl.Authenticator;
import org.mailwire.core.sasl.CredentialLookup;
import org.mailwire.core.sasl.SaslFailureReason;
import org.mailwire.core.sasl.SaslMechanism;
import org.mailwire.core.sasl.ScramAlgorithm;
import org.mailwire.core.sasl.ScramCredentials;
import org.mailwire.store.MailStoreSettings;

/**
 * The SASL authenticator over a store's users: PLAIN and LOGIN against the PBKDF2 hash,
 * SCRAM-SHA-1 and SCRAM-SHA-256 from the stored keys. It answers synchronously (the hashing is
 * CPU work the caller runs off its event loop).
 *
 * <p>An unknown user costs the same hashing as a wrong password (SECURITY-CASES SEC-05): the
 * password is checked against made-up credentials of the same iteration count.
 */
final class StoreAuthenticator implements Authenticator {

    private final CoreStore store;
    private final MailStoreSettings settings;
    private final SecureRandom random;
    private volatile UserCredentials decoy;

    StoreAuthenticator(CoreStore store, MailStoreSettings settings, SecureRandom random) {
        this.store = store;
        this.settings = settings;
        this.random = random;
    }

    @Override
    public Set<SaslMechanism> supportedMechanisms() {
        return EnumSet.of(SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_1, SaslMechanism.PLAIN,
                SaslMechanism.LOGIN);
    }

    @Override
    public CompletionStage<AuthenticationResult> verifyPassword(String authenticationId, Secret password) {
        Optional<UserState> user = store.findUser(authenticationId);
        UserCredentials credentials = user.isPresent() ? user.get().credentials : decoy();
        boolean matches = credentials.verify(password);
        AuthenticationResult result = matches && user.isPresent()
                ? AuthenticationResult.authenticated(user.get().name)
                : AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS);
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletionStage<CredentialLookup<ScramCredentials>> scramCredentials(String authenticationId,
                                                                                ScramAlgorithm algorithm) {
        Optional<UserState> user = store.findUser(authenticationId);
        if (user.isEmpty()) {
            // The SCRAM exchange then carries on with made-up salt and keys (RFC 5802 §9).
            return CompletableFuture.completedFuture(CredentialLookup.missing(SaslFailureReason.INVALID_CREDENTIALS));
        }
        UserCredentials credentials = user.get().credentials;
        ScramCredentials scram = algorithm == ScramAlgorithm.SHA_1 ? credentials.scramSha1() : credentials.scramSha256();
        return CompletableFuture.completedFuture(CredentialLookup.found(scram));
    }

    private UserCredentials decoy() {
        UserCredentials value = decoy;
        if (value == null) {
            // Made lazily: deriving costs as much as a login, which a store that never sees an
            // unknown user need not pay. A race makes two decoys, which is harmless.
            value = UserCredentials.derive(Secret.of(Long.toHexString(random.nextLong())),
                    settings.passwordIterations(), 1, random);
            decoy = value;
        }
        return value;
    }
}
