// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

/**
 * The connection failed: it could not be opened, TLS could not be established, it closed or broke
 * in the middle of an exchange, or the server sent something that is not SMTP (a malformed reply,
 * a reply to no command). Always transient: RFC 5321 §4.5.4.1 has the client try again later,
 * and a message whose end-of-data reply never came may or may not have been delivered.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.4.1">RFC 5321 §4.5.4.1</a>
 */
public sealed class SmtpConnectionException extends SmtpClientException permits SmtpTimeoutException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the underlying failure, or {@code null}
     */
    public SmtpConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns {@code false}: a connection failure is retried later.
     *
     * @return {@code false}
     */
    @Override
    public boolean isPermanent() {
        return false;
    }
}
