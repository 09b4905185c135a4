// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;

/**
 * Settings of server-side SASL exchanges.
 *
 * @param hostName                 the server's host name, in CRAM-MD5 challenges
 *                                 ({@code <unique@hostName>}, RFC 2195 §2)
 * @param maxMessageLength         the longest decoded client message accepted, in octets;
 *                                 default 12,288, the AUTH line limit of RFC 4954 §4, so no
 *                                 decoded message can be longer than the line that carried it
 * @param allowPlaintextWithoutTls whether PLAIN, LOGIN and the bearer-token mechanisms may run on
 *                                 a connection without TLS; default {@code false} (RFC 4954 §4,
 *                                 RFC 8314, SECURITY-CASES SEC-03)
 * @param nonces                   the source of SCRAM server nonces and CRAM-MD5 challenge
 *                                 tokens; default {@link NonceSource#secure()}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4954#section-4">RFC 4954 §4, the AUTH command</a>
 */
public record SaslServerSettings(String hostName, int maxMessageLength, boolean allowPlaintextWithoutTls,
                                 NonceSource nonces) {

    /** The RFC 4954 §4 limit on an AUTH line, used as the default message limit. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 12_288;

    /**
     * Checks the host name's syntax and the limit.
     *
     * @param hostName see the record description
     * @param maxMessageLength see the record description
     * @param allowPlaintextWithoutTls see the record description
     * @param nonces see the record description
     */
    public SaslServerSettings {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(nonces, "nonces");
        if (hostName.isEmpty()) {
            throw new IllegalArgumentException("hostName is empty");
        }
        for (int i = 0; i < hostName.length(); i++) {
            char c = hostName.charAt(i);
            // The name ends up inside a msg-id: no space, controls, angle brackets or non-ASCII.
            if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '@') {
                throw new IllegalArgumentException("hostName contains a forbidden character");
            }
        }
        if (maxMessageLength < 1) {
            throw new IllegalArgumentException("maxMessageLength < 1");
        }
    }

    /**
     * Returns the defaults for a host: 12,288-octet messages, no plaintext mechanisms without TLS,
     * nonces from {@link java.security.SecureRandom}.
     *
     * @param hostName the server's host name
     * @return the settings
     */
    public static SaslServerSettings defaults(String hostName) {
        return new SaslServerSettings(hostName, DEFAULT_MAX_MESSAGE_LENGTH, false, NonceSource.secure());
    }

    /**
     * Returns a copy with another message limit.
     *
     * @param value the limit in octets
     * @return the changed settings
     */
    public SaslServerSettings withMaxMessageLength(int value) {
        return new SaslServerSettings(hostName, value, allowPlaintextWithoutTls, nonces);
    }

    /**
     * Returns a copy that allows or forbids plaintext mechanisms without TLS.
     *
     * @param value {@code true} to allow them (test setups, loopback)
     * @return the changed settings
     */
    public SaslServerSettings withAllowPlaintextWithoutTls(boolean value) {
        return new SaslServerSettings(hostName, maxMessageLength, value, nonces);
    }

    /**
     * Returns a copy with another nonce source.
     *
     * @param value the source
     * @return the changed settings
     */
    public SaslServerSettings withNonces(NonceSource value) {
        return new SaslServerSettings(hostName, maxMessageLength, allowPlaintextWithoutTls, value);
    }
}
