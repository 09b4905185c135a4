// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Split invariance and h11's fuzz invariant for the parser: the same result however the bytes
 * arrive, and a result (never a throwable) whatever the bytes are, within the limits.
 */
class MimeParserProperties {

    /** Fragments of the grammar, so random messages reach boundaries, nesting and encoded words. */
    private static final List<String> PIECES = List.of(
            "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: multipart/digest; boundary=\"c\"\r\n",
            "Content-Type: message/rfc822\r\n", "Content-Type: text/plain; charset*0*=utf-8''%C3; charset*1=x\r\n",
            "Content-Transfer-Encoding: base64\r\n", "Content-Disposition: attachment; filename=\"a b\"\r\n",
            "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= x\r\n", "To: a@b, \"c d\" <e@f>, g: h@i;\r\n",
            "From: (c) x <@r:y@z>\r\n", "Date: 1 Jan 24 10:00 EST\r\n", " continuation\r\n", "\tmore\r\n",
            "\r\n", "\n", "\r", "--b\r\n", "--b--\r\n", "--c\r\n", "--c--", "--b", "body text\r\n", "=?", "\0",
            "\u00e9\u00fc", "X: y\n", "no colon line\r\n", ":\r\n", "--", " ", "QUJD\r\n",
            "Content-Type: application/pdf\r\n", "Content-Type: image/png; name=x\r\n", "a-b\r\n", "-x\r\n",
            "QUJDRA0KQUJDRA0KQUJDRA0KQUJD\r\n");

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<byte[]> soup = Arbitraries.of(PIECES).list().ofMaxSize(40).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(part -> out.writeBytes(part.getBytes(StandardCharsets.UTF_8)));
            return out.toByteArray();
        });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Arbitraries.of(MimeCorpus.nestedMessage(), MimeCorpus.rfc2046Example(),
                MimeCorpus.rfc5322SimpleMessage()).flatMap(base -> Arbitraries.integers().between(0, base.length - 1)
                .list().ofMaxSize(8).flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                        .map(values -> {
                            byte[] copy = base.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                copy[positions.get(i)] = values.get(i);
                            }
                            return copy;
                        })));
        return Arbitraries.oneOf(soup, random, mutated);
    }

    private static ParsedMessage parseInChunks(byte[] message, List<Integer> sizes, MimeLimits limits) {
        MimeParser parser = MimeParser.of(limits);
        int at = 0;
        int i = 0;
        while (at < message.length) {
            int size = sizes.isEmpty() ? 1 : Math.max(1, sizes.get(i++ % sizes.size()));
            int n = Math.min(size, message.length - at);
            // A read-only slice with an offset checks that the parser honours position and limit.
            parser.feed(ByteBuffer.wrap(message, at, n).slice().asReadOnlyBuffer());
            at += n;
        }
        return parser.finish();
    }

    @Property(tries = 300)
    void anySplitGivesTheSameResult(@ForAll("messages") byte[] message,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 64) Integer> sizes) {
        ParsedMessage whole = MimeParser.parse(message);
        assertEquals(whole, parseInChunks(message, List.of(1), MimeLimits.defaults()), "byte at a time");
        assertEquals(whole, parseInChunks(message, sizes, MimeLimits.defaults()), "random split");
    }

    @Property(tries = 300)
    void anyInputGivesAResultWithinTheLimits(@ForAll("messages") byte[] message,
            @ForAll @IntRange(min = 1, max = 4) int depth, @ForAll @IntRange(min = 1, max = 5) int fields,
            @ForAll @IntRange(min = 1, max = 3) int parts, @ForAll @IntRange(min = 1, max = 2) int addresses) {
        MimeLimits limits = new MimeLimits(200, fields, depth, 70, 1000, addresses, parts, 400);
        ParsedMessage parsed = MimeParser.parse(message, limits);

        assertTrue(parsed.headers().size() <= fields);
        assertTrue(parsed.envelope().to().size() <= addresses);
        assertEquals(message.length, parsed.size());
        int[] count = new int[1];
        int deepest = check(parsed.body(), message.length, count, 1);
        assertTrue(deepest <= depth + 1, "depth " + deepest);
        assertTrue(count[0] <= parts + 1, "parts " + count[0]);
        assertTrue(parsed.header().end() <= parsed.text().start() && parsed.text().end() == message.length);
    }

    @Property(tries = 300)
    void headerFieldsKeepTheirExactBytes(@ForAll("messages") byte[] message) {
        ParsedMessage parsed = MimeParser.parse(message);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        parsed.headers().forEach(field -> joined.writeBytes(field.raw()));
        byte[] fields = joined.toByteArray();
        int headerEnd = (int) parsed.header().end();
        assertTrue(fields.length <= headerEnd, "fields fit in the header");
        assertTrue(java.util.Arrays.equals(fields, 0, fields.length, message, 0, fields.length),
                "fields are a prefix of the header");
        // The header range is the fields followed by the empty line that ends them, if any.
        String rest = new String(message, fields.length, headerEnd - fields.length, StandardCharsets.ISO_8859_1);
        assertTrue(rest.equals("") || rest.equals("\r\n") || rest.equals("\n"), "only the empty line follows: " + rest);
    }

    @Property(tries = 500)
    void wordAtATimeScanFindsTheFirstLineFeedOrNul(@ForAll @Size(max = 64) List<@IntRange(min = 0, max = 12) Integer> codes,
            @ForAll @IntRange(min = 0, max = 8) int skip) {
        // Bytes drawn near LF (10) and NUL (0), with a high byte now and then.
        byte[] bytes = new byte[codes.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (codes.get(i) == 12 ? 0x8a : codes.get(i));
        }
        int from = Math.min(skip, bytes.length);
        int expected = from;
        while (expected < bytes.length && bytes[expected] != '\n' && bytes[expected] != 0) {
            expected++;
        }
        assertEquals(expected, MimeParser.indexOfLineFeedOrNul(bytes, from, bytes.length));
    }

    @Property(tries = 500)
    void sixteenBytesAtATimeScanFindsTheFirstDash(@ForAll @Size(max = 80) List<@IntRange(min = 0x2B, max = 0x2F) Integer> codes,
            @ForAll @IntRange(min = 0, max = 20) int skip) {
        // Bytes near '-' (0x2D): '+', ',', '.', '/' differ from it in one or two bits.
        byte[] bytes = new byte[codes.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) codes.get(i);
        }
        int from = Math.min(skip, bytes.length);
        int expected = from;
        while (expected < bytes.length && bytes[expected] != '-') {
            expected++;
        }
        assertEquals(expected, MimeParser.indexOfDash(bytes, from, bytes.length));
    }

    /** Checks that every range lies inside the message and the header before its body; returns the depth. */
    private static int check(BodyStructure node, long size, int[] count, int depth) {
        count[0]++;
        assertTrue(node.header().end() <= node.body().start(), node.toString());
        assertTrue(node.body().end() <= size, node.toString());
        int deepest = depth;
        if (node instanceof BodyStructure.Multipart multipart) {
            for (BodyStructure part : multipart.parts()) {
                assertTrue(part.header().start() >= multipart.body().start());
                assertTrue(part.body().end() <= multipart.body().end());
                deepest = Math.max(deepest, check(part, size, count, depth + 1));
            }
        } else if (node instanceof BodyStructure.MessagePart message) {
            assertTrue(message.message().body().end() <= message.body().end());
            deepest = Math.max(deepest, check(message.message(), size, count, depth + 1));
        }
        return deepest;
    }
}
