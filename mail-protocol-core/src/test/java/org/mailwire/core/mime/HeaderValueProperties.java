// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** h11's fuzz invariant for every header value parser: any text gives a value, never a throwable. */
class HeaderValueProperties {

    private static final List<String> PIECES = List.of("=?", "?=", "?Q?", "?B?", "UTF-8", "=C3", "=", "_", "\"",
            "\\", "(", ")", "<", ">", "@", ",", ";", ":", ".", "[", "]", " ", "\t", "\r\n ", "a", "b@c", "*0*=",
            "*1=", "'", "%E2", "%", "multipart", "/", "mixed", "boundary=", "Mon,", "1", "Jan", "2024", "10:00",
            "+0100", "EST", "\u00e9", "\uD83D\uDE02", "\0");

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> soup = Arbitraries.of(PIECES).list().ofMaxSize(30).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(soup, Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 500)
    void everyParserAnswersAnyValue(@ForAll("values") String value) {
        AddressList list = AddressList.parse(value, 5);
        assertTrue(list.mailboxes().size() <= 5 + value.length());
        ContentType.parse(value).ifPresent(type -> assertEquals(type.type(), type.type().strip()));
        ContentDisposition.parse(value);
        MessageDate.parse(value);
        EncodedWords.decode(value);
        HeaderField.parse(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).decodedValue();
    }
}
