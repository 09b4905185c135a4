// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import org.mailwire.testkit.arbitraries.ImapArbitraries;
import org.mailwire.imap.codec.*;
import org.mailwire.imap.types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

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
    Arbitrary<ImapFrame.Line> lines() {
        return ImapArbitraries.lines();
    }

    @Provide
    Arbitrary<byte[]> atoms() {
        return ImapArbitraries.atoms();
    }

    @Provide
    Arbitrary<byte[]> quotedStrings() {
        return ImapArbitraries.quotedStrings();
    }

    @Provide
    Arbitrary<Fragment.Text> texts() {
        return ImapArbitraries.texts();
    }

    @Provide
    Arbitrary<Fragment.Literal> literals() {
        return ImapArbitraries.literals();
    }

    /** Random octets and damaged transcripts; the damaged ones weigh more, they reach deeper states. */
    @Provide
    Arbitrary<byte[]> hostile() {
        return net.jqwik.api.Arbitraries.frequencyOf(Tuple.of(1, ImapArbitraries.hostileBytes()),
                Tuple.of(2, ImapArbitraries.mutatedTranscripts()));
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

    /** Frames the input as an authenticated server that accepts every literal. */
    private static List<ImapFrame.Line> framed(byte[] bytes, ImapFramer framer) {
        ByteBuffer input = ByteBuffer.wrap(bytes);
        List<ImapFrame.Line> framed = new ArrayList<>();
        while (true) {
            ImapFrame frame = framer.next(input);
            if (frame instanceof ImapFrame.NeedInput) {
                return framed;
            }
            if (frame instanceof ImapFrame.ContinuationRequired) {
                framer.acceptLiteral();
            } else {
                framed.add((ImapFrame.Line) frame);
            }
        }
    }

    @Property(tries = 300)
    void encodedLinesFrameBackToThemselves(@ForAll("transcripts") List<ImapFrame.Line> lines) {
        ImapFramer framer = server(ImapLimits.defaults());
        assertEquals(lines, framed(ImapArbitraries.concat(lines), framer));
        assertTrue(!framer.midCommand());
    }

    @Property(tries = 100)
    void aLineIsOneFrameAndEndsTheCommand(@ForAll("lines") ImapFrame.Line line) {
        ImapFramer framer = server(ImapLimits.defaults());
        assertEquals(List.of(line), framed(line.toBytes(), framer));
        assertTrue(!framer.midCommand());
    }

    @Property(tries = 100)
    void quotedStringsHideAnnouncementsFromTheFramer(@ForAll("atoms") byte[] atom,
            @ForAll("quotedStrings") byte[] quoted) {
        // A quoted "{5}" at the end of a line is text, not a literal announcement (RFC 9051 §4.3).
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        text.writeBytes(atom);
        text.write(' ');
        text.writeBytes(quoted);
        ImapFrame.Line line = new ImapFrame.Line(List.of(Fragment.Text.of(text.toByteArray())));
        assertEquals(List.of(line), framed(line.toBytes(), server(ImapRoundTrip.LIMITS)));
    }

    @Property(tries = 100)
    void aLiteralBetweenTextsFramesBack(@ForAll("texts") Fragment.Text before,
            @ForAll("literals") Fragment.Literal literal, @ForAll("texts") Fragment.Text after) {
        ImapFrame.Line line = new ImapFrame.Line(List.of(before, literal, after));
        assertEquals(List.of(line), framed(line.toBytes(), server(ImapRoundTrip.LIMITS)));
    }

    @Property(tries = 200)
    void anySplitOfValidInputYieldsTheSameFrames(@ForAll("transcripts") List<ImapFrame.Line> lines,
            @ForAll("cutSeeds") int[] seeds) {
        byte[] bytes = ImapArbitraries.concat(lines);
        ImapLimits limits = ImapLimits.defaults();
        List<ImapFrame> whole = checkedRun(limits, false, bytes, new int[0]);
        assertEquals(whole, checkedRun(limits, false, bytes, everyByte(bytes.length)));
        assertEquals(whole, checkedRun(limits, false, bytes, scale(seeds, bytes.length)));
    }

    /** Cut points between every two octets. */
    private static int[] everyByte(int length) {
        int[] cuts = new int[length];
        for (int i = 0; i < length; i++) {
            cuts[i] = i;
        }
        return cuts;
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
        List<ImapFrame> whole = checkedRun(limits, responses, bytes, new int[0]);
        assertEquals(whole, checkedRun(limits, responses, bytes, scale(seeds, bytes.length)));
        assertEquals(whole, checkedRun(limits, responses, bytes, everyByte(bytes.length)));
    }

    /**
     * Runs the framer over cut input, accepting every literal and draining streamed ones, checking
     * every frame against the limits; frames are records (lines compare their octets), so runs
     * compare with {@code equals}.
     */
    private static List<ImapFrame> checkedRun(ImapLimits limits, boolean responses, byte[] bytes, int[] cuts) {
        ImapFramer framer = responses ? ImapFramer.forResponses(limits) : server(limits);
        List<ImapFrame> events = new ArrayList<>();
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
                events.add(frame);
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
