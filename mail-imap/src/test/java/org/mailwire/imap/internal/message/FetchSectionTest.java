// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.imap.internal.message.TestMessages.crlf;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.Section;

/** BODY[section] and BINARY over RFC 9051 §6.4.5's part numbering example, partials, and RFC 3516. */
class FetchSectionTest {

    private static final FetchRenderer RENDERER = FetchRenderer.of(ZoneOffset.UTC);

    /** The nested message of RFC 9051 §6.4.5's part number example, each leaf holding its own number. */
    static final String NESTED = crlf(
            "From: outer@example.org",
            "Subject: outer",
            "MIME-Version: 1.0",
            "Content-Type: MULTIPART/MIXED; boundary=\"o\"",
            "",
            "--o",
            "Content-Type: TEXT/PLAIN",
            "",
            "part 1",
            "--o",
            "Content-Type: APPLICATION/OCTET-STREAM",
            "",
            "part 2",
            "--o",
            "Content-Type: MESSAGE/RFC822",
            "",
            "From: three@example.org",
            "Subject: three",
            "Content-Type: MULTIPART/MIXED; boundary=\"t\"",
            "",
            "--t",
            "Content-Type: TEXT/PLAIN",
            "",
            "part 3.1",
            "--t",
            "Content-Type: APPLICATION/OCTET-STREAM",
            "",
            "part 3.2",
            "--t--",
            "--o",
            "Content-Type: MULTIPART/MIXED; boundary=\"f\"",
            "",
            "--f",
            "Content-Type: IMAGE/GIF",
            "",
            "part 4.1",
            "--f",
            "Content-Type: MESSAGE/RFC822",
            "",
            "From: fourtwo@example.org",
            "Subject: four.two",
            "X-Other: yes",
            "Content-Type: MULTIPART/MIXED; boundary=\"g\"",
            "",
            "--g",
            "Content-Type: TEXT/PLAIN",
            "",
            "part 4.2.1",
            "--g",
            "Content-Type: MULTIPART/ALTERNATIVE; boundary=\"h\"",
            "",
            "--h",
            "Content-Type: TEXT/PLAIN",
            "",
            "part 4.2.2.1",
            "--h",
            "Content-Type: TEXT/RICHTEXT",
            "",
            "part 4.2.2.2",
            "--h--",
            "--g--",
            "--f--",
            "--o--");

    static String fetch(MessageView view, String spec) throws Exception {
        return FetchRendererTest.text(RENDERER.render(item(spec, Optional.empty()), view));
    }

    /** Builds a section from its wire form for tests ("4.2.HEADER", "HEADER.FIELDS (From)"). */
    static FetchItem item(String spec, Optional<Partial> partial) {
        return new FetchItem.BodySection(section(spec), partial, true);
    }

    static Section section(String spec) {
        String fields = null;
        int paren = spec.indexOf(" (");
        if (paren >= 0) {
            fields = spec.substring(paren + 2, spec.length() - 1);
            spec = spec.substring(0, paren);
        }
        String[] pieces = spec.isEmpty() ? new String[0] : spec.split("\\.");
        int numbers = 0;
        while (numbers < pieces.length && pieces[numbers].chars().allMatch(Character::isDigit)) {
            numbers++;
        }
        List<Long> part = Arrays.stream(pieces, 0, numbers).map(Long::valueOf).toList();
        String text = String.join(".", Arrays.copyOfRange(pieces, numbers, pieces.length));
        Optional<Section.Text> kind = Arrays.stream(Section.Text.values()).filter(t -> t.wire().equals(text)).findFirst();
        return new Section(part, kind, fields == null ? List.of() : List.of(fields.split(" ")));
    }

    static Stream<Arguments> rfcPartNumbers() {
        return Stream.of(
                Arguments.of("1", "part 1"),
                Arguments.of("2", "part 2"),
                Arguments.of("3.1", "part 3.1"),
                Arguments.of("3.2", "part 3.2"),
                Arguments.of("4.1", "part 4.1"),
                Arguments.of("4.2.1", "part 4.2.1"),
                Arguments.of("4.2.2.1", "part 4.2.2.1"),
                Arguments.of("4.2.2.2", "part 4.2.2.2"),
                Arguments.of("4.1.MIME", "Content-Type: IMAGE/GIF\r\n\r\n"),
                Arguments.of("2.MIME", "Content-Type: APPLICATION/OCTET-STREAM\r\n\r\n"),
                Arguments.of("3.HEADER", crlf("From: three@example.org", "Subject: three",
                        "Content-Type: MULTIPART/MIXED; boundary=\"t\"", "")),
                Arguments.of("4.2.HEADER.FIELDS (SUBJECT x-other)", crlf("Subject: four.two", "X-Other: yes", "")),
                Arguments.of("4.2.HEADER.FIELDS.NOT (Subject Content-Type From)", crlf("X-Other: yes", "")),
                Arguments.of("HEADER.FIELDS (From)", crlf("From: outer@example.org", "")),
                // The CRLF before the outer boundary belongs to that boundary (RFC 2046 §5.1.1).
                Arguments.of("3.TEXT", crlf("--t", "Content-Type: TEXT/PLAIN", "", "part 3.1", "--t",
                        "Content-Type: APPLICATION/OCTET-STREAM", "", "part 3.2").concat("--t--")));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @MethodSource("rfcPartNumbers")
    void servesEachSectionOfTheRfcPartNumberExample(String spec, String expected) throws Exception {
        assertEquals(expected, fetch(TestMessages.view(NESTED), spec));
    }

    @Test
    void wholeMessageHeaderAndTextAddUpToTheMessage() throws Exception {
        MessageView view = TestMessages.view(NESTED);
        assertEquals(NESTED, fetch(view, ""));
        assertEquals(NESTED, fetch(view, "HEADER") + fetch(view, "TEXT"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"5", "1.1", "2.HEADER", "4.1.TEXT", "9.MIME",
        "1.HEADER.FIELDS (From)", "3.3"})
    void missingSectionsAreNil(String spec) throws Exception {
        assertNull(fetch(TestMessages.view(NESTED), spec));
    }

    @Test
    void aSinglePartMessageHasPartOne() throws Exception {
        MessageView view = TestMessages.view(crlf("Subject: s", "", "hello"));
        assertEquals("hello\r\n", fetch(view, "1"));
        assertEquals("Subject: s\r\n\r\n", fetch(view, "1.MIME"));
        assertNull(fetch(view, "2"));
    }

    @Test
    void partialsCutTheSectionAndNameTheOrigin() throws Exception {
        MessageView view = TestMessages.view(NESTED);
        RenderedItem item = RENDERER.render(item("4.2.1", Optional.of(new Partial(2, 3))), view);
        FetchData.BodySection data = (FetchData.BodySection) item.data();
        assertEquals(Optional.of(2L), data.origin());
        assertEquals("rt ", FetchRendererTest.text(item));
        assertEquals("* 1 FETCH (BODY[4.2.1]<2> {3}\r\nrt )\r\n", TestMessages.wire(1, data));
    }

    @Test
    void aPartialAtTheEndIsShortAndPastTheEndIsEmpty() throws Exception {
        MessageView view = TestMessages.view(NESTED);
        assertEquals("1", FetchRendererTest.text(RENDERER.render(item("4.2.1", Optional.of(new Partial(9, 100))), view)));
        assertEquals("", FetchRendererTest.text(RENDERER.render(item("4.2.1", Optional.of(new Partial(10, 5))), view)));
        assertEquals("", FetchRendererTest.text(RENDERER.render(item("4.2.1", Optional.of(new Partial(4_000_000_000L, 5))), view)));
        assertEquals("part 4.2.1", FetchRendererTest.text(RENDERER.render(item("4.2.1", Optional.of(new Partial(0, 10))), view)));
    }

    @Test
    void rfc822ItemsAreTheirBodyEquivalents() throws Exception {
        MessageView view = TestMessages.view(NESTED);
        assertEquals(NESTED, FetchRendererTest.text(RENDERER.render(FetchItem.Simple.RFC822, view)));
        assertEquals(fetch(view, "HEADER"), FetchRendererTest.text(RENDERER.render(FetchItem.Simple.RFC822_HEADER, view)));
        assertEquals(fetch(view, "TEXT"), FetchRendererTest.text(RENDERER.render(FetchItem.Simple.RFC822_TEXT, view)));
        // RFC 3501 §7.4.2: each is answered under its own name, not as BODY[...].
        assertEquals(FetchData.Rfc822Kind.HEADER,
                ((FetchData.Rfc822) RENDERER.render(FetchItem.Simple.RFC822_HEADER, view).data()).kind());
        byte[] wire = new org.mailwire.imap.codec.ImapResponse.Fetch(1, List.of(new FetchData.Rfc822(
                FetchData.Rfc822Kind.TEXT, Optional.of(Fragment.Literal.of("abc".getBytes(StandardCharsets.US_ASCII),
                        true, false))))).toBytes();
        assertEquals("* 1 FETCH (RFC822.TEXT {3}\r\nabc)\r\n", new String(wire, StandardCharsets.US_ASCII));
    }

    @Test
    void aStoredNulIsSentAsHighBitInBodyButKeptInBinary() throws Exception {
        byte[] message = "Subject: n\r\n\r\na\0b\r\n".getBytes(StandardCharsets.ISO_8859_1);
        MessageView view = TestMessages.view(message, 1, org.mailwire.store.Flags.none(), TestMessages.DATE);
        assertEquals("a\u0080b\r\n", fetch(view, "1"));
        RenderedItem binary = RENDERER.render(new FetchItem.Binary(List.of(1L), Optional.empty(), true), view);
        Fragment.Literal literal = (Fragment.Literal) ((FetchData.Binary) binary.data()).data().orElseThrow();
        assertTrue(literal.binary());
        assertEquals("a\0b\r\n", new String(literal.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    static final String ENCODED = crlf(
            "Subject: binary",
            "Content-Type: multipart/mixed; boundary=x",
            "",
            "--x",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            "",
            "AAECAwQFBgcICQ==",
            "--x",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "caf=C3=A9 au=",
            " lait",
            "--x",
            "Content-Type: application/x-thing",
            "Content-Transfer-Encoding: x-uuencode",
            "",
            "begin 644 f",
            "--x",
            "Content-Type: text/plain",
            "",
            "plain",
            "--x--");

    @Test
    void binaryDecodesBase64AndQuotedPrintable() throws Exception {
        MessageView view = TestMessages.view(ENCODED);
        RenderedItem base64 = RENDERER.render(new FetchItem.Binary(List.of(1L), Optional.empty(), true), view);
        Fragment.Literal literal = (Fragment.Literal) ((FetchData.Binary) base64.data()).data().orElseThrow();
        assertEquals("00010203040506070809", java.util.HexFormat.of().formatHex(literal.toByteArray()));
        assertEquals("* 1 FETCH (BINARY[1] ~{10}\r\n\0\1\2\3\4\5\6\7\b\t)\r\n", TestMessages.wire(1, base64.data()));
        RenderedItem qp = RENDERER.render(new FetchItem.Binary(List.of(2L), Optional.empty(), true), view);
        assertEquals("café au lait", new String(((Fragment.Literal) ((FetchData.Binary) qp.data()).data().orElseThrow())
                .toByteArray(), StandardCharsets.UTF_8));
        assertEquals(new FetchData.BinarySize(List.of(1L), 10),
                RENDERER.render(new FetchItem.BinarySize(List.of(1L)), view).data());
        assertEquals(new FetchData.BinarySize(List.of(2L), "café au lait".getBytes(StandardCharsets.UTF_8).length),
                RENDERER.render(new FetchItem.BinarySize(List.of(2L)), view).data());
        assertEquals(new FetchData.BinarySize(List.of(4L), 5), RENDERER.render(new FetchItem.BinarySize(List.of(4L)), view).data());
    }

    @Test
    void binaryPartialsCountDecodedOctets() throws Exception {
        MessageView view = TestMessages.view(ENCODED);
        RenderedItem item = RENDERER.render(new FetchItem.Binary(List.of(1L), Optional.of(new Partial(8, 5)), true), view);
        Fragment.Literal literal = (Fragment.Literal) ((FetchData.Binary) item.data()).data().orElseThrow();
        assertEquals("0809", java.util.HexFormat.of().formatHex(literal.toByteArray()));
    }

    @Test
    void binaryOfAnUnknownTransferEncodingIsUnknownCte() {
        MessageView view = TestMessages.view(ENCODED);
        UnknownCteException e = assertThrows(UnknownCteException.class,
                () -> RENDERER.render(new FetchItem.Binary(List.of(3L), Optional.empty(), true), view));
        assertEquals("x-uuencode", e.encoding());
        assertThrows(UnknownCteException.class, () -> RENDERER.render(new FetchItem.BinarySize(List.of(3L)), view));
    }

    @Test
    void binaryOfAMissingPartIsNil() throws Exception {
        MessageView view = TestMessages.view(ENCODED);
        assertEquals(new FetchData.Binary(List.of(9L), Optional.empty()),
                RENDERER.render(new FetchItem.Binary(List.of(9L), Optional.empty(), true), view).data());
    }

    @Test
    void rfc3516ExampleDecodesABase64Attachment() throws Exception {
        // RFC 3516 §4.2 example shape: FETCH BINARY[1.2] of a base64 part; BINARY.SIZE is its decoded size.
        byte[] octets = new byte[300];
        for (int i = 0; i < octets.length; i++) {
            octets[i] = (byte) i;
        }
        String b64 = java.util.Base64.getMimeEncoder().encodeToString(octets);
        String message = crlf("Content-Type: multipart/mixed; boundary=a", "", "--a",
                "Content-Type: multipart/alternative; boundary=b", "", "--b", "Content-Type: text/plain", "", "hi", "--b",
                "Content-Type: application/octet-stream", "Content-Transfer-Encoding: BASE64", "", b64, "--b--", "--a--");
        MessageView view = TestMessages.view(message);
        assertEquals(new FetchData.BinarySize(List.of(1L, 2L), 300),
                RENDERER.render(new FetchItem.BinarySize(List.of(1L, 2L)), view).data());
        Fragment.Literal literal = (Fragment.Literal) ((FetchData.Binary) RENDERER
                .render(new FetchItem.Binary(List.of(1L, 2L), Optional.empty(), false), view).data()).data().orElseThrow();
        assertTrue(Arrays.equals(octets, literal.toByteArray()));
    }

    @Test
    void streamedSectionsWrittenBetweenSegmentsGiveTheInMemoryResponse() throws Exception {
        MessageView view = TestMessages.view(ENCODED);
        FetchRenderer streaming = FetchRenderer.of(ZoneOffset.UTC, 0);
        List<FetchItem> items = List.of(FetchItem.Simple.UID, item("1", Optional.empty()),
                new FetchItem.Binary(List.of(1L), Optional.empty(), true), item("HEADER", Optional.of(new Partial(0, 7))));
        List<FetchData> inMemory = new java.util.ArrayList<>();
        List<FetchData> streamedData = new java.util.ArrayList<>();
        List<StreamedSection> contents = new java.util.ArrayList<>();
        for (FetchItem i : items) {
            inMemory.add(RENDERER.render(i, view).data());
            RenderedItem r = streaming.render(i, view);
            streamedData.add(r.data());
            r.streamed().ifPresent(contents::add);
        }
        assertEquals(3, contents.size());
        List<byte[]> segments = new org.mailwire.imap.codec.ImapResponse.Fetch(1, streamedData).toSegments();
        assertEquals(contents.size() + 1, segments.size());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < segments.size(); i++) {
            out.writeBytes(segments.get(i));
            if (i < contents.size()) {
                out.writeBytes(TestMessages.readAll(contents.get(i)));
            }
        }
        assertEquals(TestMessages.wire(1, inMemory.toArray(FetchData[]::new)), out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void sectionsUpToTheInMemoryLimitAreLiteralsAndLargerOnesStream() throws Exception {
        MessageView view = TestMessages.view(NESTED);
        int size = NESTED.length();
        FetchItem whole = item("", Optional.empty());
        RenderedItem atLimit = FetchRenderer.of(ZoneOffset.UTC, size).render(whole, view);
        assertTrue(atLimit.streamed().isEmpty());
        assertInstanceOf(Fragment.Literal.class, ((FetchData.BodySection) atLimit.data()).data().orElseThrow());
        RenderedItem pastLimit = FetchRenderer.of(ZoneOffset.UTC, size - 1).render(whole, view);
        assertEquals(size, pastLimit.streamed().orElseThrow().size());
        assertEquals(new Fragment.StreamedLiteral(size, true, false),
                ((FetchData.BodySection) pastLimit.data()).data().orElseThrow());
    }
}
