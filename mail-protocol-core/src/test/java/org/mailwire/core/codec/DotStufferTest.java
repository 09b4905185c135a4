// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.codec.Chunks.bytes;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotStufferTest {

    private static String stuff(String content) {
        byte[] wire = Framing.stuff(new DotStuffer(), Chunks.whole(bytes(content)), 4096);
        String whole = Chunks.text(wire, 0, wire.length);
        // The same output whatever the source split and however small the destination.
        for (int dst = 2; dst <= 6; dst++) {
            byte[] bytewise = Framing.stuff(new DotStuffer(), Chunks.byteAtATime(bytes(content)), dst);
            assertEquals(whole, Chunks.text(bytewise, 0, bytewise.length), "dst " + dst);
        }
        byte[] direct = Framing.stuff(new DotStuffer(), Chunks.direct(Chunks.ofSize(bytes(content), 3)), 7);
        assertEquals(whole, Chunks.text(direct, 0, direct.length));
        return whole;
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("", ".\r\n"),
                Arguments.of("a", "a\r\n.\r\n"),
                Arguments.of("a\r\n", "a\r\n.\r\n"),
                Arguments.of("a\r\nb", "a\r\nb\r\n.\r\n"),
                Arguments.of(".", "..\r\n.\r\n"),
                Arguments.of(".x\r\n", "..x\r\n.\r\n"),
                Arguments.of("..\r\n", "...\r\n.\r\n"),
                Arguments.of("a.b\r\n.c", "a.b\r\n..c\r\n.\r\n"),
                Arguments.of("a\n.b", "a\r\n..b\r\n.\r\n"),
                // Dovecot CVE-2026-33604: a dot after a bare CR must be stuffed too.
                Arguments.of("a\r.b", "a\r\n..b\r\n.\r\n"),
                Arguments.of("a\r", "a\r\n.\r\n"),
                Arguments.of("\r\r\n", "\r\n\r\n.\r\n"),
                Arguments.of("\n\r", "\r\n\r\n.\r\n"),
                Arguments.of("\n.\n", "\r\n..\r\n.\r\n"),
                Arguments.of("\r\n.\r\n", "\r\n..\r\n.\r\n"),
                Arguments.of("body\n.\nMAIL FROM:<a@b>\r\n", "body\r\n..\r\nMAIL FROM:<a@b>\r\n.\r\n"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("examples")
    void stuffsDotsAndNormalisesLineEndings(String content, String wire) {
        assertEquals(wire, stuff(content));
    }

    @Test
    void crAtTheEndOfTheSourceIsHeldUntilTheNextByte() {
        DotStuffer encoder = new DotStuffer();
        ByteBuffer dst = ByteBuffer.allocate(64);
        ByteBuffer src = ByteBuffer.wrap(bytes("a\r"));
        encoder.encode(src, dst);
        assertFalse(src.hasRemaining());
        assertEquals(1, dst.position(), "only 'a' is written; the CR may be half of a CRLF");
        encoder.encode(ByteBuffer.wrap(bytes("\n.b")), dst);
        assertTrue(encoder.finish(dst));
        assertEquals("a\r\n..b\r\n.\r\n", Chunks.text(dst.array(), 0, dst.position()));
    }

    @Test
    void encodeMovesOnlyWhatFits() {
        DotStuffer encoder = new DotStuffer();
        ByteBuffer src = ByteBuffer.wrap(bytes(".abc"));
        ByteBuffer dst = ByteBuffer.allocate(1);
        encoder.encode(src, dst);
        assertEquals(0, src.position(), "the stuffed dot needs two octets of room");
        assertEquals(0, dst.position());
        dst = ByteBuffer.allocate(3);
        encoder.encode(src, dst);
        assertEquals(2, src.position());
        assertEquals("..a", Chunks.text(dst.array(), 0, 3));
    }

    @Test
    void finishWritesNothingUntilEverythingFits() {
        DotStuffer encoder = new DotStuffer();
        encoder.encode(ByteBuffer.wrap(bytes("a")), ByteBuffer.allocate(1));
        ByteBuffer small = ByteBuffer.allocate(4);
        assertFalse(encoder.finish(small));
        assertEquals(0, small.position());
        ByteBuffer exact = ByteBuffer.allocate(5);
        assertTrue(encoder.finish(exact));
        assertEquals("\r\n.\r\n", Chunks.text(exact.array(), 0, 5));
    }

    @Test
    void finishOfEmptyContentNeedsOnlyTheTerminator() {
        ByteBuffer dst = ByteBuffer.allocate(3);
        assertTrue(new DotStuffer().finish(dst));
        assertEquals(".\r\n", Chunks.text(dst.array(), 0, 3));
    }

    @Test
    void finishStartsTheNextMessage() {
        DotStuffer encoder = new DotStuffer();
        ByteBuffer dst = ByteBuffer.allocate(64);
        encoder.encode(ByteBuffer.wrap(bytes("a")), dst);
        assertTrue(encoder.finish(dst));
        encoder.encode(ByteBuffer.wrap(bytes(".b")), dst);
        assertTrue(encoder.finish(dst));
        assertEquals("a\r\n.\r\n..b\r\n.\r\n", Chunks.text(dst.array(), 0, dst.position()));
    }

    @Test
    void resetForgetsAHeldCr() {
        DotStuffer encoder = new DotStuffer();
        ByteBuffer dst = ByteBuffer.allocate(64);
        encoder.encode(ByteBuffer.wrap(bytes("a\r")), dst);
        encoder.reset();
        dst.clear();
        assertTrue(encoder.finish(dst));
        assertEquals(".\r\n", Chunks.text(dst.array(), 0, dst.position()));
    }

    @Test
    void stuffedOutputDecodesToTheNormalisedContent() {
        String content = "Subject: x\n\n.hidden\r.\r\n..\rend";
        byte[] wire = Framing.stuff(new DotStuffer(), Chunks.whole(bytes(content)), 16);
        Framing.Unstuffed decoded = Framing.unstuff(DotUnstuffer.of(1000), Chunks.whole(wire));
        assertEquals(Framing.normalised(bytes(content)), decoded.content());
        assertEquals("", decoded.rest());
    }
}
