// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;

/**
 * Known-answer tests for responses: each RFC example decodes (client side) to the expected value
 * and encodes (server side) back to the same octets.
 */
class ImapResponseDecoderTest {

    private static final ImapResponseDecoder DECODER = ImapResponseDecoder.of(true, ImapLimits.defaults());

    static ImapFrame.Line frame(byte[] wire) {
        ImapFramer framer = ImapFramer.forResponses(ImapLimits.defaults());
        ImapFrame frame = framer.next(ByteBuffer.wrap(wire));
        return assertInstanceOf(ImapFrame.Line.class, frame, new String(wire, StandardCharsets.UTF_8));
    }

    private static ImapResponse decode(String wire) {
        return assertInstanceOf(ImapResponseDecoder.Result.Decoded.class,
                DECODER.decode(frame(wire.getBytes(StandardCharsets.UTF_8))), wire).response();
    }

    private static void known(String wire, ImapResponse expected) {
        assertEquals(expected, decode(wire), wire);
        assertEquals(wire, new String(expected.toBytes(), StandardCharsets.UTF_8));
    }

    private static void malformed(String wire) {
        assertInstanceOf(ImapResponseDecoder.Result.Malformed.class,
                DECODER.decode(frame(wire.getBytes(StandardCharsets.UTF_8))), wire);
    }

    private static Address address(String name, String mailbox, String host) {
        return new Address(Optional.ofNullable(name), Optional.empty(), Optional.of(mailbox), Optional.of(host));
    }

    private static BodyStructure.SinglePart text(List<BodyStructure.Parameter> parameters, String id,
            String description, String encoding, long size, long lines) {
        return new BodyStructure.SinglePart("TEXT", "PLAIN", parameters, Optional.ofNullable(id),
                Optional.ofNullable(description), encoding, size, Optional.empty(), OptionalLong.of(lines), List.of());
    }

    @Test
    void fetchWithEnvelopeAndBody() {
        // RFC 3501 §8 / RFC 9051 §8
        Address gray = address("Terry Gray", "gray", "cac.washington.edu");
        Envelope envelope = new Envelope(Optional.of("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)"),
                Optional.of("IMAP4rev1 WG mtg summary and minutes"), List.of(gray), List.of(gray), List.of(gray),
                List.of(address(null, "imap", "cac.washington.edu")),
                List.of(address(null, "minutes", "CNRI.Reston.VA.US"), address("John Klensin", "KLENSIN", "MIT.EDU")),
                List.of(), Optional.empty(), Optional.of("<B27397-0100000@cac.washington.edu>"));
        known("* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286"
                + " ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\""
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"imap\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL"
                + " \"<B27397-0100000@cac.washington.edu>\")"
                + " BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n",
                new ImapResponse.Fetch(12, List.of(new FetchData.Flags(List.of(Flag.System.SEEN)),
                        new FetchData.InternalDate(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7))),
                        new FetchData.Rfc822Size(4286), new FetchData.EnvelopeData(envelope),
                        new FetchData.Body(text(List.of(new BodyStructure.Parameter("CHARSET", "US-ASCII")), null, null,
                                "7BIT", 3028, 92), false))));
    }

    @Test
    void fetchWithMultipartBodyStructure() {
        // RFC 9051 §7.5.2
        BodyStructure body = new BodyStructure.MultiPart(List.of(
                text(List.of(new BodyStructure.Parameter("CHARSET", "US-ASCII")), null, null, "7BIT", 1152, 23),
                text(List.of(new BodyStructure.Parameter("CHARSET", "US-ASCII"),
                        new BodyStructure.Parameter("NAME", "cc.diff")), "<960723163407.20117h@cac.washington.edu>",
                        "Compiler diff", "BASE64", 4554, 73)), "MIXED", List.of());
        known("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\")"
                + " \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\"))\r\n",
                new ImapResponse.Fetch(1, List.of(new FetchData.Body(body, true))));
        // Extension data and an enclosed message.
        Envelope empty = new Envelope(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.empty());
        BodyStructure message = new BodyStructure.SinglePart("MESSAGE", "RFC822", List.of(), Optional.empty(),
                Optional.empty(), "7BIT", 100, Optional.of(new BodyStructure.Message(empty,
                        text(List.of(), null, null, "8BIT", 10, 1), 5)), OptionalLong.empty(),
                List.of(ExtensionValue.Nil.INSTANCE, new ExtensionValue.Items(List.of(ExtensionValue.of("attachment"),
                        new ExtensionValue.Items(List.of(ExtensionValue.of("filename"), ExtensionValue.of("m.eml"))))),
                        ExtensionValue.Nil.INSTANCE, ExtensionValue.of("loc"), new ExtensionValue.Num(7)));
        known("* 2 FETCH (BODYSTRUCTURE (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 100"
                + " (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 10 1) 5"
                + " NIL (\"attachment\" (\"filename\" \"m.eml\")) NIL \"loc\" 7))\r\n",
                new ImapResponse.Fetch(2, List.of(new FetchData.Body(message, true))));
    }

    @Test
    void fetchSimpleItemsAndSections() {
        known("* 2 FETCH (FLAGS (\\Deleted \\Seen))\r\n", new ImapResponse.Fetch(2, List.of(new FetchData.Flags(
                List.of(Flag.System.DELETED, Flag.System.SEEN)))));
        known("* 23 FETCH (FLAGS (\\Seen) UID 4827313)\r\n", new ImapResponse.Fetch(23, List.of(new FetchData.Flags(
                List.of(Flag.System.SEEN)), new FetchData.Uid(4827313))));
        // RFC 7162 §3.1.4.1
        known("* 1 FETCH (UID 4 MODSEQ (12121231000))\r\n", new ImapResponse.Fetch(1, List.of(new FetchData.Uid(4),
                new FetchData.ModSeq(12121231000L))));
        known("* 3 FETCH (BODY[HEADER] {5}\r\nhello BODY[1.2.HEADER.FIELDS (DATE FROM)]<0> NIL"
                + " BINARY[1] ~{3}\r\nab\0 BINARY.SIZE[1] 3)\r\n",
                new ImapResponse.Fetch(3, List.of(
                        new FetchData.BodySection(Section.of(Section.Text.HEADER), Optional.empty(),
                                Optional.of(Fragment.Literal.of("hello".getBytes(StandardCharsets.US_ASCII), true, false))),
                        new FetchData.BodySection(new Section(List.of(1L, 2L), Optional.of(Section.Text.HEADER_FIELDS),
                                List.of("DATE", "FROM")), Optional.of(0L), Optional.empty()),
                        new FetchData.Binary(List.of(1L), Optional.of(Fragment.Literal.of(new byte[] {'a', 'b', 0}, true,
                                true))),
                        new FetchData.BinarySize(List.of(1L), 3))));
        // A quoted section content reads like a literal.
        assertEquals(new ImapResponse.Fetch(4, List.of(new FetchData.BodySection(Section.ALL, Optional.empty(),
                Optional.of(Fragment.Literal.of("hi".getBytes(StandardCharsets.US_ASCII), true, false))))),
                decode("* 4 FETCH (BODY[] \"hi\")\r\n"));
    }

    @Test
    void searchEsearchVanishedEnabled() {
        known("* SEARCH 2 84 882\r\n", new ImapResponse.Search(List.of(2L, 84L, 882L), Optional.empty()));
        known("* SEARCH\r\n", new ImapResponse.Search(List.of(), Optional.empty()));
        // RFC 7162 §3.1.5
        known("* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)\r\n", new ImapResponse.Search(
                List.of(2L, 5L, 6L, 7L, 11L, 12L, 18L, 19L, 20L, 23L), Optional.of(917162500L)));
        // RFC 4731 §3.1, RFC 9051 §7.3.4
        known("* ESEARCH (TAG \"A282\") MIN 2 COUNT 3\r\n", new ImapResponse.Esearch(Optional.of(Tag.of("A282")), false,
                Optional.of(2L), Optional.empty(), Optional.empty(), Optional.of(3L), Optional.empty()));
        known("* ESEARCH (TAG \"A283\") ALL 2,10:11\r\n", new ImapResponse.Esearch(Optional.of(Tag.of("A283")), false,
                Optional.empty(), Optional.empty(), Optional.of(SequenceSet.of("2,10:11")), Optional.empty(),
                Optional.empty()));
        known("* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800\r\n", new ImapResponse.Esearch(Optional.of(Tag.of("A285")),
                true, Optional.of(7L), Optional.of(3800L), Optional.empty(), Optional.empty(), Optional.empty()));
        known("* ESEARCH (TAG \"A284\")\r\n", new ImapResponse.Esearch(Optional.of(Tag.of("A284")), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        known("* ESEARCH UID COUNT 17 MODSEQ 1234\r\n", new ImapResponse.Esearch(Optional.empty(), true,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(17L), Optional.of(1234L)));
        // RFC 7162 §3.2.10
        known("* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n", new ImapResponse.Vanished(true,
                SequenceSet.of("41,43:116,118,120:211,214:540")));
        known("* VANISHED 405,407,410,425\r\n", new ImapResponse.Vanished(false, SequenceSet.of("405,407,410,425")));
        // RFC 5161 §4
        known("* ENABLED CONDSTORE QRESYNC\r\n", new ImapResponse.Enabled(List.of(Atom.of("CONDSTORE"),
                Atom.of("QRESYNC"))));
        known("* ENABLED\r\n", new ImapResponse.Enabled(List.of()));
    }

    @Test
    void listLsubStatus() {
        // RFC 9051 §7.3.1, RFC 3501 §7.2.3
        known("* LIST (\\Noselect) \"/\" ~/Mail/foo\r\n", new ImapResponse.ListMailbox(false,
                List.of(Flag.parse("\\Noselect").orElseThrow()), Optional.of('/'), MailboxName.of("~/Mail/foo"),
                List.of()));
        // RFC 9051 §6.3.9: the answer to LIST "" "" gives the delimiter and an empty name.
        known("* LIST (\\Noselect) \"/\" \"\"\r\n", new ImapResponse.ListMailbox(false,
                List.of(Flag.parse("\\Noselect").orElseThrow()), Optional.of('/'), MailboxName.of(""), List.of()));
        known("* LSUB () \".\" #news.comp.mail.misc\r\n", new ImapResponse.ListMailbox(true, List.of(),
                Optional.of('.'), MailboxName.of("#news.comp.mail.misc"), List.of()));
        known("* LIST (\\HasNoChildren \\Sent) NIL Sent\r\n", new ImapResponse.ListMailbox(false,
                List.of(Flag.parse("\\HasNoChildren").orElseThrow(), Flag.parse("\\Sent").orElseThrow()),
                Optional.empty(), MailboxName.of("Sent"), List.of()));
        // RFC 5258 §5: the RFC quotes the name, which the encoder writes bare.
        ImapResponse banana = new ImapResponse.ListMailbox(false, List.of(), Optional.of('/'),
                MailboxName.of("Fruit/Banana"), List.of(new ImapResponse.ExtendedItem("CHILDINFO",
                        new ExtensionValue.Items(List.of(ExtensionValue.of("SUBSCRIBED"))))));
        assertEquals(banana, decode("* LIST () \"/\" \"Fruit/Banana\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n"));
        known("* LIST () \"/\" Fruit/Banana (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n", banana);
        known("* LIST () \"\\\\\" \"a b\"\r\n", new ImapResponse.ListMailbox(false, List.of(), Optional.of('\\'),
                MailboxName.of("a b"), List.of()));
        // RFC 9051 §7.3.4, STATUS=SIZE, APPENDLIMIT, CONDSTORE
        known("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n", new ImapResponse.MailboxStatus(
                MailboxName.of("blurdybloop"), List.of(new ImapResponse.StatusValue(ImapCommand.StatusItem.MESSAGES, 231),
                        new ImapResponse.StatusValue(ImapCommand.StatusItem.UIDNEXT, 44292))));
        known("* STATUS INBOX (SIZE 10000000000 HIGHESTMODSEQ 7011231777 APPENDLIMIT 257890)\r\n",
                new ImapResponse.MailboxStatus(MailboxName.INBOX, List.of(
                        new ImapResponse.StatusValue(ImapCommand.StatusItem.SIZE, 10_000_000_000L),
                        new ImapResponse.StatusValue(ImapCommand.StatusItem.HIGHESTMODSEQ, 7011231777L),
                        new ImapResponse.StatusValue(ImapCommand.StatusItem.APPENDLIMIT, 257890))));
        // RFC 7889 §4: APPENDLIMIT NIL means no limit.
        known("* STATUS Drafts (APPENDLIMIT NIL)\r\n", new ImapResponse.MailboxStatus(MailboxName.of("Drafts"),
                List.of(new ImapResponse.StatusValue(ImapCommand.StatusItem.APPENDLIMIT, OptionalLong.empty()))));
        malformed("* STATUS Drafts (MESSAGES NIL)\r\n");
        // Modified UTF-7 names for IMAP4rev1 clients.
        ImapResponse utf = new ImapResponse.ListMailbox(false, List.of(), Optional.of('/'),
                MailboxName.of("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e"), List.of());
        byte[] rev1 = utf.toBytes(false);
        assertEquals("* LIST () \"/\" ~peter/mail/&U,BTFw-/&ZeVnLIqe-\r\n", new String(rev1, StandardCharsets.US_ASCII));
        assertEquals(new ImapResponseDecoder.Result.Decoded(utf),
                ImapResponseDecoder.of(false, ImapLimits.defaults()).decode(frame(rev1)));
    }

    @Test
    void statusResponsesAndCodes() {
        known("* OK [UNSEEN 12] Message 12 is first unseen\r\n", ImapResponse.Status.untagged(ImapResponse.Kind.OK,
                ResponseCode.unseen(12), "Message 12 is first unseen"));
        known("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n", ImapResponse.Status.untagged(ImapResponse.Kind.OK,
                ResponseCode.uidValidity(new UidValidity(3857529045L)), "UIDs valid"));
        known("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n", ImapResponse.Status.untagged(
                ImapResponse.Kind.OK, ResponseCode.permanentFlags(List.of(Flag.System.DELETED, Flag.System.SEEN,
                        org.mailwire.imap.types.PermanentFlag.AnyKeyword.INSTANCE)), "Limited"));
        known("A142 OK [READ-WRITE] SELECT completed\r\n", ImapResponse.Status.tagged(Tag.of("A142"),
                ImapResponse.Kind.OK, ResponseCode.readWrite(), "SELECT completed"));
        // RFC 4315 §3, RFC 7162 §3.1.2.1, §3.1.3
        known("A003 OK [APPENDUID 38505 3955] APPEND completed\r\n", ImapResponse.Status.tagged(Tag.of("A003"),
                ImapResponse.Kind.OK, ResponseCode.appendUid(new UidValidity(38505), SequenceSet.of("3955")),
                "APPEND completed"));
        known("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n", ImapResponse.Status.tagged(Tag.of("A004"),
                ImapResponse.Kind.OK, ResponseCode.copyUid(new UidValidity(38505), SequenceSet.of("304,319:320"),
                        SequenceSet.of("3956:3958")), "Done"));
        known("* OK [HIGHESTMODSEQ 715194045007] Highest\r\n", ImapResponse.Status.untagged(ImapResponse.Kind.OK,
                ResponseCode.highestModSeq(715194045007L), "Highest"));
        known("d105 OK [MODIFIED 7,9] Conditional STORE failed\r\n", ImapResponse.Status.tagged(Tag.of("d105"),
                ImapResponse.Kind.OK, ResponseCode.modified(SequenceSet.of("7,9")), "Conditional STORE failed"));
        known("* OK [CLOSED] Previous mailbox closed\r\n", ImapResponse.Status.untagged(ImapResponse.Kind.OK,
                ResponseCode.closed(), "Previous mailbox closed"));
        known("A1 NO [OVERQUOTA] Sorry\r\n", ImapResponse.Status.tagged(Tag.of("A1"), ImapResponse.Kind.NO,
                ResponseCode.overQuota(), "Sorry"));
        known("A2 NO [BADCHARSET (UTF-8 US-ASCII)] Charset\r\n", ImapResponse.Status.tagged(Tag.of("A2"),
                ImapResponse.Kind.NO, ResponseCode.badCharset(List.of(Atom.of("UTF-8"), Atom.of("US-ASCII"))),
                "Charset"));
        for (ResponseCode code : List.of(ResponseCode.alert(), ResponseCode.parse(), ResponseCode.readOnly(),
                ResponseCode.tryCreate(), ResponseCode.tooBig(), ResponseCode.uidNotSticky(), ResponseCode.noModSeq(),
                ResponseCode.unavailable(), ResponseCode.authenticationFailed(), ResponseCode.alreadyExists(),
                ResponseCode.nonexistent(), ResponseCode.inUse(), ResponseCode.limit(), ResponseCode.badCharset(),
                ResponseCode.uidNext(4392), ResponseCode.capability(List.of(Atom.of("IMAP4rev2"))))) {
            ImapResponse r = ImapResponse.Status.tagged(Tag.of("t"), ImapResponse.Kind.NO, code, "x");
            assertEquals(r, decode(new String(r.toBytes(), StandardCharsets.UTF_8)));
        }
        known("* BYE IMAP4rev2 Server logging out\r\n", ImapResponse.Status.untagged(ImapResponse.Kind.BYE, null,
                "IMAP4rev2 Server logging out"));
        known("+ Ready for additional command text\r\n", new ImapResponse.Continuation(
                "Ready for additional command text"));
        known("* CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI\r\n", new ImapResponse.Capability(List.of(
                Atom.of("IMAP4rev2"), Atom.of("STARTTLS"), Atom.of("AUTH=GSSAPI"))));
        known("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n", new ImapResponse.Flags(List.of(
                Flag.System.ANSWERED, Flag.System.FLAGGED, Flag.System.DELETED, Flag.System.SEEN, Flag.System.DRAFT)));
        known("* 172 EXISTS\r\n", new ImapResponse.Exists(172));
        known("* 44 EXPUNGE\r\n", new ImapResponse.Expunge(44));
        known("* 0 RECENT\r\n", new ImapResponse.Recent(0));
    }

    @Test
    void idNamespaceQuota() {
        // RFC 2971 §3.2
        known("* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" \"os-version\" \"5.5\""
                + " \"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")\r\n", new ImapResponse.Id(Optional.of(List.of(
                        new ImapCommand.IdField("name", Optional.of("Cyrus")),
                        new ImapCommand.IdField("version", Optional.of("1.5")),
                        new ImapCommand.IdField("os", Optional.of("sunos")),
                        new ImapCommand.IdField("os-version", Optional.of("5.5")),
                        new ImapCommand.IdField("support-url", Optional.of("mailto:cyrus-bugs+@andrew.cmu.edu"))))));
        known("* ID NIL\r\n", new ImapResponse.Id(Optional.empty()));
        // RFC 2342 §5
        ImapResponse.NamespaceDescription root = new ImapResponse.NamespaceDescription("", Optional.of('/'));
        known("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n", new ImapResponse.Namespace(List.of(root), List.of(), List.of()));
        known("* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\")(\"#ftp/\" \"/\")"
                + "(\"#news.\" \".\"))\r\n", new ImapResponse.Namespace(List.of(root),
                        List.of(new ImapResponse.NamespaceDescription("~", Optional.of('/'))),
                        List.of(new ImapResponse.NamespaceDescription("#shared/", Optional.of('/')),
                                new ImapResponse.NamespaceDescription("#public/", Optional.of('/')),
                                new ImapResponse.NamespaceDescription("#ftp/", Optional.of('/')),
                                new ImapResponse.NamespaceDescription("#news.", Optional.of('.')))));
        // RFC 9208 §4.3
        known("* QUOTAROOT INBOX \"\"\r\n", new ImapResponse.QuotaRoot(MailboxName.INBOX, List.of("")));
        known("* QUOTA \"\" (STORAGE 10 512)\r\n", new ImapResponse.Quota("", List.of(
                new ImapResponse.QuotaResource(Atom.of("STORAGE"), 10, 512))));
        known("* QUOTA #user/alice (MESSAGE 42 1000 STORAGE 0 0)\r\n", new ImapResponse.Quota("#user/alice", List.of(
                new ImapResponse.QuotaResource(Atom.of("MESSAGE"), 42, 1000),
                new ImapResponse.QuotaResource(Atom.of("STORAGE"), 0, 0))));
        malformed("* NAMESPACE () NIL NIL\r\n");
        malformed("* QUOTA \"\" (STORAGE x 1)\r\n");
    }

    @Test
    void condStoreExamples() {
        // RFC 7162 §3.1.4.1, §3.1.2.2, §3.1.3
        known("* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\\Seen))\r\n", new ImapResponse.Fetch(1, List.of(
                new FetchData.Uid(4), new FetchData.ModSeq(65402), new FetchData.Flags(List.of(Flag.System.SEEN)))));
        known("* 7 FETCH (MODSEQ (2121231000))\r\n", new ImapResponse.Fetch(7, List.of(new FetchData.ModSeq(2121231000L))));
        known("* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences\r\n",
                ImapResponse.Status.untagged(ImapResponse.Kind.OK, ResponseCode.noModSeq(),
                        "Sorry, this mailbox format doesn't support modsequences"));
        known("a103 OK [MODIFIED 12] Conditional Store completed\r\n", ImapResponse.Status.tagged(Tag.of("a103"),
                ImapResponse.Kind.OK, ResponseCode.modified(SequenceSet.of("12")), "Conditional Store completed"));
    }

    @Test
    void largeSectionDataIsStreamedToTheSink() {
        // SECURITY-CASES IMAP-14: a big BODY[] never sits in memory; the value keeps its size.
        ImapFramer framer = ImapFramer.forResponses(ImapLimits.defaults().withMaxInMemoryLiteralSize(16));
        byte[] body = "x".repeat(64).getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        wire.writeBytes("* 1 FETCH (UID 5 BODY[] {64}\r\n".getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(body);
        wire.writeBytes(")\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer input = ByteBuffer.wrap(wire.toByteArray());
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        ImapFrame frame = framer.next(input);
        assertInstanceOf(ImapFrame.LiteralStart.class, frame);
        framer.streamLiteral(chunk -> {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            sink.writeBytes(bytes);
        });
        ImapFrame.Line line = assertInstanceOf(ImapFrame.Line.class, framer.next(input));
        assertEquals(new ImapResponseDecoder.Result.Decoded(new ImapResponse.Fetch(1, List.of(new FetchData.Uid(5),
                new FetchData.BodySection(Section.ALL, Optional.empty(),
                        Optional.of(new Fragment.StreamedLiteral(64, true, false)))))), DECODER.decode(line));
        assertEquals("x".repeat(64), sink.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void responseCodesReadAsTypedValues() {
        ImapResponse.Status copy = (ImapResponse.Status) decode("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n");
        assertEquals(Optional.of(new ResponseCode.CopyUid(new UidValidity(38505), SequenceSet.of("304,319:320"),
                SequenceSet.of("3956:3958"))), copy.code().orElseThrow().copyUid());
        ImapResponse.Status append = (ImapResponse.Status) decode("A003 OK [appenduid 38505 3955] APPEND completed\r\n");
        assertEquals(Optional.of(new ResponseCode.AppendUid(new UidValidity(38505), SequenceSet.of("3955"))),
                append.code().orElseThrow().appendUid());
        assertEquals(java.util.OptionalLong.of(3857529045L), ResponseCode.uidValidity(new UidValidity(3857529045L))
                .number());
        assertEquals(java.util.OptionalLong.of(715194045007L), ResponseCode.highestModSeq(715194045007L).number());
        assertEquals(Optional.of(SequenceSet.of("7,9")), ResponseCode.modified(SequenceSet.of("7,9")).modifiedSet());
        assertEquals(Optional.of(List.of(Atom.of("IMAP4rev2"), Atom.of("IDLE"))),
                ResponseCode.capability(List.of(Atom.of("IMAP4rev2"), Atom.of("IDLE"))).capabilities());
        ImapResponse.Status flags = (ImapResponse.Status) decode("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n");
        assertEquals(Optional.of(List.of(Flag.System.DELETED, Flag.System.SEEN,
                org.mailwire.imap.types.PermanentFlag.AnyKeyword.INSTANCE)), flags.code().orElseThrow().permanentFlags());
        assertEquals(Optional.of(List.of()), ResponseCode.permanentFlags(List.of()).permanentFlags());
        assertEquals(Optional.of(List.of(Atom.of("UTF-8"))),
                ResponseCode.badCharset(List.of(Atom.of("UTF-8"))).charsets());
        assertEquals(Optional.of(List.of()), ResponseCode.badCharset().charsets());
        // Wrong shapes read as empty, never as an exception.
        assertEquals(Optional.empty(), ResponseCode.of(Atom.of("PERMANENTFLAGS"), Optional.of("(\\Seen")).permanentFlags());
        assertEquals(Optional.empty(), ResponseCode.of(Atom.of("PERMANENTFLAGS"), Optional.of("(a  b)")).permanentFlags());
        assertEquals(Optional.empty(), ResponseCode.of(Atom.of("COPYUID"), Optional.of("0 1 2")).copyUid());
        assertEquals(Optional.empty(), ResponseCode.of(Atom.of("COPYUID"), Optional.of("1 1  2")).copyUid());
        assertEquals(Optional.empty(), ResponseCode.of(Atom.of("APPENDUID"), Optional.of("1 $")).appendUid());
        assertEquals(java.util.OptionalLong.empty(), ResponseCode.of(Atom.of("UIDNEXT"), Optional.of("x")).number());
        assertEquals(java.util.OptionalLong.empty(), ResponseCode.alert().number());
        assertEquals(Optional.empty(), ResponseCode.of(Atom.of("CAPABILITY"), Optional.of("a  b")).capabilities());
    }

    private static ImapResponse.ThreadNode node(List<Long> members, ImapResponse.ThreadNode... branches) {
        return new ImapResponse.ThreadNode(members, List.of(branches));
    }

    @Test
    void sortAndThread() {
        // RFC 5256 §4, §5
        known("* SORT 2 84 882\r\n", new ImapResponse.Sort(List.of(2L, 84L, 882L), Optional.empty()));
        known("* SORT\r\n", new ImapResponse.Sort(List.of(), Optional.empty()));
        known("* SORT 5 3 (MODSEQ 7)\r\n", new ImapResponse.Sort(List.of(5L, 3L), Optional.of(7L)));
        known("* THREAD (2)(3 6 (4 23)(44 7 96))\r\n", new ImapResponse.Thread(List.of(node(List.of(2L)),
                node(List.of(3L, 6L), node(List.of(4L, 23L)), node(List.of(44L, 7L, 96L))))));
        known("* THREAD ((3)(5))\r\n", new ImapResponse.Thread(List.of(node(List.of(), node(List.of(3L)),
                node(List.of(5L))))));
        known("* THREAD (166)(174 (175)(176))(206 (208))\r\n", new ImapResponse.Thread(List.of(node(List.of(166L)),
                node(List.of(174L), node(List.of(175L)), node(List.of(176L))), node(List.of(206L), node(List.of(208L))))));
        known("* THREAD\r\n", new ImapResponse.Thread(List.of()));
        malformed("* THREAD ()\r\n");
        malformed("* THREAD (1 )\r\n");
        assertInstanceOf(ImapResponseDecoder.Result.Malformed.class, DECODER.decode(ImapFrame.Line.of(
                "* THREAD " + "(".repeat(100_000) + "1" + ")".repeat(100_000))));
    }

    @Test
    void objectIds() {
        // RFC 8474 §5
        known("* 1 FETCH (EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))\r\n", new ImapResponse.Fetch(1,
                List.of(new FetchData.EmailId("M6d99ac3275bb4e"), new FetchData.ThreadId(Optional.of("T64b478a75b7ea9")))));
        known("* 2 FETCH (THREADID NIL)\r\n", new ImapResponse.Fetch(2, List.of(new FetchData.ThreadId(Optional.empty()))));
        malformed("* 3 FETCH (EMAILID (a.b))\r\n");
        malformed("* 3 FETCH (EMAILID ())\r\n");
    }

    @Test
    void malformedResponsesAreReportedNotThrown() {
        malformed("* 0 FETCH (FLAGS ())\r\n");
        malformed("* 1 FETCH ()\r\n");
        malformed("* 1 FETCH (BOGUS 1)\r\n");
        malformed("* 1 FETCH (INTERNALDATE \"31-Feb-1996 02:44:25 -0700\")\r\n");
        malformed("* 1 FETCH (UID 0)\r\n");
        malformed("* SEARCH 0\r\n");
        malformed("* ESEARCH MIN x\r\n");
        malformed("* LIST () \"ab\" x\r\n");
        malformed("* STATUS x (BOGUS 1)\r\n");
        malformed("a PREAUTH hi\r\n");
        malformed("* OK [ALERT hi\r\n");
        malformed("* FROB\r\n");
        malformed("a\r\n");
    }

    @Test
    void nestingInBodyStructureIsBoundedAtTheLimitAndOneBeyond() {
        ImapLimits limits = ImapLimits.defaults().withMaxNestingDepths(1, 8);
        ImapResponseDecoder decoder = ImapResponseDecoder.of(true, limits);
        // "(" of the FETCH list, then multiparts nested: depth = 1 + levels.
        String leaf = "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)";
        String atLimit = leaf;
        for (int i = 0; i < 6; i++) {
            atLimit = "(" + atLimit + " \"MIXED\")";
        }
        String beyond = "(" + atLimit + " \"MIXED\")";
        assertInstanceOf(ImapResponseDecoder.Result.Decoded.class,
                decoder.decode(ImapFrame.Line.of("* 1 FETCH (BODY " + atLimit + ")")));
        assertEquals(new ImapResponseDecoder.Result.Malformed("Too deeply nested"),
                decoder.decode(ImapFrame.Line.of("* 1 FETCH (BODY " + beyond + ")")));
        // 100 000 levels from a hostile server: refused, no StackOverflowError.
        assertInstanceOf(ImapResponseDecoder.Result.Malformed.class, DECODER.decode(ImapFrame.Line.of(
                "* 1 FETCH (BODY " + "(".repeat(100_000) + ")".repeat(100_000) + ")")));
        assertInstanceOf(ImapResponseDecoder.Result.Malformed.class, DECODER.decode(ImapFrame.Line.of(
                "* LIST () \"/\" x (\"X\" " + "(".repeat(100_000) + ")".repeat(100_000) + ")")));
    }
}
