// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslPrep;
import org.mailwire.core.sasl.ScramAlgorithm;
import org.mailwire.core.sasl.ScramCredentials;

/**
 * What the store keeps of a password: a salted PBKDF2-HMAC-SHA256 hash for PLAIN and LOGIN, and
 * SCRAM-SHA-1 and SCRAM-SHA-256 keys (RFC 5802 §3); never the password.
 *
 * @param salt       the PBKDF2 salt, 16 random octets
 * @param iterations the PBKDF2 iteration count
 * @param hash       the 32-octet PBKDF2 output
 * @param scramSha1  the SCRAM-SHA-1 credentials
 * @param scramSha256 the SCRAM-SHA-256 credentials
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8018#section-5.2">RFC 8018 §5.2, PBKDF2</a>
 */
public record UserCredentials(byte[] salt, int iterations, byte[] hash, ScramCredentials scramSha1,
                              ScramCredentials scramSha256) {

    private static final int SALT_LENGTH = 16;
    private static final int HASH_BITS = 256;

    /**
     * Copies the arrays.
     *
     * @param salt        see the record description
     * @param iterations  see the record description
     * @param hash        see the record description
     * @param scramSha1   see the record description
     * @param scramSha256 see the record description
     */
    public UserCredentials {
        salt = salt.clone();
        hash = hash.clone();
        Objects.requireNonNull(scramSha1, "scramSha1");
        Objects.requireNonNull(scramSha256, "scramSha256");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations < 1");
        }
    }

    /**
     * Returns a copy of the salt.
     *
     * @return the salt
     */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /**
     * Returns a copy of the hash.
     *
     * @return the hash
     */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /**
     * Derives the credentials of a password. The password is SASLprep'd as a stored string
     * (RFC 4013, RFC 5802 §2.2) so it compares equal however the client types it.
     *
     * @param password           the password
     * @param passwordIterations the PBKDF2 iteration count
     * @param scramIterations    the SCRAM iteration count
     * @param random             the source of salts
     * @return the credentials
     * @throws IllegalArgumentException if the password is empty or SASLprep rejects it
     */
    public static UserCredentials derive(Secret password, int passwordIterations, int scramIterations,
                                         SecureRandom random) {
        char[] chars = password.chars();
        try {
            String prepared = SaslPrep.stored(java.nio.CharBuffer.wrap(chars));
            if (prepared.isEmpty()) {
                throw new IllegalArgumentException("password is empty");
            }
            byte[] salt = new byte[SALT_LENGTH];
            random.nextBytes(salt);
            byte[] hash = pbkdf2(prepared, salt, passwordIterations);
            byte[] salt1 = new byte[SALT_LENGTH];
            random.nextBytes(salt1);
            byte[] salt256 = new byte[SALT_LENGTH];
            random.nextBytes(salt256);
            return new UserCredentials(salt, passwordIterations, hash,
                    ScramCredentials.derive(ScramAlgorithm.SHA_1, password, salt1, scramIterations),
                    ScramCredentials.derive(ScramAlgorithm.SHA_256, password, salt256, scramIterations));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Checks a password against the hash in time that does not depend on where they differ.
     *
     * @param password the password, SASLprep'd or not
     * @return {@code true} if it matches
     */
    public boolean verify(Secret password) {
        char[] chars = password.chars();
        try {
            String prepared;
            try {
                prepared = SaslPrep.query(java.nio.CharBuffer.wrap(chars));
            } catch (IllegalArgumentException e) {
                // Still spend the hashing time, so a prohibited password is not told apart.
                prepared = "\u0000invalid";
            }
            if (prepared.isEmpty()) {
                prepared = "\u0000invalid";
            }
            byte[] candidate = pbkdf2(prepared, salt, iterations);
            return MessageDigest.isEqual(candidate, hash) && !prepared.startsWith("\u0000");
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Java SE 8+ requires PBKDF2WithHmacSHA256 in every JDK.
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserCredentials that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && MessageDigest.isEqual(hash, that.hash)
                && scramSha1.equals(that.scramSha1) && scramSha256.equals(that.scramSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iterations, Arrays.hashCode(salt));
    }

    @Override
    public String toString() {
        return "UserCredentials[i=" + iterations + ", hash=****]";
    }
}
