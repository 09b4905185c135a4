// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginPenaltiesTest {

    private static final long MS = 1_000_000;

    @Test
    void delayDoublesPerFailureUpToTheCap() throws Exception {
        LoginPenalties p = new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(15));
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertEquals(2000 * MS, p.failed(a, "u", 0));
        assertEquals(4000 * MS, p.failed(a, "u", 1));
        assertEquals(8000 * MS, p.failed(a, "u", 2));
        assertEquals(15000 * MS, p.failed(a, "u", 3));
        assertEquals(15000 * MS, p.failed(a, "u", 4));
    }

    @Test
    void userNameCountsAcrossAddressesIgnoringCase() throws Exception {
        LoginPenalties p = new LoginPenalties(Duration.ofMillis(100), Duration.ofSeconds(1));
        p.failed(InetAddress.getByName("192.0.2.1"), "Alice", 0);
        assertEquals(200 * MS, p.failed(InetAddress.getByName("192.0.2.2"), "alice", 1));
    }

    @Test
    void successForgetsAndOldFailuresExpire() throws Exception {
        LoginPenalties p = new LoginPenalties(Duration.ofMillis(100), Duration.ofSeconds(1));
        InetAddress a = InetAddress.getByName("192.0.2.1");
        p.failed(a, "u", 0);
        p.succeeded(a, "U");
        assertEquals(100 * MS, p.failed(a, "u", 1));
        long hourLater = Duration.ofHours(1).toNanos() + 2;
        assertEquals(100 * MS, p.failed(a, null, hourLater));
    }

    @Test
    void refusesUnorderedDelays() {
        assertThrows(IllegalArgumentException.class, () -> new LoginPenalties(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
