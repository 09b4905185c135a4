// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import java.net.InetSocketAddress;

/**
 * Told of each successful IMAP login (LOGIN or AUTHENTICATE), for example to allow
 * POP-before-SMTP relaying from the client's address for a while. Called on an event loop:
 * return quickly.
 */
@FunctionalInterface
public interface ImapLoginListener {

    /**
     * A user logged in.
     *
     * @param user   the authenticated user
     * @param client the client's address
     */
    void onLogin(String user, InetSocketAddress client);
}
