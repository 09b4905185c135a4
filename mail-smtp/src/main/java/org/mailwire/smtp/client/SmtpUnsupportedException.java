// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.Objects;
import org.mailwire.smtp.codec.EnhancedStatus;

/**
 * The message or the connection needs something the server did not announce, found before any
 * of the transaction was sent (the connection stays usable). Permanent: the same server will
 * refuse the same message again; a queue bounces it with {@link #status()}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1870#section-6">RFC 1870 §6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6531#section-3.2">RFC 6531 §3.2</a>
 */
public final class SmtpUnsupportedException extends SmtpClientException {

    private static final long serialVersionUID = 1L;

    /** What the server lacks. */
    public enum Reason {
        /** The message is larger than the server's SIZE (RFC 1870 §6); status 5.3.4. */
        MESSAGE_TOO_LARGE(new EnhancedStatus(5, 3, 4)),
        /** An address or the message needs SMTPUTF8 and the server does not offer it (RFC 6531
         *  §3.2); status 5.6.7. */
        SMTPUTF8_NOT_OFFERED(new EnhancedStatus(5, 6, 7)),
        /** The message is 8BITMIME and the server does not offer it (RFC 6152 §3); status 5.6.3. */
        EIGHT_BIT_MIME_NOT_OFFERED(new EnhancedStatus(5, 6, 3)),
        /** The message is BINARYMIME and the server lacks BINARYMIME or CHUNKING (RFC 3030 §3);
         *  status 5.6.3. */
        BINARY_MIME_NOT_OFFERED(new EnhancedStatus(5, 6, 3)),
        /** Credentials were given and the server offers no SASL mechanism that fits them
         *  (RFC 4954 §4); status 5.7.4. */
        NO_AUTH_MECHANISM(new EnhancedStatus(5, 7, 4));

        private final EnhancedStatus status;

        Reason(EnhancedStatus status) {
            this.status = status;
        }

        /**
         * Returns the enhanced status code a bounce should carry (RFC 3463).
         *
         * @return the status
         */
        public EnhancedStatus status() {
            return status;
        }
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  what the server lacks
     * @param message details
     */
    public SmtpUnsupportedException(Reason reason, String message) {
        super(message, null);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns what the server lacks.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the enhanced status code for a bounce.
     *
     * @return the reason's status
     */
    public EnhancedStatus status() {
        return reason.status();
    }

    /**
     * Returns {@code true}: the server will refuse the same message again.
     *
     * @return {@code true}
     */
    @Override
    public boolean isPermanent() {
        return true;
    }
}
