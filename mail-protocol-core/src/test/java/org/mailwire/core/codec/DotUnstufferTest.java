// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.codec.BareLineEndingPolicy.KEEP_AS_DATA;
import static org.mailwire.core.codec.BareLineEndingPolicy.REJECT;
import static org.mailwire.core.codec.Chunks.bytes;
import static org.mailwire.core.codec.DotUnstuffer.Violation.BARE_CR;
import static org.mailwire.core.codec.DotUnstuffer.Violation.BARE_LF;
import static org.mailwire.core.codec.DotUnstuffer.Violation.LINE_TOO_LONG;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DotUnstufferTest {

    private static final int TEXT_LINE = 1000;
    private static final List<String> ENDED = List.of("END_OF_DATA");
    private static final List<String> VIOLATED_THEN_ENDED = List.of("VIOLATION", "END_OF_DATA");

    static Stream<Function<byte[], List<ByteBuffer>>> deliveries() {
        return Stream.of(Chunks::byteAtATime, b -> Chunks.ofSize(b, 2), b -> Chunks.ofSize(b, 5),
                b -> Chunks.direct(Chunks.whole(b)), b -> Chunks.direct(Chunks.ofSize(b, 3)));
    }

    /** Decodes whole, and checks every other delivery gives the same result. */
    private static Framing.Unstuffed unstuff(int max, BareLineEndingPolicy policy, String input) {
        Framing.Unstuffed whole = Framing.unstuff(DotUnstuffer.of(max, policy), Chunks.whole(bytes(input)));
        deliveries().forEach(delivery -> assertEquals(whole,
                Framing.unstuff(DotUnstuffer.of(max, policy), delivery.apply(bytes(input))), "split invariance"));
        return whole;
    }

    private static Framing.Unstuffed unstuff(String input) {
        return unstuff(TEXT_LINE, REJECT, input);
    }

    @Test
    void decodesAMessageUpToTheTerminatorIncludingItsLastCrlf() {
        Framing.Unstuffed result = unstuff("Subject: a\r\n\r\nbody\r\n.\r\n");
        assertEquals("Subject: a\r\n\r\nbody\r\n", result.content());
        assertEquals(ENDED, result.results());
        assertNull(result.violation());
    }

    @Test
    void bytesAfterTheTerminatorBelongToTheNextCommand() {
        Framing.Unstuffed result = unstuff("a\r\n.\r\nQUIT\r\n");
        assertEquals("a\r\n", result.content());
        assertEquals("QUIT\r\n", result.rest());
    }

    @Test
    void smtp03_terminatorAsFirstLineIsAnEmptyMessage() {
        Framing.Unstuffed result = unstuff(".\r\nQUIT\r\n");
        assertEquals("", result.content());
        assertEquals(ENDED, result.results());
        assertEquals("QUIT\r\n", result.rest());
    }

    static Stream<Arguments> stuffedLines() {
        return Stream.of(
                Arguments.of("..x\r\n", ".x\r\n"),
                Arguments.of("..\r\n", ".\r\n"),
                Arguments.of("...\r\n", "..\r\n"),
                Arguments.of("a\r\n..\r\nb\r\n", "a\r\n.\r\nb\r\n"),
                // RFC 5321 §4.5.2: the first dot of any other line starting with one is deleted.
                Arguments.of(".x\r\n", "x\r\n"),
                Arguments.of("a.\r\n.a\r\n", "a.\r\na\r\n"),
                Arguments.of("..\r\n.\r\n", ".\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stuffedLines")
    void smtp04_removesTheStuffedLeadingDot(String data, String content) {
        Framing.Unstuffed result = unstuff(data + ".\r\n");
        assertEquals(content, result.content());
        assertEquals(ENDED, result.results());
    }

    private static final String SMUGGLED =
            "MAIL FROM:<ceo@bank.example>\r\nRCPT TO:<v@x>\r\nDATA\r\nforged\r\n";

    @Test
    void smtp01_bareLfEndOfDataIsNeverAMessageBoundary() {
        String input = "Subject: a\r\n\r\nbody\n.\n" + SMUGGLED + ".\r\nQUIT\r\n";
        Framing.Unstuffed strict = unstuff(TEXT_LINE, REJECT, input);
        assertEquals(VIOLATED_THEN_ENDED, strict.results());
        assertEquals(BARE_LF, strict.violation());
        assertEquals("Subject: a\r\n\r\nbody", strict.content(), "nothing is delivered after the violation");
        assertEquals("QUIT\r\n", strict.rest(), "the smuggled commands were swallowed, not executed");

        Framing.Unstuffed kept = unstuff(TEXT_LINE, KEEP_AS_DATA, input);
        assertEquals(ENDED, kept.results());
        assertEquals("Subject: a\r\n\r\nbody\n.\n" + SMUGGLED, kept.content());
        assertEquals("QUIT\r\n", kept.rest());
    }

    static Stream<Arguments> smugglingVariants() {
        return Stream.of(
                Arguments.of("\n.\r\n", BARE_LF, "\n.\r\n"),
                Arguments.of("\r\n.\n", BARE_LF, "\r\n\n"),
                Arguments.of("\r.\r", BARE_CR, "\r.\r"),
                Arguments.of("\r\n.\r", BARE_CR, "\r\n\r"),
                Arguments.of("\r.\r\n", BARE_CR, "\r.\r\n"),
                Arguments.of("\n.\n", BARE_LF, "\n.\n"));
    }

    @ParameterizedTest(name = "strict: {0}")
    @MethodSource("smugglingVariants")
    void smtp02_everyBareEndOfDataVariantIsRejectedWhenStrict(String variant, DotUnstuffer.Violation violation,
            String kept) {
        Framing.Unstuffed result = unstuff(TEXT_LINE, REJECT, "body" + variant + SMUGGLED + ".\r\nQUIT\r\n");
        assertEquals(VIOLATED_THEN_ENDED, result.results(), "exactly one end of data");
        assertEquals(violation, result.violation());
        assertEquals("QUIT\r\n", result.rest());
    }

    @ParameterizedTest(name = "kept: {0}")
    @MethodSource("smugglingVariants")
    void smtp02_everyBareEndOfDataVariantIsContentWhenKeptAsData(String variant, DotUnstuffer.Violation violation,
            String kept) {
        Framing.Unstuffed result = unstuff(TEXT_LINE, KEEP_AS_DATA, "body" + variant + SMUGGLED + ".\r\nQUIT\r\n");
        assertEquals(ENDED, result.results(), "exactly one end of data");
        assertNull(result.violation());
        // A dot that begins a CRLF line is still a stuffing dot and is removed (RFC 5321 §4.5.2).
        assertEquals("body" + kept + SMUGGLED, result.content());
        assertEquals("QUIT\r\n", result.rest());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BareLineEndingPolicy.class, names = {"REJECT", "KEEP_AS_DATA"})
    void lineAtTheLimitIsAccepted(BareLineEndingPolicy policy) {
        String line = "a".repeat(TEXT_LINE - 2) + "\r\n";
        Framing.Unstuffed result = unstuff(TEXT_LINE, policy, line + ".\r\n");
        assertEquals(ENDED, result.results());
        assertEquals(line, result.content());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BareLineEndingPolicy.class, names = {"REJECT", "KEEP_AS_DATA"})
    void lineOnePastTheLimitIsAViolationAndTheTerminatorIsStillFound(BareLineEndingPolicy policy) {
        String line = "a".repeat(TEXT_LINE - 1) + "\r\n";
        Framing.Unstuffed result = unstuff(TEXT_LINE, policy, "ok\r\n" + line + "more\r\n.\r\nQUIT\r\n");
        assertEquals(VIOLATED_THEN_ENDED, result.results());
        assertEquals(LINE_TOO_LONG, result.violation());
        assertEquals("QUIT\r\n", result.rest());
    }

    static Stream<Arguments> linesOnePastTheLimitJustBeforeTheTerminator() {
        return Stream.of(Arguments.of(REJECT, "aaa\r\n"), Arguments.of(KEEP_AS_DATA, "aaa\r\n"),
                Arguments.of(REJECT, "aaaa\r\n"), Arguments.of(KEEP_AS_DATA, "aaaa\r\n"),
                Arguments.of(KEEP_AS_DATA, "aaa\r\r\n"), Arguments.of(KEEP_AS_DATA, "aa\n\r\n"));
    }

    @ParameterizedTest(name = "{0} [{index}]")
    @MethodSource("linesOnePastTheLimitJustBeforeTheTerminator")
    void tooLongLineEndingRightBeforeTheTerminatorStaysInSync(BareLineEndingPolicy policy, String line) {
        Framing.Unstuffed result = unstuff(4, policy, line + ".\r\nQUIT\r\n");
        assertEquals(VIOLATED_THEN_ENDED, result.results());
        assertEquals(LINE_TOO_LONG, result.violation());
        assertEquals("QUIT\r\n", result.rest());
    }

    @Test
    void lineWithoutCrlfIsTooLongAtTheFirstOctetPastTheLimit() {
        DotUnstuffer decoder = DotUnstuffer.of(10);
        ByteBuffer input = ByteBuffer.wrap(bytes("a".repeat(20)));
        assertEquals(DotUnstuffer.Result.VIOLATION, decoder.decode(input, chunk -> { }));
        assertEquals(11, input.position());
        assertEquals(10, decoder.contentLength());
    }

    @Test
    void stuffingDotDoesNotCountAgainstTheLimit() {
        // RFC 5321 §4.5.3.1.6: "not counting the leading dot duplicated for transparency".
        String line = "." + "a".repeat(TEXT_LINE - 3) + "\r\n";
        Framing.Unstuffed result = unstuff("." + line + ".\r\n");
        assertEquals(ENDED, result.results());
        assertEquals(line, result.content());
    }

    @Test
    void bareCrAtTheLimitIsTooLongWhenKeptAsData() {
        assertEquals(List.of("VIOLATION", "END_OF_DATA"),
                unstuff(4, KEEP_AS_DATA, "aaa\r\r\n.\r\n").results());
        assertEquals(LINE_TOO_LONG, unstuff(4, KEEP_AS_DATA, "aaa\r\r\n.\r\n").violation());
        assertEquals("aa\r\r\n", unstuff(5, KEEP_AS_DATA, "aa\r\r\n.\r\n").content());
    }

    static Stream<Arguments> bareLineEndingsInData() {
        return Stream.of(
                Arguments.of("\n", BARE_LF, "\n"),
                Arguments.of("a\nb", BARE_LF, "a\nb"),
                Arguments.of("a\rb", BARE_CR, "a\rb"),
                Arguments.of("\rb", BARE_CR, "\rb"),
                Arguments.of(".\rb", BARE_CR, "\rb"),
                Arguments.of(".\nb", BARE_LF, "\nb"),
                Arguments.of("a\r\r", BARE_CR, "a\r\r"));
    }

    @ParameterizedTest(name = "{1} [{index}]")
    @MethodSource("bareLineEndingsInData")
    void bareLineEndingsFollowThePolicy(String line, DotUnstuffer.Violation violation, String kept) {
        String input = line + "\r\n.\r\n";
        Framing.Unstuffed strict = unstuff(TEXT_LINE, REJECT, input);
        assertEquals(violation, strict.violation());
        assertEquals(VIOLATED_THEN_ENDED, strict.results());
        Framing.Unstuffed lenient = unstuff(TEXT_LINE, KEEP_AS_DATA, input);
        assertNull(lenient.violation());
        assertEquals(kept + "\r\n", lenient.content());
    }

    @Test
    void terminatorSplitAtEveryPointIsFound() {
        byte[] input = bytes("a\r\n..b\r\n.\r\nQUIT");
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j++) {
                Framing.Unstuffed result =
                        Framing.unstuff(DotUnstuffer.of(TEXT_LINE), Chunks.splitAt(input.clone(), i, j));
                assertEquals(new Framing.Unstuffed("a\r\n.b\r\n", ENDED, null, "QUIT"), result);
            }
        }
    }

    @Test
    void needsInputUntilTheTerminator() {
        DotUnstuffer decoder = DotUnstuffer.of(TEXT_LINE);
        assertEquals(DotUnstuffer.Result.NEED_INPUT, decoder.decode(ByteBuffer.wrap(bytes("a\r\n.\r")), c -> { }));
        assertFalse(decoder.ended());
        assertEquals(DotUnstuffer.Result.END_OF_DATA, decoder.decode(ByteBuffer.wrap(bytes("\n")), c -> { }));
        assertTrue(decoder.ended());
        assertEquals(3, decoder.contentLength());
    }

    @Test
    void decodingAfterTheEndNeedsAReset() {
        DotUnstuffer decoder = DotUnstuffer.of(TEXT_LINE);
        assertEquals(DotUnstuffer.Result.VIOLATION, decoder.decode(ByteBuffer.wrap(bytes("\n.\r\n")), c -> { }));
        assertEquals(DotUnstuffer.Result.END_OF_DATA, decoder.decode(ByteBuffer.wrap(bytes("\r\n.\r\n")), c -> { }));
        assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.wrap(bytes("x")), c -> { }));
        decoder.reset();
        assertNull(decoder.violation());
        assertEquals(0, decoder.contentLength());
        assertEquals(new Framing.Unstuffed("x\r\n", ENDED, null, ""),
                Framing.unstuff(decoder, Chunks.whole(bytes("x\r\n.\r\n"))));
    }

    @Test
    void chunksAreWindowsOnTheInputBuffer() {
        byte[] input = bytes("abc\r\n.\r\n");
        ByteBuffer buffer = ByteBuffer.wrap(input);
        DotUnstuffer.Result result = DotUnstuffer.of(TEXT_LINE).decode(buffer, chunk -> {
            assertTrue(chunk.hasArray());
            assertEquals(input, chunk.array(), "zero-copy: no new buffer per chunk");
            assertEquals(0, chunk.position());
            assertEquals(5, chunk.limit());
        });
        assertEquals(DotUnstuffer.Result.END_OF_DATA, result);
        assertEquals(input.length, buffer.position());
    }

    @Test
    void refusesToAcceptBareLfAsALineEnding() {
        assertThrows(IllegalArgumentException.class,
                () -> DotUnstuffer.of(TEXT_LINE, BareLineEndingPolicy.ACCEPT_BARE_LF));
        assertThrows(IllegalArgumentException.class, () -> DotUnstuffer.of(1));
    }
}
