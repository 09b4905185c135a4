// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import java.time.Duration;
import java.util.Objects;
import org.mailwire.pop3.codec.Pop3CommandDecoder;

/**
 * The limits a POP3 server puts on each client, with sourced defaults.
 *
 * @param maxCommandLength      the longest command line in octets with its CRLF; default 255
 *                              (RFC 2449 §4)
 * @param autologout            how long a client may stay silent before the server closes the
 *                              connection; default 10 minutes, the least RFC 1939 §3 allows
 * @param maxErrors             invalid or out-of-state commands before the server closes the
 *                              connection; default 10, Postfix's {@code smtpd_soft_error_limit}
 * @param maxFailedLogins       failed logins in one session before the server closes it; default 3
 * @param loginFailureDelay     the delay of the first failed login from an address, doubled for
 *                              each further failure; default 2 seconds, Dovecot's auth penalty
 *                              (SECURITY-CASES SEC-05)
 * @param maxLoginFailureDelay  the cap of that delay; default 15 seconds, Dovecot's
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-4">RFC 2449 §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 */
public record Pop3Limits(int maxCommandLength, Duration autologout, int maxErrors, int maxFailedLogins,
                         Duration loginFailureDelay, Duration maxLoginFailureDelay) {

    /** The least autologout RFC 1939 §3 allows. */
    public static final Duration MIN_AUTOLOGOUT = Duration.ofMinutes(10);

    /**
     * Checks the values.
     *
     * @param maxCommandLength     see the record description
     * @param autologout           see the record description
     * @param maxErrors            see the record description
     * @param maxFailedLogins      see the record description
     * @param loginFailureDelay    see the record description
     * @param maxLoginFailureDelay see the record description
     */
    public Pop3Limits {
        if (maxCommandLength < 8) {
            throw new IllegalArgumentException("maxCommandLength < 8: " + maxCommandLength);
        }
        Objects.requireNonNull(autologout, "autologout");
        if (autologout.isZero() || autologout.isNegative()) {
            throw new IllegalArgumentException("autologout must be positive");
        }
        if (maxErrors < 1 || maxFailedLogins < 1) {
            throw new IllegalArgumentException("maxErrors and maxFailedLogins must be positive");
        }
        Objects.requireNonNull(loginFailureDelay, "loginFailureDelay");
        Objects.requireNonNull(maxLoginFailureDelay, "maxLoginFailureDelay");
        if (loginFailureDelay.isNegative() || maxLoginFailureDelay.compareTo(loginFailureDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= loginFailureDelay <= maxLoginFailureDelay");
        }
    }

    /**
     * Returns the defaults described on this record.
     *
     * @return the default limits
     */
    public static Pop3Limits defaults() {
        return new Pop3Limits(Pop3CommandDecoder.MAX_COMMAND_LENGTH, MIN_AUTOLOGOUT, 10, 3,
                Duration.ofSeconds(2), Duration.ofSeconds(15));
    }

    /**
     * Returns a copy with another command line limit.
     *
     * @param value octets with CRLF
     * @return the changed copy
     */
    public Pop3Limits withMaxCommandLength(int value) {
        return new Pop3Limits(value, autologout, maxErrors, maxFailedLogins, loginFailureDelay, maxLoginFailureDelay);
    }

    /**
     * Returns a copy with another autologout timer.
     *
     * @param value the timer; below {@link #MIN_AUTOLOGOUT} only for tests
     * @return the changed copy
     */
    public Pop3Limits withAutologout(Duration value) {
        return new Pop3Limits(maxCommandLength, value, maxErrors, maxFailedLogins, loginFailureDelay, maxLoginFailureDelay);
    }

    /**
     * Returns a copy with another error threshold.
     *
     * @param value errors before close
     * @return the changed copy
     */
    public Pop3Limits withMaxErrors(int value) {
        return new Pop3Limits(maxCommandLength, autologout, value, maxFailedLogins, loginFailureDelay, maxLoginFailureDelay);
    }

    /**
     * Returns a copy with another failed-login threshold.
     *
     * @param value failed logins before close
     * @return the changed copy
     */
    public Pop3Limits withMaxFailedLogins(int value) {
        return new Pop3Limits(maxCommandLength, autologout, maxErrors, value, loginFailureDelay, maxLoginFailureDelay);
    }

    /**
     * Returns a copy with other failed-login delays.
     *
     * @param first the first delay
     * @param cap   the largest delay
     * @return the changed copy
     */
    public Pop3Limits withLoginFailureDelay(Duration first, Duration cap) {
        return new Pop3Limits(maxCommandLength, autologout, maxErrors, maxFailedLogins, first, cap);
    }
}
