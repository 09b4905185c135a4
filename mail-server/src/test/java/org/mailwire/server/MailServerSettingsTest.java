// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Settings: defaults, parsing, and a clear error for every bad value at start. */
class MailServerSettingsTest {

    private static MailServerSettings of(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("domains", "example.org");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return MailServerSettings.of(p);
    }

    @Test
    void defaultsAreTheStandardPortsOnLoopback() {
        MailServerSettings s = of();
        assertEquals(Optional.of(25), s.port("smtp.port"));
        assertEquals(Optional.of(587), s.port("submission.port"));
        assertEquals(Optional.of(465), s.port("submissions.port"));
        assertEquals(Optional.of(993), s.port("imaps.port"));
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals(Duration.ZERO, s.popBeforeSmtp());
        assertEquals(50L * 1024 * 1024, s.maxMessageSize());
        assertEquals(Duration.ofDays(5), s.retrySchedule().maxAge());
        assertEquals(Duration.ofMinutes(5), s.retrySchedule().delayAfter(1));
        assertTrue(s.dnsServers().isEmpty());
    }

    @Test
    void valuesAreParsed() {
        MailServerSettings s = of("domains", "A.test, b.test", "smtp.port", "-1", "dns.servers", "127.0.0.1:5353,10.0.0.1",
                "pop.before.smtp", "10m", "retry.delays", "30s,2h", "retry.max.age", "1d");
        assertEquals(List.of("a.test", "b.test"), s.domains());
        assertEquals(Optional.empty(), s.port("smtp.port"));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("10.0.0.1", 53)),
                s.dnsServers());
        assertEquals(Duration.ofMinutes(10), s.popBeforeSmtp());
        assertEquals(Duration.ofHours(2), s.retrySchedule().delayAfter(5));
        assertEquals(Duration.ofDays(1), s.retrySchedule().maxAge());
    }

    @Test
    void everyBadValueFailsAtStartWithItsKey() {
        for (String[] bad : new String[][] {{"smtp.port", "70000"}, {"smtp.port", "x"}, {"retry.delays", "5 minutes"},
                {"message.size.max", "10"}, {"pop.before.smtp", "-5m"}, {"quota.storage", "-1"},
                {"password.iterations", "0"}, {"no.such.key", "1"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(bad));
            assertTrue(e.getMessage().contains(bad[0]) || e.getMessage().contains(bad[1]), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MailServerSettings.of(new Properties()), "domains required");
    }

    @Test
    void withChangesOneValue() {
        MailServerSettings s = of().with("imap.port", "1143");
        assertEquals(Optional.of(1143), s.port("imap.port"));
        assertEquals(Optional.of(25), s.port("smtp.port"));
    }
}
