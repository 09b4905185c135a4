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
        return ImapArbitraries.hostileInput();
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
                ImapCommandDecoder.isDone(line);
            }
        }
    }
}
