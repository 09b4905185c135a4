// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EncodedWordsTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                // RFC 2047 §8
                Arguments.of("(=?ISO-8859-1?Q?a?=)", "(a)"),
                Arguments.of("(=?ISO-8859-1?Q?a?= b)", "(a b)"),
                Arguments.of("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"),
                Arguments.of("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"),
                Arguments.of("(=?ISO-8859-1?Q?a?=    =?ISO-8859-1?Q?b?=)", "(ab)"),
                Arguments.of("(=?ISO-8859-1?Q?a_b?=)", "(a b)"),
                Arguments.of("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"),
                Arguments.of("=?US-ASCII?Q?Keith_Moore?=", "Keith Moore"),
                Arguments.of("=?ISO-8859-1?Q?Andr=E9?= Pirard", "André Pirard"),
                Arguments.of("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= "
                        + "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
                        "If you can read this you understand the example."),
                // many charsets
                Arguments.of("=?UTF-8?B?8J+Ygg==?=", "\uD83D\uDE02"),
                Arguments.of("=?KOI8-R?B?8NLJ18XU?=", "Привет"),
                Arguments.of("=?ISO-2022-JP?B?GyRCJEYkOSRIGyhC?=", "てすと"),
                Arguments.of("=?Shift_JIS?B?g2WDWINn?=", "テスト"),
                Arguments.of("=?windows-1252?Q?=80?=", "€"),
                Arguments.of("=?utf-8*en?q?hi?=", "hi"),
                // a character split across two words survives
                Arguments.of("=?UTF-8?Q?=C3?= =?UTF-8?Q?=BC?=", "ü"),
                // missing padding, lower-case hex
                Arguments.of("=?UTF-8?B?w7w?=", "ü"),
                Arguments.of("=?UTF-8?Q?=c3=bc?=", "ü"),
                // kept verbatim
                Arguments.of("=?x-unknown?Q?a?=", "=?x-unknown?Q?a?="),
                Arguments.of("=?UTF-8?X?a?=", "=?UTF-8?X?a?="),
                Arguments.of("=?UTF-8?B?!!!?=", "=?UTF-8?B?!!!?="),
                Arguments.of("=?UTF-8?Q?a=Z?=", "=?UTF-8?Q?a=Z?="),
                Arguments.of("=?UTF-8?Q?a b?=", "=?UTF-8?Q?a b?="),
                Arguments.of("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
                Arguments.of("plain =? text ?=", "plain =? text ?="),
                Arguments.of("=?=?=?=?=?", "=?=?=?=?=?"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void decodesRfc2047Examples(String encoded, String decoded) {
        assertEquals(decoded, EncodedWords.decode(encoded));
    }

    @Test
    void decodedControlCharactersCannotBeWrittenBack() {
        String decoded = EncodedWords.decode("=?UTF-8?Q?a=0D=0ABcc:_x@y?=");
        assertEquals("a\r\nBcc: x@y", decoded);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HeaderEncoder.unstructured("Subject", decoded)).getMessage().contains("CR, LF"));
    }

    @Test
    void encodesIntoWordsOfAtMostSeventyFiveCharacters() {
        String text = "Grüße aus Köln, ".repeat(20) + "\uD83D\uDE02";
        String encoded = EncodedWords.encode(text);
        for (String word : encoded.split(" ")) {
            assertTrue(word.length() <= 75, word);
        }
        assertEquals(text, EncodedWords.decode(encoded));
    }

    @Test
    void hostileRunsOfMarkersDecodeInLinearTime() {
        String hostile = "=?a?q?".repeat(200_000);
        assertEquals(hostile, EncodedWords.decode(hostile));
    }
}
