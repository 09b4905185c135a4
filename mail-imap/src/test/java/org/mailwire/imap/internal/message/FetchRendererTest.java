// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.imap.internal.message.TestMessages.crlf;
import static org.mailwire.imap.internal.message.TestMessages.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.Section;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;

class FetchRendererTest {

    private static final FetchRenderer RENDERER = FetchRenderer.of(ZoneOffset.ofHours(-7));

    /** The message of RFC 9051 §6.4.5's FETCH example, rebuilt to its sizes (4286 octets, body 3028 in 92 lines). */
    static byte[] rfcExample() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 91; i++) {
            body.append("x".repeat(31)).append("\r\n");
        }
        body.append("y".repeat(23)).append("\r\n");
        String header = crlf("Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)",
                "From: Terry Gray <gray@cac.washington.edu>",
                "Subject: IMAP4rev2 WG mtg summary and minutes",
                "To: imap@cac.washington.edu",
                "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>",
                "Message-Id: <B27397-0100000@cac.washington.edu>",
                "MIME-Version: 1.0",
                "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII");
        int pad = 4286 - 3028 - header.length() - "X-Pad: \r\n\r\n".length();
        String message = header + "X-Pad: " + "p".repeat(pad) + "\r\n\r\n" + body;
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    private static RenderedItem render(FetchItem item, MessageView view) throws Exception {
        return RENDERER.render(item, view);
    }

    @Test
    void rendersTheRfc9051FetchExampleByteForByte() throws Exception {
        byte[] bytes = rfcExample();
        assertEquals(4286, bytes.length);
        MessageView view = TestMessages.view(bytes, 1, Flags.of(Flag.SEEN), TestMessages.DATE);
        List<FetchData> items = new ArrayList<>();
        for (FetchItem item : FetchRenderer.expand(ImapCommand.FetchMacro.FULL)) {
            items.add(render(item, view).data());
        }
        assertEquals("* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
                + "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev2 WG mtg summary and minutes\" "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((NIL NIL \"imap\" \"cac.washington.edu\")) "
                + "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) "
                + "NIL NIL \"<B27397-0100000@cac.washington.edu>\") "
                + "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n",
                wire(12, items.toArray(FetchData[]::new)));
    }

    @Test
    void rendersTheRfc9051MultipartBodyStructureExample() throws Exception {
        // RFC 9051 §7.5.2 BODYSTRUCTURE example: two text parts of 1152 octets in 23 lines and
        // 4554 octets in 73 lines.
        String first = lines(1152, 23);
        String second = lines(4554, 73);
        String message = crlf("From: a@example.org", "MIME-Version: 1.0",
                "Content-Type: MULTIPART/MIXED; BOUNDARY=\"b\"", "", "--b",
                "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII", "")
                + first + crlf("", "--b", "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff",
                        "Content-ID: <960723163407.20117h@cac.washington.edu>",
                        "Content-Description: Compiler diff", "Content-Transfer-Encoding: BASE64", "")
                + second + crlf("", "--b--");
        MessageView view = TestMessages.view(message);
        assertEquals("* 1 FETCH (BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
                + "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\"))\r\n",
                wire(1, render(FetchItem.Simple.BODY, view).data()));
        assertEquals("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23"
                + " NIL NIL NIL NIL)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
                + "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73 NIL NIL NIL NIL)"
                + " \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL))\r\n",
                wire(1, render(FetchItem.Simple.BODYSTRUCTURE, view).data()));
    }

    /** A body of exactly {@code size} octets in {@code count} CRLF lines (the last CRLF belongs to the boundary). */
    static String lines(int size, int count) {
        // count lines, the last one without its CRLF (that CRLF is the boundary's).
        int content = size - 2 * (count - 1);
        int per = content / count;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int len = i == count - 1 ? content - per * (count - 1) : per;
            sb.append("A".repeat(len));
            if (i < count - 1) {
                sb.append("\r\n");
            }
        }
        return sb.toString();
    }

    @Test
    void fastAllAndFullExpandAsRfc9051Says() {
        assertEquals(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE, FetchItem.Simple.RFC822_SIZE),
                FetchRenderer.expand(ImapCommand.FetchMacro.FAST));
        assertEquals(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE, FetchItem.Simple.RFC822_SIZE,
                FetchItem.Simple.ENVELOPE), FetchRenderer.expand(ImapCommand.FetchMacro.ALL));
        assertEquals(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE, FetchItem.Simple.RFC822_SIZE,
                FetchItem.Simple.ENVELOPE, FetchItem.Simple.BODY), FetchRenderer.expand(ImapCommand.FetchMacro.FULL));
    }

    @Test
    void onlyNonPeekBodyBinaryRfc822AndRfc822TextSetSeen() {
        assertTrue(FetchRenderer.setsSeen(new FetchItem.BodySection(Section.ALL, Optional.empty(), false)));
        assertFalse(FetchRenderer.setsSeen(new FetchItem.BodySection(Section.ALL, Optional.empty(), true)));
        assertTrue(FetchRenderer.setsSeen(new FetchItem.Binary(List.of(1L), Optional.empty(), false)));
        assertFalse(FetchRenderer.setsSeen(new FetchItem.Binary(List.of(1L), Optional.empty(), true)));
        assertTrue(FetchRenderer.setsSeen(FetchItem.Simple.RFC822));
        assertTrue(FetchRenderer.setsSeen(FetchItem.Simple.RFC822_TEXT));
        assertFalse(FetchRenderer.setsSeen(FetchItem.Simple.RFC822_HEADER));
        assertFalse(FetchRenderer.setsSeen(FetchItem.Simple.BODYSTRUCTURE));
        assertFalse(FetchRenderer.setsSeen(new FetchItem.BinarySize(List.of(1L))));
    }

    @Test
    void flagsCarryKeywordsAndRecentWhenAsked() {
        Flags flags = Flags.of(Flag.ANSWERED, Flag.DRAFT).withKeyword("$Forwarded");
        assertEquals("* 1 FETCH (FLAGS (\\Answered \\Draft $Forwarded \\Recent))\r\n",
                wire(1, FetchRenderer.flags(flags, true)));
    }

    @Test
    void uidAndModSeqComeFromTheStore() throws Exception {
        MessageView view = MessageView.of(new org.mailwire.store.MessageInfo(42, 7, Flags.none(), TestMessages.DATE, 3),
                TestMessages.opener("a\r\n".getBytes(StandardCharsets.US_ASCII)), org.mailwire.core.mime.MimeLimits.defaults());
        assertEquals(new FetchData.Uid(42), render(FetchItem.Simple.UID, view).data());
        assertEquals(new FetchData.ModSeq(7), render(FetchItem.Simple.MODSEQ, view).data());
        assertFalse(view.isParsed(), "UID and MODSEQ read nothing");
    }

    static String text(RenderedItem item) {
        Optional<Fragment> f = item.data().content();
        return f.map(x -> new String(((Fragment.Literal) x).toByteArray(), StandardCharsets.ISO_8859_1)).orElse(null);
    }

    static void assertUnknownCte(MessageView view, List<Long> part) {
        assertThrows(UnknownCteException.class, () -> RENDERER.render(new FetchItem.Binary(part, Optional.empty(), true), view));
    }

    static RenderedItem partial(MessageView view, Section section, long offset, long length) throws IOException, UnknownCteException {
        return RENDERER.render(new FetchItem.BodySection(section, Optional.of(new Partial(offset, length)), true), view);
    }
}
