// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mailwire.core.Secret;

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
    void hostileBytesGiveCommandsOrProtocolErrors(@ForAll @Size(max = 600) byte[] bytes,
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
    void hostileResponseLinesGiveResponsesOrProtocolErrors(@ForAll @Size(max = 600) byte[] bytes) {
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
        Arbitrary<String> word = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40);
        Arbitrary<Integer> number = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<OptionalInt> optionalNumber = number.injectNull(0.3)
                .map(n -> n == null ? OptionalInt.empty() : OptionalInt.of(n));
        Arbitrary<String> digest = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
        Arbitrary<String> password = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(60);
        Arbitrary<String> keyword = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8)
                .filter(k -> !Pop3CommandDecoder.isKnownKeyword(k));
        return Arbitraries.oneOf(
                word.map(Pop3Command.User::new),
                password.map(p -> new Pop3Command.Pass(Secret.of(p))),
                Combinators.combine(word, digest).as(Pop3Command.Apop::new),
                Combinators.combine(word.injectNull(0.3), word.injectNull(0.5)).as((m, r) ->
                        new Pop3Command.Auth(Optional.ofNullable(m), m == null ? Optional.empty() : Optional.ofNullable(r))),
                Arbitraries.just(new Pop3Command.Stat()),
                optionalNumber.map(Pop3Command.List::new),
                number.map(Pop3Command.Retr::new),
                number.map(Pop3Command.Dele::new),
                Arbitraries.just(new Pop3Command.Noop()),
                Arbitraries.just(new Pop3Command.Rset()),
                Combinators.combine(number, Arbitraries.integers().between(0, Integer.MAX_VALUE)).as(Pop3Command.Top::new),
                optionalNumber.map(Pop3Command.Uidl::new),
                Arbitraries.just(new Pop3Command.Quit()),
                Arbitraries.just(new Pop3Command.Capa()),
                Arbitraries.just(new Pop3Command.Stls()),
                Arbitraries.just(new Pop3Command.Utf8()),
                keyword.map(Pop3Command.Unknown::new));
    }

    @Provide
    Arbitrary<Pop3Response> responses() {
        Arbitrary<Optional<Pop3ResponseCode>> code = Arbitraries.of(
                Pop3ResponseCode.IN_USE, Pop3ResponseCode.LOGIN_DELAY, Pop3ResponseCode.SYS_TEMP,
                Pop3ResponseCode.SYS_PERM, Pop3ResponseCode.AUTH, Pop3ResponseCode.UTF8,
                new Pop3ResponseCode("X-VENDOR/SUB/LEVEL")).injectNull(0.4).map(Optional::ofNullable);
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\u4e2d')
                .ofMaxLength(100).filter(t -> !t.startsWith("[") && !t.startsWith(" "));
        return Combinators.combine(Arbitraries.of(true, false), code, text).as(Pop3Response::new);
    }
}
