// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;

/**
 * LOGIN server (draft-murchison-sasl-login §2): challenges "Username:" then "Password:". A user
 * name sent as initial response ({@code AUTH LOGIN <b64>}, which many clients do) skips the first
 * challenge.
 */
final class LoginServerExchange extends ServerExchange {

    private static final String USERNAME = "Username:";
    private static final String PASSWORD = "Password:";

    private String username;

    LoginServerExchange(Authenticator authenticator, SaslServerSettings settings) {
        super(authenticator, settings, SaslMechanism.LOGIN);
    }

    @Override
    public boolean needsInitialChallenge() {
        return true;
    }

    @Override
    byte[] firstChallenge() {
        return Wire.bytes(USERNAME);
    }

    @Override
    CompletionStage<SaslServerStep> step(byte[] message) {
        if (username == null) {
            String name = Wire.utf8(message);
            if (name == null || name.isEmpty() || hasControl(name)) {
                return malformed();
            }
            try {
                username = SaslPrep.query(name);
            } catch (IllegalArgumentException e) {
                return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
            }
            return done(SaslServerStep.challenge(Wire.bytes(PASSWORD)));
        }
        try {
            String password = Wire.utf8(message);
            if (password == null || password.indexOf('\0') >= 0) {
                return malformed();
            }
            String prepared;
            try {
                prepared = SaslPrep.query(password);
            } catch (IllegalArgumentException e) {
                return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
            }
            if (prepared.isEmpty() || username.isEmpty()) {
                return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
            }
            String user = username;
            Secret secret = Secret.of(prepared);
            return ask(() -> authenticator.verifyPassword(user, secret))
                    .thenApply(result -> afterPassword(result, user, ""));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }
}
