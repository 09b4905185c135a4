// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.mailwire.core.Secret;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3CommandDecoder;
import org.mailwire.pop3.codec.Pop3Response;
import org.mailwire.pop3.codec.Pop3ResponseCode;

/**
 * jqwik arbitraries for POP3 (RFC 1939): commands and status responses, valid and hostile.
 */
public final class Pop3Arbitraries {

    private Pop3Arbitraries() {
    }

    /**
     * Every POP3 command of RFC 1939 §4-7, RFC 2449 (CAPA, AUTH per RFC 5034), RFC 2595 (STLS)
     * and RFC 6856 (UTF8), with valid arguments, and unknown keywords.
     *
     * @return the commands
     */
    public static Arbitrary<Pop3Command> commands() {
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

    /**
     * Status lines (RFC 1939 §3): {@code +OK} or {@code -ERR}, with or without an extended
     * response code (RFC 2449 §8, RFC 3206), text in ASCII and UTF-8 (RFC 6856).
     *
     * @return the responses
     */
    public static Arbitrary<Pop3Response> responses() {
        Arbitrary<Optional<Pop3ResponseCode>> code = Arbitraries.of(
                Pop3ResponseCode.IN_USE, Pop3ResponseCode.LOGIN_DELAY, Pop3ResponseCode.SYS_TEMP,
                Pop3ResponseCode.SYS_PERM, Pop3ResponseCode.AUTH, Pop3ResponseCode.UTF8,
                new Pop3ResponseCode("X-VENDOR/SUB/LEVEL")).injectNull(0.4).map(Optional::ofNullable);
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\u4e2d')
                .ofMaxLength(100).filter(t -> !t.startsWith("[") && !t.startsWith(" "));
        return Combinators.combine(Arbitraries.of(true, false), code, text).as(Pop3Response::new);
    }

    /**
     * Bytes a hostile client might send: valid pipelined commands damaged by {@link ByteMutations},
     * words of the POP3 vocabulary in any order, and random octets, over-long lines included
     * (RFC 2449 §4 allows 255 octets per command).
     *
     * @return the bytes
     */
    public static Arbitrary<byte[]> hostileCommands() {
        Arbitrary<byte[]> valid = commands().list().ofMinSize(1).ofMaxSize(4).map(list -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            list.forEach(c -> out.writeBytes(Pop3CommandDecoder.encode(c)));
            return out.toByteArray();
        });
        Arbitrary<byte[]> vocabulary = Arbitraries.of("USER ", "PASS ", "APOP ", "AUTH ", "PLAIN", "RETR ", "TOP ",
                "LIST", "UIDL", "STLS", "CAPA", "QUIT", " ", "0", "-1", "4294967296", "=", "*", "\r\n", "\r", "\n",
                "\u0000", "\u00e9", "x".repeat(300)).list().ofMaxSize(30)
                .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(3, ByteMutations.of(valid)), Tuple.of(2, vocabulary),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(600)));
    }

    /**
     * Status lines a hostile server might send: valid ones damaged by {@link ByteMutations}, and
     * random octets.
     *
     * @return the bytes of one line, without its CRLF
     */
    public static Arbitrary<byte[]> hostileResponses() {
        Arbitrary<byte[]> valid = responses().map(r -> {
            byte[] wire = r.encode();
            return java.util.Arrays.copyOf(wire, wire.length - 2);
        });
        return Arbitraries.frequencyOf(Tuple.of(3, ByteMutations.of(valid)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(600)));
    }
}
