// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POP-before-SMTP: addresses that logged in over POP3 or IMAP recently may relay through SMTP
 * for a while without AUTH, the old scheme some mail clients still rely on. Off (zero duration)
 * by default. Entries expire; the map holds at most {@link #MAX_ENTRIES} addresses.
 */
final class RecentLogins {

    /** The most addresses remembered; the oldest are forgotten first when it is full. */
    static final int MAX_ENTRIES = 100_000;

    private final Duration window;
    private final Map<InetAddress, Instant> lastLogin = new ConcurrentHashMap<>();

    RecentLogins(Duration window) {
        this.window = window;
    }

    void loggedIn(InetSocketAddress client) {
        if (window.isZero()) {
            return;
        }
        Instant now = Instant.now();
        if (lastLogin.size() >= MAX_ENTRIES) {
            lastLogin.values().removeIf(t -> t.plus(window).isBefore(now));
            if (lastLogin.size() >= MAX_ENTRIES) {
                return;
            }
        }
        lastLogin.put(client.getAddress(), now);
    }

    boolean mayRelay(InetAddress client) {
        if (window.isZero()) {
            return false;
        }
        Instant at = lastLogin.get(client);
        return at != null && !at.plus(window).isBefore(Instant.now());
    }
}
