// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentDecoderTest {

    private static String base64(String encoded, boolean[] garbage) {
        Base64Decoder decoder = Base64Decoder.create();
        ByteBuffer out = ByteBuffer.allocate(encoded.length() + 8);
        // one byte at a time, so quanta split anywhere
        for (byte b : encoded.getBytes(StandardCharsets.ISO_8859_1)) {
            decoder.decode(ByteBuffer.wrap(new byte[] {b}), out);
        }
        decoder.finish(out);
        garbage[0] = decoder.sawGarbage();
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> base64Cases() {
        // SECURITY-CASES MIME-04
        return Stream.of(
                Arguments.of("QQ", "A", false),
                Arguments.of("QQ==", "A", false),
                Arguments.of("QQ====", "A", false),
                Arguments.of("QQ==QQ==", "AA", false),
                Arguments.of("QUJD\r\nREVG\r\n", "ABCDEF", false),
                Arguments.of(" Q U J D ", "ABC", false),
                Arguments.of("QU*JD", "ABC", true),
                Arguments.of("", "", false),
                Arguments.of("Q", "", true),
                Arguments.of("QUI", "AB", false),
                Arguments.of("=", "", false));
    }

    @ParameterizedTest
    @MethodSource("base64Cases")
    void decodesBase64Leniently(String encoded, String decoded, boolean garbage) {
        boolean[] sawGarbage = new boolean[1];
        assertEquals(decoded, base64(encoded, sawGarbage));
        assertEquals(garbage, sawGarbage[0]);
    }

    @Test
    void base64LinesOfSeventySixDecode() throws IOException {
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        byte[] encoded = java.util.Base64.getMimeEncoder().encode(data);
        assertEquals(java.util.Arrays.toString(data), java.util.Arrays.toString(
                ContentDecoder.decode(new ByteArrayInputStream(encoded), "BASE64").readAllBytes()));
    }

    private static String quoted(String encoded, boolean[] malformed) {
        QuotedPrintableDecoder decoder = QuotedPrintableDecoder.create();
        ByteBuffer out = ByteBuffer.allocate(encoded.length() + QuotedPrintableDecoder.MIN_ROOM + 8);
        for (byte b : encoded.getBytes(StandardCharsets.ISO_8859_1)) {
            decoder.decode(ByteBuffer.wrap(new byte[] {b}), out);
        }
        decoder.finish(out);
        malformed[0] = decoder.sawMalformed();
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> quotedPrintableCases() {
        // SECURITY-CASES MIME-05
        return Stream.of(
                Arguments.of("a=\r\nb", "ab", false),
                Arguments.of("a=\nb", "ab", false),
                Arguments.of("a= \t\r\nb", "ab", false),
                Arguments.of("a=3D=3d", "a==", false),
                Arguments.of("caf=C3=A9", "caf\u00c3\u00a9", false),
                Arguments.of("a=ZZb", "a=ZZb", true),
                Arguments.of("a=", "a", true),
                Arguments.of("a=4", "a=4", true),
                Arguments.of("trailing   \r\nnext", "trailing\r\nnext", false),
                Arguments.of("keep  inner", "keep  inner", false),
                Arguments.of("x".repeat(200), "x".repeat(200), false),
                Arguments.of("bare\rcr", "bare\rcr", false),
                Arguments.of("", "", false));
    }

    @ParameterizedTest
    @MethodSource("quotedPrintableCases")
    void decodesQuotedPrintable(String encoded, String decoded, boolean malformed) {
        boolean[] sawMalformed = new boolean[1];
        assertEquals(decoded, quoted(encoded, sawMalformed));
        assertEquals(malformed, sawMalformed[0]);
    }

    @Test
    void decodesTextPartToCharacters() throws IOException {
        StringWriter out = new StringWriter();
        ContentDecoder.text(new ByteArrayInputStream("Gr=FC=DFe".getBytes(StandardCharsets.US_ASCII)),
                "quoted-printable", ContentType.parse("text/plain; charset=iso-8859-1").orElseThrow()).transferTo(out);
        assertEquals("Grüße", out.toString());
    }

    @Test
    void unknownCharsetReadsAsUtf8() throws IOException {
        StringWriter out = new StringWriter();
        ContentDecoder.text(new ByteArrayInputStream("Grüße".getBytes(StandardCharsets.UTF_8)), "8bit",
                ContentType.parse("text/plain; charset=x-nonsense").orElseThrow()).transferTo(out);
        assertEquals("Grüße", out.toString());
    }

    @Test
    void identityEncodingsPassBytesThrough() throws IOException {
        byte[] data = {0, 1, (byte) 0xff, '\r', '\n'};
        for (String encoding : new String[] {"7bit", "8bit", "binary", "x-unknown"}) {
            assertEquals(java.util.Arrays.toString(data), java.util.Arrays.toString(
                    ContentDecoder.decode(new ByteArrayInputStream(data), encoding).readAllBytes()));
        }
    }
}
