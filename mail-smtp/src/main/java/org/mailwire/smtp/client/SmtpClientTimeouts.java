// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an {@link SmtpClient} waits for each reply: the per-command timeouts of RFC 5321
 * §4.5.3.2. A timeout fails the operation with {@link SmtpTimeoutException} (transient) and
 * closes the connection.
 *
 * @param greeting        the initial 220 (default 5 minutes, RFC 5321 §4.5.3.2.1)
 * @param mail            the reply to MAIL (default 5 minutes, §4.5.3.2.2)
 * @param rcpt            the reply to each RCPT (default 5 minutes, §4.5.3.2.3)
 * @param dataInitiation  the 354 to DATA (default 2 minutes, §4.5.3.2.4)
 * @param dataBlock       each block of content written before the server reads it (default
 *                        3 minutes, §4.5.3.2.5); also the wait for each BDAT reply
 * @param dataTermination the reply to the end of data or to BDAT LAST (default 10 minutes,
 *                        §4.5.3.2.6: the server may be delivering; an early give-up makes
 *                        duplicates, SECURITY-CASES SMTPC-05)
 * @param command         the reply to any other command: EHLO, STARTTLS, AUTH, RSET, NOOP, QUIT
 *                        (default 5 minutes, as MAIL; RFC 5321 §4.5.3.2 names no other value)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.2">RFC 5321 §4.5.3.2</a>
 */
public record SmtpClientTimeouts(
        Duration greeting,
        Duration mail,
        Duration rcpt,
        Duration dataInitiation,
        Duration dataBlock,
        Duration dataTermination,
        Duration command) {

    /**
     * Checks every timeout is positive.
     *
     * @param greeting        see the record description
     * @param mail            see the record description
     * @param rcpt            see the record description
     * @param dataInitiation  see the record description
     * @param dataBlock       see the record description
     * @param dataTermination see the record description
     * @param command         see the record description
     * @throws IllegalArgumentException if one is zero or negative
     */
    public SmtpClientTimeouts {
        positive(greeting, "greeting");
        positive(mail, "mail");
        positive(rcpt, "rcpt");
        positive(dataInitiation, "dataInitiation");
        positive(dataBlock, "dataBlock");
        positive(dataTermination, "dataTermination");
        positive(command, "command");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * Returns the RFC 5321 §4.5.3.2 values: 5, 5, 5, 2, 3, 10 and 5 minutes.
     *
     * @return the defaults
     */
    public static SmtpClientTimeouts defaults() {
        return new SmtpClientTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofMinutes(5));
    }

    /**
     * Returns every timeout set to one value, for tests and impatient tools.
     *
     * @param all the timeout
     * @return the timeouts
     */
    public static SmtpClientTimeouts uniform(Duration all) {
        return new SmtpClientTimeouts(all, all, all, all, all, all, all);
    }

    /**
     * Returns the longest of the timeouts.
     *
     * @return the longest
     */
    public Duration longest() {
        Duration max = greeting;
        for (Duration d : new Duration[] {mail, rcpt, dataInitiation, dataBlock, dataTermination, command}) {
            if (d.compareTo(max) > 0) {
                max = d;
            }
        }
        return max;
    }
}
