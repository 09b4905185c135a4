// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.IOException;

/**
 * The base of the typed failures of {@link SmtpClient}: each says whether trying again later may
 * succeed ({@link #isTransient()}: defer the message) or not ({@link #isPermanent()}: bounce it),
 * as RFC 5321 §4.2.1 classes replies.
 *
 * <ul>
 *   <li>{@link SmtpReplyException}: the server refused, with its reply (and
 *       {@link SmtpRecipientsRefusedException} when it refused every recipient);</li>
 *   <li>{@link SmtpTlsRequiredException}: TLS was required and could not be had (transient);</li>
 *   <li>{@link SmtpUnsupportedException}: the message needs something the server does not offer
 *       (SIZE exceeded, no SMTPUTF8, no 8BITMIME...), found before any of it was sent
 *       (permanent);</li>
 *   <li>{@link SmtpConnectionException}: the connection failed, the server broke the protocol,
 *       or a timeout passed ({@link SmtpTimeoutException}); always transient.</li>
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1">RFC 5321 §4.2.1</a>
 */
public abstract sealed class SmtpClientException extends IOException
        permits SmtpReplyException, SmtpTlsRequiredException, SmtpUnsupportedException, SmtpConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause   the underlying failure, or {@code null}
     */
    protected SmtpClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Tells whether the failure is permanent: the same message will fail again (bounce it).
     *
     * @return {@code true} if permanent
     */
    public abstract boolean isPermanent();

    /**
     * Tells whether the failure is transient: trying again later may succeed (defer).
     *
     * @return {@code true} if not permanent
     */
    public boolean isTransient() {
        return !isPermanent();
    }
}
