// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.io.IOException;

/**
 * No configured name server gave a usable answer to a query: each timed out, failed, answered
 * SERVFAIL, REFUSED or NOTIMP, or sent something malformed. Always a temporary condition.
 */
public final class DnsFailureException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with the last server's problem
     * @param cause   the last underlying failure, if any
     */
    public DnsFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
