// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Tag;

class ImapCommandEncoderTest {

    private static final ImapCommandEncoder REV1 =
            ImapCommandEncoder.of(false, ImapCommandEncoder.LiteralMode.SYNCHRONIZING);
    private static final ImapCommandEncoder REV2 =
            ImapCommandEncoder.of(true, ImapCommandEncoder.LiteralMode.LITERAL_MINUS);

    private static String wire(ImapCommandEncoder encoder, ImapCommand command) {
        return new String(encoder.encode(command).toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void writesEachStringInItsLightestForm() {
        assertEquals("a001 LOGIN SMITH SESAME\r\n",
                wire(REV1, new ImapCommand.Login(Tag.of("a001"), "SMITH", "SESAME")));
        assertEquals("a LOGIN \"FRED FOOBAR\" \"a\\\"b\\\\c\"\r\n",
                wire(REV1, new ImapCommand.Login(Tag.of("a"), "FRED FOOBAR", "a\"b\\c")));
        assertEquals("a LOGIN {5}\r\ncaf\u00e9 \"\"\r\n",
                wire(REV1, new ImapCommand.Login(Tag.of("a"), "caf\u00e9", "")));
        assertEquals("a LOGIN \"caf\u00e9\" {3+}\r\na\r\n\r\n",
                wire(REV2, new ImapCommand.Login(Tag.of("a"), "caf\u00e9", "a\r\n")));
    }

    @Test
    void writesMailboxNamesInTheSessionsForm() {
        MailboxName name = MailboxName.of("~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E");
        assertEquals("A003 CREATE ~peter/mail/&U,BTFw-/&ZeVnLIqe-\r\n",
                wire(REV1, new ImapCommand.Create(Tag.of("A003"), name)));
        // Atoms are 7-bit (RFC 9051 §9 ATOM-CHAR); UTF-8 travels quoted (RFC 6855 §3).
        assertEquals("A003 CREATE \"~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E\"\r\n",
                wire(REV2, new ImapCommand.Create(Tag.of("A003"), name)));
        assertEquals("A202 LIST ~/Mail/ %\r\n", wire(REV1, new ImapCommand.ListMailboxes(Tag.of("A202"), "~/Mail/", "%")));
        assertEquals("A101 LIST \"\" \"\"\r\n", wire(REV1, new ImapCommand.ListMailboxes(Tag.of("A101"), "", "")));
    }

    @Test
    void writesAppendWithFlagsDateAndLiteral() {
        ImapCommand.Append append = new ImapCommand.Append(Tag.of("A003"), MailboxName.of("saved-messages"),
                List.of(Flag.System.SEEN), Optional.of(OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8))),
                Fragment.Literal.of("hi\r\n".getBytes(StandardCharsets.US_ASCII), true, false));
        assertEquals("A003 APPEND saved-messages (\\Seen) \"07-Feb-1994 21:52:25 -0800\" {4}\r\nhi\r\n\r\n",
                wire(REV1, append));
    }

    @Test
    void refusesNulInStrings() {
        assertThrows(IllegalArgumentException.class,
                () -> REV1.encode(new ImapCommand.Login(Tag.of("a"), "u\u0000", "p")));
    }
}
