// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * The hash functions SCRAM is defined with, and the SCRAM primitives over them: Hi (PBKDF2 with
 * HMAC), HMAC and H (RFC 5802 §2.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5802#section-2.2">RFC 5802 §2.2, notation</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7677#section-3">RFC 7677 §3, SCRAM-SHA-256</a>
 */
public enum ScramAlgorithm {
    /** SHA-1, for SCRAM-SHA-1 (RFC 5802). */
    SHA_1("SHA-1", "HmacSHA1", 20, SaslMechanism.SCRAM_SHA_1),
    /** SHA-256, for SCRAM-SHA-256 (RFC 7677). */
    SHA_256("SHA-256", "HmacSHA256", 32, SaslMechanism.SCRAM_SHA_256);

    private static final String CLIENT_KEY = "Client Key";
    private static final String SERVER_KEY = "Server Key";

    private final String digestName;
    private final String macName;
    private final int hashLength;
    private final SaslMechanism mechanism;

    ScramAlgorithm(String digestName, String macName, int hashLength, SaslMechanism mechanism) {
        this.digestName = digestName;
        this.macName = macName;
        this.hashLength = hashLength;
        this.mechanism = mechanism;
    }

    /**
     * Returns the length in octets of the hash, and so of every SCRAM key and proof.
     *
     * @return 20 for SHA-1, 32 for SHA-256
     */
    public int hashLength() {
        return hashLength;
    }

    /**
     * Returns the SASL mechanism built on this hash.
     *
     * @return SCRAM-SHA-1 or SCRAM-SHA-256
     */
    public SaslMechanism mechanism() {
        return mechanism;
    }

    /** HMAC(key, data). */
    byte[] hmac(byte[] key, byte[] data) {
        return Wire.hmac(macName, key, data);
    }

    /** H(data). */
    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digestName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // Java SE requires SHA-1 and SHA-256 in every JDK.
            throw new IllegalStateException(digestName + " unavailable", e);
        }
    }

    /**
     * Hi(str, salt, i): PBKDF2 with this HMAC and one block of output (RFC 5802 §2.2). Written on
     * {@link Mac} rather than {@code SecretKeyFactory} because the password is already SASLprep'd
     * UTF-8 bytes and may be empty, which the PBKDF2 key factories handle badly.
     */
    byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        Mac mac = Wire.hmac(macName, password);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        Arrays.fill(u, (byte) 0);
        return result;
    }

    byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, Wire.bytes(CLIENT_KEY));
    }

    byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, Wire.bytes(SERVER_KEY));
    }
}
