// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageDateTest {

    private static MessageDate at(int year, int month, int day, int hour, int minute, int second, String offset,
            boolean known) {
        return new MessageDate(OffsetDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.of(offset)),
                known);
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                Arguments.of("Fri, 21 Nov 1997 09:55:06 -0600", at(1997, 11, 21, 9, 55, 6, "-06:00", true)),
                Arguments.of("Tue, 1 Jul 2003 10:52:37 +0200", at(2003, 7, 1, 10, 52, 37, "+02:00", true)),
                // RFC 5322 Appendix A.5: comments and folding everywhere
                Arguments.of("Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n"
                        + "               -0330 (Newfoundland Time)", at(1969, 2, 13, 23, 32, 0, "-03:30", true)),
                // RFC 5322 Appendix A.6.2: obsolete two-digit year and named zone
                Arguments.of("21 Nov 97 09:55:06 GMT", at(1997, 11, 21, 9, 55, 6, "Z", true)),
                Arguments.of("1 Jan 24 10:00 UT", at(2024, 1, 1, 10, 0, 0, "Z", true)),
                Arguments.of("1 Jan 124 10:00 EST", at(2024, 1, 1, 10, 0, 0, "-05:00", true)),
                Arguments.of("Mon, 2 Jan 2006 15:04:05 PDT", at(2006, 1, 2, 15, 4, 5, "-07:00", true)),
                Arguments.of("Mon, 2 Jan 2006 15:04:05 CST", at(2006, 1, 2, 15, 4, 5, "-06:00", true)),
                Arguments.of("Mon, 2 Jan 2006 15:04:05 EDT", at(2006, 1, 2, 15, 4, 5, "-04:00", true)),
                // Military zones and -0000 mean "no information" (RFC 5322 §3.3, §4.3)
                Arguments.of("Mon, 2 Jan 2006 15:04:05 A", at(2006, 1, 2, 15, 4, 5, "Z", false)),
                Arguments.of("Mon, 2 Jan 2006 15:04:05 -0000", at(2006, 1, 2, 15, 4, 5, "Z", false)),
                Arguments.of("Mon, 2 Jan 2006 15:04:05", at(2006, 1, 2, 15, 4, 5, "Z", false)),
                Arguments.of("2 jan 2006 15:04:60 +0000", at(2006, 1, 2, 15, 4, 59, "Z", true)));
    }

    @ParameterizedTest
    @MethodSource("dates")
    void parsesDateForms(String value, MessageDate expected) {
        assertEquals(Optional.of(expected), MessageDate.parse(value));
    }

    static Stream<String> invalid() {
        return Stream.of("", "yesterday", "32 Jan 2006 10:00 +0000", "1 Foo 2006 10:00 +0000", "1 Jan 2006",
                "1 Jan 2006 25:00 +0000", "1 Jan 2006 10:00 +9999", "30 Feb 2006 10:00 +0000", "1 Jan 99999 10:00");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsWhatIsNotADate(String value) {
        assertEquals(Optional.empty(), MessageDate.parse(value));
    }
}
