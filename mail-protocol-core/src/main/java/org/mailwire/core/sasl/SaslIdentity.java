// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;

/**
 * Who a successful exchange authenticated: the authentication identity whose credentials were
 * checked and the authorization identity the session acts as.
 *
 * @param authenticationId the identity whose credentials were verified (authcid)
 * @param authorizationId  the identity to act as (authzid); equal to {@code authenticationId}
 *                         when the client asked for none
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-2">RFC 4422 §2, identity concepts</a>
 */
public record SaslIdentity(String authenticationId, String authorizationId) {

    /**
     * Checks both identities are present and non-empty.
     *
     * @param authenticationId see the record description
     * @param authorizationId see the record description
     */
    public SaslIdentity {
        Objects.requireNonNull(authenticationId, "authenticationId");
        Objects.requireNonNull(authorizationId, "authorizationId");
        if (authenticationId.isEmpty() || authorizationId.isEmpty()) {
            throw new IllegalArgumentException("identity is empty");
        }
    }

    /**
     * Returns the identity of a user acting as itself.
     *
     * @param authenticationId the user
     * @return the identity
     */
    public static SaslIdentity of(String authenticationId) {
        return new SaslIdentity(authenticationId, authenticationId);
    }

    /**
     * Tells whether the user acts as someone else (a proxy authorization).
     *
     * @return {@code true} when the two identities differ
     */
    public boolean isProxy() {
        return !authenticationId.equals(authorizationId);
    }
}
