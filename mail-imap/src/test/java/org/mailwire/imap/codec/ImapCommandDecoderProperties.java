// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fuzz invariant for the command decoder (h11's, SECURITY-CASES LOAD-08): whatever the
 * framer makes of hostile input, decoding each line yields a command or a {@code BAD}, never a
 * throwable.
 */
class ImapCommandDecoderProperties {

    @Provide
    Arbitrary<byte[]> hostile() {
        // Valid commands of every kind with one octet changed or the line cut short, beside
        // random and mutated framing.
        Arbitrary<byte[]> valid = net.jqwik.api.Arbitraries.oneOf(ImapArbitraries.commands(),
                ImapArbitraries.commandsSliceTwo()).map(c -> ImapCommandEncoder.of(true,
                        ImapCommandEncoder.LiteralMode.LITERAL_PLUS).encode(c).toBytes());
        Arbitrary<byte[]> mutated = net.jqwik.api.Combinators.combine(valid,
                net.jqwik.api.Arbitraries.integers().between(0, 10_000), net.jqwik.api.Arbitraries.bytes())
                .as((bytes, at, b) -> {
                    bytes[at % bytes.length] = b;
                    return bytes;
                });
        Arbitrary<byte[]> truncated = net.jqwik.api.Combinators.combine(valid,
                net.jqwik.api.Arbitraries.integers().between(0, 10_000)).as((bytes, at) -> {
                    byte[] cut = java.util.Arrays.copyOf(bytes, at % bytes.length + 2);
                    cut[cut.length - 2] = '\r';
                    cut[cut.length - 1] = '\n';
                    return cut;
                });
        return net.jqwik.api.Arbitraries.oneOf(ImapArbitraries.hostileInput(), mutated, truncated);
    }

    @Property(tries = 500)
    void decodingAnyFramedLineNeverThrows(@ForAll("hostile") byte[] bytes) {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(bytes);
        while (true) {
            ImapFrame frame = framer.next(input);
            if (frame instanceof ImapFrame.NeedInput) {
                return;
            }
            if (frame instanceof ImapFrame.ContinuationRequired) {
                framer.acceptLiteral();
            } else if (frame instanceof ImapFrame.Line line) {
                ImapCommandDecoder.of(false).decode(line);
                ImapCommandDecoder.of(true).decode(line);
                ImapCommandDecoder.of(true, ImapLimits.defaults(), false).decode(line);
                ImapCommandDecoder.isDone(line);
            }
        }
    }
}
