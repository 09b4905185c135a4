// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;
import org.mailwire.core.Secret;

/**
 * What a client authenticates with: a password or an OAuth 2.0 bearer token. It decides which
 * mechanisms {@link SaslClient#strongest} may choose.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-2">RFC 4422 §2, identity concepts</a>
 */
public sealed interface SaslCredentials permits SaslCredentials.Password, SaslCredentials.BearerToken {

    /**
     * A user name and password, for SCRAM, CRAM-MD5, PLAIN and LOGIN.
     *
     * @param authorizationId the identity to act as, or {@code ""} to act as oneself (only PLAIN
     *                        and SCRAM can carry it)
     * @param username        the authentication identity
     * @param password        the password
     */
    record Password(String authorizationId, String username, Secret password) implements SaslCredentials {
        /**
         * Checks the components are present.
         *
         * @param authorizationId see the record description
         * @param username see the record description
         * @param password see the record description
         */
        public Password {
            Objects.requireNonNull(authorizationId, "authorizationId");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * A user and bearer token, for OAUTHBEARER and XOAUTH2.
     *
     * @param user  the user the token was issued for
     * @param token the access token
     * @param host  the server's host name for OAUTHBEARER's {@code host=}, or {@code ""} to omit it
     * @param port  the server's port for OAUTHBEARER's {@code port=}, or 0 to omit it
     */
    record BearerToken(String user, Secret token, String host, int port) implements SaslCredentials {
        /**
         * Checks the components are present and the port is in range.
         *
         * @param user see the record description
         * @param token see the record description
         * @param host see the record description
         * @param port see the record description
         */
        public BearerToken {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range");
            }
        }
    }

    /**
     * Returns password credentials acting as oneself.
     *
     * @param username the user name
     * @param password the password
     * @return the credentials
     */
    static SaslCredentials password(String username, Secret password) {
        return new Password("", username, password);
    }

    /**
     * Returns bearer-token credentials.
     *
     * @param user  the user
     * @param token the access token
     * @param host  the server host name, or {@code ""}
     * @param port  the server port, or 0
     * @return the credentials
     */
    static SaslCredentials bearerToken(String user, Secret token, String host, int port) {
        return new BearerToken(user, token, host, port);
    }
}
