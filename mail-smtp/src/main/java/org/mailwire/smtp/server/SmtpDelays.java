// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an {@link SmtpServer} makes a misbehaving client wait. The session counts errors and
 * failed logins (it has no clock); the server keeps the time, on the connection's event loop, so
 * no thread sleeps.
 *
 * @param errorSleep the wait before each error reply past the soft error limit; default 1 second,
 *     Postfix's {@code smtpd_error_sleep_time} (SECURITY-CASES SMTP-12, SEC-06)
 * @param authenticationFailureDelay the wait before the reply to the first failed AUTH from an
 *     address, doubled for each further one; default 2 seconds, Dovecot's authentication penalty
 *     (SECURITY-CASES SEC-05)
 * @param maxAuthenticationFailureDelay the cap of that wait; default 15 seconds, Dovecot's
 * @see <a href="https://www.postfix.org/postconf.5.html#smtpd_error_sleep_time">Postfix smtpd_error_sleep_time</a>
 */
public record SmtpDelays(Duration errorSleep, Duration authenticationFailureDelay, Duration maxAuthenticationFailureDelay) {

    /**
     * Checks the values.
     *
     * @param errorSleep see the record description
     * @param authenticationFailureDelay see the record description
     * @param maxAuthenticationFailureDelay see the record description
     * @throws IllegalArgumentException if a delay is negative or the cap is below the first delay
     */
    public SmtpDelays {
        Objects.requireNonNull(errorSleep, "errorSleep");
        Objects.requireNonNull(authenticationFailureDelay, "authenticationFailureDelay");
        Objects.requireNonNull(maxAuthenticationFailureDelay, "maxAuthenticationFailureDelay");
        if (errorSleep.isNegative() || authenticationFailureDelay.isNegative()
                || maxAuthenticationFailureDelay.compareTo(authenticationFailureDelay) < 0) {
            throw new IllegalArgumentException("delays must not be negative, and the cap not below the first delay");
        }
    }

    /**
     * Returns the defaults: 1 second of error sleep, failed AUTH delayed from 2 to 15 seconds.
     *
     * @return the defaults
     */
    public static SmtpDelays defaults() {
        return new SmtpDelays(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(15));
    }

    /**
     * Returns no delays at all (for tests, or a server behind a trusted front end).
     *
     * @return zero delays
     */
    public static SmtpDelays none() {
        return new SmtpDelays(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
