// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.SearchKey;

/**
 * The values the golden sweep added: OBJECTID's MAILBOXID (RFC 8474 §4), the EMAILID and
 * THREADID search keys (§6), QUOTA's SETQUOTA and DELETED-STORAGE (RFC 9208 §4.1.3, §4.1.4).
 */
class ImapExtensionValuesTest {

    private static ImapCommandDecoder.Result decode(String wire) {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(wire.getBytes(StandardCharsets.UTF_8));
        ImapFrame frame;
        while ((frame = framer.next(input)) instanceof ImapFrame.ContinuationRequired) {
            framer.acceptLiteral();
        }
        return ImapCommandDecoder.of(true).decode(assertInstanceOf(ImapFrame.Line.class, frame));
    }

    @Test
    void appendTakesRfc6855Utf8DataBothWays() {
        String wire = "a APPEND INBOX UTF8 (~{13}\r\nSubject: \u00e9\r\n)\r\n";
        ImapCommand.Append append = assertInstanceOf(ImapCommand.Append.class, assertInstanceOf(
                ImapCommandDecoder.Result.Decoded.class, decode(wire)).command());
        assertEquals(true, append.utf8());
        assertEquals(wire, new String(ImapCommandEncoder.of(true, ImapCommandEncoder.LiteralMode.SYNCHRONIZING)
                .encode(append).toBytes(), StandardCharsets.UTF_8));
        // The data extension carries a literal8, and nothing else stands where UTF8 does.
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode("a APPEND INBOX UTF8 ({2}\r\nhi)\r\n"));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode("a APPEND INBOX UTF9 (~{2}\r\nhi)\r\n"));
        assertThrows(IllegalArgumentException.class, () -> new ImapCommand.Append(append.tag(), append.mailbox(),
                java.util.List.of(), Optional.empty(), Fragment.Literal.of(new byte[] {'x'}, true, false), true));
    }

    @Test
    void mailboxIdCodeIsReadBackAndRefusesWhatIsNoObjectId() {
        assertEquals(Optional.of("F2212ea87-6097"), ResponseCode.mailboxId("F2212ea87-6097").mailboxId());
        assertEquals(Optional.empty(), ResponseCode.of(new Atom("MAILBOXID"), Optional.of("(a b)")).mailboxId());
        assertEquals(Optional.empty(), ResponseCode.of(new Atom("MAILBOXID"), Optional.of("F1")).mailboxId());
        assertEquals(Optional.empty(), ResponseCode.tryCreate().mailboxId());
        assertThrows(IllegalArgumentException.class, () -> ResponseCode.mailboxId(""));
        assertThrows(IllegalArgumentException.class, () -> ResponseCode.mailboxId("a".repeat(256)));
        assertEquals(Optional.of("a".repeat(255)), ResponseCode.mailboxId("a".repeat(255)).mailboxId());
    }

    @Test
    void mailboxIdStatusValueCarriesAnIdAndNoNumber() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImapResponse.StatusValue(ImapCommand.StatusItem.MAILBOXID, 5));
        assertThrows(IllegalArgumentException.class, () -> ImapResponse.StatusValue.mailboxId("a b"));
        assertThrows(IllegalArgumentException.class, () -> new ImapResponse.StatusValue(
                ImapCommand.StatusItem.MESSAGES, OptionalLong.of(1), Optional.of("F1")));
        assertEquals("* STATUS foo (MAILBOXID (F1) MESSAGES 2)\r\n", new String(new ImapResponse.MailboxStatus(
                org.mailwire.imap.types.MailboxName.of("foo"), java.util.List.of(ImapResponse.StatusValue.mailboxId("F1"),
                new ImapResponse.StatusValue(ImapCommand.StatusItem.MESSAGES, 2))).toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void statusItemsAreReadByTheirWireNames() {
        assertEquals(Optional.of(ImapCommand.StatusItem.DELETED_STORAGE),
                ImapCommand.StatusItem.parse("deleted-storage"));
        assertEquals(Optional.empty(), ImapCommand.StatusItem.parse("DELETED_STORAGE"));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode("a STATUS INBOX (DELETED_STORAGE)\r\n"));
    }

    @Test
    void objectIdSearchKeysRefuseInvalidIds() {
        ImapCommand.Search search = assertInstanceOf(ImapCommand.Search.class, assertInstanceOf(
                ImapCommandDecoder.Result.Decoded.class, decode("a SEARCH OR EMAILID M1 THREADID T-2\r\n")).command());
        assertEquals(new SearchKey.Or(new SearchKey.ObjectId(false, "M1"), new SearchKey.ObjectId(true, "T-2")),
                search.keys().get(0));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode("a SEARCH EMAILID M.1\r\n"));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode("a SEARCH EMAILID " + "a".repeat(256) + "\r\n"));
    }

    @Test
    void setQuotaTakesAtMost64Resources() {
        StringBuilder at = new StringBuilder("a SETQUOTA \"\" (");
        for (int i = 0; i < 64; i++) {
            at.append(i == 0 ? "" : " ").append("R").append(i).append(' ').append(i);
        }
        ImapCommand.SetQuota setQuota = assertInstanceOf(ImapCommand.SetQuota.class, assertInstanceOf(
                ImapCommandDecoder.Result.Decoded.class, decode(at + ")\r\n")).command());
        assertEquals(64, setQuota.limits().size());
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode(at + " R64 64)\r\n"));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode("a SETQUOTA \"\" (STORAGE -1)\r\n"));
        assertEquals(new ImapCommand.SetQuota(org.mailwire.imap.types.Tag.of("a"), "", java.util.List.of()),
                assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, decode("a SETQUOTA \"\" ()\r\n")).command());
    }
}
