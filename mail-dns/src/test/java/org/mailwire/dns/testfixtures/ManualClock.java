// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.testfixtures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the tests move by hand; safe to read from other threads. */
public final class ManualClock extends Clock {
    private volatile Instant now;

    /** Starts at a fixed instant. */
    public ManualClock() {
        this(Instant.parse("2026-11-23T00:00:00Z"));
    }

    /**
     * Starts at the given instant.
     *
     * @param start the first time
     */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock forward.
     *
     * @param d how far
     */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
