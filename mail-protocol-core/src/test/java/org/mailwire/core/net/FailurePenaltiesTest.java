// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failed-login penalty (SECURITY-CASES SEC-05) without a clock or sockets. */
class FailurePenaltiesTest {

    private static final InetAddress GUESSER = InetAddress.getLoopbackAddress();

    @Test
    void delayDoublesPerFailureUpToTheCap() throws Exception {
        FailurePenalties p = new FailurePenalties(Duration.ofSeconds(2), Duration.ofSeconds(15));
        assertEquals(Duration.ofSeconds(2), p.recordFailure(GUESSER, null));
        assertEquals(Duration.ofSeconds(4), p.recordFailure(GUESSER, null));
        assertEquals(Duration.ofSeconds(8), p.recordFailure(GUESSER, null));
        assertEquals(Duration.ofSeconds(15), p.recordFailure(GUESSER, null));
        assertEquals(Duration.ofSeconds(15), p.recordFailure(GUESSER, null));
    }

    @Test
    void aUserGuessedFromManyAddressesIsPenalisedToo() throws Exception {
        FailurePenalties p = new FailurePenalties(Duration.ofSeconds(1), Duration.ofSeconds(15));
        for (int i = 1; i <= 3; i++) {
            p.recordFailure(InetAddress.getByName("192.0.2." + i), "Alice");
        }
        // A fresh address, but the fourth failure for the user (its name compared ignoring case).
        assertEquals(Duration.ofSeconds(8), p.recordFailure(InetAddress.getByName("192.0.2.99"), "alice"));
    }

    @Test
    void successForgivesTheAddressAndTheUser() throws Exception {
        FailurePenalties p = new FailurePenalties(Duration.ofSeconds(1), Duration.ofSeconds(15));
        p.recordFailure(GUESSER, "alice");
        p.recordFailure(GUESSER, "alice");
        p.forgive(GUESSER, "alice");
        assertEquals(Duration.ofSeconds(1), p.recordFailure(GUESSER, "alice"));
    }

    @Test
    void zeroDelaysStayZero() {
        FailurePenalties p = new FailurePenalties(Duration.ZERO, Duration.ZERO);
        assertEquals(Duration.ZERO, p.recordFailure(GUESSER, null));
        assertEquals(Duration.ZERO, p.recordFailure(GUESSER, null));
    }

    @Test
    void capBelowTheFirstDelayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FailurePenalties(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new FailurePenalties(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    }
}
