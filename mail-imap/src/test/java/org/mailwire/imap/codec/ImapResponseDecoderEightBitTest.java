// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw 8-bit text from IMAP4rev1 servers: valid UTF-8 reads as UTF-8, anything else octet by
 * octet as ISO-8859-1, and the client decoder never refuses a response for it.
 */
class ImapResponseDecoderEightBitTest {

    private static byte[] wire(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    private static ImapResponse decode(boolean utf8, byte[] wire) {
        ImapFrame frame = ImapFramer.forResponses(ImapLimits.defaults()).next(ByteBuffer.wrap(wire));
        ImapResponseDecoder.Result result = ImapResponseDecoder.of(utf8, ImapLimits.defaults())
                .decode(assertInstanceOf(ImapFrame.Line.class, frame));
        return assertInstanceOf(ImapResponseDecoder.Result.Decoded.class, result, result::toString).response();
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("Latin-1 e acute", new byte[] {'c', 'a', 'f', (byte) 0xE9}, "caf\u00e9"),
                Arguments.of("valid UTF-8", new byte[] {'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9}, "caf\u00e9"),
                Arguments.of("four-octet UTF-8", new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
                        "\ud83d\ude00"),
                Arguments.of("overlong NUL", new byte[] {'a', (byte) 0xC0, (byte) 0x80}, "a\u00c0\u0080"),
                Arguments.of("UTF-8 surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "\u00ed\u00a0\u0080"),
                Arguments.of("truncated sequence", new byte[] {'x', (byte) 0xE2, (byte) 0x82}, "x\u00e2\u0082"),
                Arguments.of("past U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        "\u00f4\u0090\u0080\u0080"),
                Arguments.of("lone continuation", new byte[] {(byte) 0x80, 'z'}, "\u0080z"),
                Arguments.of("Windows-1252 quotes", new byte[] {(byte) 0x93, 'h', 'i', (byte) 0x94},
                        "\u0093hi\u0094"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void statusTextIsReadAsUtf8OrOctetByOctet(String name, byte[] octets, String expected) {
        for (boolean utf8 : new boolean[] {true, false}) {
            assertEquals(ImapResponse.Status.untagged(ImapResponse.Kind.OK, null, "Hello " + expected),
                    decode(utf8, wire("* OK Hello ", octets, "\r\n")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void quotedAndLiteralEnvelopeStringsAreReadAsUtf8OrOctetByOctet(String name, byte[] octets, String expected) {
        ImapResponse.Fetch quoted = assertInstanceOf(ImapResponse.Fetch.class, decode(false, wire(
                "* 1 FETCH (ENVELOPE (NIL \"", octets, "\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")));
        assertEquals(Optional.of(expected),
                assertInstanceOf(FetchData.EnvelopeData.class, quoted.items().get(0)).envelope().subject());
        ImapResponse.Fetch literal = assertInstanceOf(ImapResponse.Fetch.class, decode(false, wire(
                "* 1 FETCH (ENVELOPE (NIL {" + octets.length + "}\r\n", octets,
                " NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")));
        assertEquals(quoted, literal);
    }

    @Test
    void latin1InAResponseCodeArgumentAndAnAddressName() {
        ImapResponse.Status status = assertInstanceOf(ImapResponse.Status.class,
                decode(false, wire("a NO [X-REASON gr", new byte[] {(byte) 0xFC}, "n] no\r\n")));
        assertEquals(Optional.of("gr\u00fcn"), status.code().orElseThrow().arguments());
        ImapResponse.Fetch fetch = assertInstanceOf(ImapResponse.Fetch.class, decode(false, wire(
                "* 2 FETCH (ENVELOPE (NIL NIL ((\"J", new byte[] {(byte) 0xF6}, "rg\" NIL \"j\" \"x.test\")) NIL NIL"
                        + " NIL NIL NIL NIL NIL))\r\n")));
        assertEquals(Optional.of("J\u00f6rg"), assertInstanceOf(FetchData.EnvelopeData.class, fetch.items().get(0))
                .envelope().from().get(0).name());
    }

    @Test
    void escapedQuotedStringsStillReadTheirEscapes() {
        ImapResponse.Fetch fetch = assertInstanceOf(ImapResponse.Fetch.class, decode(true, wire(
                "* 1 FETCH (ENVELOPE (NIL \"a\\\"b\\\\", new byte[] {(byte) 0xE9}, "\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")));
        assertEquals(Optional.of("a\"b\\\u00e9"), assertInstanceOf(FetchData.EnvelopeData.class,
                fetch.items().get(0)).envelope().subject());
    }
}
