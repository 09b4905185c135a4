// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageBuilderTest {

    @Test
    void buildsAMessageTheParserReadsBack() {
        OffsetDateTime date = OffsetDateTime.of(2026, 11, 23, 20, 0, 0, 0, ZoneOffset.ofHours(1));
        byte[] message = MessageBuilder.builder(new Random(1))
                .date(date)
                .from(Mailbox.of("Jürgen Müller", "j", "example.de"))
                .to(Mailbox.of("a b", "example.org"), new Group("undisclosed-recipients", List.of()))
                .subject("Grüße")
                .messageId("<1@example.de>")
                .body(MessageBuilder.Part.mixed(MessageBuilder.Part.text("héllo\nworld"),
                        MessageBuilder.Part.attachment("€.pdf", ContentType.of("application", "pdf"),
                                new byte[] {1, 2, 3})))
                .build();
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Set.of(), parsed.problems());
        assertEquals(Optional.of("Grüße"), parsed.envelope().decodedSubject());
        assertEquals(Optional.of("Jürgen Müller"),
                ((Mailbox) parsed.envelope().from().get(0)).decodedDisplayName());
        assertEquals(List.of(Mailbox.of("a b", "example.org"), new Group("undisclosed-recipients", List.of())),
                parsed.envelope().to());
        assertEquals(Optional.of(date), parsed.envelope().parsedDate().map(MessageDate::dateTime));
        BodyStructure.Multipart mixed = (BodyStructure.Multipart) parsed.body();
        assertEquals(2, mixed.parts().size());
        assertEquals("quoted-printable", ((BodyStructure.SinglePart) mixed.parts().get(0)).fields().encoding());
        assertEquals(Optional.of("€.pdf"), ((BodyStructure.SinglePart) mixed.parts().get(1)).fields().disposition()
                .orElseThrow().parameter("filename"));
    }

    @Test
    void buildsMultipartReportForBounces() {
        byte[] original = MimeCorpus.rfc5322SimpleMessage();
        byte[] message = MessageBuilder.builder(new Random(2))
                .from(Mailbox.of("MAILER-DAEMON", "example.org"))
                .subject("Undelivered Mail Returned to Sender")
                .body(MessageBuilder.Part.report("delivery-status",
                        MessageBuilder.Part.text("Your message could not be delivered."),
                        MessageBuilder.Part.of(ContentType.of("message", "delivery-status"), MimeCorpus.crlf(
                                "Reporting-MTA: dns; mx.example.org", "", "Final-Recipient: rfc822; x@example.net",
                                "Action: failed", "Status: 5.1.1")),
                        MessageBuilder.Part.of(ContentType.of("message", "rfc822"), original)))
                .build();
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Set.of(), parsed.problems());
        BodyStructure.Multipart report = (BodyStructure.Multipart) parsed.body();
        assertEquals("report", report.contentType().subtype());
        assertEquals(Optional.of("delivery-status"), report.contentType().parameter("report-type"));
        BodyStructure.MessagePart returned = (BodyStructure.MessagePart) report.parts().get(2);
        assertEquals(Optional.of("Saying Hello"), returned.envelope().subject());
        assertEquals(new String(original, StandardCharsets.US_ASCII),
                MimeCorpus.slice(message, returned.body()));
    }

    @Test
    void foldsLongHeadersAtSeventyEightCharacters() {
        String subject = "word ".repeat(60).strip();
        String field = HeaderEncoder.unstructured("Subject", subject);
        for (String line : field.split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
        ParsedMessage parsed = MimeParser.parse((field + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(Optional.of(subject), parsed.envelope().subject());
    }

    @Test
    void encodesNonAsciiSubjectsAndDisplayNames() {
        assertEquals("Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n", HeaderEncoder.unstructured("Subject", "Grüße"));
        assertEquals("=?UTF-8?B?SsO8cmdlbg==?= <j@x.de>", HeaderEncoder.mailbox(Mailbox.of("Jürgen", "j", "x.de")));
        assertEquals("\"Doe, John\" <\"john doe\"@x.de>",
                HeaderEncoder.mailbox(Mailbox.of("Doe, John", "john doe", "x.de")));
        assertTrue(HeaderEncoder.unstructured("Subject", "looks =?like?= a word").contains("=?UTF-8?B?"));
    }

    static Stream<Executable> injections() {
        return Stream.of(
                () -> MessageBuilder.builder().subject("x\r\nBcc: victim@x"),
                () -> MessageBuilder.builder().subject("x\nBcc: victim@x"),
                () -> MessageBuilder.builder().subject("x\0"),
                () -> MessageBuilder.builder().header("X-A\r\nBcc", "v"),
                () -> MessageBuilder.builder().header("X A", "v"),
                () -> MessageBuilder.builder().header("X-A", "v\r"),
                () -> MessageBuilder.builder().from(Mailbox.of("n\r\nBcc: x", "a", "b")),
                () -> MessageBuilder.builder().from(Mailbox.of("a\r\nb", "b")),
                () -> MessageBuilder.builder().from(Mailbox.of("a", "b>\r\nRCPT TO:<x@evil")),
                () -> MessageBuilder.builder().messageId("<a@b>\r\nBcc: x"),
                () -> MessageBuilder.builder().messageId("no-brackets@b"),
                () -> MessageBuilder.Part.attachment("a\r\n.pdf", ContentType.of("a", "b"), new byte[0]),
                () -> MessageBuilder.Part.of(ContentType.of("text", "plain", new MimeParameter("charset", "a\nb")),
                        new byte[0]),
                () -> MessageBuilder.Part.multipart("mixed", List.of(), List.of()),
                () -> MessageBuilder.Part.of(ContentType.of("text", "plain; charset=x"), new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("injections")
    void refusesControlCharactersBeforeWritingAnything(Executable call) {
        assertThrows(IllegalArgumentException.class, call);
    }

    @Test
    void boundaryNeverOccursInsideTheParts() {
        // A generator that always draws the same characters first forces a clash to be detected.
        java.util.random.RandomGenerator fixed = new java.util.random.RandomGenerator() {
            private int calls;

            @Override
            public long nextLong() {
                return calls++ < 24 ? 0 : 1;
            }

            @Override
            public int nextInt(int bound) {
                return calls++ < 24 ? 0 : 1;
            }
        };
        String clash = "--=_mw_" + "A".repeat(24);
        byte[] message = MessageBuilder.builder(fixed)
                .body(MessageBuilder.Part.mixed(MessageBuilder.Part.text(clash))).build();
        ParsedMessage parsed = MimeParser.parse(message);
        assertEquals(1, ((BodyStructure.Multipart) parsed.body()).parts().size());
        assertEquals(clash, MimeCorpus.slice(message, parsed.section("1").orElseThrow()));
    }
}
