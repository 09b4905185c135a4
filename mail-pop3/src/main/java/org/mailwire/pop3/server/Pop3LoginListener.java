// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

/**
 * Hears of each successful POP3 login, for example to let the address relay through SMTP for a
 * while (POP-before-SMTP). Called on an event loop: it must not block, and must be thread-safe.
 */
@FunctionalInterface
public interface Pop3LoginListener {

    /**
     * Tells that a user logged in and holds the maildrop.
     *
     * @param login who, from where, when
     */
    void onLogin(Pop3Login login);
}
