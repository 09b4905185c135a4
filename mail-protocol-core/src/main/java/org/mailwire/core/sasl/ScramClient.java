// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.Secret;

/**
 * SCRAM without channel binding (RFC 5802 §5, RFC 7677): client-first, client-final with the
 * proof, then the server signature check that authenticates the server.
 */
final class ScramClient extends ClientExchange {

    private enum State { INITIAL, SENT_FIRST, SENT_FINAL, COMPLETE }

    private final ScramAlgorithm algorithm;
    private final SaslClientSettings settings;
    private final String gs2Header;
    private final String clientFirstBare;
    private final String clientNonce;
    private byte[] password;
    private byte[] expectedServerSignature;
    private State state = State.INITIAL;

    ScramClient(ScramAlgorithm algorithm, String authorizationId, String username, Secret password,
                SaslClientSettings settings) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(authorizationId, "authorizationId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        // RFC 5802 §5.1 "n": the user name is SASLprep'd as a query string; §2.2 Normalize: the
        // password as a stored string.
        String preparedUser = SaslPrep.query(username);
        if (preparedUser.isEmpty()) {
            throw new IllegalArgumentException("username is empty after SASLprep");
        }
        requireNoControl(authorizationId, "authorizationId");
        char[] chars = password.chars();
        try {
            this.password = Wire.bytes(SaslPrep.stored(CharBuffer.wrap(chars)));
        } finally {
            Arrays.fill(chars, '\0');
        }
        this.gs2Header = authorizationId.isEmpty() ? "n,," : "n,a=" + Wire.encodeSaslName(authorizationId) + ",";
        this.clientNonce = Wire.checkedNonce(settings.nonces());
        this.clientFirstBare = "n=" + Wire.encodeSaslName(preparedUser) + ",r=" + clientNonce;
    }

    @Override
    public String mechanismName() {
        return algorithm.mechanism().mechanismName();
    }

    @Override
    public Optional<byte[]> initialResponse() {
        checkUsable();
        if (state != State.INITIAL) {
            throw new IllegalStateException("SCRAM exchange already started");
        }
        return Optional.of(clientFirst());
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        checkUsable();
        Objects.requireNonNull(challenge, "challenge");
        return switch (state) {
            case INITIAL -> {
                if (challenge.length != 0) {
                    throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "SCRAM expects an empty first challenge");
                }
                yield clientFirst();
            }
            case SENT_FIRST -> clientFinal(challenge);
            case SENT_FINAL -> {
                verifyServerFinal(challenge);
                yield new byte[0];
            }
            case COMPLETE -> throw fail(SaslException.Reason.UNEXPECTED_CHALLENGE, "SCRAM exchange is complete");
        };
    }

    @Override
    public void verifySuccess(Optional<byte[]> additionalData) throws SaslException {
        checkUsable();
        Objects.requireNonNull(additionalData, "additionalData");
        if (state == State.SENT_FINAL && additionalData.isPresent()) {
            verifyServerFinal(additionalData.get());
            return;
        }
        if (state == State.COMPLETE && (additionalData.isEmpty() || additionalData.get().length == 0)) {
            return;
        }
        // Success without a verified server signature is what an impostor who never knew the
        // password would send (RFC 5802 §9): the client must not trust it.
        throw fail(SaslException.Reason.SERVER_NOT_AUTHENTICATED, "server reported success without a valid signature");
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    private byte[] clientFirst() {
        state = State.SENT_FIRST;
        return Wire.bytes(gs2Header + clientFirstBare);
    }

    private byte[] clientFinal(byte[] challenge) throws SaslException {
        String serverFirst = Wire.utf8(challenge);
        if (serverFirst == null) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "server-first-message is not UTF-8");
        }
        List<String> parts = Wire.split(serverFirst, ',');
        if (Wire.isAttribute(parts.get(0), 'e')) {
            throw fail(SaslException.Reason.SERVER_ERROR, "server error: " + printable(parts.get(0).substring(2)));
        }
        if (Wire.isAttribute(parts.get(0), 'm')) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "server requires an unsupported mandatory extension");
        }
        if (parts.size() < 3 || !Wire.isAttribute(parts.get(0), 'r') || !Wire.isAttribute(parts.get(1), 's')
                || !Wire.isAttribute(parts.get(2), 'i')) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "server-first-message lacks r, s or i");
        }
        for (int i = 3; i < parts.size(); i++) {
            if (!Wire.isExtension(parts.get(i))) {
                throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "server-first-message has a malformed extension");
            }
        }
        String nonce = parts.get(0).substring(2);
        if (!Wire.isPrintable(nonce)) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "server nonce is malformed");
        }
        // RFC 5802 §5.1 "r": the server's nonce starts with ours and adds its own part.
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw fail(SaslException.Reason.NONCE_MISMATCH, "server nonce does not extend the client nonce");
        }
        byte[] salt = Wire.base64(parts.get(1).substring(2));
        if (salt == null || salt.length == 0) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "salt is not base64");
        }
        int iterations = Wire.positiveNumber(parts.get(2).substring(2));
        if (iterations < 0) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "iteration count is malformed");
        }
        if (iterations < settings.minScramIterations() || iterations > settings.maxScramIterations()) {
            throw fail(SaslException.Reason.ITERATION_COUNT_OUT_OF_RANGE, "iteration count " + iterations
                    + " outside " + settings.minScramIterations() + ".." + settings.maxScramIterations());
        }
        String clientFinalWithoutProof = "c=" + Wire.base64(Wire.bytes(gs2Header)) + ",r=" + nonce;
        byte[] authMessage = Wire.bytes(clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof);

        byte[] saltedPassword = algorithm.saltedPassword(password, salt, iterations);
        wipe(password);
        password = null;
        byte[] clientKey = algorithm.clientKey(saltedPassword);
        byte[] clientSignature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        expectedServerSignature = algorithm.hmac(algorithm.serverKey(saltedPassword), authMessage);
        wipe(saltedPassword);
        wipe(clientKey);
        state = State.SENT_FINAL;
        return Wire.bytes(clientFinalWithoutProof + ",p=" + Wire.base64(proof));
    }

    private void verifyServerFinal(byte[] message) throws SaslException {
        String serverFinal = Wire.utf8(message);
        if (serverFinal == null) {
            throw fail(SaslException.Reason.MALFORMED_CHALLENGE, "server-final-message is not UTF-8");
        }
        String first = Wire.split(serverFinal, ',').get(0);
        if (Wire.isAttribute(first, 'e')) {
            throw fail(SaslException.Reason.SERVER_ERROR, "server error: " + printable(first.substring(2)));
        }
        if (!Wire.isAttribute(first, 'v')) {
            throw fail(SaslException.Reason.SERVER_NOT_AUTHENTICATED, "server-final-message lacks the verifier");
        }
        byte[] signature = Wire.base64(first.substring(2));
        if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw fail(SaslException.Reason.SERVER_NOT_AUTHENTICATED, "server signature is wrong");
        }
        state = State.COMPLETE;
    }

    /** Keeps a server-supplied error short and free of control characters before it is shown. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return out.toString();
    }
}
