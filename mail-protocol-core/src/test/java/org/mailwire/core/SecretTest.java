// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringNeverRevealsTheContent() {
        Secret secret = Secret.of("tanstaaftanstaaf");
        assertEquals("Secret[****]", secret.toString());
        assertFalse(String.valueOf(secret).contains("tanstaaf"));
    }

    @Test
    void equalSecretsCompareEqualAndHashAlike() {
        assertEquals(Secret.of("pencil"), Secret.of("pencil".toCharArray()));
        assertEquals(Secret.of("pencil").hashCode(), Secret.of("other").hashCode());
        assertNotEquals(Secret.of("pencil"), Secret.of("pencil2"));
        assertNotEquals(Secret.of("pencil"), "pencil");
    }

    @Test
    void charArrayFactoryCopiesSoCallerMayWipe() {
        char[] typed = "pencil".toCharArray();
        Secret secret = Secret.of(typed);
        java.util.Arrays.fill(typed, '\0');
        assertArrayEquals("pencil".toCharArray(), secret.chars());
    }

    @Test
    void accessorsReturnFreshCopies() {
        Secret secret = Secret.of("pencil");
        secret.chars()[0] = 'x';
        secret.utf8()[0] = 'x';
        assertArrayEquals("pencil".getBytes(StandardCharsets.UTF_8), secret.utf8());
    }

    @Test
    void utf8RoundTripsNonAsciiAndRejectsMalformedBytes() {
        Secret secret = Secret.ofUtf8("pässwörd€".getBytes(StandardCharsets.UTF_8));
        assertEquals(Secret.of("pässwörd€"), secret);
        assertThrows(IllegalArgumentException.class, () -> Secret.ofUtf8(new byte[] {(byte) 0xC3}));
    }

    @Test
    void destroyWipesAndBlocksAccess() {
        Secret secret = Secret.of("pencil");
        secret.destroy();
        assertTrue(secret.isDestroyed());
        assertThrows(IllegalStateException.class, secret::chars);
        assertThrows(IllegalStateException.class, secret::utf8);
        assertNotEquals(Secret.of("pencil"), secret);
        assertEquals("Secret[destroyed]", secret.toString());
    }
}
