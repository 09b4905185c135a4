// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.Objects;

/**
 * A client-side SASL exchange failed because of what the server sent: a malformed or unexpected
 * challenge, a server error, or a server that could not prove it knows the credentials.
 *
 * <p>After this exception the exchange is over; the protocol should cancel the authentication
 * (RFC 4422 §3.5), and when the {@link #reason()} is {@link Reason#SERVER_NOT_AUTHENTICATED} it
 * must treat the server as an impostor even if the server then reports success. The message
 * never contains credentials.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-3.5">RFC 4422 §3.5, aborting
 *      authentication exchanges</a>
 */
public final class SaslException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the exchange failed. */
    public enum Reason {
        /** A challenge does not follow the mechanism's syntax. */
        MALFORMED_CHALLENGE,
        /** A challenge arrived when the mechanism expected none, or success was announced early. */
        UNEXPECTED_CHALLENGE,
        /** The server's nonce does not extend the client's (RFC 5802 §5.1, "r"). */
        NONCE_MISMATCH,
        /** The SCRAM iteration count is below the minimum or above the maximum accepted. */
        ITERATION_COUNT_OUT_OF_RANGE,
        /** The server sent a mechanism-level error (SCRAM's {@code e=}). */
        SERVER_ERROR,
        /** The server's proof (SCRAM's {@code v=}) is missing or wrong: it is not authenticated. */
        SERVER_NOT_AUTHENTICATED
    }

    /** Why the exchange failed; part of the serialized form. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the exchange failed
     * @param message a description without credentials
     */
    public SaslException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the exchange failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
