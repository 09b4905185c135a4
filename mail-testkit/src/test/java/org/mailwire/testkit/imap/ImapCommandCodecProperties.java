// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import org.mailwire.testkit.arbitraries.ImapArbitraries;
import org.mailwire.imap.codec.*;
import org.mailwire.imap.types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trip of every command: {@code decode(frame(encode(c))) == c}, in IMAP4rev1
 * and IMAP4rev2 string rules and every literal mode (the KAT-inverse of imap-codec's tests).
 */
class ImapCommandCodecProperties {

    @Provide
    Arbitrary<ImapCommand> commands() {
        return net.jqwik.api.Arbitraries.oneOf(ImapArbitraries.commands(), ImapArbitraries.commandsSliceTwo());
    }

    @Provide
    Arbitrary<net.jqwik.api.Tuple.Tuple2<java.util.List<ImapCommand>, int[]>> splitCommands() {
        return commands().list().ofMinSize(1).ofMaxSize(4).flatMap(list -> ImapArbitraries.cuts(wire(list).length)
                .map(cuts -> net.jqwik.api.Tuple.of(list, cuts)));
    }

    private static byte[] wire(java.util.List<ImapCommand> commands) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImapCommandEncoder encoder = ImapCommandEncoder.of(true, ImapCommandEncoder.LiteralMode.LITERAL_PLUS);
        commands.forEach(c -> out.writeBytes(encoder.encode(c).toBytes()));
        return out.toByteArray();
    }

    private static java.util.List<ImapCommandDecoder.Result> decodeAll(byte[] bytes, int[] cuts) {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxNonSyncLiteralSize(Long.MAX_VALUE));
        framer.useAuthenticatedLimits();
        ImapCommandDecoder decoder = ImapCommandDecoder.of(true);
        java.util.List<ImapCommandDecoder.Result> results = new java.util.ArrayList<>();
        int from = 0;
        int[] ends = java.util.Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = bytes.length;
        for (int to : ends) {
            ByteBuffer chunk = ByteBuffer.wrap(bytes, from, Math.max(0, to - from));
            from = Math.max(from, to);
            ImapFrame frame;
            while (!((frame = framer.next(chunk)) instanceof ImapFrame.NeedInput)) {
                // APPEND messages keep the announcement they were generated with.
                if (frame instanceof ImapFrame.ContinuationRequired) {
                    framer.acceptLiteral();
                } else {
                    results.add(decoder.decode(assertInstanceOf(ImapFrame.Line.class, frame)));
                }
            }
        }
        return results;
    }

    @Property(tries = 300)
    void splittingCommandsAnywhereChangesNothing(
            @ForAll("splitCommands") net.jqwik.api.Tuple.Tuple2<java.util.List<ImapCommand>, int[]> input) {
        byte[] bytes = wire(input.get1());
        java.util.List<ImapCommandDecoder.Result> whole = decodeAll(bytes, new int[0]);
        assertEquals(input.get1().stream().map(c -> (ImapCommandDecoder.Result) new ImapCommandDecoder.Result.Decoded(c))
                .toList(), whole);
        assertEquals(whole, decodeAll(bytes, input.get2()));
    }

    @Property(tries = 500)
    void decodingAnEncodedCommandGivesItBack(@ForAll("commands") ImapCommand command, @ForAll boolean utf8,
            @ForAll ImapCommandEncoder.LiteralMode mode) {
        ImapRoundTrip.command(command, utf8, mode);
    }
}
