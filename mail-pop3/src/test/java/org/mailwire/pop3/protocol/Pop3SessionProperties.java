// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mailwire.core.codec.DotUnstuffer;

/** Properties of the session as a whole: what RETR sends, and what hostile input does. */
class Pop3SessionProperties {

    private static final Pop3SessionSettings PLAIN = Pop3SessionSettings.defaults().withAllowPlaintextWithoutTls(true);

    /** RETR of any CRLF message, read in chunks of any size, unstuffs to the message itself. */
    @Property(tries = 300)
    void retrUnstuffsToTheStoredMessage(@ForAll("messages") String message,
                                        @ForAll @IntRange(min = 1, max = 300) int chunkSize) {
        StoreDriver driver = new StoreDriver(chunkSize);
        driver.withUser("u", "p", message);
        driver.start(PLAIN).send("USER u\r\nPASS p\r\n");
        driver.output();
        driver.send("RETR 1\r\n");
        byte[] out = driver.output().getBytes(StandardCharsets.UTF_8);
        int body = indexOfCrlf(out) + 2;
        assertEquals("+OK " + message.getBytes(StandardCharsets.UTF_8).length + " octets",
                new String(out, 0, body - 2, StandardCharsets.UTF_8));
        DotUnstuffer unstuffer = DotUnstuffer.of(1 << 20);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.wrap(out, body, out.length - body);
        assertEquals(DotUnstuffer.Result.END_OF_DATA, unstuffer.decode(in, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            content.writeBytes(b);
        }));
        assertEquals(0, in.remaining());
        assertArrayEquals(message.getBytes(StandardCharsets.UTF_8), content.toByteArray());
    }

    /** h11's fuzz invariant for the whole session: any bytes give replies, never an exception. */
    @Property(tries = 500)
    void hostileBytesNeverBreakTheSession(@ForAll @Size(max = 2000) byte[] bytes,
                                          @ForAll @IntRange(min = 1, max = 100) int chunk) {
        StoreDriver driver = new StoreDriver();
        driver.withUser("u", "p", "Subject: x\r\n\r\n.body\r\n");
        driver.start(PLAIN);
        driver.send("USER u\r\nPASS p\r\n");
        for (int i = 0; i < bytes.length && !driver.closed; i += chunk) {
            driver.send(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
        String out = driver.output();
        assertTrue(out.startsWith("+OK POP3 server ready\r\n"));
    }

    private static int indexOfCrlf(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF");
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.of(".", "..", ".x", "...", "", " .", "\u00e9t\u00e9"));
        return line.list().ofMinSize(0).ofMaxSize(40).map(Pop3SessionProperties::join);
    }

    private static String join(List<String> lines) {
        StringBuilder s = new StringBuilder();
        for (String l : lines) {
            s.append(l).append("\r\n");
        }
        return s.toString();
    }
}
