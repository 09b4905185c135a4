// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A password or token that never reveals itself: {@code toString()} prints {@code Secret[****]},
 * {@link #equals(Object)} compares in constant time, and {@link #destroy()} wipes the copy held.
 *
 * <p>The secret is kept as a private copy of its characters; every accessor returns a fresh copy
 * that the caller should wipe ({@code Arrays.fill(chars, '\0')}) once used. A secret is immutable
 * until it is destroyed; after {@link #destroy()} its accessors throw
 * {@link IllegalStateException}. Destroying a secret while another thread reads it is a race
 * the caller must avoid.
 *
 * <p>Why characters and not a {@code String}: strings cannot be wiped and end up in heap dumps.
 * The SASL mechanisms that need a normalised form (SASLprep, RFC 4013) create short-lived ones.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-9">RFC 4422 §9, security
 *      considerations</a>
 */
public final class Secret implements Destroyable {

    private final char[] chars;
    private volatile boolean destroyed;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /**
     * Returns a secret holding the characters of a string.
     *
     * @param value the password or token
     * @return the secret
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.toCharArray());
    }

    /**
     * Returns a secret holding a copy of the given characters; the caller may wipe its array
     * afterwards.
     *
     * @param value the password or token
     * @return the secret
     */
    public static Secret of(char[] value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.clone());
    }

    /**
     * Returns a secret decoded from UTF-8 bytes.
     *
     * @param utf8 the password or token in UTF-8
     * @return the secret
     * @throws IllegalArgumentException if the bytes are not well-formed UTF-8
     */
    public static Secret ofUtf8(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer decoded = decoder.decode(ByteBuffer.wrap(utf8));
            char[] out = new char[decoded.remaining()];
            decoded.get(out);
            // The decoder's buffer is ours alone; wipe it so only the secret's copy remains.
            decoded.clear();
            while (decoded.hasRemaining()) {
                decoded.put('\0');
            }
            return new Secret(out);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("secret is not well-formed UTF-8");
        }
    }

    /**
     * Returns a copy of the secret's characters, for a mechanism to use and then wipe.
     *
     * @return a fresh copy
     * @throws IllegalStateException if the secret was destroyed
     */
    public char[] chars() {
        checkAlive();
        return chars.clone();
    }

    /**
     * Returns the secret encoded in UTF-8, as a fresh array the caller should wipe.
     *
     * @return a fresh UTF-8 encoding
     * @throws IllegalStateException if the secret was destroyed
     */
    public byte[] utf8() {
        checkAlive();
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    /**
     * Returns the number of UTF-16 characters in the secret.
     *
     * @return the length
     * @throws IllegalStateException if the secret was destroyed
     */
    public int length() {
        checkAlive();
        return chars.length;
    }

    /**
     * Wipes the characters held; afterwards every accessor throws
     * {@link IllegalStateException}.
     */
    @Override
    public void destroy() {
        Arrays.fill(chars, '\0');
        destroyed = true;
    }

    /**
     * Tells whether {@link #destroy()} was called.
     *
     * @return {@code true} once destroyed
     */
    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * Compares two secrets in time that does not depend on where they differ
     * ({@link MessageDigest#isEqual}), so a timing observer learns nothing about the content.
     *
     * @param other the object to compare with
     * @return {@code true} if {@code other} is a live secret with the same characters
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Secret that) || destroyed || that.destroyed) {
            return false;
        }
        byte[] mine = utf8();
        byte[] theirs = that.utf8();
        try {
            return MessageDigest.isEqual(mine, theirs);
        } finally {
            Arrays.fill(mine, (byte) 0);
            Arrays.fill(theirs, (byte) 0);
        }
    }

    /**
     * Returns a constant: a hash derived from the content would be an oracle for it.
     *
     * @return always the same value
     */
    @Override
    public int hashCode() {
        return 0x5ec12e7;
    }

    /**
     * Returns {@code Secret[****]}, whatever the content.
     *
     * @return a masked description
     */
    @Override
    public String toString() {
        return destroyed ? "Secret[destroyed]" : "Secret[****]";
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
    }
}
