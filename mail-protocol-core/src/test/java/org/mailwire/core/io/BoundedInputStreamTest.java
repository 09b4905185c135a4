// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

    private static BoundedInputStream over(String text, long limit) {
        return new BoundedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), limit);
    }

    @Test
    void endsAtTheLimitWhateverTheReadSize() throws IOException {
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), over("abcdef", 3).readAllBytes());
        BoundedInputStream in = over("abcdef", 2);
        assertEquals('a', in.read());
        assertEquals('b', in.read());
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(new byte[4], 0, 4));
    }

    @Test
    void aShortSourceEndsFirst() throws IOException {
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), over("ab", 10).readAllBytes());
    }

    @Test
    void skipAndAvailableStayWithinTheLimit() throws IOException {
        BoundedInputStream in = over("abcdef", 4);
        assertEquals(4, in.available());
        assertEquals(4, in.skip(10));
        assertEquals(0, in.available());
        assertEquals(-1, in.read());
    }

    @Test
    void aZeroLengthReadIsZeroEvenAtTheEndAndANegativeLimitReadsNothing() throws IOException {
        BoundedInputStream in = over("abc", 0);
        assertEquals(0, in.read(new byte[1], 0, 0));
        assertEquals(-1, in.read(new byte[1], 0, 1));
        assertEquals(-1, over("abc", -5).read());
    }
}
