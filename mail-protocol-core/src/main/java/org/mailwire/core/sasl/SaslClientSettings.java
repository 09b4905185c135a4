// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;

/**
 * Settings of client-side SASL exchanges: the SCRAM iteration counts a client accepts and its
 * nonce source.
 *
 * @param minScramIterations the smallest SCRAM iteration count accepted; default 4096, the
 *                           minimum RFC 7677 §4 and RFC 5802 §5.1 ("at least 4096") call for, so
 *                           a man in the middle cannot make an offline guess cheap
 * @param maxScramIterations the largest SCRAM iteration count accepted; default 1,000,000 (about
 *                           a second of HMACs), so a hostile server cannot make the client burn
 *                           unbounded CPU
 * @param nonces             the source of SCRAM client nonces; default {@link NonceSource#secure()}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5802#section-9">RFC 5802 §9, security
 *      considerations</a>
 */
public record SaslClientSettings(int minScramIterations, int maxScramIterations, NonceSource nonces) {

    /**
     * Checks the bounds.
     *
     * @param minScramIterations see the record description
     * @param maxScramIterations see the record description
     * @param nonces see the record description
     */
    public SaslClientSettings {
        Objects.requireNonNull(nonces, "nonces");
        if (minScramIterations < 1 || maxScramIterations < minScramIterations) {
            throw new IllegalArgumentException("need 1 <= minScramIterations <= maxScramIterations");
        }
    }

    /**
     * Returns the defaults: iterations between 4096 and 1,000,000, nonces from
     * {@link java.security.SecureRandom}.
     *
     * @return the default settings
     */
    public static SaslClientSettings defaults() {
        return new SaslClientSettings(4096, 1_000_000, NonceSource.secure());
    }

    /**
     * Returns a copy with another minimum iteration count.
     *
     * @param value the minimum
     * @return the changed settings
     */
    public SaslClientSettings withMinScramIterations(int value) {
        return new SaslClientSettings(value, maxScramIterations, nonces);
    }

    /**
     * Returns a copy with another maximum iteration count.
     *
     * @param value the maximum
     * @return the changed settings
     */
    public SaslClientSettings withMaxScramIterations(int value) {
        return new SaslClientSettings(minScramIterations, value, nonces);
    }

    /**
     * Returns a copy with another nonce source (tests inject fixed nonces to replay RFC examples).
     *
     * @param value the source
     * @return the changed settings
     */
    public SaslClientSettings withNonces(NonceSource value) {
        return new SaslClientSettings(minScramIterations, maxScramIterations, value);
    }
}
