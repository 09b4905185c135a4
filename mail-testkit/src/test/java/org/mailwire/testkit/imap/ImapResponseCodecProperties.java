// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import org.mailwire.testkit.arbitraries.ImapArbitraries;
import org.mailwire.imap.codec.*;
import org.mailwire.imap.types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the response codec: {@code decode(frame(encode(r))) == r} for every response
 * type in both mailbox-name encodings, the same result however the octets are split (inside
 * literals too), and no throwable from any input.
 */
class ImapResponseCodecProperties {

    @Provide
    Arbitrary<ImapResponse> responses() {
        return ImapArbitraries.responses();
    }

    @Provide
    Arbitrary<Tuple.Tuple2<List<ImapResponse>, int[]>> splitResponses() {
        return ImapArbitraries.responses().list().ofMinSize(1).ofMaxSize(4).flatMap(list -> {
            int length = encode(list).length;
            return ImapArbitraries.cuts(length).map(cuts -> Tuple.of(list, cuts));
        });
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> mutated = Combinators.combine(ImapArbitraries.responses(),
                net.jqwik.api.Arbitraries.integers().between(0, 10_000), net.jqwik.api.Arbitraries.bytes())
                .as((r, at, b) -> {
                    byte[] bytes = r.toBytes();
                    bytes[at % bytes.length] = b;
                    return bytes;
                });
        Arbitrary<byte[]> truncated = Combinators.combine(ImapArbitraries.responses(),
                net.jqwik.api.Arbitraries.integers().between(0, 10_000)).as((r, at) -> {
                    byte[] bytes = r.toBytes();
                    byte[] cut = Arrays.copyOf(bytes, at % bytes.length);
                    byte[] withEnd = Arrays.copyOf(cut, cut.length + 2);
                    withEnd[cut.length] = '\r';
                    withEnd[cut.length + 1] = '\n';
                    return withEnd;
                });
        return net.jqwik.api.Arbitraries.oneOf(ImapArbitraries.hostileInput(), mutated, truncated);
    }

    private static byte[] encode(List<ImapResponse> responses) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        responses.forEach(r -> out.writeBytes(r.toBytes()));
        return out.toByteArray();
    }

    private static List<ImapResponseDecoder.Result> decodeAll(byte[] bytes, int[] cuts, boolean utf8) {
        ImapFramer framer = ImapFramer.forResponses(ImapRoundTrip.LIMITS);
        ImapResponseDecoder decoder = ImapResponseDecoder.of(utf8, ImapRoundTrip.LIMITS);
        List<ImapResponseDecoder.Result> results = new ArrayList<>();
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = bytes.length;
        for (int to : ends) {
            ByteBuffer chunk = ByteBuffer.wrap(bytes, from, Math.max(0, to - from));
            from = Math.max(from, to);
            while (true) {
                ImapFrame frame = framer.next(chunk);
                if (frame instanceof ImapFrame.Line line) {
                    results.add(decoder.decode(line));
                } else if (frame instanceof ImapFrame.LiteralStart) {
                    throw new AssertionError("no literal here exceeds the streaming threshold");
                } else if (frame instanceof ImapFrame.NeedInput || frame instanceof ImapFrame.Failure) {
                    if (frame instanceof ImapFrame.Failure) {
                        results.add(new ImapResponseDecoder.Result.Malformed(frame.toString()));
                    }
                    if (!chunk.hasRemaining() || framer.closed()) {
                        break;
                    }
                }
            }
        }
        return results;
    }

    @Property(tries = 500)
    void decodingAnEncodedResponseGivesItBack(@ForAll("responses") ImapResponse response, @ForAll boolean utf8) {
        ImapRoundTrip.response(response, utf8);
    }

    @Property(tries = 300)
    void splittingTheInputChangesNothing(@ForAll("splitResponses") Tuple.Tuple2<List<ImapResponse>, int[]> input) {
        byte[] bytes = encode(input.get1());
        List<ImapResponseDecoder.Result> whole = decodeAll(bytes, new int[0], true);
        assertEquals(input.get1().stream().map(r -> (ImapResponseDecoder.Result)
                new ImapResponseDecoder.Result.Decoded(r)).toList(), whole);
        assertEquals(whole, decodeAll(bytes, input.get2(), true));
    }

    @Property(tries = 500)
    void decodingAnyInputNeverThrows(@ForAll("hostile") byte[] bytes) {
        decodeAll(bytes, new int[0], true);
        decodeAll(bytes, new int[0], false);
    }
}
