// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwire.core.Secret;

class Pop3CommandDecoderTest {

    static Stream<Arguments> validCommands() {
        return Stream.of(
                Arguments.of("USER mrose", new Pop3Command.User("mrose")),
                Arguments.of("user mrose", new Pop3Command.User("mrose")),
                Arguments.of("PASS secret with spaces", new Pop3Command.Pass(Secret.of("secret with spaces"))),
                Arguments.of("APOP mrose c4c9334bac560ecc979e58001b3e22fb",
                        new Pop3Command.Apop("mrose", "c4c9334bac560ecc979e58001b3e22fb")),
                Arguments.of("AUTH", new Pop3Command.Auth(Optional.empty(), Optional.empty())),
                Arguments.of("AUTH PLAIN", new Pop3Command.Auth(Optional.of("PLAIN"), Optional.empty())),
                Arguments.of("AUTH PLAIN =", new Pop3Command.Auth(Optional.of("PLAIN"), Optional.of("="))),
                Arguments.of("STAT", new Pop3Command.Stat()),
                Arguments.of("LIST", new Pop3Command.List(OptionalInt.empty())),
                Arguments.of("LIST 2", new Pop3Command.List(OptionalInt.of(2))),
                Arguments.of("Retr 1", new Pop3Command.Retr(1)),
                Arguments.of("DELE 2147483647", new Pop3Command.Dele(Integer.MAX_VALUE)),
                Arguments.of("NOOP", new Pop3Command.Noop()),
                Arguments.of("RSET", new Pop3Command.Rset()),
                Arguments.of("TOP 1 10", new Pop3Command.Top(1, 10)),
                Arguments.of("TOP 1 0", new Pop3Command.Top(1, 0)),
                Arguments.of("UIDL", new Pop3Command.Uidl(OptionalInt.empty())),
                Arguments.of("UIDL 3", new Pop3Command.Uidl(OptionalInt.of(3))),
                Arguments.of("QUIT", new Pop3Command.Quit()),
                Arguments.of("QUIT ", new Pop3Command.Quit()),
                Arguments.of("CAPA", new Pop3Command.Capa()),
                Arguments.of("STLS", new Pop3Command.Stls()),
                Arguments.of("utf8", new Pop3Command.Utf8()),
                Arguments.of("XTND XMIT", new Pop3Command.Unknown("XTND")),
                Arguments.of("USER j\u00f6rg", new Pop3Command.User("j\u00f6rg")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCommands")
    void decodesValidCommand(String line, Pop3Command expected) {
        assertEquals(expected, decodeOne(line + "\r\n"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "", " ", "RETR 0", "RETR -1", "RETR 99999999999999999999", "RETR 2147483648", "RETR 1 2", "RETR",
        "TOP 1 -1", "TOP 1", "TOP 1 x", "LIST 1 2", "STAT 1", "USER", "USER a b", "PASS", "PASS ",
        "APOP mrose short", "APOP mrose C4C9334BAC560ECC979E58001B3E22FB", "LIST  1", "USER\ta",
        "USER a\u0000b", "AUTH A B C",
    })
    void rejectsInvalidCommand(String line) {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        ByteBuffer in = ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThrows(Pop3ProtocolException.class, () -> decoder.next(in));
        // The decoder stays usable after the bad line.
        assertEquals(new Pop3Command.Noop(), decoder.next(ByteBuffer.wrap("NOOP\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] line = {'U', 'S', 'E', 'R', ' ', (byte) 0xC3, (byte) 0x28, '\r', '\n'};
        assertThrows(Pop3ProtocolException.class, () -> new Pop3CommandDecoder().next(ByteBuffer.wrap(line)));
    }

    @Test
    void rejectsInvalidUtf8InAPasswordAsAProtocolError() {
        // Found by the testkit's hostile POP3 arbitrary: Secret.ofUtf8 threw IllegalArgumentException.
        byte[] line = {'P', 'A', 'S', 'S', ' ', (byte) 0xFF, 'x', '\r', '\n'};
        assertThrows(Pop3ProtocolException.class, () -> new Pop3CommandDecoder().next(ByteBuffer.wrap(line)));
    }

    @Test
    void acceptsCommandAtLimitOf255Octets() {
        String line = "USER " + "a".repeat(255 - 5 - 2);
        assertEquals(255, line.length() + 2);
        assertEquals(new Pop3Command.User("a".repeat(248)), decodeOne(line + "\r\n"));
    }

    @Test
    void rejectsCommandOf256Octets() {
        String line = "USER " + "a".repeat(255 - 5 - 2 + 1);
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        ByteBuffer in = ByteBuffer.wrap((line + "\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThrows(Pop3ProtocolException.class, () -> decoder.next(in));
        // The rest of the long line is skipped and decoding resumes after its CRLF.
        assertEquals(new Pop3Command.Noop(), decoder.next(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOOP\n", "NOOP\r", "NO\nOP\r\n"})
    void rejectsBareLineEndings(String text) {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        ByteBuffer in = ByteBuffer.wrap((text + "x\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThrows(Pop3ProtocolException.class, () -> {
            while (in.hasRemaining()) {
                decoder.next(in);
            }
        });
    }

    @Test
    void reportsMidCommandUntilTheLineEnds() {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        assertNull(decoder.next(ByteBuffer.wrap("NO".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(true, decoder.midCommand());
        assertEquals(new Pop3Command.Noop(), decoder.next(ByteBuffer.wrap("OP\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(false, decoder.midCommand());
    }

    @Test
    void encodesWhatItDecodes() {
        assertEquals("TOP 1 10\r\n", new String(Pop3CommandDecoder.encode(new Pop3Command.Top(1, 10)), StandardCharsets.US_ASCII));
        assertEquals("STLS\r\n", new String(Pop3CommandDecoder.encode(new Pop3Command.Stls()), StandardCharsets.US_ASCII));
        assertEquals("UTF8\r\n", new String(Pop3CommandDecoder.encode(new Pop3Command.Utf8()), StandardCharsets.US_ASCII));
    }

    @Test
    void decodesResponsesWithExtendedCodes() {
        byte[] line = "-ERR [SYS/TEMP] try later".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Pop3Response.err(Pop3ResponseCode.SYS_TEMP, "try later"), Pop3Response.decode(line, line.length));
        byte[] inUse = "-ERR [IN-USE]".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Pop3Response.err(Pop3ResponseCode.IN_USE, ""), Pop3Response.decode(inUse, inUse.length));
        byte[] ok = "+OK".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Pop3Response.ok(""), Pop3Response.decode(ok, ok.length));
        assertEquals("-ERR [AUTH] no\r\n", new String(Pop3Response.err(Pop3ResponseCode.AUTH, "no").encode(),
                StandardCharsets.US_ASCII));
    }

    @Test
    void responseTextCannotInjectALine() {
        assertThrows(IllegalArgumentException.class, () -> Pop3Response.ok("a\r\n+OK b"));
        assertThrows(IllegalArgumentException.class, () -> new Pop3ResponseCode("SYS//TEMP"));
    }

    private static Pop3Command decodeOne(String text) {
        Pop3CommandDecoder decoder = new Pop3CommandDecoder();
        ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        Pop3Command command = decoder.next(in);
        assertEquals(0, in.remaining());
        return command;
    }
}
