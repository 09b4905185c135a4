// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;

/**
 * PLAIN server (RFC 4616 §2): parses {@code [authzid] NUL authcid NUL passwd}, SASLprep's the
 * identity and password as queries, and asks the authenticator.
 */
final class PlainServerExchange extends ServerExchange {

    PlainServerExchange(Authenticator authenticator, SaslServerSettings settings) {
        super(authenticator, settings, SaslMechanism.PLAIN);
    }

    @Override
    CompletionStage<SaslServerStep> step(byte[] message) {
        try {
            int first = Wire.indexOf(message, Wire.NUL, 0);
            int second = first < 0 ? -1 : Wire.indexOf(message, Wire.NUL, first + 1);
            // Exactly two NULs (RFC 4616 §2 grammar; SECURITY-CASES SMTP-15 "no NULs").
            if (second < 0 || Wire.indexOf(message, Wire.NUL, second + 1) >= 0) {
                return malformed();
            }
            String authzid = Wire.utf8(message, 0, first);
            String authcid = Wire.utf8(message, first + 1, second);
            String password = Wire.utf8(message, second + 1, message.length);
            if (authzid == null || authcid == null || password == null || authcid.isEmpty() || password.isEmpty()) {
                return malformed();
            }
            String preparedId;
            String preparedPassword;
            try {
                preparedId = SaslPrep.query(authcid);
                preparedPassword = SaslPrep.query(password);
            } catch (IllegalArgumentException e) {
                // RFC 4616 §2: if preparation fails, verification fails.
                return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
            }
            if (preparedId.isEmpty() || preparedPassword.isEmpty()) {
                return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
            }
            Secret secret = Secret.of(preparedPassword);
            return ask(() -> authenticator.verifyPassword(preparedId, secret))
                    .thenApply(result -> afterPassword(result, preparedId, authzid));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }
}
