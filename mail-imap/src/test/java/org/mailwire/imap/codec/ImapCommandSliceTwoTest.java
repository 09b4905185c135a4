// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;

/**
 * Known-answer tests for the second command slice: each RFC example decodes to the expected
 * value and, where the RFC writes the lightest form, encodes back to the same octets.
 */
class ImapCommandSliceTwoTest {

    private static final ImapCommandDecoder REV2 = ImapCommandDecoder.of(true);

    private static ImapFrame.Line frame(String wire) {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxLineLength(65536)
                .withMaxCommandSize(4 * 1024 * 1024));
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

    private static ImapCommandDecoder.Result decode(ImapCommandDecoder decoder, String wire) {
        return decoder.decode(frame(wire));
    }

    private static ImapCommand decode(String wire) {
        return assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, decode(REV2, wire), wire).command();
    }

    private static String encode(ImapCommand command) {
        return new String(ImapCommandEncoder.of(true, ImapCommandEncoder.LiteralMode.SYNCHRONIZING).encode(command)
                .toBytes(), StandardCharsets.UTF_8);
    }

    /** Decodes to the value and encodes back to the same octets. */
    private static void known(String wire, ImapCommand expected) {
        assertEquals(expected, decode(wire), wire);
        assertEquals(wire, encode(expected));
    }

    private static void bad(ImapCommandDecoder decoder, String wire) {
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, decode(decoder, wire), wire);
    }

    private static Tag tag(String t) {
        return Tag.of(t);
    }

    private static SequenceSet set(String s) {
        return SequenceSet.of(s);
    }

    private static ImapCommand.FetchItemList items(FetchItem... items) {
        return new ImapCommand.FetchItemList(List.of(items));
    }

    @Test
    void fetchExamples() {
        // RFC 9051 §6.4.5
        known("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n", new ImapCommand.Fetch(tag("A654"), false,
                set("2:4"), items(FetchItem.Simple.FLAGS, new FetchItem.BodySection(new Section(List.of(),
                        Optional.of(Section.Text.HEADER_FIELDS), List.of("DATE", "FROM")), Optional.empty(), false)),
                Optional.empty(), false));
        // RFC 9051 §6.4.9
        known("A999 UID FETCH 4827313:4828442 FLAGS\r\n", new ImapCommand.Fetch(tag("A999"), true,
                set("4827313:4828442"), items(FetchItem.Simple.FLAGS), Optional.empty(), false));
        // RFC 7162 §3.1.4.1, §3.2.6
        known("s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n", new ImapCommand.Fetch(tag("s100"), true,
                set("1:*"), items(FetchItem.Simple.FLAGS), Optional.of(12345L), false));
        known("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n", new ImapCommand.Fetch(tag("s100"),
                true, set("300:500"), items(FetchItem.Simple.FLAGS), Optional.of(12345L), true));
        known("a FETCH 1 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE MODSEQ)\r\n",
                new ImapCommand.Fetch(tag("a"), false, set("1"), items(FetchItem.Simple.UID, FetchItem.Simple.FLAGS,
                        FetchItem.Simple.INTERNALDATE, FetchItem.Simple.RFC822_SIZE, FetchItem.Simple.ENVELOPE,
                        FetchItem.Simple.BODYSTRUCTURE, FetchItem.Simple.MODSEQ), Optional.empty(), false));
        known("a FETCH 1:* FAST\r\n", new ImapCommand.Fetch(tag("a"), false, set("1:*"), ImapCommand.FetchMacro.FAST,
                Optional.empty(), false));
        known("a FETCH 2 (BODY.PEEK[1.2.MIME] BODY[]<0.2048> BINARY.PEEK[1]<10.20> BINARY.SIZE[2] BINARY[] BODY)\r\n",
                new ImapCommand.Fetch(tag("a"), false, set("2"), items(
                        new FetchItem.BodySection(Section.of(Section.Text.MIME, 1, 2), Optional.empty(), true),
                        new FetchItem.BodySection(Section.ALL, Optional.of(new Partial(0, 2048)), false),
                        new FetchItem.Binary(List.of(1L), Optional.of(new Partial(10, 20)), true),
                        new FetchItem.BinarySize(List.of(2L)),
                        new FetchItem.Binary(List.of(), Optional.empty(), false),
                        FetchItem.Simple.BODY), Optional.empty(), false));
        known("a FETCH 3 BODY[4.2.HEADER.FIELDS.NOT (SUBJECT)]\r\n", new ImapCommand.Fetch(tag("a"), false, set("3"),
                items(new FetchItem.BodySection(new Section(List.of(4L, 2L), Optional.of(Section.Text.HEADER_FIELDS_NOT),
                        List.of("SUBJECT")), Optional.empty(), false)), Optional.empty(), false));
        known("a FETCH 3 BODY[3]\r\n", new ImapCommand.Fetch(tag("a"), false, set("3"),
                items(new FetchItem.BodySection(Section.of(null, 3), Optional.empty(), false)), Optional.empty(), false));
        // Lower case and a parenthesised single item decode to the same value.
        assertEquals(decode("a FETCH 1 FLAGS\r\n"), decode("a fetch 1 (flags)\r\n"));
    }

    @Test
    void fetchRefusals() {
        bad(REV2, "a FETCH 1 BODY.PEEK\r\n");
        bad(REV2, "a FETCH 1 BODY[MIME]\r\n");
        bad(REV2, "a FETCH 1 BODY[HEADER.FIELDS ()]\r\n");
        bad(REV2, "a FETCH 1 BODY[]<0.0>\r\n");
        bad(REV2, "a FETCH 1 FLAGS (VANISHED)\r\n");
        bad(REV2, "a UID FETCH 1 FLAGS (VANISHED)\r\n");
        bad(REV2, "a FETCH 1 (CHANGEDSINCE 0)\r\n");
        bad(REV2, "a FETCH 1 ()\r\n");
        bad(REV2, "a FETCH 0 FLAGS\r\n");
        bad(REV2, "a FETCH 1 NOSUCH\r\n");
        bad(REV2, "a FETCH 1 FLAGS[]\r\n");
    }

    @Test
    void storeExamples() {
        // RFC 9051 §6.4.6
        known("A003 STORE 2:4 +FLAGS (\\Deleted)\r\n", new ImapCommand.Store(tag("A003"), false, set("2:4"),
                Optional.empty(), new StoreAction(StoreAction.Mode.ADD, false, List.of(Flag.System.DELETED))));
        // RFC 7162 §3.1.3
        known("a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)\r\n",
                new ImapCommand.Store(tag("a103"), true, set("6,4,8"), Optional.of(12121230045L),
                        new StoreAction(StoreAction.Mode.ADD, true, List.of(Flag.System.DELETED))));
        known("a STORE 1 -FLAGS.SILENT (\\Seen $Junk)\r\n", new ImapCommand.Store(tag("a"), false, set("1"),
                Optional.empty(), new StoreAction(StoreAction.Mode.REMOVE, true,
                        List.of(Flag.System.SEEN, Flag.parse("$Junk").orElseThrow()))));
        known("a STORE 1 FLAGS ()\r\n", new ImapCommand.Store(tag("a"), false, set("1"), Optional.empty(),
                new StoreAction(StoreAction.Mode.REPLACE, false, List.of())));
        // The flags without parentheses (RFC 9051 §9 store-att-flags).
        assertEquals(decode("a STORE 1 FLAGS (\\Seen \\Draft)\r\n"), decode("a STORE 1 FLAGS \\Seen \\Draft\r\n"));
        bad(REV2, "a STORE 1 *FLAGS (\\Seen)\r\n");
        bad(REV2, "a STORE 1 FLAGS (\\*)\r\n");
        bad(REV2, "a STORE 1 (UNCHANGEDSINCE x) FLAGS (\\Seen)\r\n");
    }

    @Test
    void searchExamples() {
        SearchKey notFromSmith = new SearchKey.Not(new SearchKey.Contains(SearchKey.Field.FROM, "Smith"));
        SearchKey since = new SearchKey.Date(SearchKey.DateKind.SINCE, LocalDate.of(1994, 2, 1));
        // RFC 9051 §6.4.4, RFC 4731 §3.1
        known("A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
                new ImapCommand.Search(tag("A282"), false, Optional.of(List.of(ImapCommand.SearchReturn.MIN,
                        ImapCommand.SearchReturn.COUNT)), Optional.empty(), List.of(SearchKey.Simple.FLAGGED, since,
                        notFromSmith)));
        known("A283 SEARCH RETURN () FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
                new ImapCommand.Search(tag("A283"), false, Optional.of(List.of()), Optional.empty(),
                        List.of(SearchKey.Simple.FLAGGED, since, notFromSmith)));
        known("A284 SEARCH TEXT \"string not in mailbox\"\r\n", new ImapCommand.Search(tag("A284"), false,
                Optional.empty(), Optional.empty(), List.of(new SearchKey.Contains(SearchKey.Field.TEXT,
                        "string not in mailbox"))));
        known("A285 UID SEARCH RETURN (MIN MAX) 1:5000\r\n", new ImapCommand.Search(tag("A285"), true,
                Optional.of(List.of(ImapCommand.SearchReturn.MIN, ImapCommand.SearchReturn.MAX)), Optional.empty(),
                List.of(new SearchKey.Messages(set("1:5000")))));
        // A literal in UTF-8 after CHARSET (RFC 9051 §6.4.4).
        assertEquals(new ImapCommand.Search(tag("A286"), false, Optional.empty(), Optional.of("UTF-8"),
                List.of(new SearchKey.Contains(SearchKey.Field.TEXT, "\u043e\u0442\u043f\u0443\u0441\u043a"))),
                decode("A286 SEARCH CHARSET UTF-8 TEXT {12}\r\n\u043e\u0442\u043f\u0443\u0441\u043a\r\n"));
        // RFC 7162 §3.1.5: the flag spelling is canonicalised, so only the value is compared.
        assertEquals(new ImapCommand.Search(tag("a"), false, Optional.empty(), Optional.empty(),
                List.of(new SearchKey.ModSeq(Optional.of(Flag.System.DRAFT), Optional.of(SearchKey.EntryType.ALL),
                        620162338L))), decode("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n"));
        known("a SEARCH MODSEQ \"/flags/\\\\Draft\" all 620162338\r\n", decode(
                "a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n"));
        known("a SEARCH OR (UNSEEN KEYWORD $Junk) NOT UID 1:* HEADER \"X-Spam\" \"\" LARGER 100 SMALLER 0"
                + " SENTBEFORE 31-Dec-1999 $ MODSEQ 0\r\n", new ImapCommand.Search(tag("a"), false, Optional.empty(),
                Optional.empty(), List.of(new SearchKey.Or(new SearchKey.Group(List.of(SearchKey.Simple.UNSEEN,
                        new SearchKey.Keyword(new Flag.Keyword(org.mailwire.imap.types.Atom.of("$Junk")), false))),
                        new SearchKey.Not(new SearchKey.Uids(set("1:*")))), new SearchKey.Header("X-Spam", ""),
                        new SearchKey.Size(true, 100), new SearchKey.Size(false, 0),
                        new SearchKey.Date(SearchKey.DateKind.SENTBEFORE, LocalDate.of(1999, 12, 31)),
                        new SearchKey.Messages(SequenceSet.SavedResult.INSTANCE),
                        new SearchKey.ModSeq(Optional.empty(), Optional.empty(), 0))));
        // Dates may be quoted and have two-digit days.
        assertEquals(decode("a SEARCH SINCE 01-Feb-1994\r\n"), decode("a SEARCH SINCE \"1-feb-1994\"\r\n"));
        bad(REV2, "a SEARCH\r\n");
        bad(REV2, "a SEARCH SINCE 30-Feb-1994\r\n");
        bad(REV2, "a SEARCH RETURN (BOGUS) ALL\r\n");
        bad(REV2, "a SEARCH KEYWORD \\Seen\r\n");
        bad(REV2, "a SEARCH ()\r\n");
        bad(REV2, "a SEARCH OR ALL\r\n");
    }

    @Test
    void moreExtensionExamples() {
        // RFC 7162 §3.1.3
        known("d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)\r\n", new ImapCommand.Store(
                tag("d105"), false, set("7,5,9"), Optional.of(320162338L), new StoreAction(StoreAction.Mode.ADD, true,
                        List.of(Flag.System.DELETED))));
        // RFC 7162 §3.1.5
        known("a SEARCH OR NOT MODSEQ 720162338 LARGER 50000\r\n", new ImapCommand.Search(tag("a"), false,
                Optional.empty(), Optional.empty(), List.of(new SearchKey.Or(new SearchKey.Not(new SearchKey.ModSeq(
                        Optional.empty(), Optional.empty(), 720162338L)), new SearchKey.Size(true, 50000)))));
        // RFC 5182 §2.4
        known("A282 SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n", new ImapCommand.Search(
                tag("A282"), false, Optional.of(List.of(ImapCommand.SearchReturn.SAVE)), Optional.empty(), List.of(
                        SearchKey.Simple.FLAGGED, new SearchKey.Date(SearchKey.DateKind.SINCE, LocalDate.of(1994, 2, 1)),
                        new SearchKey.Not(new SearchKey.Contains(SearchKey.Field.FROM, "Smith")))));
        known("A283 FETCH $ (UID INTERNALDATE FLAGS RFC822.SIZE)\r\n", new ImapCommand.Fetch(tag("A283"), false,
                SequenceSet.SavedResult.INSTANCE, items(FetchItem.Simple.UID, FetchItem.Simple.INTERNALDATE,
                        FetchItem.Simple.FLAGS, FetchItem.Simple.RFC822_SIZE), Optional.empty(), false));
        // RFC 3516 §4.2
        known("t FETCH 1 (BINARY.PEEK[1]<0.1024> BINARY.SIZE[1])\r\n", new ImapCommand.Fetch(tag("t"), false,
                set("1"), items(new FetchItem.Binary(List.of(1L), Optional.of(new Partial(0, 1024)), true),
                        new FetchItem.BinarySize(List.of(1L))), Optional.empty(), false));
        // RFC 6154 §5.3 (the RFC quotes the pattern)
        assertEquals(new ImapCommand.ListMailboxes(tag("t2"), List.of(), "", List.of("%"),
                List.of(ImapCommand.ListReturnOption.SPECIAL_USE)), decode("t2 LIST \"\" \"%\" RETURN (SPECIAL-USE)\r\n"));
        // RFC 9051 §6.4.5 macros
        known("a FETCH 1:3 ALL\r\n", new ImapCommand.Fetch(tag("a"), false, set("1:3"), ImapCommand.FetchMacro.ALL,
                Optional.empty(), false));
        known("a UID FETCH 1:* FULL (CHANGEDSINCE 1)\r\n", new ImapCommand.Fetch(tag("a"), true, set("1:*"),
                ImapCommand.FetchMacro.FULL, Optional.of(1L), false));
    }

    @Test
    void sortAndThreadExamples() {
        SearchKey since = new SearchKey.Date(SearchKey.DateKind.SINCE, LocalDate.of(1994, 2, 1));
        // RFC 5256 §4
        known("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994\r\n", new ImapCommand.Sort(tag("A282"), false,
                List.of(new ImapCommand.SortCriterion(false, ImapCommand.SortKey.SUBJECT)), "UTF-8", List.of(since)));
        known("A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL\r\n", new ImapCommand.Sort(tag("A283"), false, List.of(
                new ImapCommand.SortCriterion(false, ImapCommand.SortKey.SUBJECT),
                new ImapCommand.SortCriterion(true, ImapCommand.SortKey.DATE)), "UTF-8", List.of(SearchKey.Simple.ALL)));
        known("A284 SORT (SUBJECT) US-ASCII TEXT \"not in mailbox\"\r\n", new ImapCommand.Sort(tag("A284"), false,
                List.of(new ImapCommand.SortCriterion(false, ImapCommand.SortKey.SUBJECT)), "US-ASCII",
                List.of(new SearchKey.Contains(SearchKey.Field.TEXT, "not in mailbox"))));
        assertEquals(new ImapCommand.Thread(tag("A283"), false, org.mailwire.imap.types.Atom.of("ORDEREDSUBJECT"),
                "UTF-8", List.of(new SearchKey.Date(SearchKey.DateKind.SINCE, LocalDate.of(2000, 3, 5)))),
                decode("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000\r\n"));
        known("A284 UID THREAD REFERENCES US-ASCII TEXT \"gewp\"\r\n", new ImapCommand.Thread(tag("A284"), true,
                org.mailwire.imap.types.Atom.of("REFERENCES"), "US-ASCII",
                List.of(new SearchKey.Contains(SearchKey.Field.TEXT, "gewp"))));
        known("a UID SORT (REVERSE ARRIVAL DISPLAYFROM) UTF-8 UNSEEN\r\n", new ImapCommand.Sort(tag("a"), true, List.of(
                new ImapCommand.SortCriterion(true, ImapCommand.SortKey.ARRIVAL),
                new ImapCommand.SortCriterion(false, ImapCommand.SortKey.DISPLAYFROM)), "UTF-8",
                List.of(SearchKey.Simple.UNSEEN)));
        bad(REV2, "a SORT () UTF-8 ALL\r\n");
        bad(REV2, "a SORT (SUBJECT) ALL\r\n");
        bad(REV2, "a SORT (BOGUS) UTF-8 ALL\r\n");
        bad(REV2, "a THREAD REFERENCES UTF-8\r\n");
    }

    @Test
    void createSpecialUseAndObjectIdExamples() {
        // RFC 6154 §5.2
        known("t1 CREATE \"Important Messages\" (USE (\\Important))\r\n", new ImapCommand.Create(tag("t1"),
                MailboxName.of("Important Messages"), List.of(Flag.parse("\\Important").orElseThrow())));
        known("a CREATE x\r\n", new ImapCommand.Create(tag("a"), MailboxName.of("x")));
        bad(REV2, "a CREATE x (USE (Junk))\r\n");
        bad(REV2, "a CREATE x (FOO (\\Sent))\r\n");
        // RFC 8474 §5
        known("a FETCH 1:* (EMAILID THREADID)\r\n", new ImapCommand.Fetch(tag("a"), false, set("1:*"),
                items(FetchItem.Simple.EMAILID, FetchItem.Simple.THREADID), Optional.empty(), false));
    }

    @Test
    void copyMoveUidExamples() {
        // RFC 9051 §6.4.7, RFC 6851 §4.1, RFC 4315 §2.1
        known("A003 COPY 2:4 MEETING\r\n", new ImapCommand.Copy(tag("A003"), false, set("2:4"), MailboxName.of("MEETING")));
        known("a UID MOVE 42:69 foo\r\n", new ImapCommand.Move(tag("a"), true, set("42:69"), MailboxName.of("foo")));
        known("a MOVE 1 Trash\r\n", new ImapCommand.Move(tag("a"), false, set("1"), MailboxName.of("Trash")));
        known("A004 UID COPY 1:3 \"a b\"\r\n", new ImapCommand.Copy(tag("A004"), true, set("1:3"), MailboxName.of("a b")));
        known("A003 UID EXPUNGE 3000:3002\r\n", new ImapCommand.UidExpunge(tag("A003"), set("3000:3002")));
        bad(REV2, "a UID NOOP\r\n");
        bad(REV2, "a UID EXPUNGE\r\n");
    }

    @Test
    void selectWithCondStoreAndQresync() {
        // RFC 7162 §3.1.8, §3.2.5.1
        known("t SELECT INBOX (CONDSTORE)\r\n", new ImapCommand.Select(tag("t"), MailboxName.INBOX,
                new ImapCommand.SelectParameters(true, Optional.empty())));
        known("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n",
                new ImapCommand.Select(tag("A02"), MailboxName.INBOX, new ImapCommand.SelectParameters(false,
                        Optional.of(new ImapCommand.Qresync(new UidValidity(67890007), 20050715194045000L,
                                Optional.of(set("41,43:211,214:541")), Optional.empty())))));
        known("B01 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9500"
                + " 90000,150000,205000,210000)))\r\n", new ImapCommand.Select(tag("B01"), MailboxName.INBOX,
                new ImapCommand.SelectParameters(false, Optional.of(new ImapCommand.Qresync(new UidValidity(67890007),
                        90060115194045000L, Optional.of(set("1:29997")), Optional.of(new ImapCommand.SeqMatch(
                                set("5000,7500,9000,9500"), set("90000,150000,205000,210000"))))))));
        known("a EXAMINE Drafts (CONDSTORE QRESYNC (1 2))\r\n", new ImapCommand.Examine(tag("a"),
                MailboxName.of("Drafts"), new ImapCommand.SelectParameters(true, Optional.of(new ImapCommand.Qresync(
                        new UidValidity(1), 2, Optional.empty(), Optional.empty())))));
        bad(REV2, "a SELECT INBOX ()\r\n");
        bad(REV2, "a SELECT INBOX (CONDSTORE CONDSTORE)\r\n");
        bad(REV2, "a SELECT INBOX (QRESYNC (0 1))\r\n");
    }

    @Test
    void listExtendedExamples() {
        // RFC 5258 §5, RFC 5819 §5, RFC 6154 §5.3: the RFCs quote patterns the encoder writes bare.
        assertEquals(new ImapCommand.ListMailboxes(tag("A02"), List.of(ImapCommand.ListSelection.SUBSCRIBED), "",
                List.of("*"), List.of()), decode("A02 LIST (SUBSCRIBED) \"\" \"*\"\r\n"));
        known("A04 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (CHILDREN)\r\n", new ImapCommand.ListMailboxes(
                tag("A04"), List.of(ImapCommand.ListSelection.SUBSCRIBED, ImapCommand.ListSelection.RECURSIVEMATCH),
                "", List.of("%"), List.of(ImapCommand.ListReturnOption.CHILDREN)));
        known("A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))\r\n", new ImapCommand.ListMailboxes(tag("A01"),
                List.of(), "", List.of("%"), List.of(new ImapCommand.ListReturnStatus(List.of(
                        ImapCommand.StatusItem.MESSAGES, ImapCommand.StatusItem.UNSEEN)))));
        known("t3 LIST (SPECIAL-USE) \"\" *\r\n", new ImapCommand.ListMailboxes(tag("t3"),
                List.of(ImapCommand.ListSelection.SPECIAL_USE), "", List.of("*"), List.of()));
        known("A05 LIST \"\" (INBOX Drafts% \"a b\") RETURN (SUBSCRIBED SPECIAL-USE)\r\n",
                new ImapCommand.ListMailboxes(tag("A05"), List.of(), "", List.of("INBOX", "Drafts%", "a b"),
                        List.of(ImapCommand.ListReturnOption.SUBSCRIBED, ImapCommand.ListReturnOption.SPECIAL_USE)));
        known("A06 LSUB #news. comp.mail.*\r\n", new ImapCommand.Lsub(tag("A06"), "#news.", "comp.mail.*"));
        bad(REV2, "a LIST (RECURSIVEMATCH) \"\" *\r\n");
        bad(REV2, "a LIST (BOGUS) \"\" *\r\n");
        bad(REV2, "a LIST \"\" * RETURN (BOGUS)\r\n");
    }

    @Test
    void namespaceIdQuotaCheck() {
        known("A001 NAMESPACE\r\n", new ImapCommand.Namespace(tag("A001")));
        known("a CHECK\r\n", new ImapCommand.Check(tag("a")));
        // RFC 2971 §3.1
        known("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")\r\n",
                new ImapCommand.Id(tag("a023"), Optional.of(List.of(
                        new ImapCommand.IdField("name", Optional.of("sodr")),
                        new ImapCommand.IdField("version", Optional.of("19.34")),
                        new ImapCommand.IdField("vendor", Optional.of("Pink Floyd Music Limited"))))));
        known("a ID NIL\r\n", new ImapCommand.Id(tag("a"), Optional.empty()));
        known("a ID (\"os\" NIL)\r\n", new ImapCommand.Id(tag("a"),
                Optional.of(List.of(new ImapCommand.IdField("os", Optional.empty())))));
        // RFC 9208 §4.2, §4.3
        assertEquals(new ImapCommand.GetQuota(tag("G0002"), "!partition/sda4"),
                decode("G0002 GETQUOTA \"!partition/sda4\"\r\n"));
        known("G0002 GETQUOTA !partition/sda4\r\n", new ImapCommand.GetQuota(tag("G0002"), "!partition/sda4"));
        known("G0001 GETQUOTAROOT INBOX\r\n", new ImapCommand.GetQuotaRoot(tag("G0001"), MailboxName.INBOX));
        bad(REV2, "a ID ()\r\n");
        bad(REV2, "a ID (name \"x\")\r\n");
    }

    @Test
    void nestingDepthIsBoundedAtTheLimitAndOneBeyond() {
        ImapLimits limits = ImapLimits.defaults();
        ImapCommandDecoder authenticated = ImapCommandDecoder.of(true, limits, true);
        int n = limits.maxNestingDepth();
        String atLimit = "a SEARCH " + "(".repeat(n) + "ALL" + ")".repeat(n) + "\r\n";
        String beyond = "a SEARCH " + "(".repeat(n + 1) + "ALL" + ")".repeat(n + 1) + "\r\n";
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, authenticated.decode(frame(atLimit)));
        assertEquals(new ImapCommandDecoder.Result.Bad(Optional.of(tag("a")), "Too deeply nested"),
                authenticated.decode(frame(beyond)));
        // NOT nests like a list: a chain of N is fine, N + 1 is not.
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class,
                authenticated.decode(frame("a SEARCH " + "NOT ".repeat(n) + "ALL\r\n")));
        bad(authenticated, "a SEARCH " + "NOT ".repeat(n + 1) + "ALL\r\n");
        // Before authentication one open list: ID works, a second level does not.
        ImapCommandDecoder preAuth = ImapCommandDecoder.of(true, limits, false);
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, preAuth.decode(frame("a ID (\"a\" \"b\")\r\n")));
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, preAuth.decode(frame("a SEARCH (ALL)\r\n")));
        assertEquals(new ImapCommandDecoder.Result.Bad(Optional.of(tag("a")), "Too deeply nested"),
                preAuth.decode(frame("a SEARCH ((ALL))\r\n")));
        // SECURITY-CASES IMAP-04: 100 000 open parentheses are refused, not recursed into.
        // The lines are built directly: they are beyond any line limit the framer allows.
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, authenticated.decode(ImapFrame.Line.of(
                "a FETCH 1 " + "(".repeat(100_000) + ")".repeat(100_000))));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, authenticated.decode(ImapFrame.Line.of(
                "a SEARCH " + "(".repeat(100_000) + "ALL" + ")".repeat(100_000))));
        assertInstanceOf(ImapCommandDecoder.Result.Bad.class, authenticated.decode(ImapFrame.Line.of(
                "a SEARCH " + "NOT ".repeat(100_000) + "ALL")));
    }

    @Test
    void searchKeyCountIsBoundedAtTheLimitAndOneBeyond() {
        ImapLimits limits = ImapLimits.defaults().withMaxSearchKeys(10);
        ImapCommandDecoder decoder = ImapCommandDecoder.of(true, limits, true);
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class,
                decoder.decode(frame("a SEARCH" + " SEEN".repeat(10) + "\r\n")));
        assertEquals(new ImapCommandDecoder.Result.Bad(Optional.of(tag("a")), "Too many search keys"),
                decoder.decode(frame("a SEARCH" + " SEEN".repeat(11) + "\r\n")));
        // Keys inside groups and under NOT count too.
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class,
                decoder.decode(frame("a SEARCH (SEEN NOT (SEEN SEEN SEEN)) SEEN SEEN SEEN\r\n")));
        bad(decoder, "a SEARCH (SEEN NOT (SEEN SEEN SEEN)) SEEN SEEN SEEN SEEN\r\n");
    }

    @Test
    void securityCases() {
        // UID sets are kept as ranges, never expanded (net-imap CVE-2025-25186).
        ImapCommand.Fetch all = (ImapCommand.Fetch) decode("a UID FETCH 1:4294967295 FLAGS\r\n");
        assertEquals(4294967295L, ((SequenceSet.Ranges) all.set()).count(4294967295L));
        // NUL only travels in literal8, which no string argument accepts (Dovecot CVE-2019-11500).
        bad(REV2, "a SEARCH TEXT ~{1}\r\n\0\r\n");
        bad(REV2, "a ID (~{1}\r\n\0 NIL)\r\n");
        bad(REV2, "a GETQUOTA ~{1}\r\nx\r\n");
        // 8-bit in a quoted search string needs UTF8=ACCEPT or IMAP4rev2.
        bad(ImapCommandDecoder.of(false), "a SEARCH TEXT \"\u00e9\"\r\n");
        assertEquals(new ImapCommand.Search(tag("a"), false, Optional.empty(), Optional.empty(),
                List.of(new SearchKey.Contains(SearchKey.Field.TEXT, "\u00e9"))), decode("a SEARCH TEXT \"\u00e9\"\r\n"));
    }

    @Test
    void sequenceSetsAreBoundedByTheLimit() {
        ImapCommandDecoder decoder = ImapCommandDecoder.of(true, ImapLimits.defaults().withMaxSequenceRanges(3), true);
        assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, decoder.decode(frame("a COPY 1,2,3:* x\r\n")));
        bad(decoder, "a COPY 1,2,3,4 x\r\n");
        bad(decoder, "a SEARCH UID 1,2,3,4\r\n");
    }
}
