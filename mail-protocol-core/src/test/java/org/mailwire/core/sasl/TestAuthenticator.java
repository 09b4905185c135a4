// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;

/**
 * An in-memory authenticator for the tests: passwords, derived SCRAM credentials (RFC vector
 * salts, i = 4096), bearer tokens and proxy grants, answering synchronously.
 */
final class TestAuthenticator implements Authenticator {

    private final Set<SaslMechanism> supported;
    private final Map<String, Secret> passwords = new HashMap<>();
    private final Map<String, ScramCredentials> scram = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final Set<String> proxies = new HashSet<>();
    final Map<String, Integer> calls = new HashMap<>();

    TestAuthenticator(Set<SaslMechanism> supported) {
        this.supported = Set.copyOf(supported);
    }

    static TestAuthenticator all() {
        return new TestAuthenticator(EnumSet.allOf(SaslMechanism.class));
    }

    TestAuthenticator user(String name, String password) {
        passwords.put(name, Secret.of(password));
        byte[] salt = ("salt-of-" + name).getBytes(StandardCharsets.UTF_8);
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            scram.put(algorithm + name, ScramCredentials.derive(algorithm, Secret.of(password), salt, 4096));
        }
        return this;
    }

    TestAuthenticator scramUser(String name, ScramCredentials credentials) {
        scram.put(credentials.algorithm() + name, credentials);
        return this;
    }

    TestAuthenticator token(String token, String subject) {
        tokens.put(token, subject);
        return this;
    }

    TestAuthenticator proxy(String authenticationId, String authorizationId) {
        proxies.add(authenticationId + "\0" + authorizationId);
        return this;
    }

    private void count(String method) {
        calls.merge(method, 1, Integer::sum);
    }

    @Override
    public Set<SaslMechanism> supportedMechanisms() {
        return supported;
    }

    @Override
    public CompletionStage<AuthenticationResult> verifyPassword(String authenticationId, Secret password) {
        count("verifyPassword");
        Secret known = passwords.get(authenticationId);
        return CompletableFuture.completedFuture(known != null && known.equals(password)
                ? AuthenticationResult.authenticated(authenticationId)
                : AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS));
    }

    @Override
    public CompletionStage<CredentialLookup<ScramCredentials>> scramCredentials(String authenticationId,
                                                                                ScramAlgorithm algorithm) {
        count("scramCredentials");
        ScramCredentials credentials = scram.get(algorithm + authenticationId);
        return CompletableFuture.completedFuture(credentials != null
                ? CredentialLookup.found(credentials)
                : CredentialLookup.missing(SaslFailureReason.INVALID_CREDENTIALS));
    }

    @Override
    public CompletionStage<CredentialLookup<Secret>> sharedSecret(String authenticationId) {
        count("sharedSecret");
        Secret known = passwords.get(authenticationId);
        return CompletableFuture.completedFuture(known != null
                ? CredentialLookup.found(known)
                : CredentialLookup.missing(SaslFailureReason.INVALID_CREDENTIALS));
    }

    @Override
    public CompletionStage<AuthenticationResult> verifyBearerToken(Optional<String> user, Secret token) {
        count("verifyBearerToken");
        String subject = tokens.get(new String(token.chars()));
        return CompletableFuture.completedFuture(subject != null
                ? AuthenticationResult.authenticated(subject)
                : AuthenticationResult.rejected(SaslFailureReason.INVALID_CREDENTIALS));
    }

    @Override
    public boolean mayAuthorizeAs(String authenticationId, String authorizationId) {
        return proxies.contains(authenticationId + "\0" + authorizationId);
    }
}
