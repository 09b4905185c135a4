// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

/**
 * How many connections a server accepts at once, in total and from one remote address.
 *
 * <p>A connection past a limit is answered with the protocol's refusal (SMTP
 * {@code 421 4.7.0 Too many connections}, IMAP {@code * BYE}, POP3 {@code -ERR [SYS/TEMP]};
 * see {@link SessionFactory#refusal(Refusal)}) and closed at once; existing sessions are not
 * affected (SECURITY-CASES LOAD-07).
 *
 * @param maxConnections           connections open at once (default 10,000, the C10k mark)
 * @param maxConnectionsPerAddress connections open at once from one IP address (default 100,
 *                                 as Postfix's {@code smtpd_client_connection_count_limit} spirit:
 *                                 one host must not take the whole server)
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress) {

    public ConnectionLimits {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + maxConnections + ", "
                    + maxConnectionsPerAddress);
        }
    }

    /**
     * Returns the default limits.
     *
     * @return 10,000 connections in total, 100 per address
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(10_000, 100);
    }

    /**
     * Returns limits with no practical bound, for tests and trusted loopback use.
     *
     * @return limits of {@link Integer#MAX_VALUE}
     */
    public static ConnectionLimits unlimited() {
        return new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
