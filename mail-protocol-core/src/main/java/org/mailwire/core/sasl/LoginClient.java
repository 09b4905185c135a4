// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.Secret;

/**
 * LOGIN (draft-murchison-sasl-login §2): the user name answers the first challenge, the password
 * the second. The challenges' text ("Username:", "Password:", or a localised variant) is not
 * interpreted, as the draft advises, since servers differ.
 */
final class LoginClient extends ClientExchange {

    private final byte[] username;
    private byte[] password;
    private int answered;

    LoginClient(String username, Secret password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username is empty");
        }
        this.username = Wire.bytes(requireNoControl(username, "username"));
        this.password = password.utf8();
    }

    @Override
    public String mechanismName() {
        return SaslMechanism.LOGIN.mechanismName();
    }

    @Override
    public Optional<byte[]> initialResponse() {
        checkUsable();
        if (answered != 0) {
            throw new IllegalStateException("LOGIN exchange already started");
        }
        // Server-first: the draft's servers start with the "Username:" challenge.
        return Optional.empty();
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        checkUsable();
        Objects.requireNonNull(challenge, "challenge");
        switch (answered) {
            case 0 -> {
                answered = 1;
                return username.clone();
            }
            case 1 -> {
                answered = 2;
                byte[] out = password;
                password = null;
                return out;
            }
            default -> throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "LOGIN expects two challenges");
        }
    }

    @Override
    public void verifySuccess(Optional<byte[]> additionalData) throws SaslException {
        checkUsable();
        if (answered != 2) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "success before LOGIN sent the password");
        }
        if (additionalData.isPresent() && additionalData.get().length != 0) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "LOGIN defines no additional data");
        }
    }

    @Override
    public boolean isComplete() {
        return answered == 2;
    }
}
