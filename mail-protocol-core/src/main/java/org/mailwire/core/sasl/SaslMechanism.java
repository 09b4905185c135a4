// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Optional;

/**
 * The SASL mechanisms mailwire implements, strongest first, with their registered names.
 *
 * <p>The declaration order is the client's order of preference: password mechanisms from
 * SCRAM-SHA-256 down to LOGIN, then the OAuth ones (used only when the caller holds a token).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-3.1">RFC 4422 §3.1, mechanism
 *      names</a>
 */
public enum SaslMechanism {
    /** SCRAM with SHA-256, RFC 7677. */
    SCRAM_SHA_256("SCRAM-SHA-256", false, false),
    /** SCRAM with SHA-1, RFC 5802. */
    SCRAM_SHA_1("SCRAM-SHA-1", false, false),
    /** CRAM-MD5, RFC 2195: a challenge-response that needs the plaintext secret on the server. */
    CRAM_MD5("CRAM-MD5", false, false),
    /** PLAIN, RFC 4616: the password in clear, so only over TLS. */
    PLAIN("PLAIN", true, false),
    /** LOGIN, draft-murchison-sasl-login: the password in clear, so only over TLS. */
    LOGIN("LOGIN", true, false),
    /** OAUTHBEARER, RFC 7628: a bearer token in clear, so only over TLS. */
    OAUTHBEARER("OAUTHBEARER", true, true),
    /** XOAUTH2, Google's pre-standard bearer token mechanism: only over TLS. */
    XOAUTH2("XOAUTH2", true, true);

    private final String mechanismName;
    private final boolean plaintext;
    private final boolean bearerToken;

    SaslMechanism(String mechanismName, boolean plaintext, boolean bearerToken) {
        this.mechanismName = mechanismName;
        this.plaintext = plaintext;
        this.bearerToken = bearerToken;
    }

    /**
     * Returns the registered name, as sent in {@code AUTH} / {@code AUTHENTICATE}.
     *
     * @return the mechanism name, upper case
     */
    public String mechanismName() {
        return mechanismName;
    }

    /**
     * Tells whether the mechanism sends a reusable credential in clear, so that a server offers
     * it only on a TLS-protected connection (RFC 4954 §4, RFC 7628 §5).
     *
     * @return {@code true} for PLAIN, LOGIN, OAUTHBEARER and XOAUTH2
     */
    public boolean isPlaintext() {
        return plaintext;
    }

    /**
     * Tells whether the mechanism authenticates with an OAuth 2.0 bearer token rather than a
     * password.
     *
     * @return {@code true} for OAUTHBEARER and XOAUTH2
     */
    public boolean usesBearerToken() {
        return bearerToken;
    }

    /**
     * Finds a mechanism by its registered name, ignoring ASCII case (capability lists are
     * sometimes sent in lower case, and RFC 4422 §3.1 names are case-insensitive in practice).
     *
     * @param name a mechanism name as offered by a peer
     * @return the mechanism, or empty if mailwire does not implement it
     */
    public static Optional<SaslMechanism> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SaslMechanism mechanism : values()) {
            if (mechanism.mechanismName.equalsIgnoreCase(name)) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }
}
