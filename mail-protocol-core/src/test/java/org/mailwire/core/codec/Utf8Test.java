// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void asciiAndWellFormedSequencesDecode() {
        assertEquals("plain", Utf8.decodeStrict("plain".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("Grüße €𝄞", Utf8.decodeStrict("Grüße €𝄞".getBytes(StandardCharsets.UTF_8)));
        assertEquals("ü", Utf8.decodeStrict(bytes('x', 0xC3, 0xBC, 'y'), 1, 3));
        assertEquals("", Utf8.decodeStrict(new byte[0]));
    }

    @Test
    void malformedOverlongSurrogateAndTruncatedSequencesAreRefused() {
        assertNull(Utf8.decodeStrict(bytes(0xFF)), "never valid");
        assertNull(Utf8.decodeStrict(bytes(0xC0, 0xAF)), "overlong '/'");
        assertNull(Utf8.decodeStrict(bytes(0xED, 0xA0, 0x80)), "encoded surrogate U+D800");
        assertNull(Utf8.decodeStrict(bytes('a', 0xE2, 0x82)), "cut short");
        assertNull(Utf8.decodeStrict(bytes(0x80, 'a')), "lone continuation");
    }
}
