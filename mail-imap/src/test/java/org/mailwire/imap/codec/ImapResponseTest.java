// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.PermanentFlag;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;

class ImapResponseTest {

    private static String wire(ImapResponse response) {
        return new String(response.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void encodesTheSelectResponsesOfRfc9051() {
        // RFC 9051 §6.3.2 example.
        assertEquals("* 172 EXISTS\r\n", wire(new ImapResponse.Exists(172)));
        assertEquals("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n", wire(ImapResponse.Status.untagged(
                ImapResponse.Kind.OK, ResponseCode.uidValidity(UidValidity.of(3857529045L)), "UIDs valid")));
        assertEquals("* OK [UIDNEXT 4392] Predicted next UID\r\n", wire(ImapResponse.Status.untagged(
                ImapResponse.Kind.OK, ResponseCode.uidNext(4392), "Predicted next UID")));
        assertEquals("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n",
                wire(new ImapResponse.Flags(List.of(Flag.System.values()))));
        assertEquals("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n", wire(ImapResponse.Status.untagged(
                ImapResponse.Kind.OK, ResponseCode.permanentFlags(List.<PermanentFlag>of(Flag.System.DELETED,
                        Flag.System.SEEN, PermanentFlag.AnyKeyword.INSTANCE)), "Limited")));
        assertEquals("A142 OK [READ-WRITE] SELECT completed\r\n", wire(ImapResponse.Status.tagged(
                Tag.of("A142"), ImapResponse.Kind.OK, ResponseCode.readWrite(), "SELECT completed")));
    }

    @Test
    void encodesCapabilityExpungeAndContinuation() {
        assertEquals("* CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n",
                wire(new ImapResponse.Capability(List.of(Atom.of("IMAP4rev2"), Atom.of("STARTTLS"),
                        Atom.of("AUTH=GSSAPI"), Atom.of("LOGINDISABLED")))));
        assertEquals("* 3 EXPUNGE\r\n", wire(new ImapResponse.Expunge(3)));
        assertEquals("+ Ready for literal data\r\n", wire(new ImapResponse.Continuation("Ready for literal data")));
        assertEquals("+ \r\n", wire(new ImapResponse.Continuation("")));
    }

    @Test
    void encodesTaggedFailuresWithCodes() {
        assertEquals("a BAD [TOOBIG] Literal too large\r\n", wire(ImapResponse.Status.tagged(Tag.of("a"),
                ImapResponse.Kind.BAD, ResponseCode.tooBig(), "Literal too large")));
        assertEquals("a NO [TRYCREATE] No such mailbox\r\n", wire(ImapResponse.Status.tagged(Tag.of("a"),
                ImapResponse.Kind.NO, ResponseCode.tryCreate(), "No such mailbox")));
        assertEquals("* BYE Autologout; idle for too long\r\n", wire(ImapResponse.Status.untagged(
                ImapResponse.Kind.BYE, null, "Autologout; idle for too long")));
        assertEquals("* OK [CAPABILITY IMAP4rev2 LITERAL-] Ready\r\n", wire(ImapResponse.Status.untagged(
                ImapResponse.Kind.OK, ResponseCode.capability(List.of(Atom.of("IMAP4rev2"), Atom.of("LITERAL-"))),
                "Ready")));
    }

    @Test
    void framerFailuresMapToTheirReplies() {
        assertEquals("a NO [TOOBIG] Literal too large\r\n", wire(new ImapFrame.LiteralTooLarge(
                Optional.of(Tag.of("a")), 100000, true, false).reply()));
        // RFC 7888 (LITERAL-): a non-synchronizing literal over the LITERAL- cap gets BAD [TOOBIG].
        assertEquals("a BAD [TOOBIG] Literal too large\r\n", wire(new ImapFrame.LiteralTooLarge(
                Optional.of(Tag.of("a")), 5000, false, false).reply()));
        assertEquals("* BAD [TOOBIG] Line too long\r\n",
                wire(new ImapFrame.LineTooLong(Optional.empty(), false).reply()));
        assertEquals("a BAD [TOOBIG] Command too large\r\n",
                wire(new ImapFrame.CommandTooLarge(Optional.of(Tag.of("a")), false).reply()));
        assertEquals("a BAD NUL in command\r\n", wire(new ImapFrame.Malformed(Optional.of(Tag.of("a")),
                ImapFrame.Malformed.Reason.NUL_IN_LINE, false).reply()));
    }

    @Test
    void writesIntoABuffer() {
        ByteBuffer out = ByteBuffer.allocate(64);
        new ImapResponse.Exists(1).writeTo(out);
        assertEquals(12, out.position());
    }

    @Test
    void refusesValuesThatWouldBreakTheLine() {
        // Encoders cannot emit injectable bytes (SECURITY-CASES G2).
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.Status.tagged(Tag.of("a"),
                ImapResponse.Kind.OK, null, "done\r\nb OK fake"));
        assertThrows(IllegalArgumentException.class, () -> new ImapResponse.Continuation("x\n"));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.Status.untagged(ImapResponse.Kind.OK, null,
                "[ALERT] not a code"));
        assertThrows(IllegalArgumentException.class, () -> new ImapResponse.Status(Optional.of(Tag.of("a")),
                ImapResponse.Kind.BYE, Optional.empty(), "bye"));
        assertThrows(IllegalArgumentException.class, () -> ResponseCode.of(Atom.of("X"), Optional.of("a]b")));
        assertThrows(IllegalArgumentException.class, () -> new ImapResponse.Expunge(0));
        assertThrows(IllegalArgumentException.class, () -> Tag.of("a b"));
        assertThrows(IllegalArgumentException.class, () -> Tag.of("+"));
    }
}
