// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The source of the unpredictable tokens a SASL exchange needs: SCRAM nonces (RFC 5802 §5.1) and
 * the unique part of a CRAM-MD5 challenge (RFC 2195 §2).
 *
 * <p>Injected so that tests can reproduce RFC examples byte for byte; production code uses
 * {@link #secure()}. A token must be non-empty printable US-ASCII without a comma
 * ({@code 0x21..0x7E} except {@code ,}); mechanisms check this and throw
 * {@link IllegalStateException} for a source that breaks it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5802#section-7">RFC 5802 §7, nonce grammar</a>
 */
@FunctionalInterface
public interface NonceSource {

    /**
     * Returns the next token.
     *
     * @return a fresh, unpredictable token
     */
    String nextNonce();

    /**
     * Returns a source of 144-bit tokens from a new {@link SecureRandom}.
     *
     * @return the default source
     */
    static NonceSource secure() {
        return secure(new SecureRandom());
    }

    /**
     * Returns a source of 144-bit tokens (24 base64url characters, valid both in SCRAM nonces and
     * in a msg-id local part) drawn from the given generator.
     *
     * @param random the generator
     * @return the source
     */
    static NonceSource secure(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }
}
