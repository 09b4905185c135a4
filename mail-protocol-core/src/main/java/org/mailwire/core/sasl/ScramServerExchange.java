// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * SCRAM server without channel binding (RFC 5802 §5, RFC 7677): client-first, server-first,
 * client-final with the proof, and the server signature as the success's additional data.
 */
final class ScramServerExchange extends ServerExchange {

    /** The iteration count of the made-up credentials of unknown users (RFC 7677 §4 minimum). */
    private static final int UNKNOWN_USER_ITERATIONS = 4096;

    private final ScramAlgorithm algorithm;
    private final byte[] unknownUserKey;
    private String gs2Header;
    private String authorizationId;
    private String username;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramCredentials credentials;
    private boolean unknownUser;

    ScramServerExchange(Authenticator authenticator, SaslServerSettings settings, ScramAlgorithm algorithm,
                        byte[] unknownUserKey) {
        super(authenticator, settings, algorithm.mechanism());
        this.algorithm = algorithm;
        this.unknownUserKey = unknownUserKey;
    }

    @Override
    CompletionStage<SaslServerStep> step(byte[] message) {
        String text = Wire.utf8(message);
        if (text == null) {
            return malformed();
        }
        return serverFirst == null ? clientFirst(text) : clientFinal(text);
    }

    private CompletionStage<SaslServerStep> clientFirst(String text) {
        List<String> parts = Wire.split(text, ',');
        // gs2-header: "n" or "y" (no channel binding), then an optional "a=" authzid. "p=" asks for
        // channel binding, which this server does not offer (no -PLUS mechanism advertised).
        if (parts.size() < 4 || !(parts.get(0).equals("n") || parts.get(0).equals("y"))) {
            return malformed();
        }
        String authz = "";
        if (!parts.get(1).isEmpty()) {
            if (!Wire.isAttribute(parts.get(1), 'a')) {
                return malformed();
            }
            authz = Wire.decodeSaslName(parts.get(1).substring(2));
            if (authz == null || authz.isEmpty() || hasControl(authz)) {
                return malformed();
            }
        }
        // "m=" (mandatory extension) is not supported (RFC 5802 §5.1): only "n=" is valid here.
        if (!Wire.isAttribute(parts.get(2), 'n') || !Wire.isAttribute(parts.get(3), 'r')) {
            return malformed();
        }
        for (int i = 4; i < parts.size(); i++) {
            if (!Wire.isExtension(parts.get(i))) {
                return malformed();
            }
        }
        String name = Wire.decodeSaslName(parts.get(2).substring(2));
        String clientNonce = parts.get(3).substring(2);
        if (name == null || name.isEmpty() || hasControl(name) || !Wire.isPrintable(clientNonce)) {
            return malformed();
        }
        String prepared;
        try {
            prepared = SaslPrep.query(name);
        } catch (IllegalArgumentException e) {
            return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
        }
        if (prepared.isEmpty()) {
            return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
        }
        gs2Header = parts.get(0) + "," + parts.get(1) + ",";
        clientFirstBare = text.substring(gs2Header.length());
        authorizationId = authz;
        username = prepared;
        nonce = clientNonce + Wire.checkedNonce(settings.nonces());
        return ask(() -> authenticator.scramCredentials(prepared, algorithm)).thenApply(lookup -> {
            if (lookup instanceof CredentialLookup.Found<ScramCredentials> found
                    && found.credential().algorithm() == algorithm) {
                credentials = found.credential();
            } else if (lookup instanceof CredentialLookup.Missing<ScramCredentials> missing
                    && missing.reason() == SaslFailureReason.INVALID_CREDENTIALS) {
                // RFC 5802 §9: carry on with made-up credentials so the client cannot tell an
                // unknown user from a wrong password; the proof then fails.
                credentials = unknownUserCredentials(prepared);
                unknownUser = true;
            } else if (lookup instanceof CredentialLookup.Missing<ScramCredentials> missing) {
                return SaslServerStep.failure(fromApplication(missing.reason()));
            } else {
                // Credentials for another hash: a store misconfiguration, not the client's fault.
                return SaslServerStep.failure(SaslFailureReason.TEMPORARY_FAILURE);
            }
            serverFirst = "r=" + nonce + ",s=" + Wire.base64(credentials.salt()) + ",i=" + credentials.iterations();
            return SaslServerStep.challenge(Wire.bytes(serverFirst));
        });
    }

    private CompletionStage<SaslServerStep> clientFinal(String text) {
        List<String> parts = Wire.split(text, ',');
        int last = parts.size() - 1;
        if (parts.size() < 3 || !Wire.isAttribute(parts.get(0), 'c') || !Wire.isAttribute(parts.get(1), 'r')
                || !Wire.isAttribute(parts.get(last), 'p')) {
            return malformed();
        }
        for (int i = 2; i < last; i++) {
            if (!Wire.isExtension(parts.get(i))) {
                return malformed();
            }
        }
        byte[] channelBinding = Wire.base64(parts.get(0).substring(2));
        // RFC 5802 §5.1 "c": without channel binding it is the gs2 header, byte for byte.
        if (channelBinding == null || !Arrays.equals(channelBinding, Wire.bytes(gs2Header))) {
            return malformed();
        }
        if (!parts.get(1).substring(2).equals(nonce)) {
            return malformed();
        }
        byte[] proof = Wire.base64(parts.get(last).substring(2));
        if (proof == null || proof.length != algorithm.hashLength()) {
            return malformed();
        }
        String clientFinalWithoutProof = text.substring(0, text.length() - parts.get(last).length() - 1);
        byte[] authMessage = Wire.bytes(clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof);
        byte[] storedKey = credentials.storedKey();
        byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean valid = MessageDigest.isEqual(algorithm.hash(clientKey), storedKey) && !unknownUser;
        Arrays.fill(clientKey, (byte) 0);
        if (!valid) {
            return done(SaslServerStep.failure(SaslFailureReason.INVALID_CREDENTIALS));
        }
        byte[] serverSignature = algorithm.hmac(credentials.serverKey(), authMessage);
        return done(authorize(username, username, authorizationId,
                Optional.of(Wire.bytes("v=" + Wire.base64(serverSignature)))));
    }

    private ScramCredentials unknownUserCredentials(String user) {
        byte[] seed = Wire.hmac("HmacSHA256", unknownUserKey, Wire.bytes(algorithm + "\0" + user));
        byte[] salt = Arrays.copyOf(seed, 16);
        byte[] storedKey = algorithm.hmac(seed, Wire.bytes("stored"));
        byte[] serverKey = algorithm.hmac(seed, Wire.bytes("server"));
        return new ScramCredentials(algorithm, salt, UNKNOWN_USER_ITERATIONS, storedKey, serverKey);
    }
}
