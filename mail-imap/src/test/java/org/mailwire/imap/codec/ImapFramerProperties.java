// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import org.mailwire.imap.arbitraries.ImapArbitraries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the framer: encode/frame round trip, split invariance (whole, byte at a time,
 * random cuts, inside literals too), and the fuzz invariant that any input, random or a damaged
 * valid transcript, yields frames within the limits and nothing else (SECURITY-CASES LOAD-08).
 * Tries are modest; CI shares two cores.
 */
class ImapFramerProperties {

    @Provide
    Arbitrary<List<ImapFrame.Line>> transcripts() {
        return ImapArbitraries.transcripts();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return ImapArbitraries.hostileInput();
    }

    @Provide
    Arbitrary<ImapLimits> limits() {
        return ImapArbitraries.smallLimits();
    }

    private static ImapFramer server(ImapLimits limits) {
        ImapFramer framer = ImapFramer.forCommands(limits);
        framer.useAuthenticatedLimits();
        return framer;
    }

    @Property(tries = 300)
    void encodedLinesFrameBackToThemselves(@ForAll("transcripts") List<ImapFrame.Line> lines) {
        ImapFramer framer = server(ImapLimits.defaults());
        ByteBuffer input = ByteBuffer.wrap(ImapArbitraries.concat(lines));
        List<ImapFrame.Line> framed = new ArrayList<>();
        while (true) {
            ImapFrame frame = framer.next(input);
            if (frame instanceof ImapFrame.NeedInput) {
                break;
            }
            if (frame instanceof ImapFrame.ContinuationRequired) {
                framer.acceptLiteral();
            } else {
                framed.add((ImapFrame.Line) frame);
            }
        }
        assertEquals(lines, framed);
        assertTrue(!framer.midCommand());
    }

    @Property(tries = 200)
    void anySplitOfValidInputYieldsTheSameFrames(@ForAll("transcripts") List<ImapFrame.Line> lines,
            @ForAll("cutSeeds") int[] seeds) {
        byte[] bytes = ImapArbitraries.concat(lines);
        List<String> whole = FramerTranscript.run(server(ImapLimits.defaults()), bytes, new int[0],
                FramerTranscript.Answer.ACCEPT);
        assertEquals(whole, FramerTranscript.byteAtATime(server(ImapLimits.defaults()), bytes));
        assertEquals(whole, FramerTranscript.run(server(ImapLimits.defaults()), bytes, scale(seeds, bytes.length),
                FramerTranscript.Answer.ACCEPT));
    }

    @Provide
    Arbitrary<int[]> cutSeeds() {
        return ImapArbitraries.cuts(1_000_000);
    }

    /** Maps seeds in [0, 1e6] onto cut points of a payload, so one arbitrary serves any length. */
    private static int[] scale(int[] seeds, int length) {
        int[] cuts = new int[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            cuts[i] = (int) ((long) seeds[i] * length / 1_000_000);
        }
        return cuts;
    }

    @Property(tries = 300)
    void hostileInputNeverThrowsExceedsLimitsOrDependsOnSplits(@ForAll("hostile") byte[] bytes,
            @ForAll("limits") ImapLimits limits, @ForAll("cutSeeds") int[] seeds,
            @ForAll boolean responses) {
        List<String> whole = checkedRun(limits, responses, bytes, new int[0]);
        assertEquals(whole, checkedRun(limits, responses, bytes, scale(seeds, bytes.length)));
        int[] everyByte = new int[bytes.length];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i;
        }
        assertEquals(whole, checkedRun(limits, responses, bytes, everyByte));
    }

    /** Runs the framer over cut input, checking every frame against the limits. */
    private static List<String> checkedRun(ImapLimits limits, boolean responses, byte[] bytes, int[] cuts) {
        ImapFramer framer = responses ? ImapFramer.forResponses(limits) : server(limits);
        List<String> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : bytes.length;
            ByteBuffer chunk = ByteBuffer.wrap(bytes, start, Math.max(0, end - start)).slice();
            start = Math.max(start, end);
            for (int guard = 0; ; guard++) {
                assertTrue(guard < 100_000, "framer made no progress");
                ImapFrame frame = framer.next(chunk);
                if (frame instanceof ImapFrame.NeedInput) {
                    assertTrue(!chunk.hasRemaining());
                    break;
                }
                events.add(FramerTranscript.render(frame));
                if (frame instanceof ImapFrame.ContinuationRequired c) {
                    assertTrue(c.size() <= limits.maxLiteralSize());
                    framer.acceptLiteral();
                } else if (frame instanceof ImapFrame.LiteralStart s) {
                    assertTrue(s.size() > limits.maxInMemoryLiteralSize() && s.size() <= limits.maxLiteralSize());
                    framer.streamLiteral(c -> c.position(c.limit()));
                } else if (frame instanceof ImapFrame.Line line) {
                    long held = 0;
                    for (Fragment f : line.fragments()) {
                        if (f instanceof Fragment.Text t) {
                            assertTrue(t.length() <= limits.maxLineLength() - 2);
                            held += t.length();
                        } else if (f instanceof Fragment.Literal l) {
                            assertTrue(l.length() <= limits.maxInMemoryLiteralSize());
                            assertTrue(l.synchronizing() || l.length() <= limits.maxNonSyncLiteralSize());
                            held += l.length();
                        } else {
                            Fragment.StreamedLiteral s = (Fragment.StreamedLiteral) f;
                            assertTrue(s.size() <= limits.maxLiteralSize());
                        }
                        held += ImapLimits.FRAGMENT_OVERHEAD;
                    }
                    assertTrue(held <= limits.maxCommandSize());
                }
            }
        }
        return events;
    }
}
