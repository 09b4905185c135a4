// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Tag;

class ImapCommandDecoderTest {

    private static final ImapCommandDecoder REV1 = ImapCommandDecoder.of(false);
    private static final ImapCommandDecoder REV2 = ImapCommandDecoder.of(true);

    /** Frames one command (accepting every literal) and decodes it. */
    private static ImapCommandDecoder.Result decode(ImapCommandDecoder decoder, String wire) {
        return decoder.decode(frame(wire));
    }

    private static ImapFrame.Line frame(String wire) {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(wire.getBytes(StandardCharsets.UTF_8));
        while (true) {
            ImapFrame frame = framer.next(input);
            if (frame instanceof ImapFrame.ContinuationRequired) {
                framer.acceptLiteral();
            } else {
                return assertInstanceOf(ImapFrame.Line.class, frame, wire);
            }
        }
    }

    private static ImapCommand command(ImapCommandDecoder decoder, String wire) {
        return assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, decode(decoder, wire), wire).command();
    }

    private static ImapCommandDecoder.Result.Bad bad(ImapCommandDecoder decoder, String wire) {
        return assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode(decoder, wire), wire);
    }

    private static Tag tag(String t) {
        return Tag.of(t);
    }

    @Test
    void decodesCommandsWithoutArguments() {
        assertEquals(new ImapCommand.Capability(tag("abcd")), command(REV1, "abcd CAPABILITY\r\n"));
        assertEquals(new ImapCommand.Noop(tag("a002")), command(REV1, "a002 noop\r\n"));
        assertEquals(new ImapCommand.Logout(tag("A023")), command(REV1, "A023 LOGOUT\r\n"));
        assertEquals(new ImapCommand.StartTls(tag("a002")), command(REV1, "a002 STARTTLS\r\n"));
        assertEquals(new ImapCommand.Idle(tag("A001")), command(REV1, "A001 IDLE\r\n"));
        assertEquals(new ImapCommand.Close(tag("A341")), command(REV1, "A341 CLOSE\r\n"));
        assertEquals(new ImapCommand.Unselect(tag("A342")), command(REV1, "A342 UNSELECT\r\n"));
        assertEquals(new ImapCommand.Expunge(tag("A202")), command(REV1, "A202 EXPUNGE\r\n"));
    }

    @Test
    void recognisesDoneInAnyCase() {
        assertTrue(ImapCommandDecoder.isDone(frame("DONE\r\n")));
        assertTrue(ImapCommandDecoder.isDone(frame("done\r\n")));
        assertFalse(ImapCommandDecoder.isDone(frame("DONE \r\n")));
        assertFalse(ImapCommandDecoder.isDone(frame("a DONE\r\n")));
    }

    @Test
    void decodesLoginInEveryStringForm() {
        // RFC 9051 §6.2.3 and the literal form of §4.3 / RFC 3501 §6.2.3.
        assertEquals(new ImapCommand.Login(tag("a001"), "SMITH", "SESAME"), command(REV1, "a001 LOGIN SMITH SESAME\r\n"));
        assertEquals(new ImapCommand.Login(tag("A001"), "FRED FOOBAR", "fat man"),
                command(REV1, "A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n"));
        assertEquals(new ImapCommand.Login(tag("a"), "u\"x", "p\\w"), command(REV1, "a LOGIN \"u\\\"x\" \"p\\\\w\"\r\n"));
        assertEquals(new ImapCommand.Login(tag("a"), "", "]"), command(REV1, "a LOGIN \"\" ]\r\n"));
    }

    @Test
    void loginNeverPrintsThePassword() {
        assertFalse(command(REV1, "a LOGIN user hunter2\r\n").toString().contains("hunter2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a LOGIN \"u\\x\" p\r\n",     // invalid escape
        "a LOGIN \"u p\r\n",          // unterminated (SECURITY-CASES IMAP-09)
        "a LOGIN \"u\\",              // unterminated after a backslash
        "a LOGIN u\r\n",              // missing argument
        "a LOGIN u p q\r\n",          // trailing argument
        "a LOGIN  u p\r\n",           // two spaces
        "a LOGIN {-1}\r\n",           // not a literal (SECURITY-CASES IMAP-01)
        "a LOGIN \"caf\u00e9\" p\r\n"})  // 8-bit quoted text without UTF8=ACCEPT
    void refusesMalformedLogin(String wire) {
        String framed = wire.endsWith("\r\n") ? wire : wire + "\r\n";
        ImapCommandDecoder.Result.Bad bad = bad(REV1, framed);
        assertEquals(Optional.of(tag("a")), bad.tag());
    }

    @Test
    void acceptsUtf8QuotedStringsWhenEnabled() {
        assertEquals(new ImapCommand.Login(tag("a"), "caf\u00e9", "p"), command(REV2, "a LOGIN \"caf\u00e9\" p\r\n"));
    }

    @Test
    void decodesAuthenticateWithAndWithoutInitialResponse() {
        assertEquals(new ImapCommand.Authenticate(tag("a"), Atom.of("PLAIN"), Optional.empty()),
                command(REV1, "a AUTHENTICATE PLAIN\r\n"));
        // RFC 4959 §3: "=" is an empty initial response.
        assertEquals(new ImapCommand.Authenticate(tag("a"), Atom.of("PLAIN"), Optional.of("=")),
                command(REV1, "a AUTHENTICATE PLAIN =\r\n"));
        assertEquals(new ImapCommand.Authenticate(tag("a"), Atom.of("PLAIN"), Optional.of("AGJvYgBzZWNyZXQ=")),
                command(REV1, "a AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\r\n"));
        assertFalse(command(REV1, "a AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\r\n").toString().contains("AGJv"));
        bad(REV1, "a AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ\r\n");
        bad(REV1, "a AUTHENTICATE PLAIN A=Jv\r\n");
        bad(REV1, "a AUTHENTICATE\r\n");
    }

    @Test
    void decodesEnable() {
        assertEquals(new ImapCommand.Enable(tag("t2"), List.of(Atom.of("CONDSTORE"), Atom.of("X-GOOD-IDEA"))),
                command(REV1, "t2 ENABLE CONDSTORE X-GOOD-IDEA\r\n"));
        bad(REV1, "t2 ENABLE\r\n");
    }

    @Test
    void decodesMailboxCommandsWithModifiedUtf7() {
        MailboxName taipei = MailboxName.of("~peter/mail/\u53F0\u5317/\u65E5\u672C\u8A9E");
        assertEquals(new ImapCommand.Select(tag("A142"), MailboxName.INBOX), command(REV1, "A142 SELECT inbox\r\n"));
        assertEquals(new ImapCommand.Examine(tag("A932"), MailboxName.of("blurdybloop")),
                command(REV1, "A932 EXAMINE blurdybloop\r\n"));
        assertEquals(new ImapCommand.Create(tag("A003"), taipei),
                command(REV1, "A003 CREATE \"~peter/mail/&U,BTFw-/&ZeVnLIqe-\"\r\n"));
        assertEquals(new ImapCommand.Delete(tag("A683"), MailboxName.of("blurdybloop")),
                command(REV1, "A683 DELETE blurdybloop\r\n"));
        assertEquals(new ImapCommand.Rename(tag("A682"), MailboxName.of("foo"), MailboxName.of("bar")),
                command(REV1, "A682 RENAME foo bar\r\n"));
        assertEquals(new ImapCommand.Subscribe(tag("A002"), MailboxName.of("#news.comp.mail.mime")),
                command(REV1, "A002 SUBSCRIBE #news.comp.mail.mime\r\n"));
        assertEquals(new ImapCommand.Unsubscribe(tag("A002"), MailboxName.of("#news.comp.mail.mime")),
                command(REV1, "A002 UNSUBSCRIBE #news.comp.mail.mime\r\n"));
    }

    @Test
    void refusesInvalidMailboxNames() {
        // SECURITY-CASES IMAP-12: invalid modified UTF-7, raw 8-bit in rev1.
        assertEquals("Invalid mailbox name", bad(REV1, "a CREATE &Jjo\r\n").hint());
        assertEquals("Invalid mailbox name", bad(REV1, "a CREATE {3}\r\n\u00e9x\r\n").hint());
    }

    @Test
    void decodesUtf8MailboxNamesInRev2() {
        assertEquals(new ImapCommand.Select(tag("a"), MailboxName.of("\u53F0\u5317")),
                command(REV2, "a SELECT \"\u53F0\u5317\"\r\n"));
    }

    @Test
    void decodesBasicList() {
        assertEquals(new ImapCommand.ListMailboxes(tag("A101"), "", ""), command(REV1, "A101 LIST \"\" \"\"\r\n"));
        assertEquals(new ImapCommand.ListMailboxes(tag("A102"), "#news.comp.mail.misc", ""),
                command(REV1, "A102 LIST #news.comp.mail.misc \"\"\r\n"));
        assertEquals(new ImapCommand.ListMailboxes(tag("A202"), "~/Mail/", "%"),
                command(REV1, "A202 LIST ~/Mail/ %\r\n"));
        assertEquals(new ImapCommand.ListMailboxes(tag("A1"), "", "*"), command(REV1, "A1 LIST \"\" *\r\n"));
    }

    @Test
    void decodesStatus() {
        assertEquals(new ImapCommand.Status(tag("A042"), MailboxName.of("blurdybloop"),
                        List.of(ImapCommand.StatusItem.UIDNEXT, ImapCommand.StatusItem.MESSAGES)),
                command(REV1, "A042 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n"));
        bad(REV1, "A042 STATUS blurdybloop ()\r\n");
        bad(REV1, "A042 STATUS blurdybloop (FOO)\r\n");
        bad(REV1, "A042 STATUS blurdybloop (MESSAGES\r\n");
    }

    @Test
    void decodesTheAppendExampleOfRfc9051() {
        String message = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n\r\nHello Joe\r\n";
        ImapCommand.Append append = assertInstanceOf(ImapCommand.Append.class, command(REV1,
                "A003 APPEND saved-messages (\\Seen) {" + message.length() + "}\r\n" + message + "\r\n"));
        assertEquals(MailboxName.of("saved-messages"), append.mailbox());
        assertEquals(List.of(Flag.System.SEEN), append.flags());
        assertEquals(Optional.empty(), append.internalDate());
        assertEquals(message, new String(((Fragment.Literal) append.message()).toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void decodesAppendWithDateAndKeywords() {
        ImapCommand.Append append = assertInstanceOf(ImapCommand.Append.class, command(REV1,
                "a APPEND INBOX (\\Seen $Forwarded) \" 7-Feb-1994 21:52:25 -0800\" {2+}\r\nhi\r\n"));
        assertEquals(List.of(Flag.System.SEEN, Flag.parse("$forwarded").orElseThrow()), append.flags());
        assertEquals(Optional.of(OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8))),
                append.internalDate());
        assertInstanceOf(ImapCommand.Append.class, command(REV1, "a APPEND INBOX () {2+}\r\nhi\r\n"));
        assertInstanceOf(ImapCommand.Append.class, command(REV1, "a APPEND INBOX ~{2+}\r\nh\0\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a APPEND INBOX (\\*) {2+}\r\nhi\r\n",
        "a APPEND INBOX (\\Seen {2+}\r\nhi\r\n",
        "a APPEND INBOX \"31-Feb-1994 21:52:25 -0800\" {2+}\r\nhi\r\n",
        "a APPEND INBOX \"07-Fob-1994 21:52:25 -0800\" {2+}\r\nhi\r\n",
        "a APPEND INBOX \"7-Feb-1994 21:52:25 -0800\" {2+}\r\nhi\r\n",
        "a APPEND INBOX hi\r\n",
        "a APPEND INBOX {2+}\r\nhi extra\r\n"})
    void refusesMalformedAppend(String wire) {
        bad(REV1, wire);
    }

    @Test
    void refusesUnknownCommandsAndInvalidTags() {
        assertEquals(new ImapCommandDecoder.Result.Bad(Optional.of(tag("a")), "Unknown command"),
                decode(REV1, "a FOO\r\n"));
        assertEquals(Optional.empty(), bad(REV1, "+ NOOP\r\n").tag());
        assertEquals(Optional.empty(), bad(REV1, "* NOOP\r\n").tag());
        assertEquals(Optional.empty(), bad(REV1, "\r\n").tag());
        assertEquals(Optional.of(tag("a")), bad(REV1, "a\r\n").tag());
        assertEquals(Optional.of(tag("a")), bad(REV1, "a NOOP extra\r\n").tag());
    }

    @Test
    void decodingRandomLinesNeverThrows() {
        Random random = new Random(7);
        byte[] alphabet = "a LOGIN SELECT APPEND STATUS (){}\\\"~+ *%]0123456789-:\u00e9".getBytes(StandardCharsets.UTF_8);
        List<ImapFrame.Line> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] text = new byte[random.nextInt(40)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet[random.nextInt(alphabet.length)];
            }
            lines.add(new ImapFrame.Line(List.of(Fragment.Text.of(text))));
        }
        for (ImapFrame.Line line : lines) {
            REV1.decode(line);
            REV2.decode(line);
        }
    }
}
