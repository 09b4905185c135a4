// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A successful POP3 login, as published to a {@link Pop3LoginListener}: who, from where, when.
 * An SMTP relay policy can use it for POP-before-SMTP.
 *
 * @param user    the user whose maildrop was opened
 * @param address the client's address
 * @param time    when the maildrop was opened
 */
public record Pop3Login(String user, InetSocketAddress address, Instant time) {

    /**
     * Checks the components are present.
     *
     * @param user    see the record description
     * @param address see the record description
     * @param time    see the record description
     */
    public Pop3Login {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(time, "time");
    }
}
