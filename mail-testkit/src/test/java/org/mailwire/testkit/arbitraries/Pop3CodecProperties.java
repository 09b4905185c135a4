// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3CommandDecoder;
import org.mailwire.pop3.codec.Pop3ProtocolException;
import org.mailwire.pop3.codec.Pop3Response;

class Pop3CodecProperties {

    @Property
    void commandRoundTrips(@ForAll("commands") Pop3Command command) {
        byte[] wire = Pop3CommandDecoder.encode(command);
        assertEquals(command, new Pop3CommandDecoder().next(ByteBuffer.wrap(wire)));
    }

    @Property
    void responseRoundTrips(@ForAll("responses") Pop3Response response) {
        byte[] wire = response.encode();
        assertEquals(response, Pop3Response.decode(wire, wire.length - 2));
    }

    @Property
    void commandsAreTheSameWholeByteByByteOrSplit(@ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("commands") Pop3Command> commands,
                                                   @ForAll @IntRange(min = 0, max = 2000) int split) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        commands.forEach(c -> out.writeBytes(Pop3CommandDecoder.encode(c)));
        byte[] wire = out.toByteArray();
        assertEquals(commands, decodeAll(List.of(wire)));
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : wire) {
            bytes.add(new byte[] {b});
        }
        assertEquals(commands, decodeAll(bytes));
        int at = split % (wire.length + 1);
        assertEquals(commands, decodeAll(List.of(java.util.Arrays.copyOfRange(wire, 0, at),
                java.util.Arrays.copyOfRange(wire, at, wire.length))));
    }

    /** h11's fuzz invariant: arbitrary bytes give commands or a Pop3ProtocolException, nothing else. */
    @Property(tries = 2000)
    void hostileBytesGiveCommandsOrProtocolErrors(@ForAll("hostileCommandBytes") byte[] bytes,
                                                  @ForAll @IntRange(min = 1, max = 64) int chunk) {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i));
            while (in.hasRemaining()) {
                try {
                    decoder.next(in);
                } catch (Pop3ProtocolException expected) {
                    // A -ERR for the peer; the decoder goes on.
                }
            }
        }
    }

    @Property(tries = 2000)
    void hostileResponseLinesGiveResponsesOrProtocolErrors(@ForAll("hostileResponseBytes") byte[] bytes) {
        try {
            Pop3Response.decode(bytes, bytes.length);
        } catch (Pop3ProtocolException expected) {
            // A malformed status line.
        }
    }

    private static List<Pop3Command> decodeAll(List<byte[]> pieces) {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        List<Pop3Command> result = new ArrayList<>();
        for (byte[] piece : pieces) {
            ByteBuffer in = ByteBuffer.wrap(piece);
            while (in.hasRemaining()) {
                Pop3Command c = decoder.next(in);
                if (c != null) {
                    result.add(c);
                }
            }
        }
        return result;
    }

    @Provide
    Arbitrary<Pop3Command> commands() {
        return Pop3Arbitraries.commands();
    }

    @Provide
    Arbitrary<Pop3Response> responses() {
        return Pop3Arbitraries.responses();
    }

    @Provide
    Arbitrary<byte[]> hostileCommandBytes() {
        return Pop3Arbitraries.hostileCommands();
    }

    @Provide
    Arbitrary<byte[]> hostileResponseBytes() {
        return Pop3Arbitraries.hostileResponses();
    }
}
