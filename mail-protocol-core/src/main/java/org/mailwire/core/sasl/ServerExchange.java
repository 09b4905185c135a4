// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What every server mechanism shares: the one-outcome life cycle, the message length limit, the
 * shielding of the application's calls (an exception or a failed stage is a temporary failure,
 * never a thrown exception), and the authorization-identity rule.
 */
abstract class ServerExchange implements SaslServerExchange {

    final Authenticator authenticator;
    final SaslServerSettings settings;
    private final SaslMechanism mechanism;
    // Volatile: an asynchronous Authenticator completes the step on its own thread.
    private volatile boolean started;
    private volatile boolean initialChallengeSent;
    private volatile boolean pending;
    private volatile boolean complete;

    ServerExchange(Authenticator authenticator, SaslServerSettings settings, SaslMechanism mechanism) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mechanism = mechanism;
    }

    @Override
    public final SaslMechanism mechanism() {
        return mechanism;
    }

    @Override
    public boolean needsInitialChallenge() {
        return false;
    }

    @Override
    public final byte[] initialChallenge() {
        if (started) {
            throw new IllegalStateException(mechanism.mechanismName() + " exchange already started");
        }
        started = true;
        initialChallengeSent = true;
        return firstChallenge();
    }

    /** The first challenge of a server-first mechanism; the empty one of RFC 4422 §5 otherwise. */
    byte[] firstChallenge() {
        return new byte[0];
    }

    final boolean initialChallengeSent() {
        return initialChallengeSent;
    }

    @Override
    public final CompletionStage<SaslServerStep> evaluateResponse(byte[] clientMessage) {
        Objects.requireNonNull(clientMessage, "clientMessage");
        if (complete) {
            throw new IllegalStateException(mechanism.mechanismName() + " exchange is complete");
        }
        if (pending) {
            throw new IllegalStateException(mechanism.mechanismName() + " exchange has a step pending");
        }
        started = true;
        pending = true;
        CompletionStage<SaslServerStep> stage = clientMessage.length > settings.maxMessageLength()
                ? done(SaslServerStep.failure(SaslFailureReason.MALFORMED))
                : step(clientMessage.clone());
        CompletableFuture<SaslServerStep> result = new CompletableFuture<>();
        stage.whenComplete((step, error) -> {
            SaslServerStep out = error != null || step == null
                    ? SaslServerStep.failure(SaslFailureReason.TEMPORARY_FAILURE) : step;
            if (!(out instanceof SaslServerStep.Challenge)) {
                complete = true;
            }
            pending = false;
            result.complete(out);
        });
        return result;
    }

    @Override
    public final boolean isComplete() {
        return complete;
    }

    /** Evaluates one client message, already checked against the length limit. */
    abstract CompletionStage<SaslServerStep> step(byte[] message);

    static CompletionStage<SaslServerStep> done(SaslServerStep step) {
        return CompletableFuture.completedFuture(step);
    }

    static CompletionStage<SaslServerStep> malformed() {
        return done(SaslServerStep.failure(SaslFailureReason.MALFORMED));
    }

    /** Calls the application, turning a thrown exception or null into a failed stage. */
    static <T> CompletionStage<T> ask(Supplier<CompletionStage<T>> call) {
        try {
            CompletionStage<T> stage = call.get();
            return stage != null ? stage : CompletableFuture.failedFuture(new NullPointerException("null stage"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** MALFORMED is the mechanisms' own verdict; from the application it means bad credentials. */
    static SaslFailureReason fromApplication(SaslFailureReason reason) {
        return reason == SaslFailureReason.MALFORMED ? SaslFailureReason.INVALID_CREDENTIALS : reason;
    }

    /**
     * Applies the authorization rule of RFC 4422 §3.4.1: acting as oneself is always allowed,
     * acting as another identity only if the authenticator says so.
     *
     * @param verifiedId  the identity the authenticator verified (possibly canonicalised)
     * @param claimedId   the authentication identity as the client sent it
     * @param requestedId the authorization identity requested, or "" for none
     */
    final SaslServerStep authorize(String verifiedId, String claimedId, String requestedId,
                                   Optional<byte[]> additionalData) {
        if (requestedId.isEmpty() || requestedId.equals(verifiedId) || requestedId.equals(claimedId)) {
            return new SaslServerStep.Success(SaslIdentity.of(verifiedId), additionalData);
        }
        boolean allowed;
        try {
            allowed = authenticator.mayAuthorizeAs(verifiedId, requestedId);
        } catch (RuntimeException e) {
            return SaslServerStep.failure(SaslFailureReason.TEMPORARY_FAILURE);
        }
        return allowed
                ? new SaslServerStep.Success(new SaslIdentity(verifiedId, requestedId), additionalData)
                : SaslServerStep.failure(SaslFailureReason.AUTHORIZATION_DENIED);
    }

    /** Turns a password verdict into the step, applying the authorization rule on success. */
    final SaslServerStep afterPassword(AuthenticationResult result, String claimedId, String requestedId) {
        if (result instanceof AuthenticationResult.Authenticated a) {
            return authorize(a.authenticationId(), claimedId, requestedId, Optional.empty());
        }
        if (result instanceof AuthenticationResult.Rejected r) {
            return SaslServerStep.failure(fromApplication(r.reason()));
        }
        return SaslServerStep.failure(SaslFailureReason.TEMPORARY_FAILURE);
    }

    /** True when a decoded field holds a NUL or other C0 control (RFC 4616 UTF8-SAFE and kin). */
    static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
