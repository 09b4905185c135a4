// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;
import java.util.Optional;

/**
 * What a server exchange wants the protocol to do next: send a challenge, report success, or
 * report failure.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-3.6">RFC 4422 §3.6, outcome and
 *      additional data</a>
 */
public sealed interface SaslServerStep permits SaslServerStep.Challenge, SaslServerStep.Success, SaslServerStep.Failure {

    /**
     * Send this challenge ({@code 334}, {@code +}) and pass the client's answer to
     * {@link SaslServerExchange#evaluateResponse}.
     *
     * @param challenge the challenge octets, possibly empty
     */
    record Challenge(byte[] challenge) implements SaslServerStep {
        /**
         * Copies the challenge.
         *
         * @param challenge see the record description
         */
        public Challenge {
            challenge = Objects.requireNonNull(challenge, "challenge").clone();
        }

        /**
         * Returns a copy of the challenge.
         *
         * @return the challenge octets
         */
        @Override
        public byte[] challenge() {
            return challenge.clone();
        }

        /**
         * Compares by content.
         *
         * @param other the object to compare with
         * @return {@code true} for a challenge with the same octets
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Challenge that && java.util.Arrays.equals(challenge, that.challenge);
        }

        /**
         * Hashes the content.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(challenge);
        }

        /**
         * Describes the challenge by length (it may be a SCRAM nonce).
         *
         * @return a description
         */
        @Override
        public String toString() {
            return "Challenge[" + challenge.length + " octets]";
        }
    }

    /**
     * The client is authenticated. If {@code additionalData} is present (SCRAM's
     * {@code v=} server signature) the protocol sends it: as success data where it can (IMAP
     * SASL-IR capable servers may, RFC 4422 §3.6) or else as a final challenge whose empty answer
     * precedes the success reply (SMTP {@code 334}, RFC 4954 §4).
     *
     * @param identity       who was authenticated
     * @param additionalData the server's final message, if the mechanism has one
     */
    record Success(SaslIdentity identity, Optional<byte[]> additionalData) implements SaslServerStep {
        /**
         * Checks the components and copies the data.
         *
         * @param identity see the record description
         * @param additionalData see the record description
         */
        public Success {
            Objects.requireNonNull(identity, "identity");
            additionalData = Objects.requireNonNull(additionalData, "additionalData").map(byte[]::clone);
        }

        /**
         * Returns a copy of the additional data.
         *
         * @return the data, if any
         */
        @Override
        public Optional<byte[]> additionalData() {
            return additionalData.map(byte[]::clone);
        }

        /**
         * Compares by content, the additional data included.
         *
         * @param other the object to compare with
         * @return {@code true} for a success with the same identity and data
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Success that && identity.equals(that.identity)
                    && sameContent(additionalData, that.additionalData);
        }

        /**
         * Hashes the content.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return identity.hashCode() * 31 + additionalData.map(java.util.Arrays::hashCode).orElse(0);
        }

        /**
         * Describes the success with the data's length only.
         *
         * @return a description
         */
        @Override
        public String toString() {
            return "Success[" + identity + additionalData.map(d -> ", " + d.length + " octets of data").orElse("") + "]";
        }
    }

    /**
     * The exchange failed. If {@code errorChallenge} is present (OAUTHBEARER and XOAUTH2 JSON
     * error, RFC 7628 §3.2.2) the protocol sends it as a challenge, reads and discards the one
     * response the client sends (the dummy {@code ^A}, an empty line, or a {@code *} cancel), and
     * only then sends the failure reply for {@code reason}.
     *
     * @param reason         why, which selects the protocol's reply
     * @param errorChallenge the error to send before failing, if the mechanism has one
     */
    record Failure(SaslFailureReason reason, Optional<byte[]> errorChallenge) implements SaslServerStep {
        /**
         * Checks the components and copies the challenge.
         *
         * @param reason see the record description
         * @param errorChallenge see the record description
         */
        public Failure {
            Objects.requireNonNull(reason, "reason");
            errorChallenge = Objects.requireNonNull(errorChallenge, "errorChallenge").map(byte[]::clone);
        }

        /**
         * Returns a copy of the error challenge.
         *
         * @return the challenge, if any
         */
        @Override
        public Optional<byte[]> errorChallenge() {
            return errorChallenge.map(byte[]::clone);
        }

        /**
         * Compares by content, the error challenge included.
         *
         * @param other the object to compare with
         * @return {@code true} for a failure with the same reason and challenge
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Failure that && reason == that.reason
                    && sameContent(errorChallenge, that.errorChallenge);
        }

        /**
         * Hashes the content.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return reason.hashCode() * 31 + errorChallenge.map(java.util.Arrays::hashCode).orElse(0);
        }

        /**
         * Describes the failure with the challenge's length only.
         *
         * @return a description
         */
        @Override
        public String toString() {
            return "Failure[" + reason + errorChallenge.map(d -> ", " + d.length + " octets of error challenge").orElse("")
                    + "]";
        }
    }

    /**
     * Returns a failure without error challenge.
     *
     * @param reason why
     * @return the step
     */
    static SaslServerStep failure(SaslFailureReason reason) {
        return new Failure(reason, Optional.empty());
    }

    /**
     * Returns a challenge.
     *
     * @param challenge the octets to send
     * @return the step
     */
    static SaslServerStep challenge(byte[] challenge) {
        return new Challenge(challenge);
    }

    private static boolean sameContent(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || java.util.Arrays.equals(a.get(), b.get()));
    }
}
