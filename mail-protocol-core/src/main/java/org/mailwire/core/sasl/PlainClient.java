// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.Secret;

/** PLAIN (RFC 4616 §2): one message, {@code [authzid] NUL authcid NUL passwd}. */
final class PlainClient extends ClientExchange {

    private byte[] message;
    private boolean sent;

    PlainClient(String authorizationId, String username, Secret password) {
        Objects.requireNonNull(authorizationId, "authorizationId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username is empty");
        }
        if (authorizationId.indexOf('\0') >= 0 || username.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identity contains NUL");
        }
        byte[] secret = password.utf8();
        if (Wire.indexOf(secret, Wire.NUL, 0) >= 0 || secret.length == 0) {
            wipe(secret);
            throw new IllegalArgumentException("password is empty or contains NUL");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Wire.bytes(authorizationId));
        out.write(Wire.NUL);
        out.writeBytes(Wire.bytes(username));
        out.write(Wire.NUL);
        out.writeBytes(secret);
        wipe(secret);
        this.message = out.toByteArray();
    }

    @Override
    public String mechanismName() {
        return SaslMechanism.PLAIN.mechanismName();
    }

    @Override
    public Optional<byte[]> initialResponse() {
        checkUsable();
        if (sent) {
            throw new IllegalStateException("PLAIN exchange already started");
        }
        return Optional.of(send());
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        checkUsable();
        Objects.requireNonNull(challenge, "challenge");
        if (sent) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "PLAIN expects no challenge after its response");
        }
        // RFC 4422 §5: without an initial response the server sends an empty challenge.
        if (challenge.length != 0) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "PLAIN expects an empty challenge");
        }
        return send();
    }

    @Override
    public void verifySuccess(Optional<byte[]> additionalData) throws SaslException {
        checkUsable();
        if (!sent) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "success before PLAIN sent its response");
        }
        if (additionalData.isPresent() && additionalData.get().length != 0) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "PLAIN defines no additional data");
        }
    }

    @Override
    public boolean isComplete() {
        return sent;
    }

    private byte[] send() {
        sent = true;
        byte[] out = message;
        // The password is needed once; keep no copy after handing it out.
        message = null;
        return out;
    }
}
