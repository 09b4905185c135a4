// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link DotUnstuffer} against an obviously correct reading of the same bytes: the data ends at
 * the first {@code \r\n.\r\n} (counting the CRLF before the data), lines are what lies between
 * CRLFs, and a leading dot is dropped. The decoder is a state machine; the reference is string
 * splitting, so they are unlikely to share a mistake.
 */
class DotUnstufferProperties {

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

    @Property(tries = 500)
    void agreesWithSplittingAtCrlf(@ForAll("hostile") byte[] input, @ForAll("sizes") List<Integer> sizes,
            @ForAll("dataPolicies") BareLineEndingPolicy policy,
            @ForAll @IntRange(min = 2, max = 24) int maxLineLength) {
        Framing.Unstuffed actual = Framing.unstuff(DotUnstuffer.of(maxLineLength, policy),
                Chunks.bySizes(input, sizes));
        Framing.Unstuffed expected = reference(Chunks.text(input, 0, input.length), policy, maxLineLength);
        assertEquals(expected.results(), actual.results());
        assertEquals(expected.rest(), actual.rest());
        assertEquals(expected.violation() == null, actual.violation() == null,
                "violation " + actual.violation());
        if (expected.violation() == null) {
            assertEquals(expected.content(), actual.content());
        }
    }

    /** The reference reading; its {@code violation} is only ever null or some violation. */
    private static Framing.Unstuffed reference(String input, BareLineEndingPolicy policy, int max) {
        String stream = "\r\n" + input;
        int terminator = stream.indexOf("\r\n.\r\n");
        boolean ended = terminator >= 0;
        // Complete lines, each with its CRLF, then at most one unfinished line.
        String data = ended ? stream.substring(2, terminator + 2) : stream.substring(2);
        String rest = ended ? stream.substring(terminator + 5) : "";
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int crlf = data.indexOf("\r\n"); crlf >= 0; crlf = data.indexOf("\r\n", from)) {
            lines.add(data.substring(from, crlf + 2));
            from = crlf + 2;
        }
        String unfinished = data.substring(from);
        boolean violation = false;
        StringBuilder content = new StringBuilder();
        for (String line : lines) {
            String text = line.startsWith(".") ? line.substring(1) : line;
            violation |= text.length() > max;
            String body = text.substring(0, text.length() - 2);
            violation |= policy == BareLineEndingPolicy.REJECT && (body.indexOf('\r') >= 0 || body.indexOf('\n') >= 0);
            content.append(text);
        }
        String text = unfinished.startsWith(".") ? unfinished.substring(1) : unfinished;
        violation |= text.length() > max;
        // A final CR may still be the first half of a CRLF.
        String body = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        violation |= policy == BareLineEndingPolicy.REJECT && (body.indexOf('\r') >= 0 || body.indexOf('\n') >= 0);
        // The CR of ".\r" is withheld until it is known not to be part of the terminator.
        content.append(unfinished.equals(".\r") ? "" : text);
        List<String> results = new ArrayList<>();
        if (violation) {
            results.add("VIOLATION");
        }
        if (ended) {
            results.add("END_OF_DATA");
        }
        return new Framing.Unstuffed(content.toString(), results,
                violation ? DotUnstuffer.Violation.LINE_TOO_LONG : null, rest);
    }
}
