// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The growing delay a server puts before it answers a failed login: counted per remote address
 * and, when known, per user name, starting at a first delay and doubling with each further failure
 * up to a cap (Dovecot's authentication penalty, SECURITY-CASES SEC-05). Only failures wait, so a
 * user's own successful logins are never slowed by someone else's guesses, and the answer is the
 * same, as late, for an unknown user as for a wrong password.
 *
 * <p>A record is forgotten an hour after its last failure; past 100,000 records the stale ones are
 * dropped, so a spray of addresses cannot grow the table for ever. Thread-safe: one instance serves
 * every connection of a server. The waiting is the transport's {@link Connection#schedule}, so no
 * thread sleeps.
 */
public final class FailurePenalties {

    /** How long a record is kept after the last failure. */
    private static final Duration MEMORY = Duration.ofHours(1);
    /** Records kept at most before stale ones are dropped. */
    private static final int MAX_ENTRIES = 100_000;

    private final Duration first;
    private final Duration cap;
    /** Failures per remote address ({@link InetAddress}) and per user name (lower-case {@link String}). */
    private final Map<Object, Penalty> penalties = new ConcurrentHashMap<>();

    /**
     * Creates the penalties.
     *
     * @param first the delay of the first failure, for example 2 seconds (Dovecot)
     * @param cap   the largest delay, for example 15 seconds (Dovecot)
     * @throws IllegalArgumentException unless {@code 0 <= first <= cap}
     */
    public FailurePenalties(Duration first, Duration cap) {
        this.first = Objects.requireNonNull(first, "first");
        this.cap = Objects.requireNonNull(cap, "cap");
        if (first.isNegative() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= cap");
        }
    }

    /**
     * Records a failure and runs {@code answer} on the connection's loop after the penalty: the
     * larger of the address's and the user's.
     *
     * @param connection the connection whose remote address failed
     * @param user       the user name that failed, or {@code null} when the protocol does not say
     * @param answer     gives the session its failure answer
     */
    public void answerLater(Connection connection, String user, Runnable answer) {
        Duration delay = recordFailure(connection.remoteAddress().getAddress(), user);
        if (delay.isZero()) {
            connection.execute(answer);
        } else {
            connection.schedule(delay, answer);
        }
    }

    /**
     * Records a failure from an address (and for a user) and returns the delay it earns: the first
     * delay doubled for each earlier failure of the worse of the two records, at most the cap.
     *
     * @param address the remote address
     * @param user    the user name, or {@code null}
     * @return the delay before the failure's answer
     */
    public Duration recordFailure(InetAddress address, String user) {
        long now = System.nanoTime();
        if (penalties.size() > MAX_ENTRIES) {
            penalties.values().removeIf(p -> now - p.lastNanos > MEMORY.toNanos());
        }
        int failures = count(address, now);
        if (user != null) {
            failures = Math.max(failures, count(user.toLowerCase(Locale.ROOT), now));
        }
        long delay = first.toNanos();
        for (int i = 1; i < failures && delay < cap.toNanos(); i++) {
            delay *= 2;
        }
        return Duration.ofNanos(Math.min(delay, cap.toNanos()));
    }

    /**
     * Forgets the failures of an address and a user after a successful login.
     *
     * @param address the remote address
     * @param user    the user name, or {@code null}
     */
    public void forgive(InetAddress address, String user) {
        penalties.remove(address);
        if (user != null) {
            penalties.remove(user.toLowerCase(Locale.ROOT));
        }
    }

    private int count(Object key, long now) {
        return penalties.compute(key, (k, p) -> p == null || now - p.lastNanos > MEMORY.toNanos()
                ? new Penalty(1, now) : new Penalty(p.failures + 1, now)).failures;
    }

    private record Penalty(int failures, long lastNanos) {
    }
}
