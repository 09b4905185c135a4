// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

    @ParameterizedTest
    @ValueSource(strings = {"a001", "A", "a]", "x.y-z", "$1", "!#&'", "~"})
    void acceptsAStringCharsButPlus(String text) {
        assertEquals(text, Tag.of(text).value());
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.of(Tag.of(text)), Tag.decode(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "*", "a+", "a b", "(", ")", "{", "%", "\"", "\\", "a\u0000", "\u00e9", "\u007f"})
    void refusesEverythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> Tag.of(text));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), Tag.decode(bytes, 0, bytes.length));
    }
}
