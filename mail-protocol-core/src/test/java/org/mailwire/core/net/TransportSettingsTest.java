// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

    @Test
    void defaultsFollowTheirSources() {
        TransportSettings d = TransportSettings.defaults();
        assertEquals(Duration.ofMinutes(5), d.idleTimeout(), "RFC 5321 §4.5.3.2.7");
        assertEquals(Duration.ofSeconds(60), d.tlsHandshakeTimeout());
        assertEquals(64 * 1024, d.writeHighWatermark());
        assertEquals(32 * 1024, d.writeLowWatermark());
    }

    @Test
    void withersChangeOneSettingOnly() {
        TransportSettings d = TransportSettings.defaults();
        TransportSettings c = d.withIdleTimeout(Duration.ofSeconds(7));
        assertEquals(Duration.ofSeconds(7), c.idleTimeout());
        assertEquals(d.commandTimeout(), c.commandTimeout());
        assertEquals(d.withCommandTimeout(Duration.ofSeconds(3)).commandTimeout(), Duration.ofSeconds(3));
        assertEquals(d.withWriteTimeout(Duration.ofSeconds(4)).writeTimeout(), Duration.ofSeconds(4));
        assertEquals(d.withConnectTimeout(Duration.ofSeconds(5)).connectTimeout(), Duration.ofSeconds(5));
        assertEquals(d.withTlsHandshakeTimeout(Duration.ofSeconds(6)).tlsHandshakeTimeout(), Duration.ofSeconds(6));
        assertEquals(d.withShutdownGracePeriod(Duration.ZERO).shutdownGracePeriod(), Duration.ZERO);
        TransportSettings w = d.withWriteWatermarks(1, 2);
        assertEquals(1, w.writeLowWatermark());
        assertEquals(2, w.writeHighWatermark());
    }

    @Test
    void rejectsNonsense() {
        TransportSettings d = TransportSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withIdleTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withCommandTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> d.withWriteWatermarks(10, 5));
        assertThrows(IllegalArgumentException.class, () -> d.withWriteWatermarks(0, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withShutdownGracePeriod(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> d.withIdleTimeout(null));
    }

    @Test
    void readBufferHasAFloor() {
        TransportSettings d = TransportSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> new TransportSettings(
                TransportSettings.MIN_READ_BUFFER_SIZE - 1, d.writeHighWatermark(), d.writeLowWatermark(),
                d.idleTimeout(), d.commandTimeout(), d.writeTimeout(), d.tlsHandshakeTimeout(),
                d.connectTimeout(), d.shutdownGracePeriod(), 0));
    }

    @Test
    void connectionLimitsNeedAtLeastOne() {
        assertEquals(10_000, ConnectionLimits.defaults().maxConnections());
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(1, 0));
    }
}
