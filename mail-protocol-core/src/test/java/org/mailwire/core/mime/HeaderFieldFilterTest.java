// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code BODY[HEADER.FIELDS (...)]} and {@code BODY[HEADER.FIELDS.NOT (...)]}, RFC 9051 §6.4.5. */
class HeaderFieldFilterTest {

    private static final String HEADER = "From: John Doe <jdoe@machine.example>\r\n"
            + "To: Mary Smith\r\n <mary@example.net>\r\n"
            + "Subject: Saying\r\n\tHello\r\n"
            + "subject : second one\r\n"
            + "X-Spam: no\r\n"
            + "\r\n";
    private static final String MESSAGE = HEADER + "Body line\r\nFrom: not a header\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void fieldsKeepsNamedFieldsRawWithFoldingAndTheBlankLine() {
        byte[] message = bytes(MESSAGE);
        ParsedMessage parsed = MimeParser.parse(message);
        byte[] out = HeaderFieldFilter.fields(List.of("SUBJECT", "to")).apply(parsed, "", message).orElseThrow();
        assertEquals("To: Mary Smith\r\n <mary@example.net>\r\n"
                + "Subject: Saying\r\n\tHello\r\n"
                + "subject : second one\r\n"
                + "\r\n", text(out));
    }

    @Test
    void fieldsNotKeepsTheOthersAndStopsAtTheEndOfTheHeader() {
        byte[] message = bytes(MESSAGE);
        ParsedMessage parsed = MimeParser.parse(message);
        byte[] out = HeaderFieldFilter.fieldsNot(List.of("subject", "TO")).apply(parsed, "", message).orElseThrow();
        assertEquals("From: John Doe <jdoe@machine.example>\r\nX-Spam: no\r\n\r\n", text(out));
    }

    @Test
    void noMatchGivesOnlyTheBlankLine() {
        byte[] message = bytes(MESSAGE);
        ParsedMessage parsed = MimeParser.parse(message);
        assertEquals("\r\n", text(HeaderFieldFilter.fields(List.of("Cc")).apply(parsed, "", message).orElseThrow()));
        assertEquals("\r\n", text(HeaderFieldFilter.fields(List.of()).apply(parsed, "", message).orElseThrow()));
    }

    @Test
    void prefixOfANameDoesNotMatch() {
        byte[] header = bytes("Subjects: x\r\nSubject: y\r\n\r\n");
        assertEquals("Subject: y\r\n\r\n", text(HeaderFieldFilter.fields(List.of("subject")).apply(header, 0,
                header.length)));
    }

    @Test
    void encapsulatedMessageHeaderIsFilteredByPartNumber() {
        String inner = "From: inner@example.org\r\nSubject: inner\r\nX-A: 1\r\n\r\ninner body\r\n";
        String outer = "From: outer@example.org\r\nSubject: outer\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                + "--b\r\nContent-Type: message/rfc822\r\n\r\n" + inner
                + "--b--\r\n";
        byte[] message = bytes(outer);
        ParsedMessage parsed = MimeParser.parse(message);
        assertEquals("Subject: inner\r\n\r\n",
                text(HeaderFieldFilter.fields(List.of("subject")).apply(parsed, "2", message).orElseThrow()));
        assertEquals("From: inner@example.org\r\nSubject: inner\r\n\r\n",
                text(HeaderFieldFilter.fieldsNot(List.of("x-a")).apply(parsed, "2", message).orElseThrow()));
        assertTrue(HeaderFieldFilter.fields(List.of("subject")).apply(parsed, "1", message).isEmpty());
        assertTrue(HeaderFieldFilter.fields(List.of("subject")).apply(parsed, "9", message).isEmpty());
    }

    @Test
    void malformedLinesBelongToNoNameAndBareLineFeedsAreKeptAsStored() {
        byte[] header = bytes(" orphan continuation\nno colon here\nA: 1\n folded\nB: 2\n\nbody");
        assertEquals("A: 1\n folded\n\r\n", text(HeaderFieldFilter.fields(List.of("a")).apply(header, 0,
                header.length)));
        assertEquals("A: 1\n folded\nB: 2\n\r\n", text(HeaderFieldFilter.fieldsNot(List.of("c")).apply(header, 0,
                header.length)));
    }

    @Test
    void headerWithoutBlankLineOrLastLineEndIsClosed() {
        byte[] header = bytes("A: 1\r\nB: 2");
        assertEquals("B: 2\r\n\r\n", text(HeaderFieldFilter.fields(List.of("b")).apply(header, 0, header.length)));
    }
}
