// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringFormTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void choosesTheLightestFormAnAStringAllows() {
        assertEquals(StringForm.ATOM, StringForm.forAString(bytes("INBOX"), false));
        assertEquals(StringForm.ATOM, StringForm.forAString(bytes("a]b"), false));
        assertEquals(StringForm.QUOTED, StringForm.forAString(bytes(""), false));
        assertEquals(StringForm.QUOTED, StringForm.forAString(bytes("Sent Items"), false));
        assertEquals(StringForm.QUOTED, StringForm.forAString(bytes("a\"b\\c"), false));
        assertEquals(StringForm.QUOTED, StringForm.forAString(bytes("a{5}"), false));
        assertEquals(StringForm.LITERAL, StringForm.forAString(bytes("caf\u00e9"), false));
        assertEquals(StringForm.QUOTED, StringForm.forAString(bytes("caf\u00e9"), true));
        assertEquals(StringForm.LITERAL, StringForm.forAString(bytes("a\r\nb"), true));
        assertEquals(StringForm.LITERAL, StringForm.forAString(new byte[] {'a', 0}, true));
    }

    @Test
    void stringsAreNeverAtoms() {
        assertEquals(StringForm.QUOTED, StringForm.forString(bytes("INBOX"), false));
    }

    @Test
    void longValuesBecomeLiterals() {
        assertEquals(StringForm.ATOM, StringForm.forAString(bytes("x".repeat(StringForm.MAX_QUOTED_LENGTH)), false));
        assertEquals(StringForm.LITERAL,
                StringForm.forAString(bytes("x".repeat(StringForm.MAX_QUOTED_LENGTH + 1)), false));
        assertEquals(StringForm.QUOTED, StringForm.forString(bytes("x".repeat(StringForm.MAX_QUOTED_LENGTH)), false));
    }
}
