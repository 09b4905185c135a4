// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LineFramerProperties {

    @Provide
    Arbitrary<byte[]> hostile() {
        return HostileBytes.bytes();
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return HostileBytes.chunkSizes();
    }

    @Property(tries = 300)
    void sameEventsWholeByteAtATimeOrSplitAnywhere(@ForAll("hostile") byte[] input,
            @ForAll("sizes") List<Integer> sizes, @ForAll BareLineEndingPolicy policy,
            @ForAll @IntRange(min = 2, max = 24) int maxLineLength) {
        List<String> whole = Framing.frame(LineFramer.of(maxLineLength, policy), Chunks.whole(input));
        assertEquals(whole, Framing.frame(LineFramer.of(maxLineLength, policy), Chunks.byteAtATime(input)));
        assertEquals(whole, Framing.frame(LineFramer.of(maxLineLength, policy), Chunks.bySizes(input, sizes)));
        assertEquals(whole,
                Framing.frame(LineFramer.of(maxLineLength, policy), Chunks.direct(Chunks.bySizes(input, sizes))));
    }

    @Property(tries = 300)
    void hostileBytesNeverThrowAndNeverExceedTheLimit(@ForAll("hostile") byte[] input,
            @ForAll("sizes") List<Integer> sizes, @ForAll BareLineEndingPolicy policy,
            @ForAll @IntRange(min = 2, max = 24) int maxLineLength) {
        LineFramer framer = LineFramer.of(maxLineLength, policy);
        // Framing.frame checks every line against the limit and that NEED_INPUT consumed all.
        for (String event : Framing.frame(framer, Chunks.bySizes(input, sizes))) {
            if (event.startsWith("LINE ")) {
                String line = event.substring(5);
                if (policy != BareLineEndingPolicy.KEEP_AS_DATA) {
                    assertFalse(line.contains("\r") || line.contains("\n"), "a line ending inside a line");
                }
                assertFalse(line.contains("\r\n"), "CRLF inside a line");
            }
        }
        assertEquals(maxLineLength - 2, framer.bufferCapacity());
    }

    @Provide
    Arbitrary<List<String>> lines() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(22).list().ofMaxSize(12);
    }

    @Property(tries = 200)
    void wellFormedLinesComeOutUnchangedUnderEveryPolicy(@ForAll("lines") List<String> lines,
            @ForAll("sizes") List<Integer> sizes, @ForAll BareLineEndingPolicy policy) {
        byte[] input = Chunks.bytes(lines.stream().map(line -> line + "\r\n").collect(Collectors.joining()));
        List<String> expected = lines.stream().map(line -> "LINE " + line).collect(Collectors.toList());
        LineFramer framer = LineFramer.of(24, policy);
        assertEquals(expected, Framing.frame(framer, Chunks.bySizes(input, sizes)));
        assertFalse(framer.midLine());
        assertEquals(LineFramer.Result.NEED_INPUT, framer.next(ByteBuffer.allocate(0)));
    }

    /**
     * Compares the framer with string splitting at CRLF, an obviously correct reading: under
     * {@code REJECT} a line holding a CR or LF within the limit is a bare line ending, a longer
     * one is too long; under {@code KEEP_AS_DATA} only the length matters.
     */
    @Property(tries = 500)
    void agreesWithSplittingAtCrlf(@ForAll("hostile") byte[] bytes, @ForAll("sizes") List<Integer> sizes,
            @ForAll("strictOrKept") BareLineEndingPolicy policy,
            @ForAll @IntRange(min = 2, max = 24) int maxLineLength) {
        String input = Chunks.text(bytes, 0, bytes.length) + "\r\n";
        List<String> expected = new ArrayList<>();
        int from = 0;
        for (int crlf = input.indexOf("\r\n"); crlf >= 0; crlf = input.indexOf("\r\n", from)) {
            String line = input.substring(from, crlf);
            from = crlf + 2;
            int bare = firstLineEnding(line);
            if (policy == BareLineEndingPolicy.REJECT && bare >= 0 && bare <= maxLineLength - 2) {
                expected.add("BARE_LINE_ENDING");
            } else if (line.length() > maxLineLength - 2) {
                expected.add("LINE_TOO_LONG");
            } else {
                expected.add("LINE " + line);
            }
        }
        assertEquals(expected, Framing.frame(LineFramer.of(maxLineLength, policy),
                Chunks.bySizes(Chunks.bytes(input), sizes)));
    }

    @Provide
    Arbitrary<BareLineEndingPolicy> strictOrKept() {
        return Arbitraries.of(BareLineEndingPolicy.REJECT, BareLineEndingPolicy.KEEP_AS_DATA);
    }

    private static int firstLineEnding(String line) {
        int cr = line.indexOf('\r');
        int lf = line.indexOf('\n');
        return cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
    }
}
