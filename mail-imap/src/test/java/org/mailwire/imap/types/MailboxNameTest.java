// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxNameTest {

    static Stream<Arguments> validPairs() {
        return Stream.of(
                // RFC 3501 §5.1.3: "~peter/mail/&U,BTFw-/&ZeVnLIqe-" is ~peter/mail/台北/日本語.
                Arguments.of("~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E"),
                Arguments.of("&-", "&"),
                Arguments.of("Tom &- Jerry", "Tom & Jerry"),
                Arguments.of("&AOk-t&AOk-", "\u00E9t\u00E9"),
                Arguments.of("&Jjo-!", "\u263A!"),
                Arguments.of("&2D3eAA-", "\uD83D\uDE00"),
                Arguments.of("", ""),
                Arguments.of("Sent Items", "Sent Items"));
    }

    @ParameterizedTest
    @MethodSource("validPairs")
    void decodesAndEncodesModifiedUtf7(String wire, String unicode) {
        assertEquals(Optional.of(MailboxName.of(unicode)), MailboxName.fromModifiedUtf7(wire));
        assertEquals(wire, MailboxName.of(unicode).toModifiedUtf7());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&Jjo",         // unterminated run (SECURITY-CASES IMAP-12)
        "&",            // '&' at the end
        "&U/BTFw-",     // '/' is plain base64, modified base64 uses ','
        "&AGE-",        // encodes 'a', which must represent itself
        "&ACY-",        // encodes '&', which must be "&-"
        "&Jjp-",        // non-zero padding bits
        "&JjoA-",       // a partial unit of 6 bits
        "&2D0-",        // a lone high surrogate
        "&3gA-",        // a lone low surrogate
        "&AOk-&AOk-",   // two touching runs: the encoder makes one
        "&AAA-",        // NUL
        "&AAo-",        // LF
        "caf\u00E9",    // 8-bit text is not modified UTF-7
        "a\tb",         // control characters never stand for themselves
        "&&-"})
    void refusesInvalidModifiedUtf7(String wire) {
        assertEquals(Optional.empty(), MailboxName.fromModifiedUtf7(wire));
    }

    @Test
    void inboxIsCaseInsensitive() {
        assertEquals(MailboxName.INBOX, MailboxName.of("inbox"));
        assertTrue(MailboxName.fromModifiedUtf7("InBoX").orElseThrow().isInbox());
        assertEquals("INBOX", MailboxName.of("Inbox").name());
        assertFalse(MailboxName.of("INBOX.Sent").isInbox());
        assertEquals("inbox.Sent", MailboxName.of("inbox.Sent").name());
    }

    @Test
    void refusesControlCharactersAndUnpairedSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> MailboxName.of("a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> MailboxName.of("a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> MailboxName.of("a\u0085b"));
        assertThrows(IllegalArgumentException.class, () -> MailboxName.of("\uD83D"));
        assertThrows(IllegalArgumentException.class, () -> MailboxName.of("\uDE00x"));
    }

    @Test
    void decodesAndEncodesUtf8() {
        MailboxName name = MailboxName.of("\u53F0\u5317/\u00E9t\u00E9 \uD83D\uDE00");
        byte[] utf8 = "\u53F0\u5317/\u00E9t\u00E9 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(utf8, name.toUtf8());
        assertEquals(Optional.of(name), MailboxName.fromUtf8(utf8));
    }

    @Test
    void refusesInvalidUtf8() {
        assertEquals(Optional.empty(), MailboxName.fromUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF}));
        assertEquals(Optional.empty(), MailboxName.fromUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertEquals(Optional.empty(), MailboxName.fromUtf8(new byte[] {'a', (byte) 0xE6}));
        assertEquals(Optional.empty(), MailboxName.fromUtf8(new byte[] {'a', 0, 'b'}));
    }
}
