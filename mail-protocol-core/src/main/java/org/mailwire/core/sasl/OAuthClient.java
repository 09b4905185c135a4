// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.Secret;

/**
 * OAUTHBEARER (RFC 7628 §3.1) and XOAUTH2 (Google's format): one message carrying the bearer
 * token. A challenge after it is the server's JSON error; the client answers with the dummy
 * response the mechanism defines (a lone ^A for OAUTHBEARER, RFC 7628 §3.2.3; an empty response
 * for XOAUTH2) and the server then fails the exchange.
 */
final class OAuthClient extends ClientExchange {

    private enum State { INITIAL, SENT, ERROR_ANSWERED }

    private final SaslMechanism mechanism;
    private byte[] message;
    private byte[] errorChallenge;
    private State state = State.INITIAL;

    OAuthClient(SaslMechanism mechanism, String user, Secret token, String host, int port) {
        this.mechanism = mechanism;
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(host, "host");
        requireNoControl(user, "user");
        requireNoControl(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        byte[] tokenBytes = token.utf8();
        if (!isB64Token(tokenBytes)) {
            wipe(tokenBytes);
            throw new IllegalArgumentException("token is not an RFC 6750 b64token");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (mechanism == SaslMechanism.XOAUTH2) {
            if (user.isEmpty()) {
                throw new IllegalArgumentException("XOAUTH2 needs a user");
            }
            out.writeBytes(Wire.bytes("user=" + user));
            out.write(Wire.CTRL_A);
        } else {
            // RFC 7628 §3.1: gs2-header with no channel binding, then kvsep-separated pairs.
            out.writeBytes(Wire.bytes(user.isEmpty() ? "n,," : "n,a=" + Wire.encodeSaslName(user) + ","));
            out.write(Wire.CTRL_A);
            if (!host.isEmpty()) {
                out.writeBytes(Wire.bytes("host=" + host));
                out.write(Wire.CTRL_A);
            }
            if (port != 0) {
                out.writeBytes(Wire.bytes("port=" + port));
                out.write(Wire.CTRL_A);
            }
        }
        out.writeBytes(Wire.bytes("auth=Bearer "));
        out.writeBytes(tokenBytes);
        wipe(tokenBytes);
        out.write(Wire.CTRL_A);
        out.write(Wire.CTRL_A);
        this.message = out.toByteArray();
    }

    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static boolean isB64Token(byte[] token) {
        int i = 0;
        while (i < token.length && isB64TokenChar(token[i])) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < token.length && token[i] == '=') {
            i++;
        }
        return i == token.length;
    }

    private static boolean isB64TokenChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~' || b == '+' || b == '/';
    }

    @Override
    public String mechanismName() {
        return mechanism.mechanismName();
    }

    @Override
    public Optional<byte[]> initialResponse() {
        checkUsable();
        if (state != State.INITIAL) {
            throw new IllegalStateException(mechanismName() + " exchange already started");
        }
        return Optional.of(send());
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        checkUsable();
        Objects.requireNonNull(challenge, "challenge");
        switch (state) {
            case INITIAL -> {
                if (challenge.length != 0) {
                    throw fail(SaslException.Reason.MALFORMED_CHALLENGE, mechanismName() + " expects an empty challenge");
                }
                return send();
            }
            case SENT -> {
                // RFC 7628 §3.2.2: a challenge after the token is the error; answer with the dummy
                // response so the server can finish with its failure reply.
                errorChallenge = challenge.clone();
                state = State.ERROR_ANSWERED;
                return mechanism == SaslMechanism.OAUTHBEARER ? new byte[] {Wire.CTRL_A} : new byte[0];
            }
            default -> throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, mechanismName() + " exchange is over");
        }
    }

    @Override
    public void verifySuccess(Optional<byte[]> additionalData) throws SaslException {
        checkUsable();
        if (state != State.SENT) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, state == State.INITIAL
                    ? "success before the token was sent" : "success after an error challenge");
        }
        if (additionalData.isPresent() && additionalData.get().length != 0) {
            throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, mechanismName() + " defines no additional data");
        }
    }

    @Override
    public boolean isComplete() {
        return state != State.INITIAL;
    }

    @Override
    public Optional<byte[]> errorChallenge() {
        return Optional.ofNullable(errorChallenge).map(byte[]::clone);
    }

    private byte[] send() {
        state = State.SENT;
        byte[] out = message;
        message = null;
        return out;
    }
}
