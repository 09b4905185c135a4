// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;

/**
 * The answer to an {@link Authenticator}'s credential lookup (SCRAM keys, a CRAM-MD5 secret):
 * found, or missing with a reason.
 *
 * @param <T> the kind of credential
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5802#section-3">RFC 5802 §3, what the server stores</a>
 */
public sealed interface CredentialLookup<T> permits CredentialLookup.Found, CredentialLookup.Missing {

    /**
     * The user has the credential.
     *
     * @param credential the credential
     * @param <T>        its kind
     */
    record Found<T>(T credential) implements CredentialLookup<T> {
        /**
         * Checks the credential is present.
         *
         * @param credential see the record description
         */
        public Found {
            Objects.requireNonNull(credential, "credential");
        }
    }

    /**
     * The credential cannot be had.
     *
     * @param reason {@link SaslFailureReason#INVALID_CREDENTIALS} for an unknown user,
     *               {@link SaslFailureReason#UNSUPPORTED} when the store does not keep this kind,
     *               {@link SaslFailureReason#TEMPORARY_FAILURE} when it cannot answer now
     * @param <T>    the kind of credential
     */
    record Missing<T>(SaslFailureReason reason) implements CredentialLookup<T> {
        /**
         * Checks the reason is present.
         *
         * @param reason see the record description
         */
        public Missing {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Returns a found credential.
     *
     * @param credential the credential
     * @param <T>        its kind
     * @return the lookup result
     */
    static <T> CredentialLookup<T> found(T credential) {
        return new Found<>(credential);
    }

    /**
     * Returns a missing credential.
     *
     * @param reason why
     * @param <T>    its kind
     * @return the lookup result
     */
    static <T> CredentialLookup<T> missing(SaslFailureReason reason) {
        return new Missing<>(reason);
    }
}
