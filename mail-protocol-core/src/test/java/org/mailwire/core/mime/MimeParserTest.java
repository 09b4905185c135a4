// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.mime.MimeCorpus.crlf;
import static org.mailwire.core.mime.MimeCorpus.render;
import static org.mailwire.core.mime.MimeCorpus.slice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MimeParserTest {

    @Test
    void rfc5322SimpleMessageGivesEnvelopeAndSinglePart() {
        byte[] message = MimeCorpus.rfc5322SimpleMessage();
        ParsedMessage parsed = MimeParser.parse(message);

        List<Address> john = List.of(Mailbox.of("John Doe", "jdoe", "machine.example"));
        assertEquals(new Envelope(Optional.of("Fri, 21 Nov 1997 09:55:06 -0600"), Optional.of("Saying Hello"), john,
                List.of(), List.of(), List.of(Mailbox.of("Mary Smith", "mary", "example.net")), List.of(), List.of(),
                Optional.empty(), Optional.of("<1234@local.machine.example>")), parsed.envelope());
        assertEquals(john, parsed.envelope().sender());
        assertEquals(john, parsed.envelope().replyTo());
        assertEquals("(1 text/plain [charset=us-ascii] 7bit size=52 lines=2)", render(parsed.body()));
        assertEquals("This is a message just to say hello.\r\nSo, \"Hello\".\r\n", slice(message, parsed.text()));
        assertTrue(slice(message, parsed.header()).startsWith("From: John Doe"));
        assertTrue(slice(message, parsed.header()).endsWith("example>\r\n\r\n"));
        assertEquals(parsed.text(), parsed.section("1").orElseThrow());
        assertEquals(parsed.header(), parsed.section("HEADER").orElseThrow());
        assertEquals(message.length, parsed.size());
        assertEquals(5, parsed.headers().size());
        assertEquals(Set.of(), parsed.problems());
    }

    @Test
    void rfc2046ExampleKeepsPreambleEpilogueAndLineBreakRule() {
        byte[] message = MimeCorpus.rfc2046Example();
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=simple boundary]"
                + " (1 text/plain [charset=us-ascii] 7bit size=80 lines=2)"
                + " (2 text/plain [charset=us-ascii] 7bit size=78 lines=2))", render(parsed.body()));
        BodyStructure.Multipart multipart = assertInstanceOf(BodyStructure.Multipart.class, parsed.body());
        assertTrue(multipart.closed());
        assertEquals("This is the preamble.  It is to be ignored, though it\r\n"
                + "is a handy place for composition agents to include an\r\n"
                + "explanatory note to non-MIME conformant readers.\r\n", slice(message, multipart.preamble()));
        assertEquals("\r\nThis is the epilogue.  It is also to be ignored.\r\n", slice(message, multipart.epilogue()));
        assertEquals("This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.",
                slice(message, parsed.section("1").orElseThrow()));
        assertEquals("\r\n", slice(message, parsed.section("1.MIME").orElseThrow()));
        assertEquals("This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n",
                slice(message, parsed.section("2").orElseThrow()));
        assertEquals("Content-type: text/plain; charset=us-ascii\r\n\r\n",
                slice(message, parsed.section("2.MIME").orElseThrow()));
        assertEquals(Optional.of("Sample message"), parsed.envelope().subject());
        assertEquals(Set.of(), parsed.problems());
    }

    @Test
    void nestedMultipartWithAttachmentAndForwardedMessage() throws IOException {
        byte[] message = MimeCorpus.nestedMessage();
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=outer]"
                + " (1 multipart/alternative [boundary=inner]"
                + " (1.1 text/plain [charset=utf-8] quoted-printable size=15 lines=1)"
                + " (1.2 text/html [charset=utf-8] 7bit size=9 lines=1))"
                + " (2 application/pdf [name=a.pdf] base64 size=8)"
                + " (3 message/rfc822 7bit size=101 lines=6 (3.1 text/plain 7bit size=20 lines=2)))",
                render(parsed.body()));
        assertEquals(Optional.of("Grüße aus Köln"), parsed.envelope().decodedSubject());
        assertEquals(List.of(new Group("undisclosed-recipients", List.of())), parsed.envelope().to());
        assertEquals(Optional.of("Jürgen"), ((Mailbox) parsed.envelope().from().get(0)).decodedDisplayName());

        BodyStructure.SinglePart pdf = assertInstanceOf(BodyStructure.SinglePart.class,
                parsed.part("2").orElseThrow());
        assertEquals(Optional.of("<part3@example.de>"), pdf.fields().id());
        assertEquals(List.of("de", "en"), pdf.fields().language());
        ContentDisposition disposition = pdf.fields().disposition().orElseThrow();
        assertEquals("attachment", disposition.type());
        assertEquals(Optional.of("€-rate.pdf"), disposition.parameter("filename"));
        assertEquals("JVBERi0=", slice(message, pdf.body()));
        byte[] pdfBytes = ContentDecoder.decode(new ByteArrayInputStream(message, (int) pdf.body().start(),
                (int) pdf.body().length()), "base64").readAllBytes();
        assertEquals("%PDF-", new String(pdfBytes, StandardCharsets.US_ASCII));

        BodyStructure.SinglePart plain = assertInstanceOf(BodyStructure.SinglePart.class,
                parsed.part("1.1").orElseThrow());
        java.io.StringWriter decoded = new java.io.StringWriter();
        ContentDecoder.text(new ByteArrayInputStream(message, (int) plain.body().start(), (int) plain.body().length()),
                plain.fields().encoding(), plain.contentType()).transferTo(decoded);
        assertEquals("Grüße", decoded.toString());

        BodyStructure.MessagePart forwarded = assertInstanceOf(BodyStructure.MessagePart.class,
                parsed.part("3").orElseThrow());
        assertEquals(Optional.of("forwarded"), forwarded.envelope().subject());
        assertEquals(List.of(Mailbox.of("Inner", "inner", "example.org")), forwarded.envelope().from());
        assertEquals("From: Inner <inner@example.org>\r\nSubject: forwarded\r\nContent-Type: text/plain\r\n\r\n",
                slice(message, parsed.section("3.HEADER").orElseThrow()));
        assertEquals("inner body\r\nline two", slice(message, parsed.section("3.TEXT").orElseThrow()));
        assertEquals("inner body\r\nline two", slice(message, parsed.section("3.1").orElseThrow()));
        assertEquals("Content-Type: message/rfc822\r\n\r\n", slice(message, parsed.section("3.MIME").orElseThrow()));
        assertEquals("<p>hi</p>", slice(message, parsed.section("1.2").orElseThrow()));
        assertEquals(Optional.empty(), parsed.section("4"));
        assertEquals(Optional.empty(), parsed.section("2.HEADER"));
        assertEquals(Set.of(), parsed.problems());
    }

    @Test
    void missingFinalBoundaryEndsAtMessageEndAndIsFlagged() {
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "", "one", "--b", "", "two");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=b] unclosed"
                + " (1 text/plain [charset=us-ascii] 7bit size=3 lines=1)"
                + " (2 text/plain [charset=us-ascii] 7bit size=5 lines=1))", render(parsed.body()));
        assertEquals("two\r\n", slice(message, parsed.section("2").orElseThrow()));
        assertEquals(Set.of(MimeProblem.MISSING_FINAL_BOUNDARY), parsed.problems());
    }

    @Test
    void innerPartWithoutCloseDelimiterEndsAtOuterBoundary() {
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=o", "", "--o",
                "Content-Type: multipart/mixed; boundary=i", "", "--i", "", "x", "--o", "", "y", "--o--");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=o]"
                + " (1 multipart/mixed [boundary=i] unclosed (1.1 text/plain [charset=us-ascii] 7bit size=1 lines=1))"
                + " (2 text/plain [charset=us-ascii] 7bit size=1 lines=1))", render(parsed.body()));
        assertEquals("x", slice(message, parsed.section("1.1").orElseThrow()));
        assertEquals(Set.of(MimeProblem.MISSING_FINAL_BOUNDARY), parsed.problems());
    }

    @Test
    void boundaryNeverAppearingLeavesOnlyPreamble() {
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=nowhere", "", "just text", "--elsewhere");
        ParsedMessage parsed = MimeParser.parse(message);

        BodyStructure.Multipart multipart = assertInstanceOf(BodyStructure.Multipart.class, parsed.body());
        assertEquals(List.of(), multipart.parts());
        assertEquals("just text\r\n--elsewhere\r\n", slice(message, multipart.preamble()));
        assertEquals(Set.of(MimeProblem.NO_PARTS), parsed.problems());
    }

    @Test
    void bareLineFeedsAreLineEndsAndFlagged() {
        byte[] message = ("Subject: lf\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nbody\n--b--\n")
                .getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=b] (1 text/plain [charset=us-ascii] 7bit size=4 lines=1))",
                render(parsed.body()));
        assertEquals("body", slice(message, parsed.section("1").orElseThrow()));
        assertEquals(Optional.of("lf"), parsed.envelope().subject());
        assertEquals(Set.of(MimeProblem.BARE_LINE_FEED), parsed.problems());
    }

    @Test
    void bodyLinesCountedWithoutCopyStillFlagBareLineFeedsAndNulBytes() {
        // Body lines that cannot be boundaries take the uncopied path; its checks match the copied one.
        byte[] bare = ("Subject: s\r\n\r\nfirst line of the body\r\nsecond\tline with a tab\nthird\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = MimeParser.parse(bare);
        assertEquals(Set.of(MimeProblem.BARE_LINE_FEED), parsed.problems());
        assertEquals("(1 text/plain [charset=us-ascii] 7bit size=" + (bare.length - 14) + " lines=3)",
                render(parsed.body()));

        byte[] nul = ("Subject: s\r\n\r\na long first line\twith a tab\0and a NUL\r\nnext\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        parsed = MimeParser.parse(nul);
        assertEquals(Set.of(MimeProblem.NUL_BYTE), parsed.problems());
        assertEquals("(1 text/plain [charset=us-ascii] 7bit size=" + (nul.length - 14) + " lines=2)",
                render(parsed.body()));
    }

    /** Attachment content full of what could trip the boundary search, but is not a boundary. */
    private static final String TRICKY_CONTENT = "AAAA-BBBB\r\n-not a boundary\r\n--b-not-this-one\r\n"
            + "x\0y\n" + "z".repeat(40) + "-" + "w".repeat(30) + "\r\n\r\n--\r\nend\r\n";

    @Test
    void attachmentsAreSearchedForBoundariesOnlyAndTextPartsAreChecked() {
        String head = "Subject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n";
        String tail = "--b\r\nContent-Type: text/plain\r\n\r\nafter\r\n--b--\r\n";
        byte[] attachment = (head + "Content-Type: application/octet-stream\r\n\r\n" + TRICKY_CONTENT + tail)
                .getBytes(StandardCharsets.ISO_8859_1);
        ParsedMessage parsed = MimeParser.parse(attachment);
        // RFC 2046 §5.1.1: the CRLF before a boundary line belongs to the boundary.
        String content = TRICKY_CONTENT.substring(0, TRICKY_CONTENT.length() - 2);
        assertEquals(content, slice(attachment, parsed.section("1").orElseThrow()));
        assertEquals("after", slice(attachment, parsed.section("2").orElseThrow()));
        assertEquals("(- multipart/mixed [boundary=b] (1 application/octet-stream 7bit size=" + content.length()
                + ") (2 text/plain 7bit size=5 lines=1))", render(parsed.body()));
        assertEquals(Set.of(), parsed.problems(), "a binary attachment may hold NULs and bare LFs");
        assertEveryTwoChunkSplitAgrees(attachment, parsed);

        byte[] text = (head + "Content-Type: text/plain\r\n\r\n" + TRICKY_CONTENT + tail)
                .getBytes(StandardCharsets.ISO_8859_1);
        parsed = MimeParser.parse(text);
        assertEquals(content, slice(text, parsed.section("1").orElseThrow()));
        assertEquals(Set.of(MimeProblem.NUL_BYTE, MimeProblem.BARE_LINE_FEED), parsed.problems());
        assertEquals("(- multipart/mixed [boundary=b] (1 text/plain 7bit size=" + content.length()
                + " lines=8) (2 text/plain 7bit size=5 lines=1))", render(parsed.body()));
        assertEveryTwoChunkSplitAgrees(text, parsed);
    }

    @Test
    void anAttachmentInsideAForwardedMessageIsCountedForItsLines() {
        String inner = "Subject: inner\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n--i\r\n"
                + "Content-Type: image/png\r\n\r\n" + TRICKY_CONTENT + "--i--\r\n";
        byte[] message = ("Subject: outer\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/rfc822\r\n\r\n" + inner + "--b--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ParsedMessage parsed = MimeParser.parse(message);
        BodyStructure.MessagePart forwarded = assertInstanceOf(BodyStructure.MessagePart.class,
                ((BodyStructure.Multipart) parsed.body()).parts().get(0));
        // BODYSTRUCTURE counts the forwarded message's lines, its attachment's included (the last
        // line's CRLF belongs to the boundary after it, but the line still counts).
        assertEquals(inner.chars().filter(c -> c == '\n').count(), forwarded.lines());
        assertEquals(Set.of(MimeProblem.NUL_BYTE, MimeProblem.BARE_LINE_FEED), parsed.problems());
        assertEveryTwoChunkSplitAgrees(message, parsed);
    }

    private static void assertEveryTwoChunkSplitAgrees(byte[] message, ParsedMessage whole) {
        for (int cut = 0; cut <= message.length; cut++) {
            MimeParser parser = MimeParser.of(MimeLimits.defaults());
            parser.feed(java.nio.ByteBuffer.wrap(message, 0, cut));
            parser.feed(java.nio.ByteBuffer.wrap(message, cut, message.length - cut));
            assertEquals(whole, parser.finish(), "cut at " + cut);
        }
    }

    @Test
    void nulBytesAreKeptAndFlagged() {
        byte[] message = crlf("Subject: a\0b", "", "x\0y");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Optional.of("a\0b"), parsed.envelope().subject());
        assertEquals("x\0y\r\n", slice(message, parsed.text()));
        assertEquals(Set.of(MimeProblem.NUL_BYTE), parsed.problems());
    }

    @Test
    void eightBitHeadersAreUtf8OrLatin1() {
        byte[] utf8 = crlf("Subject: Grüße", "", "");
        byte[] latin1 = "Subject: Gr\u00fc\u00dfe\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertEquals(Optional.of("Grüße"), MimeParser.parse(utf8).envelope().subject());
        assertEquals(Optional.of("Grüße"), MimeParser.parse(latin1).envelope().subject());
        assertEquals(Set.of(MimeProblem.EIGHT_BIT_HEADER), MimeParser.parse(latin1).problems());
    }

    @Test
    void unfoldingJoinsContinuationLines() {
        byte[] message = "Subject: a\r\n b\r\n\tc\r\n \r\nX: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Optional.of("a b\tc"), parsed.envelope().subject());
        assertEquals(2, parsed.headers().size());
        assertEquals("Subject: a\r\n b\r\n\tc\r\n \r\n",
                new String(parsed.headers().get(0).raw(), StandardCharsets.US_ASCII));
    }

    @Test
    void headerLineWithoutColonIsKeptButNotInterpreted() {
        byte[] message = crlf("From nobody Mon Jan 1", "Subject: s", "", "body");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("", parsed.headers().get(0).name());
        assertEquals(Optional.of("s"), parsed.envelope().subject());
        assertEquals(Set.of(MimeProblem.MALFORMED_HEADER_LINE), parsed.problems());
    }

    @Test
    void digestPartsDefaultToMessageRfc822() {
        byte[] message = crlf("Content-Type: multipart/digest; boundary=d", "", "--d", "", "Subject: one", "",
                "hello", "--d--");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/digest [boundary=d] (1 message/rfc822 7bit size=21 lines=3"
                + " (1.1 text/plain [charset=us-ascii] 7bit size=5 lines=1)))", render(parsed.body()));
        BodyStructure.MessagePart inner = assertInstanceOf(BodyStructure.MessagePart.class, parsed.part("1").get());
        assertEquals(Optional.of("one"), inner.envelope().subject());
    }

    @Test
    void messageWithoutBodyHasEmptyText() {
        byte[] message = "Subject: only header".getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Optional.of("only header"), parsed.envelope().subject());
        assertEquals(new ByteRange(message.length, 0), parsed.text());
        assertFalse(parsed.problems().contains(MimeProblem.BARE_LINE_FEED));
    }

    @Test
    void rfc5322ReplyKeepsInReplyTo() {
        // RFC 5322 Appendix A.2
        byte[] message = crlf("From: Mary Smith <mary@example.net>", "To: John Doe <jdoe@machine.example>",
                "Reply-To: \"Mary Smith: Personal Account\" <smith@home.example>", "Subject: Re: Saying Hello",
                "Date: Fri, 21 Nov 1997 10:01:10 -0600", "Message-ID: <3456@example.net>",
                "In-Reply-To: <1234@local.machine.example>", "References: <1234@local.machine.example>", "",
                "This is a reply to your hello.");
        Envelope envelope = MimeParser.parse(message).envelope();

        assertEquals(new Envelope(Optional.of("Fri, 21 Nov 1997 10:01:10 -0600"), Optional.of("Re: Saying Hello"),
                List.of(Mailbox.of("Mary Smith", "mary", "example.net")), List.of(),
                List.of(Mailbox.of("Mary Smith: Personal Account", "smith", "home.example")),
                List.of(Mailbox.of("John Doe", "jdoe", "machine.example")), List.of(), List.of(),
                Optional.of("<1234@local.machine.example>"), Optional.of("<3456@example.net>")), envelope);
        assertEquals(List.of(Mailbox.of("Mary Smith", "mary", "example.net")), envelope.sender());
    }

    @Test
    void base64EncodedMessagePartIsNotParsedInside() {
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: message/rfc822",
                "Content-Transfer-Encoding: base64", "", "U3ViamVjdDogeA0KDQpib2R5", "--b--");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=b] (1 message/rfc822 base64 size=24))", render(parsed.body()));
        assertEquals(Set.of(), parsed.problems());
    }

    @Test
    void multipartWithoutBoundaryIsALeaf() {
        ParsedMessage parsed = MimeParser.parse(crlf("Content-Type: multipart/mixed", "", "--x", "", "y", "--x--"));

        assertEquals("(1 multipart/mixed 7bit size=17)", render(parsed.body()));
        assertEquals(Set.of(MimeProblem.MISSING_BOUNDARY), parsed.problems());
    }

    @Test
    void partHeaderCutShortByABoundaryHasAnEmptyBody() {
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "Content-Type: text/html",
                "--b", "", "z", "--b--");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=b] (1 text/html 7bit size=0 lines=0)"
                + " (2 text/plain [charset=us-ascii] 7bit size=1 lines=1))", render(parsed.body()));
        assertEquals("Content-Type: text/html\r\n", slice(message, parsed.section("1.MIME").orElseThrow()));
    }

    @Test
    void boundaryLinesAllowTrailingWhitespaceOnly() {
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b \t", "", "one", "--b junk", "--bb",
                " --b", "--b-- ", "epilogue");
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals("(- multipart/mixed [boundary=b] (1 text/plain [charset=us-ascii] 7bit size=25 lines=4))",
                render(parsed.body()));
        assertEquals("one\r\n--b junk\r\n--bb\r\n --b", slice(message, parsed.section("1").orElseThrow()));
    }

    @Test
    void bareCarriageReturnIsNotALineEnd() {
        byte[] message = "Subject: a\rb\r\n\r\nx\ry\r\n".getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Optional.of("a\rb"), parsed.envelope().subject());
        assertEquals("(1 text/plain [charset=us-ascii] 7bit size=5 lines=1)", render(parsed.body()));
    }

    @Test
    void whitespaceBeforeTheColonIsTolerated() {
        ParsedMessage parsed = MimeParser.parse(crlf("Subject : obsolete", "", ""));
        assertEquals("Subject", parsed.headers().get(0).name());
        assertEquals(Optional.of("obsolete"), parsed.envelope().subject());
    }

    @Test
    void tenThousandNestedMultipartsNeedNoDeepStack() {
        ParsedMessage parsed = MimeParser.parse(MimeLimitsTest.nested(10_000));
        assertTrue(parsed.problems().contains(MimeProblem.NESTING_TOO_DEEP));
    }

    @Test
    void readsFromAStream() throws IOException {
        byte[] message = MimeCorpus.nestedMessage();
        assertEquals(MimeParser.parse(message), MimeParser.parse(new ByteArrayInputStream(message),
                MimeLimits.defaults()));
    }

    @Test
    void feedingAfterFinishIsMisuse() {
        MimeParser parser = MimeParser.of(MimeLimits.defaults());
        parser.finish();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> parser.feed(java.nio.ByteBuffer.allocate(1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, parser::finish);
    }

    @Test
    void emptyInputIsAnEmptyMessage() {
        ParsedMessage parsed = MimeParser.parse(new byte[0]);
        assertEquals("(1 text/plain [charset=us-ascii] 7bit size=0 lines=0)", render(parsed.body()));
        assertEquals(0, parsed.size());
    }
}
