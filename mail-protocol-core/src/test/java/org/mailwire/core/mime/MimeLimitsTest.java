// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hostile inputs: each finishes with the documented outcome (never asserted on wall time). */
class MimeLimitsTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void defaultsAreTheSourcedValues() {
        assertEquals(new MimeLimits(1 << 20, 10_000, 100, 70, 1 << 20, 10_000, 10_000, 8 << 20), MimeLimits.defaults());
        assertThrows(IllegalArgumentException.class, () -> MimeLimits.defaults().withMaxParts(0));
    }

    @Test
    void hundredThousandToAddressesAreCutAtTheAddressLimit() {
        StringBuilder to = new StringBuilder("To: ");
        for (int i = 0; i < 100_000; i++) {
            to.append(i == 0 ? "" : ",\r\n ").append("u").append(i).append("@example.com");
        }
        byte[] message = ascii(to + "\r\n\r\nbody\r\n");
        // The To field alone is over 1 MiB, so lift that limit to reach the address limit.
        ParsedMessage parsed = MimeParser.parse(message, MimeLimits.defaults().withMaxHeaderBlockBytes(4 << 20));

        assertEquals(10_000, parsed.envelope().to().size());
        assertEquals(Mailbox.of("u9999", "example.com"), parsed.envelope().to().get(9_999));
        assertEquals(Set.of(MimeProblem.TOO_MANY_ADDRESSES), parsed.problems());
    }

    @Test
    void addressLimitIsExactAtTheLimitAndOnePast() {
        MimeLimits limits = MimeLimits.defaults().withMaxAddresses(3);
        ParsedMessage atLimit = MimeParser.parse(ascii("To: a@x, b@x, c@x\r\n\r\n"), limits);
        ParsedMessage past = MimeParser.parse(ascii("To: a@x, b@x, c@x, d@x\r\n\r\n"), limits);

        assertEquals(3, atLimit.envelope().to().size());
        assertEquals(Set.of(), atLimit.problems());
        assertEquals(3, past.envelope().to().size());
        assertEquals(Set.of(MimeProblem.TOO_MANY_ADDRESSES), past.problems());
    }

    @Test
    void twoMebibyteHeaderLineIsCutAndTheBodyStillFound() {
        byte[] filler = new byte[2 << 20];
        Arrays.fill(filler, (byte) 'a');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("Subject: first\r\nX-Long: "));
        out.writeBytes(filler);
        out.writeBytes(ascii("\r\nTo: late@example.com\r\n\r\nbody\r\n"));
        byte[] message = out.toByteArray();
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Optional.of("first"), parsed.envelope().subject());
        assertTrue(parsed.envelope().to().isEmpty(), "fields after the limit are skipped");
        assertEquals(2, parsed.headers().size());
        assertTrue(parsed.headers().get(1).raw().length <= 1 << 20);
        assertEquals("body\r\n", MimeCorpus.slice(message, parsed.text()));
        assertEquals(Set.of(MimeProblem.LINE_TOO_LONG, MimeProblem.HEADER_BLOCK_TOO_LARGE), parsed.problems());
    }

    @Test
    void headerFieldCountAtTheLimitAndOnePast() {
        MimeLimits limits = MimeLimits.defaults();
        ParsedMessage atLimit = MimeParser.parse(fields(10_000), limits);
        ParsedMessage past = MimeParser.parse(fields(10_001), limits);

        assertEquals(10_000, atLimit.headers().size());
        assertEquals(Set.of(), atLimit.problems());
        assertEquals(10_000, past.headers().size());
        assertEquals(Set.of(MimeProblem.TOO_MANY_HEADER_FIELDS), past.problems());
        assertEquals("body\r\n", MimeCorpus.slice(fields(10_001), past.text()));
    }

    private static byte[] fields(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("X-F: ").append(i).append("\r\n");
        }
        return ascii(out.append("\r\nbody\r\n").toString());
    }

    @Test
    void headerBlockSizeAtTheLimitAndOnePast() {
        byte[] message = ascii("Subject: 12345\r\n\r\n");
        int header = 16;
        ParsedMessage atLimit = MimeParser.parse(message, MimeLimits.defaults().withMaxHeaderBlockBytes(header));
        ParsedMessage past = MimeParser.parse(message, MimeLimits.defaults().withMaxHeaderBlockBytes(header - 1));

        assertEquals(Optional.of("12345"), atLimit.envelope().subject());
        assertEquals(Set.of(), atLimit.problems());
        assertEquals(Set.of(MimeProblem.HEADER_BLOCK_TOO_LARGE), past.problems());
        assertEquals(new ByteRange(18, 0), past.text());
    }

    @Test
    void endlessContinuationLinesStopAtTheHeaderBlockLimit() {
        MimeParser parser = MimeParser.of(MimeLimits.defaults());
        parser.feed(ByteBuffer.wrap(ascii("Subject: start\r\n")));
        byte[] continuation = ascii(" more text on another continuation line\r\n");
        for (int i = 0; i < 200_000; i++) {
            parser.feed(ByteBuffer.wrap(continuation));
        }
        parser.feed(ByteBuffer.wrap(ascii("\r\nbody")));
        ParsedMessage parsed = parser.finish();

        assertEquals(Set.of(MimeProblem.HEADER_BLOCK_TOO_LARGE), parsed.problems());
        assertEquals(1, parsed.headers().size());
        assertTrue(parsed.headers().get(0).raw().length <= 1 << 20);
        assertEquals(4, parsed.text().length());
    }

    @Test
    void twoHundredDeepMultipartsStopAtTheDepthLimit() {
        byte[] message = nested(200);
        ParsedMessage parsed = MimeParser.parse(message);

        assertTrue(parsed.problems().contains(MimeProblem.NESTING_TOO_DEEP));
        int depth = 0;
        BodyStructure node = parsed.body();
        while (node instanceof BodyStructure.Multipart multipart && !multipart.parts().isEmpty()) {
            node = multipart.parts().get(0);
            depth++;
        }
        assertEquals(99, depth, "100 entities open at once: 99 multiparts below the message");
        assertInstanceOf(BodyStructure.SinglePart.class, node);
        assertEquals("multipart", node.contentType().type());
    }

    @Test
    void nestingDepthAtTheLimitAndOnePast() {
        assertFalse(MimeParser.parse(nested(3), MimeLimits.defaults().withMaxNestingDepth(4)).problems()
                .contains(MimeProblem.NESTING_TOO_DEEP));
        assertTrue(MimeParser.parse(nested(3), MimeLimits.defaults().withMaxNestingDepth(3)).problems()
                .contains(MimeProblem.NESTING_TOO_DEEP));
    }

    /** Builds {@code depth} multiparts, each the only part of the one outside it, a text at the bottom. */
    static byte[] nested(int depth) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        out.append("\r\nleaf\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            out.append("--b").append(i).append("--\r\n");
        }
        return ascii(out.toString());
    }

    @Test
    void boundaryOfSeventyOneCharactersMakesAnOpaqueLeaf() {
        String seventy = "b".repeat(70);
        String seventyOne = "b".repeat(71);
        ParsedMessage ok = MimeParser.parse(MimeCorpus.crlf("Content-Type: multipart/mixed; boundary=" + seventy, "",
                "--" + seventy, "", "x", "--" + seventy + "--"));
        ParsedMessage tooLong = MimeParser.parse(MimeCorpus.crlf("Content-Type: multipart/mixed; boundary="
                + seventyOne, "", "--" + seventyOne, "", "x", "--" + seventyOne + "--"));

        assertEquals(Set.of(), ok.problems());
        assertInstanceOf(BodyStructure.Multipart.class, ok.body());
        assertEquals(Set.of(MimeProblem.BOUNDARY_TOO_LONG), tooLong.problems());
        assertInstanceOf(BodyStructure.SinglePart.class, tooLong.body());
    }

    @Test
    void partCountAtTheLimitAndOnePast() {
        byte[] message = MimeCorpus.crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "", "1", "--b", "",
                "2", "--b", "", "3", "--b--");
        ParsedMessage atLimit = MimeParser.parse(message, MimeLimits.defaults().withMaxParts(4));
        ParsedMessage past = MimeParser.parse(message, MimeLimits.defaults().withMaxParts(3));

        assertEquals(3, ((BodyStructure.Multipart) atLimit.body()).parts().size());
        assertEquals(Set.of(), atLimit.problems());
        assertEquals(2, ((BodyStructure.Multipart) past.body()).parts().size());
        assertEquals(Set.of(MimeProblem.TOO_MANY_PARTS), past.problems());
    }

    @Test
    void longBodyLinesAreScannedNotKept() {
        byte[] line = new byte[3 << 20];
        Arrays.fill(line, (byte) 'z');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n"));
        out.writeBytes(line);
        out.writeBytes(ascii("\r\n--b--\r\n"));
        ParsedMessage parsed = MimeParser.parse(out.toByteArray());

        assertEquals(3 << 20, parsed.part("1").orElseThrow().body().length());
        assertEquals(Set.of(), parsed.problems());
    }

    @Test
    void alikeBoundariesAtFullDepthStillCostOnePassPerLine() {
        String prefix = "p".repeat(68);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 99; i++) {
            String boundary = prefix + (char) ('A' + i / 26) + (char) ('a' + i % 26);
            out.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n--")
                    .append(boundary).append("\r\n");
        }
        out.append("\r\n");
        String nearMiss = "--" + prefix + "zz\r\n";
        for (int i = 0; i < 50_000; i++) {
            out.append(nearMiss);
        }
        ParsedMessage parsed = MimeParser.parse(ascii(out.toString()));

        assertEquals(Set.of(MimeProblem.MISSING_FINAL_BOUNDARY), parsed.problems());
        BodyStructure node = parsed.body();
        int depth = 0;
        while (node instanceof BodyStructure.Multipart multipart) {
            node = multipart.parts().get(0);
            depth++;
        }
        assertEquals(99, depth);
        assertEquals(50_000L * nearMiss.length(), node.body().length(), "the last part runs to the end");
    }

    @Test
    void keptHeaderValuesAtTheLimitAndOnePast() {
        byte[] message = MimeCorpus.crlf("Content-Type: multipart/mixed; boundary=b", "", "--b",
                "Content-Type: text/html", "", "x", "--b--");
        int kept = "Content-Type: multipart/mixed; boundary=b\r\n".length() + "Content-Type: text/html\r\n".length();
        ParsedMessage atLimit = MimeParser.parse(message, MimeLimits.defaults().withMaxKeptBytes(kept));
        ParsedMessage past = MimeParser.parse(message, MimeLimits.defaults().withMaxKeptBytes(kept - 1));

        assertEquals(Set.of(), atLimit.problems());
        assertEquals("html", atLimit.part("1").orElseThrow().contentType().subtype());
        assertEquals(Set.of(MimeProblem.TOO_MUCH_KEPT), past.problems());
        assertEquals(ContentType.textPlainDefault(), past.part("1").orElseThrow().contentType());
    }
}
