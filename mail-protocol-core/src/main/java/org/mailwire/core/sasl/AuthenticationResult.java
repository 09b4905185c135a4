// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;

/**
 * An {@link Authenticator}'s verdict on a password or token: authenticated as a (possibly
 * canonicalised) identity, or rejected with a reason.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-3.7">RFC 4422 §3.7, authentication
 *      outcome</a>
 */
public sealed interface AuthenticationResult permits AuthenticationResult.Authenticated, AuthenticationResult.Rejected {

    /**
     * The credentials are valid.
     *
     * @param authenticationId the verified identity, as the authenticator spells it (it may
     *                         canonicalise case or domain)
     */
    record Authenticated(String authenticationId) implements AuthenticationResult {
        /**
         * Checks the identity is present and non-empty.
         *
         * @param authenticationId see the record description
         */
        public Authenticated {
            Objects.requireNonNull(authenticationId, "authenticationId");
            if (authenticationId.isEmpty()) {
                throw new IllegalArgumentException("authenticationId is empty");
            }
        }
    }

    /**
     * The credentials were not accepted.
     *
     * @param reason why; {@link SaslFailureReason#MALFORMED} is reserved to the mechanisms and
     *               is treated as {@link SaslFailureReason#INVALID_CREDENTIALS}
     */
    record Rejected(SaslFailureReason reason) implements AuthenticationResult {
        /**
         * Checks the reason is present.
         *
         * @param reason see the record description
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Returns a success.
     *
     * @param authenticationId the verified identity
     * @return the result
     */
    static AuthenticationResult authenticated(String authenticationId) {
        return new Authenticated(authenticationId);
    }

    /**
     * Returns a rejection.
     *
     * @param reason why
     * @return the result
     */
    static AuthenticationResult rejected(SaslFailureReason reason) {
        return new Rejected(reason);
    }
}
