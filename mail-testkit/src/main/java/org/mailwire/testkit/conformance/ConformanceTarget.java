// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The server a suite runs against, and what the suite may use there: credentials of a mailbox
 * (POP3 and IMAP checks after login, SMTP AUTH) and a recipient the server accepts (SMTP mail
 * transaction checks). Checks needing something not given are skipped, not failed.
 *
 * @param host      the host name or address
 * @param port      the TCP port
 * @param user      a login, if any
 * @param password  its password, if any
 * @param recipient an address the SMTP server accepts mail for, if any
 * @param timeout   how long to wait for any reply
 */
public record ConformanceTarget(String host, int port, Optional<String> user, Optional<String> password,
        Optional<String> recipient, Duration timeout) {

    /** Checks the values. */
    public ConformanceTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Returns a target with no credentials, no recipient, and replies awaited for 5 seconds.
     *
     * @param host the host
     * @param port the port
     * @return the target
     */
    public static ConformanceTarget of(String host, int port) {
        return new ConformanceTarget(host, port, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }

    /**
     * Returns this target with a login and password.
     *
     * @param login    the login
     * @param secret   the password
     * @return the changed target
     */
    public ConformanceTarget withCredentials(String login, String secret) {
        return new ConformanceTarget(host, port, Optional.of(login), Optional.of(secret), recipient, timeout);
    }

    /**
     * Returns this target with an address the SMTP server accepts.
     *
     * @param address the recipient
     * @return the changed target
     */
    public ConformanceTarget withRecipient(String address) {
        return new ConformanceTarget(host, port, user, password, Optional.of(address), timeout);
    }

    /**
     * Returns this target with another reply timeout.
     *
     * @param value the timeout
     * @return the changed target
     */
    public ConformanceTarget withTimeout(Duration value) {
        return new ConformanceTarget(host, port, user, password, recipient, value);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
