// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandDecoder;
import org.mailwire.imap.codec.ImapCommandEncoder;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapFramer;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ImapResponseDecoder;

/**
 * The round trips the IMAP properties assert: a command encoded, framed by an authenticated
 * server that accepts every literal and decoded is the command again (RFC 9051 §2.2.1); a
 * response written, framed by a client and decoded is the response again (RFC 9051 §2.2.2).
 */
final class ImapRoundTrip {

    /**
     * The codec's limits with the longest line allowed (64 KiB): a round trip checks the grammar,
     * and generated body structures and envelopes can outgrow the default 8 KiB line.
     */
    static final ImapLimits LIMITS = ImapLimits.defaults().withMaxLineLength(65536);

    private ImapRoundTrip() {
    }

    /** Asserts that {@code command} survives encode, frame and decode in the given rules. */
    static void command(ImapCommand command, boolean utf8, ImapCommandEncoder.LiteralMode mode) {
        ImapFrame.Line encoded = ImapCommandEncoder.of(utf8, mode).encode(command);
        ImapFramer framer = ImapFramer.forCommands(LIMITS);
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(encoded.toBytes());
        ImapFrame frame;
        while ((frame = framer.next(input)) instanceof ImapFrame.ContinuationRequired) {
            framer.acceptLiteral();
        }
        ImapFrame.Line framed = assertInstanceOf(ImapFrame.Line.class, frame);
        assertEquals(encoded, framed);
        assertEquals(new ImapCommandDecoder.Result.Decoded(command), ImapCommandDecoder.of(utf8).decode(framed));
    }

    /** Asserts that {@code response} survives write, frame and decode with or without UTF-8. */
    static void response(ImapResponse response, boolean utf8) {
        byte[] bytes = response.toBytes(utf8);
        ImapFrame frame = ImapFramer.forResponses(LIMITS).next(ByteBuffer.wrap(bytes));
        ImapFrame.Line line = assertInstanceOf(ImapFrame.Line.class, frame);
        assertEquals(new ImapResponseDecoder.Result.Decoded(response),
                ImapResponseDecoder.of(utf8, LIMITS).decode(line));
    }
}
