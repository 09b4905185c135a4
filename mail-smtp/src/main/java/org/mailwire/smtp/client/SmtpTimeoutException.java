// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.time.Duration;
import java.util.Objects;

/**
 * A reply did not come within its timeout of {@link SmtpClientTimeouts} (RFC 5321 §4.5.3.2); the
 * connection was closed. Transient.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.2">RFC 5321 §4.5.3.2</a>
 */
public final class SmtpTimeoutException extends SmtpConnectionException {

    private static final long serialVersionUID = 1L;

    private final String awaiting;
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param awaiting what the client waited for, for example {@code "reply to MAIL"}
     * @param timeout  the timeout that passed
     */
    public SmtpTimeoutException(String awaiting, Duration timeout) {
        super("no " + Objects.requireNonNull(awaiting, "awaiting") + " within " + timeout, null);
        this.awaiting = awaiting;
        this.timeout = timeout;
    }

    /**
     * Returns what the client waited for.
     *
     * @return for example {@code "reply to MAIL"}
     */
    public String awaiting() {
        return awaiting;
    }

    /**
     * Returns the timeout that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
