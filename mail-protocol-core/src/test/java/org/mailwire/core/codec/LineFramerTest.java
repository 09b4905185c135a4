// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.codec.BareLineEndingPolicy.ACCEPT_BARE_LF;
import static org.mailwire.core.codec.BareLineEndingPolicy.KEEP_AS_DATA;
import static org.mailwire.core.codec.BareLineEndingPolicy.REJECT;
import static org.mailwire.core.codec.Chunks.bytes;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LineFramerTest {

    private static final int SMTP_COMMAND = 512;

    /** Every way of delivering the same bytes; each must give the same events. */
    static Stream<Function<byte[], List<ByteBuffer>>> deliveries() {
        return Stream.of(Chunks::whole, Chunks::byteAtATime, b -> Chunks.ofSize(b, 3), b -> Chunks.ofSize(b, 7),
                b -> Chunks.direct(Chunks.whole(b)), b -> Chunks.direct(Chunks.ofSize(b, 5)));
    }

    private static List<String> frame(int max, BareLineEndingPolicy policy, String input) {
        List<String> whole = Framing.frame(LineFramer.of(max, policy), Chunks.whole(bytes(input)));
        deliveries().forEach(delivery -> assertEquals(whole,
                Framing.frame(LineFramer.of(max, policy), delivery.apply(bytes(input))), "split invariance"));
        return whole;
    }

    @Test
    void smtp24_pipelinedGroupGivesEachCommandInOrder() {
        assertEquals(List.of("LINE MAIL FROM:<a@x>", "LINE RCPT TO:<b@y>", "LINE RCPT TO:<c@y>", "LINE DATA"),
                frame(SMTP_COMMAND, REJECT, "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@y>\r\nDATA\r\n"));
    }

    @Test
    void smtp24_inputSplitAtEveryByteGivesTheSameCommands() {
        byte[] input = bytes("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@y>\r\nDATA\r\n");
        List<String> expected = Framing.frame(LineFramer.of(SMTP_COMMAND), Chunks.whole(input));
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j++) {
                assertEquals(expected, Framing.frame(LineFramer.of(SMTP_COMMAND), Chunks.splitAt(input, i, j)));
            }
        }
    }

    @Test
    void emptyLineIsALine() {
        assertEquals(List.of("LINE ", "LINE x"), frame(SMTP_COMMAND, REJECT, "\r\nx\r\n"));
    }

    @Test
    void partialLineWaitsForMoreInput() {
        LineFramer framer = LineFramer.of(SMTP_COMMAND);
        ByteBuffer input = ByteBuffer.wrap(bytes("NOOP"));
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(input));
        assertTrue(framer.midLine());
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(ByteBuffer.wrap(bytes("\r"))));
        assertTrue(framer.midLine());
        assertEquals(LineFramer.Result.LINE, framer.next(ByteBuffer.wrap(bytes("\nQUIT"))));
        assertEquals("NOOP", Chunks.text(framer.lineArray(), 0, framer.lineLength()));
        assertFalse(framer.midLine());
    }

    @Test
    void lineLeavesTheFollowingInputInTheBuffer() {
        LineFramer framer = LineFramer.of(SMTP_COMMAND);
        ByteBuffer input = ByteBuffer.wrap(bytes("NOOP\r\nQUIT\r\n"));
        assertEquals(LineFramer.Result.LINE, framer.next(input));
        assertEquals(6, input.position());
        assertEquals(LineFramer.Result.LINE, framer.next(input));
        assertEquals("QUIT", Chunks.text(framer.lineArray(), 0, framer.lineLength()));
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(input));
        assertEquals(0, framer.lineLength(), "no line after NEED_INPUT");
    }

    @Test
    void lineViewShowsTheLineWithoutCrlf() {
        LineFramer framer = LineFramer.of(SMTP_COMMAND);
        assertEquals(LineFramer.Result.LINE, framer.next(ByteBuffer.wrap(bytes("EHLO x\r\n"))));
        ByteBuffer view = framer.line();
        assertTrue(view.isReadOnly());
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        assertEquals("EHLO x", Chunks.text(copy, 0, copy.length));
        assertEquals(6, framer.line().remaining(), "the view is rewound on every call");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BareLineEndingPolicy.class)
    void lineAtTheLimitIsAccepted(BareLineEndingPolicy policy) {
        String line = "EHLO " + "a".repeat(SMTP_COMMAND - 2 - 5);
        assertEquals(List.of("LINE " + line, "LINE NOOP"), frame(SMTP_COMMAND, policy, line + "\r\nNOOP\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BareLineEndingPolicy.class)
    void lineOneOctetPastTheLimitIsTooLongAndTheNextLineIsUsable(BareLineEndingPolicy policy) {
        String line = "EHLO " + "a".repeat(SMTP_COMMAND - 2 - 5 + 1);
        assertEquals(List.of("LINE_TOO_LONG", "LINE NOOP"), frame(SMTP_COMMAND, policy, line + "\r\nNOOP\r\n"));
    }

    @Test
    void tooLongIsReportedAtTheFirstOctetPastTheLimit() {
        LineFramer framer = LineFramer.of(10);
        ByteBuffer input = ByteBuffer.wrap(bytes("a".repeat(20)));
        assertEquals(LineFramer.Result.LINE_TOO_LONG, framer.next(input));
        assertEquals(9, input.position(), "8 octets fit before the CRLF; the 9th is one too many");
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(input));
        assertFalse(input.hasRemaining());
    }

    @Test
    void crAtTheLimitWaitsForItsLf() {
        // 8 content octets and CR: still within 10 if an LF follows.
        LineFramer framer = LineFramer.of(10);
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(ByteBuffer.wrap(bytes("aaaaaaaa\r"))));
        assertEquals(LineFramer.Result.LINE, framer.next(ByteBuffer.wrap(bytes("\n"))));
        assertEquals(8, framer.lineLength());
    }

    @Test
    void smtp06_sixHundredOctetCommandIsTooLongThenNoopIsAnswered() {
        String ehlo = "EHLO " + "a".repeat(595);
        // The bytes exactly as SECURITY-CASES gives them (602 octets with the CRLF; "600" is approximate).
        assertEquals(List.of("LINE_TOO_LONG", "LINE NOOP"), frame(SMTP_COMMAND, REJECT, ehlo + "\r\nNOOP\r\n"));
    }

    @Test
    void smtp07_sixtyFourMebibytesWithoutCrlfStayWithinTheLineBuffer() {
        LineFramer framer = LineFramer.of(SMTP_COMMAND);
        byte[] junk = bytes("x".repeat(64 * 1024));
        ByteBuffer chunk = ByteBuffer.wrap(junk);
        int errors = 0;
        for (int i = 0; i < 1024; i++) {
            chunk.clear();
            while (chunk.hasRemaining()) {
                LineFramer.Result result = framer.next(chunk);
                if (result == LineFramer.Result.LINE_TOO_LONG) {
                    errors++;
                } else {
                    assertEquals(LineFramer.Result.NEED_INPUT, result);
                }
            }
            assertTrue(framer.midLine());
        }
        assertEquals(1, errors, "reported once, then discarded");
        // By construction the only buffer is the line array, allocated once.
        assertEquals(SMTP_COMMAND - 2, framer.bufferCapacity());
        assertEquals(List.of("LINE NOOP"), Framing.frame(framer, Chunks.whole(bytes("\r\nNOOP\r\n"))));
    }

    @Test
    void smtp05_bareLfInACommandGivesOneErrorAndNoCommand() {
        assertEquals(List.of("BARE_LINE_ENDING"),
                frame(SMTP_COMMAND, REJECT, "MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n"));
    }

    @Test
    void smtp05_bareLfInACommandIsContentWhenKeptAsData() {
        assertEquals(List.of("LINE MAIL FROM:<a@b>\nRCPT TO:<c@d>"),
                frame(SMTP_COMMAND, KEEP_AS_DATA, "MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n"));
    }

    @Test
    void bareLfEndsTheLineOnlyWhenAccepted() {
        assertEquals(List.of("LINE MAIL FROM:<a@b>", "LINE RCPT TO:<c@d>"),
                frame(SMTP_COMMAND, ACCEPT_BARE_LF, "MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n"));
    }

    static Stream<Arguments> bareLineEndings() {
        return Stream.of(
                Arguments.of("a\nb\r\nc\r\n", REJECT, List.of("BARE_LINE_ENDING", "LINE c")),
                Arguments.of("a\nb\r\nc\r\n", KEEP_AS_DATA, List.of("LINE a\nb", "LINE c")),
                Arguments.of("a\nb\r\nc\r\n", ACCEPT_BARE_LF, List.of("LINE a", "LINE b", "LINE c")),
                Arguments.of("a\rb\r\nc\r\n", REJECT, List.of("BARE_LINE_ENDING", "LINE c")),
                Arguments.of("a\rb\r\nc\r\n", KEEP_AS_DATA, List.of("LINE a\rb", "LINE c")),
                Arguments.of("a\rb\r\nc\r\n", ACCEPT_BARE_LF, List.of("BARE_LINE_ENDING", "LINE c")),
                Arguments.of("a\r\rb\r\nc\r\n", REJECT, List.of("BARE_LINE_ENDING", "LINE c")),
                Arguments.of("a\r\r\nc\r\n", KEEP_AS_DATA, List.of("LINE a\r", "LINE c")),
                Arguments.of("\n\r\nc\r\n", REJECT, List.of("BARE_LINE_ENDING", "LINE c")),
                Arguments.of("\n\r\nc\r\n", ACCEPT_BARE_LF, List.of("LINE ", "LINE ", "LINE c")),
                Arguments.of("a\n\nb\r\nc\r\n", REJECT, List.of("BARE_LINE_ENDING", "LINE c")),
                Arguments.of("a\n\r\nb\r\nc\r\n", REJECT, List.of("BARE_LINE_ENDING", "LINE b", "LINE c")),
                Arguments.of("\r", REJECT, List.of()),
                Arguments.of("a\rb", REJECT, List.of("BARE_LINE_ENDING")));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("bareLineEndings")
    void bareLineEndingsFollowThePolicy(String input, BareLineEndingPolicy policy, List<String> expected) {
        assertEquals(expected, frame(SMTP_COMMAND, policy, input));
    }

    @Test
    void bareLfCountsAgainstTheLimitWhenKeptAsData() {
        assertEquals(List.of("LINE aaaaaaa\n"), frame(10, KEEP_AS_DATA, "aaaaaaa\n\r\n"));
        assertEquals(List.of("LINE_TOO_LONG", "LINE b"), frame(10, KEEP_AS_DATA, "aaaaaaaa\n\r\nb\r\n"));
        assertEquals(List.of("LINE_TOO_LONG", "LINE b"), frame(10, KEEP_AS_DATA, "aaaaaaaa\rx\r\nb\r\n"));
    }

    @Test
    void bareLfEndsADiscardedLineOnlyWhenAccepted() {
        assertEquals(List.of("LINE_TOO_LONG", "LINE b"), frame(4, ACCEPT_BARE_LF, "aaaa\nb\n"));
        assertEquals(List.of("LINE_TOO_LONG"), frame(4, KEEP_AS_DATA, "aaaa\nb\n"));
    }

    @Test
    void resetDropsThePartialLine() {
        LineFramer framer = LineFramer.of(SMTP_COMMAND);
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(ByteBuffer.wrap(bytes("STARTTLS\r\nMAIL FR"))
                .position(10)));
        assertTrue(framer.midLine());
        framer.reset();
        assertFalse(framer.midLine());
        assertEquals(List.of("LINE EHLO x"), Framing.frame(framer, Chunks.whole(bytes("EHLO x\r\n"))));
    }

    @Test
    void resetEndsTheDiscardingOfATooLongLine() {
        LineFramer framer = LineFramer.of(4);
        assertEquals(List.of("LINE_TOO_LONG"), Framing.frame(framer, Chunks.whole(bytes("aaaaa"))));
        framer.reset();
        assertEquals(List.of("LINE b"), Framing.frame(framer, Chunks.whole(bytes("b\r\n"))));
    }

    @Test
    void smallestLimitAllowsOnlyEmptyLines() {
        assertEquals(List.of("LINE ", "LINE_TOO_LONG", "LINE "), frame(2, REJECT, "\r\na\r\n\r\n"));
        assertThrows(IllegalArgumentException.class, () -> LineFramer.of(1));
    }
}
