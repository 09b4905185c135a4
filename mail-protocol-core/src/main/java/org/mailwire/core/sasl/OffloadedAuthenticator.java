// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.mailwire.core.Secret;

/** See {@link Authenticator#offloaded(Authenticator, Executor)}. */
final class OffloadedAuthenticator implements Authenticator {

    private final Authenticator delegate;
    private final Executor threads;

    OffloadedAuthenticator(Authenticator delegate, Executor threads) {
        this.delegate = delegate;
        this.threads = threads;
    }

    @Override
    public Set<SaslMechanism> supportedMechanisms() {
        return delegate.supportedMechanisms();
    }

    @Override
    public CompletionStage<AuthenticationResult> verifyPassword(String authenticationId, Secret password) {
        return CompletableFuture.supplyAsync(
                () -> delegate.verifyPassword(authenticationId, password).toCompletableFuture().join(), threads);
    }

    @Override
    public CompletionStage<CredentialLookup<ScramCredentials>> scramCredentials(String authenticationId,
                                                                                ScramAlgorithm algorithm) {
        return CompletableFuture.supplyAsync(
                () -> delegate.scramCredentials(authenticationId, algorithm).toCompletableFuture().join(), threads);
    }

    @Override
    public CompletionStage<CredentialLookup<Secret>> sharedSecret(String authenticationId) {
        return CompletableFuture.supplyAsync(
                () -> delegate.sharedSecret(authenticationId).toCompletableFuture().join(), threads);
    }

    @Override
    public CompletionStage<AuthenticationResult> verifyBearerToken(Optional<String> user, Secret token) {
        return CompletableFuture.supplyAsync(
                () -> delegate.verifyBearerToken(user, token).toCompletableFuture().join(), threads);
    }

    @Override
    public boolean mayAuthorizeAs(String authenticationId, String authorizationId) {
        return delegate.mayAuthorizeAs(authenticationId, authorizationId);
    }
}
