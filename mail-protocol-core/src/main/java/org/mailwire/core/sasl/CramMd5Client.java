// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.Secret;

/**
 * CRAM-MD5 (RFC 2195 §2): answers the server's challenge with the user name, a space, and the
 * lower-case hex HMAC-MD5 of the challenge keyed with the shared secret.
 */
final class CramMd5Client extends ClientExchange {

    private final String username;
    private byte[] secret;
    private boolean answered;

    CramMd5Client(String username, Secret password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username is empty");
        }
        this.username = requireNoControl(username, "username");
        this.secret = password.utf8();
    }

    @Override
    public String mechanismName() {
        return SaslMechanism.CRAM_MD5.mechanismName();
    }

    @Override
    public Optional<byte[]> initialResponse() {
        checkUsable();
        if (answered) {
            throw new IllegalStateException("CRAM-MD5 exchange already started");
        }
        return Optional.empty();
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        checkUsable();
        Objects.requireNonNull(challenge, "challenge");
        if (answered) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "CRAM-MD5 expects one challenge");
        }
        if (challenge.length == 0) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "CRAM-MD5 challenge is empty");
        }
        answered = true;
        String digest = Wire.hex(Wire.hmac("HmacMD5", secret, challenge));
        wipe(secret);
        secret = null;
        return Wire.bytes(username + " " + digest);
    }

    @Override
    public void verifySuccess(Optional<byte[]> additionalData) throws SaslException {
        checkUsable();
        if (!answered) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "success before CRAM-MD5 answered");
        }
        if (additionalData.isPresent() && additionalData.get().length != 0) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "CRAM-MD5 defines no additional data");
        }
    }

    @Override
    public boolean isComplete() {
        return answered;
    }
}
