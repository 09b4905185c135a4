// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a server waits before answering a failed login (SECURITY-CASES SEC-05, Dovecot's
 * auth penalty): the first failure from an address or for a user name waits
 * {@code firstDelay}, each further one twice as long, up to {@code maxDelay}; a success
 * forgets both. Failures are remembered for an hour and at most 100,000 keys are kept before
 * old ones are swept. Thread-safe; the caller passes the clock ({@code System.nanoTime()}).
 */
public final class LoginPenalties {

    private static final long MEMORY_NANOS = Duration.ofHours(1).toNanos();
    private static final int MAX_ENTRIES = 100_000;

    private final long firstDelayNanos;
    private final long maxDelayNanos;
    /** Failures per remote address ({@link InetAddress}) and per user name (lower-case {@link String}). */
    private final Map<Object, Penalty> penalties = new ConcurrentHashMap<>();

    /**
     * Creates the bookkeeping.
     *
     * @param firstDelay the delay of a first failure; zero turns delays off
     * @param maxDelay   the cap, not below the first delay
     */
    public LoginPenalties(Duration firstDelay, Duration maxDelay) {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must be ordered and not negative");
        }
        this.firstDelayNanos = firstDelay.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /**
     * Records a failed login and returns how long to wait before answering it.
     *
     * @param address  the client's address
     * @param user     the user name tried, or {@code null} when unknown (a SASL exchange)
     * @param nowNanos the current {@code System.nanoTime()}
     * @return the delay in nanoseconds
     */
    public long failed(InetAddress address, String user, long nowNanos) {
        if (penalties.size() > MAX_ENTRIES) {
            penalties.values().removeIf(p -> nowNanos - p.lastNanos() > MEMORY_NANOS);
        }
        int failures = count(address, nowNanos);
        if (user != null) {
            failures = Math.max(failures, count(user.toLowerCase(Locale.ROOT), nowNanos));
        }
        long delay = firstDelayNanos;
        for (int i = 1; i < failures && delay < maxDelayNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayNanos);
    }

    /**
     * Forgets the failures of an address and a user after a successful login.
     *
     * @param address the client's address
     * @param user    the user who logged in
     */
    public void succeeded(InetAddress address, String user) {
        penalties.remove(address);
        penalties.remove(user.toLowerCase(Locale.ROOT));
    }

    private int count(Object key, long now) {
        return penalties.compute(key, (k, p) -> p == null || now - p.lastNanos() > MEMORY_NANOS
                ? new Penalty(1, now) : new Penalty(p.failures() + 1, now)).failures();
    }

    private record Penalty(int failures, long lastNanos) {
    }
}
