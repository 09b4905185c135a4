// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class Pop3LimitsTest {

    private static final Pop3SessionSettings PLAIN = Pop3SessionSettings.defaults().withAllowPlaintextWithoutTls(true);

    @Test
    void defaultsFollowTheirSources() {
        Pop3Limits limits = Pop3Limits.defaults();
        assertEquals(255, limits.maxCommandLength()); // RFC 2449 §4
        assertEquals(Duration.ofMinutes(10), limits.autologout()); // RFC 1939 §3
        assertEquals(10, limits.maxErrors());
        assertEquals(3, limits.maxFailedLogins());
        assertEquals(Duration.ofSeconds(2), limits.loginFailureDelay()); // SEC-05
        assertEquals(Duration.ofSeconds(15), limits.maxLoginFailureDelay());
    }

    @Test
    void rejectsNonsense() {
        Pop3Limits d = Pop3Limits.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withMaxCommandLength(7));
        assertThrows(IllegalArgumentException.class, () -> d.withAutologout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxErrors(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxFailedLogins(0));
        assertThrows(IllegalArgumentException.class,
                () -> d.withLoginFailureDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void commandAtTheConfiguredLimitIsAcceptedAndOneOctetMoreIsNot() {
        StoreDriver driver = new StoreDriver();
        driver.start(PLAIN.withLimits(Pop3Limits.defaults().withMaxCommandLength(20)));
        driver.output();
        String atLimit = "USER " + "a".repeat(20 - 5 - 2);
        driver.send(atLimit + "\r\n");
        assertEquals("+OK send PASS\r\n", driver.output());
        driver.send("QUIT\r\n");
        StoreDriver second = new StoreDriver();
        second.start(PLAIN.withLimits(Pop3Limits.defaults().withMaxCommandLength(20)));
        second.output();
        second.send(atLimit + "a\r\n");
        assertEquals("-ERR command line too long\r\n", second.output());
        assertFalse(second.closed);
    }

    @Test
    void maxErrorsOfOneClosesAtTheFirstError() {
        StoreDriver driver = new StoreDriver();
        driver.start(PLAIN.withLimits(Pop3Limits.defaults().withMaxErrors(1)));
        driver.send("BOGUS\r\n");
        assertTrue(driver.closed);
    }
}
