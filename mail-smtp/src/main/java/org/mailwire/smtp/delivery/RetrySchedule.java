// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When to try a deferred message again, when to tell the sender of the delay, and when to give
 * up. RFC 5321 §4.5.4.1: the retry interval should be at least 30 minutes after the first
 * failures, and giving up should take at least 4–5 days.
 *
 * @param delays           the waits after the first, second... failed attempt; the last repeats
 * @param maxAge           how long after arrival a message keeps being retried (then bounced)
 * @param delayNoticeAfter when to send a "delayed" notification (RFC 3464 action {@code delayed}),
 *                         once, if the message is still undelivered; empty for never
 */
public record RetrySchedule(List<Duration> delays, Duration maxAge, Optional<Duration> delayNoticeAfter) {

    /**
     * The default: 5, 10, 20 and 40 minutes, then every 1, 2 and 4 hours, giving up after 5
     * days; a delay notice after 4 hours.
     */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4)),
            Duration.ofDays(5), Optional.of(Duration.ofHours(4)));

    /**
     * Checks and copies the values.
     *
     * @param delays           see the record description
     * @param maxAge           see the record description
     * @param delayNoticeAfter see the record description
     */
    public RetrySchedule {
        delays = List.copyOf(delays);
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(delayNoticeAfter, "delayNoticeAfter");
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("at least one positive delay");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
    }

    /**
     * Returns the wait after a number of failed attempts.
     *
     * @param failedAttempts how many attempts failed so far, at least 1
     * @return the wait before the next attempt
     */
    public Duration delayAfter(int failedAttempts) {
        return delays.get(Math.min(Math.max(failedAttempts, 1), delays.size()) - 1);
    }

    /**
     * Returns a copy with other delays.
     *
     * @param first the wait after the first failure
     * @param more  the following waits
     * @return the changed schedule
     */
    public RetrySchedule withDelays(Duration first, Duration... more) {
        return new RetrySchedule(concat(first, more), maxAge, delayNoticeAfter);
    }

    /**
     * Returns a copy with another maximum age.
     *
     * @param value how long to keep retrying
     * @return the changed schedule
     */
    public RetrySchedule withMaxAge(Duration value) {
        return new RetrySchedule(delays, value, delayNoticeAfter);
    }

    /**
     * Returns a copy with another delay-notice time, or none.
     *
     * @param value when to notify of the delay, or empty for never
     * @return the changed schedule
     */
    public RetrySchedule withDelayNoticeAfter(Optional<Duration> value) {
        return new RetrySchedule(delays, maxAge, value);
    }

    private static List<Duration> concat(Duration first, Duration[] more) {
        Duration[] all = new Duration[more.length + 1];
        all[0] = first;
        System.arraycopy(more, 0, all, 1, more.length);
        return List.of(all);
    }
}
