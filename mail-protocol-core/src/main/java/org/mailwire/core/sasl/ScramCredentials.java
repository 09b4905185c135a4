// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Arrays;
import java.util.Objects;
import org.mailwire.core.Secret;

/**
 * What a SCRAM server stores for a user instead of the password: the salt, the iteration count,
 * StoredKey and ServerKey (RFC 5802 §3). They verify a client proof and sign the server's answer,
 * but cannot be replayed as a password.
 *
 * <p>The arrays are copied in and out, so a record is immutable. {@code toString()} shows the
 * salt and iteration count but never the keys: ServerKey lets its holder impersonate the server.
 *
 * @param algorithm  the hash the keys were made with
 * @param salt       the salt, at least one octet
 * @param iterations the PBKDF2 iteration count, at least 1
 * @param storedKey  H(ClientKey), {@code algorithm.hashLength()} octets
 * @param serverKey  HMAC(SaltedPassword, "Server Key"), {@code algorithm.hashLength()} octets
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5802#section-3">RFC 5802 §3, SCRAM algorithm
 *      overview</a>
 */
public record ScramCredentials(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
                               byte[] serverKey) {

    /**
     * Checks the sizes and copies the arrays.
     *
     * @param algorithm see the record description
     * @param salt see the record description
     * @param iterations see the record description
     * @param storedKey see the record description
     * @param serverKey see the record description
     */
    public ScramCredentials {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length == 0) {
            throw new IllegalArgumentException("salt is empty");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations < 1");
        }
        if (storedKey.length != algorithm.hashLength() || serverKey.length != algorithm.hashLength()) {
            throw new IllegalArgumentException("key length does not match " + algorithm);
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Derives the credentials from a password, so a store can keep only them: the password is
     * SASLprep'd as a stored string (RFC 5802 §2.2), then SaltedPassword = Hi(password, salt, i).
     *
     * @param algorithm  the hash
     * @param password   the user's password
     * @param salt       a random salt (16 octets is usual), unique per user
     * @param iterations the iteration count, 4096 or more (RFC 7677 §4 recommends at least 4096)
     * @return the credentials
     * @throws IllegalArgumentException if SASLprep rejects the password
     */
    public static ScramCredentials derive(ScramAlgorithm algorithm, Secret password, byte[] salt, int iterations) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations < 1");
        }
        char[] chars = password.chars();
        byte[] prepared;
        try {
            prepared = Wire.bytes(SaslPrep.stored(java.nio.CharBuffer.wrap(chars)));
        } finally {
            Arrays.fill(chars, '\0');
        }
        byte[] salted = algorithm.saltedPassword(prepared, salt, iterations);
        Arrays.fill(prepared, (byte) 0);
        byte[] clientKey = algorithm.clientKey(salted);
        ScramCredentials credentials = new ScramCredentials(algorithm, salt, iterations,
                algorithm.hash(clientKey), algorithm.serverKey(salted));
        Arrays.fill(salted, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        return credentials;
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
     * Returns a copy of StoredKey.
     *
     * @return H(ClientKey)
     */
    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    /**
     * Returns a copy of ServerKey.
     *
     * @return HMAC(SaltedPassword, "Server Key")
     */
    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /**
     * Compares by content.
     *
     * @param other the object to compare with
     * @return {@code true} if all components are equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ScramCredentials that
                && algorithm == that.algorithm
                && iterations == that.iterations
                && Arrays.equals(salt, that.salt)
                && java.security.MessageDigest.isEqual(storedKey, that.storedKey)
                && java.security.MessageDigest.isEqual(serverKey, that.serverKey);
    }

    /**
     * Hashes the public parts only.
     *
     * @return a hash of algorithm, salt and iteration count
     */
    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations, Arrays.hashCode(salt));
    }

    /**
     * Describes the credentials without their keys.
     *
     * @return algorithm, base64 salt and iteration count
     */
    @Override
    public String toString() {
        return "ScramCredentials[" + algorithm + ", salt=" + Wire.base64(salt) + ", i=" + iterations + ", keys=****]";
    }
}
