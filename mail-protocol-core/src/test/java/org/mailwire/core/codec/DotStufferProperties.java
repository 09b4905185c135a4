// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of dot-stuffing in both directions: {@link DotStuffer} and {@link DotUnstuffer}. */
class DotStufferProperties {

    @Provide
    Arbitrary<byte[]> hostile() {
        return HostileBytes.bytes();
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return HostileBytes.chunkSizes();
    }

    @Provide
    Arbitrary<BareLineEndingPolicy> dataPolicies() {
        return Arbitraries.of(BareLineEndingPolicy.REJECT, BareLineEndingPolicy.KEEP_AS_DATA);
    }

    @Property(tries = 300)
    void unstuffingStuffedContentGivesTheContentWithCrlfLineEndings(@ForAll("hostile") byte[] content,
            @ForAll("sizes") List<Integer> sizes, @ForAll @IntRange(min = 2, max = 19) int dstSize,
            @ForAll("dataPolicies") BareLineEndingPolicy policy) {
        byte[] wire = Framing.stuff(new DotStuffer(), Chunks.bySizes(content, sizes), dstSize);
        Framing.Unstuffed decoded = Framing.unstuff(DotUnstuffer.of(1000, policy), Chunks.bySizes(wire, sizes));
        assertEquals(new Framing.Unstuffed(Framing.normalised(content), List.of("END_OF_DATA"), null, ""), decoded);
    }

    @Property(tries = 300)
    void stuffedOutputHasOnlyCrlfAndOneTerminatorAtTheEnd(@ForAll("hostile") byte[] content,
            @ForAll("sizes") List<Integer> sizes, @ForAll @IntRange(min = 2, max = 19) int dstSize) {
        byte[] wire = Framing.stuff(new DotStuffer(), Chunks.bySizes(content, sizes), dstSize);
        String text = "\r\n" + Chunks.text(wire, 0, wire.length);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\r') {
                assertEquals('\n', text.charAt(i + 1), "bare CR at " + i);
            } else if (text.charAt(i) == '\n') {
                assertEquals('\r', text.charAt(i - 1), "bare LF at " + i);
            }
        }
        assertEquals(text.length() - 5, text.indexOf("\r\n.\r\n"), "the terminator appears only at the end");
        assertTrue(text.endsWith("\r\n.\r\n"));
    }

    @Property(tries = 300)
    void unstuffingGivesTheSameResultWholeByteAtATimeOrSplitAnywhere(@ForAll("hostile") byte[] input,
            @ForAll("sizes") List<Integer> sizes, @ForAll("dataPolicies") BareLineEndingPolicy policy,
            @ForAll @IntRange(min = 2, max = 24) int maxLineLength) {
        Framing.Unstuffed whole = Framing.unstuff(DotUnstuffer.of(maxLineLength, policy), Chunks.whole(input));
        assertEquals(whole, Framing.unstuff(DotUnstuffer.of(maxLineLength, policy), Chunks.byteAtATime(input)));
        assertEquals(whole, Framing.unstuff(DotUnstuffer.of(maxLineLength, policy), Chunks.bySizes(input, sizes)));
        assertEquals(whole, Framing.unstuff(DotUnstuffer.of(maxLineLength, policy),
                Chunks.direct(Chunks.bySizes(input, sizes))));
    }

    @Property(tries = 300)
    void hostileBytesNeverThrowAndNeverYieldAnOverlongLine(@ForAll("hostile") byte[] input,
            @ForAll("sizes") List<Integer> sizes, @ForAll("dataPolicies") BareLineEndingPolicy policy,
            @ForAll @IntRange(min = 2, max = 24) int maxLineLength) {
        Framing.Unstuffed result = Framing.unstuff(DotUnstuffer.of(maxLineLength, policy),
                Chunks.bySizes(input, sizes));
        assertTrue(result.content().length() <= input.length);
        assertTrue(result.results().size() <= 2);
        // Content lines (split at CRLF only) respect the limit, CRLF included; an unfinished
        // last line, which may end in the CR of its CRLF, is within the limit too.
        String[] lines = result.content().split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int octets = lines[i].length() + (i < lines.length - 1 ? 2 : 0);
            assertTrue(octets <= maxLineLength, "line of " + octets + " octets");
        }
        if (policy == BareLineEndingPolicy.REJECT && result.violation() == null) {
            // Strict content has no bare line ending, except a last CR still waiting for its LF.
            String content = result.content();
            String complete = content.endsWith("\r") ? content.substring(0, content.length() - 1) : content;
            String withoutCrlf = complete.replace("\r\n", "");
            assertTrue(withoutCrlf.indexOf('\r') < 0 && withoutCrlf.indexOf('\n') < 0, "bare line ending");
        }
    }
}
