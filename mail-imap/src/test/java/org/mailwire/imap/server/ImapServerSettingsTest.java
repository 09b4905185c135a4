// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImapServerSettingsTest {

    @Test
    void defaultsFollowTheRfcAndSecurityCases() {
        ImapServerSettings d = ImapServerSettings.defaults();
        assertEquals(Duration.ofMinutes(2), d.preAuthTimeout());
        assertEquals(Duration.ofMinutes(30), d.autologout());
        assertEquals(Duration.ofSeconds(2), d.loginFailureDelay());
        assertEquals(Duration.ofSeconds(15), d.maxLoginFailureDelay());
        assertEquals(20, d.maxErrors());
        assertEquals(false, d.allowPlaintextWithoutTls());
    }

    @Test
    void autologoutOfThirtyMinutesIsAcceptedAndLessIsRefused() {
        assertEquals(Duration.ofMinutes(30), ImapServerSettings.defaults().withAutologout(Duration.ofMinutes(30))
                .autologout());
        assertThrows(IllegalArgumentException.class,
                () -> ImapServerSettings.defaults().withAutologout(Duration.ofMinutes(30).minusSeconds(1)));
    }

    @Test
    void refusesNonsense() {
        ImapServerSettings d = ImapServerSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withPreAuthTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxErrors(0));
        assertEquals(1, d.withMaxErrors(1).maxErrors());
        assertThrows(IllegalArgumentException.class,
                () -> d.withLoginFailureDelays(Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }
}
