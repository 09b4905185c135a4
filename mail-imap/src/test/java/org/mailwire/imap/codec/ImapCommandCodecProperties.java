// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

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

    @Property(tries = 500)
    void decodingAnEncodedCommandGivesItBack(@ForAll("commands") ImapCommand command, @ForAll boolean utf8,
            @ForAll ImapCommandEncoder.LiteralMode mode) {
        ImapFrame.Line encoded = ImapCommandEncoder.of(utf8, mode).encode(command);
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(encoded.toBytes());
        ImapFrame frame;
        while ((frame = framer.next(input)) instanceof ImapFrame.ContinuationRequired) {
            framer.acceptLiteral();
        }
        ImapFrame.Line framed = assertInstanceOf(ImapFrame.Line.class, frame);
        assertEquals(encoded, framed);
        ImapCommandDecoder.Result result = ImapCommandDecoder.of(utf8).decode(framed);
        assertEquals(new ImapCommandDecoder.Result.Decoded(command), result);
    }
}
