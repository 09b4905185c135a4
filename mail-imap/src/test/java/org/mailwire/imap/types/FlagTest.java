// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FlagTest {

    @Test
    void parsesSystemFlagsInAnyCase() {
        assertEquals(Optional.of(Flag.System.SEEN), Flag.parse("\\Seen"));
        assertEquals(Optional.of(Flag.System.SEEN), Flag.parse("\\SEEN"));
        assertEquals(Optional.of(Flag.System.DRAFT), Flag.parse("\\draft"));
        assertEquals("\\Answered", Flag.System.ANSWERED.wire());
    }

    @Test
    void keywordsAndExtensionsCompareIgnoringCase() {
        assertEquals(Flag.parse("$Forwarded"), Flag.parse("$FORWARDED"));
        assertEquals(Flag.parse("$Forwarded").hashCode(), Flag.parse("$forwarded").hashCode());
        assertEquals("$Forwarded", Flag.parse("$Forwarded").orElseThrow().wire());
        Flag recent = Flag.parse("\\Recent").orElseThrow();
        assertInstanceOf(Flag.Extension.class, recent);
        assertEquals(recent, Flag.parse("\\RECENT").orElseThrow());
        assertNotEquals(Flag.parse("Seen"), Flag.parse("\\Seen"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\\", "\\*", "a b", "(x", "x]", "\\\\Seen", "%", "caf\u00e9", "a\"b"})
    void refusesTextThatIsNoFlag(String text) {
        assertEquals(Optional.empty(), Flag.parse(text));
    }

    @Test
    void permanentFlagsAddTheWildcard() {
        assertEquals(Optional.of(PermanentFlag.AnyKeyword.INSTANCE), PermanentFlag.parse("\\*"));
        assertEquals(Optional.of(Flag.System.DELETED), PermanentFlag.parse("\\Deleted"));
        assertEquals("\\*", PermanentFlag.AnyKeyword.INSTANCE.wire());
    }

    @Test
    void extensionCannotNameASystemFlag() {
        assertThrows(IllegalArgumentException.class, () -> new Flag.Extension(Atom.of("seen")));
    }
}
