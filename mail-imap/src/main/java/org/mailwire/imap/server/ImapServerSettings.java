// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The policies of an {@link ImapServer} beyond the codec limits, each default with its source.
 *
 * @param preAuthTimeout           how long a client may stay silent before logging in; default
 *                                 2 minutes (SECURITY-CASES "Default limits": pre-auth at most
 *                                 2 min; RFC 9051 §5.4 lets servers cut unauthenticated clients
 *                                 early)
 * @param autologout               how long a logged-in client may stay silent, IDLE included;
 *                                 default and least 30 minutes (RFC 9051 §5.4, RFC 2177 §3,
 *                                 SECURITY-CASES IMAP-17)
 * @param commandTimeout           how long one command may take to arrive once it has begun
 *                                 (SECURITY-CASES FLT-09); default 5 minutes, so an APPEND of
 *                                 50 MiB needs at least 170 KB/s
 * @param loginFailureDelay        the delay of the first failed login from an address or for a
 *                                 user, doubled for each further failure; default 2 seconds
 *                                 (SECURITY-CASES SEC-05, Dovecot's auth penalty)
 * @param maxLoginFailureDelay     the cap of that delay; default 15 seconds
 * @param maxErrors                bad commands and failed logins after which the server says
 *                                 {@code * BYE}; default 20 (SECURITY-CASES IMAP-10)
 * @param allowPlaintextWithoutTls whether LOGIN and AUTHENTICATE PLAIN work without TLS;
 *                                 default off (RFC 9051 §6.2.3, RFC 8314, IMAP-11)
 * @param hostName                 the name SASL mechanisms use
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-5.4">RFC 9051 §5.4</a>
 */
public record ImapServerSettings(Duration preAuthTimeout, Duration autologout, Duration commandTimeout,
                                 Duration loginFailureDelay, Duration maxLoginFailureDelay, int maxErrors,
                                 boolean allowPlaintextWithoutTls, String hostName) {

    /** The least autologout timer RFC 9051 §5.4 allows for a logged-in client. */
    public static final Duration MIN_AUTOLOGOUT = Duration.ofMinutes(30);

    /**
     * Checks the values.
     *
     * @param preAuthTimeout           see the record description; positive
     * @param autologout               see the record description; at least 30 minutes
     * @param commandTimeout           see the record description; positive
     * @param loginFailureDelay        see the record description; not negative
     * @param maxLoginFailureDelay     see the record description; not below the first delay
     * @param maxErrors                see the record description; at least 1
     * @param allowPlaintextWithoutTls see the record description
     * @param hostName                 see the record description
     */
    public ImapServerSettings {
        Objects.requireNonNull(preAuthTimeout, "preAuthTimeout");
        Objects.requireNonNull(autologout, "autologout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(loginFailureDelay, "loginFailureDelay");
        Objects.requireNonNull(maxLoginFailureDelay, "maxLoginFailureDelay");
        Objects.requireNonNull(hostName, "hostName");
        if (preAuthTimeout.isNegative() || preAuthTimeout.isZero() || commandTimeout.isNegative()
                || commandTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (autologout.compareTo(MIN_AUTOLOGOUT) < 0) {
            throw new IllegalArgumentException("RFC 9051 §5.4: the autologout timer is at least 30 minutes");
        }
        if (loginFailureDelay.isNegative() || maxLoginFailureDelay.compareTo(loginFailureDelay) < 0) {
            throw new IllegalArgumentException("login failure delays must be ordered and not negative");
        }
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be at least 1");
        }
    }

    /**
     * Returns the defaults described above.
     *
     * @return the settings
     */
    public static ImapServerSettings defaults() {
        return new ImapServerSettings(Duration.ofMinutes(2), MIN_AUTOLOGOUT, Duration.ofMinutes(5),
                Duration.ofSeconds(2), Duration.ofSeconds(15), 20, false, "localhost");
    }

    /**
     * Returns a copy with another pre-authentication timeout.
     *
     * @param value the timeout
     * @return the copy
     */
    public ImapServerSettings withPreAuthTimeout(Duration value) {
        return new ImapServerSettings(value, autologout, commandTimeout, loginFailureDelay, maxLoginFailureDelay,
                maxErrors, allowPlaintextWithoutTls, hostName);
    }

    /**
     * Returns a copy with another autologout timer.
     *
     * @param value the timer, at least 30 minutes
     * @return the copy
     */
    public ImapServerSettings withAutologout(Duration value) {
        return new ImapServerSettings(preAuthTimeout, value, commandTimeout, loginFailureDelay, maxLoginFailureDelay,
                maxErrors, allowPlaintextWithoutTls, hostName);
    }

    /**
     * Returns a copy with another per-command deadline.
     *
     * @param value the deadline
     * @return the copy
     */
    public ImapServerSettings withCommandTimeout(Duration value) {
        return new ImapServerSettings(preAuthTimeout, autologout, value, loginFailureDelay, maxLoginFailureDelay,
                maxErrors, allowPlaintextWithoutTls, hostName);
    }

    /**
     * Returns a copy with other failed-login delays.
     *
     * @param first the first delay
     * @param max   the cap
     * @return the copy
     */
    public ImapServerSettings withLoginFailureDelays(Duration first, Duration max) {
        return new ImapServerSettings(preAuthTimeout, autologout, commandTimeout, first, max, maxErrors,
                allowPlaintextWithoutTls, hostName);
    }

    /**
     * Returns a copy with another error limit.
     *
     * @param value bad commands before {@code * BYE}
     * @return the copy
     */
    public ImapServerSettings withMaxErrors(int value) {
        return new ImapServerSettings(preAuthTimeout, autologout, commandTimeout, loginFailureDelay,
                maxLoginFailureDelay, value, allowPlaintextWithoutTls, hostName);
    }

    /**
     * Returns a copy that allows or refuses plaintext login without TLS.
     *
     * @param value whether to allow
     * @return the copy
     */
    public ImapServerSettings withAllowPlaintextWithoutTls(boolean value) {
        return new ImapServerSettings(preAuthTimeout, autologout, commandTimeout, loginFailureDelay,
                maxLoginFailureDelay, maxErrors, value, hostName);
    }

    /**
     * Returns a copy with another host name.
     *
     * @param value the name
     * @return the copy
     */
    public ImapServerSettings withHostName(String value) {
        return new ImapServerSettings(preAuthTimeout, autologout, commandTimeout, loginFailureDelay,
                maxLoginFailureDelay, maxErrors, allowPlaintextWithoutTls, value);
    }
}
