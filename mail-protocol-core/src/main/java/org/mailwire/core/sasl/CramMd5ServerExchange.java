// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.security.MessageDigest;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;

/**
 * CRAM-MD5 server (RFC 2195 §2): challenges with {@code <unique@host>} and checks the client's
 * {@code user SP hex-digest} against the shared secret the authenticator returns.
 */
final class CramMd5ServerExchange extends ServerExchange {

    private byte[] challenge;

    CramMd5ServerExchange(Authenticator authenticator, SaslServerSettings settings) {
        super(authenticator, settings, SaslMechanism.CRAM_MD5);
    }

    @Override
    public boolean needsInitialChallenge() {
        return true;
    }

    @Override
    byte[] firstChallenge() {
        String unique = Wire.checkedNonce(settings.nonces());
        for (int i = 0; i < unique.length(); i++) {
            // The token becomes a msg-id local part (RFC 5322 §3.6.4): no specials.
            if ("<>@\"()[]:;\\".indexOf(unique.charAt(i)) >= 0) {
                throw new IllegalStateException("nonce source returned a token unfit for a msg-id");
            }
        }
        challenge = Wire.bytes("<" + unique + "@" + settings.hostName() + ">");
        return challenge.clone();
    }

    @Override
    CompletionStage<SaslServerStep> step(byte[] message) {
        if (!initialChallengeSent()) {
            // RFC 4954 §4: an initial response to a server-first mechanism is a syntax error.
            return malformed();
        }
        String response = Wire.utf8(message);
        if (response == null) {
            return malformed();
        }
        int space = response.lastIndexOf(' ');
        if (space <= 0) {
            return malformed();
        }
        String user = response.substring(0, space);
        String digest = response.substring(space + 1);
        if (digest.length() != 32 || !Wire.isLowerHex(digest) || hasControl(user)) {
            return malformed();
        }
        byte[] sent = challenge;
        return ask(() -> authenticator.sharedSecret(user)).thenApply(lookup -> {
            if (lookup instanceof CredentialLookup.Found<Secret> found) {
                byte[] key = found.credential().utf8();
                byte[] expected = Wire.bytes(Wire.hex(Wire.hmac("HmacMD5", key, sent)));
                java.util.Arrays.fill(key, (byte) 0);
                return MessageDigest.isEqual(expected, Wire.bytes(digest))
                        ? new SaslServerStep.Success(SaslIdentity.of(user), java.util.Optional.empty())
                        : SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS);
            }
            if (lookup instanceof CredentialLookup.Missing<Secret> missing) {
                return SaslServerStep.failure(fromApplication(missing.reason()));
            }
            return SaslServerStep.failure(SaslFailureReason.TEMPORARY_FAILURE);
        });
    }
}
