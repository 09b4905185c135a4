// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SaslPrepTest {

    /** RFC 4013 §3 examples that prepare successfully. */
    static Stream<Arguments> rfc4013Examples() {
        return Stream.of(
                Arguments.of("I\u00ADX", "IX"),      // 1: SOFT HYPHEN mapped to nothing
                Arguments.of("user", "user"),        // 2: no transformation
                Arguments.of("USER", "USER"),        // 3: case preserved
                Arguments.of("\u00AA", "a"),         // 4: output is NFKC, input in ISO 8859-1
                Arguments.of("\u2168", "IX"));       // 5: output is NFKC, will match 1
    }

    @ParameterizedTest
    @MethodSource("rfc4013Examples")
    void preparesRfc4013Examples(String input, String prepared) {
        assertEquals(prepared, SaslPrep.stored(input));
        assertEquals(prepared, SaslPrep.query(input));
    }

    @Test
    void rejectsProhibitedCharacterRfc4013Example6() {
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.query("\u0007"));
    }

    @Test
    void rejectsBidiViolationRfc4013Example7() {
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.query("\u0627\u0031"));
    }

    @Test
    void acceptsRightToLeftStringThatStartsAndEndsRightToLeft() {
        assertEquals("\u0627\u0031\u0628", SaslPrep.query("\u0627\u0031\u0628"));
    }

    @Test
    void mapsNonAsciiSpacesToSpace() {
        assertEquals("a b", SaslPrep.query("a\u00A0b"));
        assertEquals("a b", SaslPrep.query("a\u3000b"));
    }

    @Test
    void rejectsPrivateUseAndNonCharacters() {
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.query("a\uE000"));
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.query("a\uFFFE"));
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.query("a\uD800"));
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.query("a\u0000b"));
    }

    @Test
    void storedStringsRejectUnassignedCodePointsQueriesAllowThem() {
        String unassigned = new String(Character.toChars(0x0378));
        assertEquals("a" + unassigned, SaslPrep.query("a" + unassigned));
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.stored("a" + unassigned));
    }
}
