// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
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
}
