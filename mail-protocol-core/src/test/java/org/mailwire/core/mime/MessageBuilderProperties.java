// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips: builder to parser keeps headers and structure; encoders and decoders are inverse. */
class MessageBuilderProperties {

    @Provide
    Arbitrary<String> texts() {
        // Any characters but the line-breaking controls the builder refuses.
        return Arbitraries.strings().all().ofMaxLength(120)
                .filter(s -> s.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0))
                .filter(s -> s.codePoints().allMatch(Character::isValidCodePoint))
                .map(s -> s.strip())
                .filter(s -> !s.isEmpty() && !hasLoneSurrogate(s));
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<String> localParts() {
        return Arbitraries.strings().withChars("abcXYZ019.!#_- \"\\@").ofMinLength(1).ofMaxLength(20);
    }

    @Property(tries = 150)
    void builtMessagesParseBackToTheirHeadersAndStructure(@ForAll("texts") String subject,
            @ForAll("texts") String name, @ForAll("localParts") String local,
            @ForAll @Size(max = 3) List<byte[]> attachments, @ForAll("texts") String body) throws IOException {
        List<MessageBuilder.Part> parts = new ArrayList<>();
        parts.add(MessageBuilder.Part.text(body));
        for (int i = 0; i < attachments.size(); i++) {
            parts.add(MessageBuilder.Part.attachment("f" + i + " " + name, ContentType.of("application",
                    "octet-stream"), attachments.get(i)));
        }
        byte[] message = MessageBuilder.builder(new Random(subject.hashCode()))
                .from(Mailbox.of(name, local, "example.org"))
                .subject(subject)
                .body(MessageBuilder.Part.mixed(parts.toArray(MessageBuilder.Part[]::new)))
                .build();
        ParsedMessage parsed = MimeParser.parse(message);

        assertEquals(Set.of(), parsed.problems());
        assertEquals(Optional.of(subject), parsed.envelope().decodedSubject());
        Mailbox from = (Mailbox) parsed.envelope().from().get(0);
        assertEquals(Optional.of(name), from.decodedDisplayName());
        assertEquals(local, from.localPart());
        BodyStructure.Multipart mixed = (BodyStructure.Multipart) parsed.body();
        assertEquals(parts.size(), mixed.parts().size());
        for (int i = 0; i < attachments.size(); i++) {
            BodyStructure.SinglePart part = (BodyStructure.SinglePart) mixed.parts().get(i + 1);
            assertEquals(Optional.of("f" + i + " " + name), part.fields().disposition().orElseThrow()
                    .parameter("filename"));
            assertArrayEquals(attachments.get(i), ContentDecoder.decode(new ByteArrayInputStream(message,
                    (int) part.body().start(), (int) part.body().length()), part.fields().encoding()).readAllBytes());
        }
        BodyStructure.SinglePart text = (BodyStructure.SinglePart) mixed.parts().get(0);
        java.io.StringWriter decoded = new java.io.StringWriter();
        ContentDecoder.text(new ByteArrayInputStream(message, (int) text.body().start(), (int) text.body().length()),
                text.fields().encoding(), text.contentType()).transferTo(decoded);
        assertEquals(body, decoded.toString());
    }

    @Property(tries = 200)
    void base64DecodesWhatTheJdkEncodes(@ForAll @Size(max = 500) byte[] data,
            @ForAll @IntRange(min = 1, max = 50) int chunk) {
        byte[] encoded = java.util.Base64.getMimeEncoder().encode(data);
        Base64Decoder decoder = Base64Decoder.create();
        ByteBuffer out = ByteBuffer.allocate(data.length + 8);
        for (int at = 0; at < encoded.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(encoded, at, Math.min(chunk, encoded.length - at));
            while (in.hasRemaining()) {
                decoder.decode(in, out);
            }
        }
        decoder.finish(out);
        assertArrayEquals(data, java.util.Arrays.copyOf(out.array(), out.position()));
        assertEquals(false, decoder.sawGarbage());
    }

    @Property(tries = 200)
    void quotedPrintableRoundTrips(@ForAll @Size(max = 500) byte[] data, @ForAll boolean binary,
            @ForAll @IntRange(min = 1, max = 50) int chunk) {
        if (!binary) {
            data = crlfOnly(data);
        }
        byte[] encoded = QuotedPrintableEncoder.encode(data, binary);
        for (String line : new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n")) {
            assertEquals(true, line.length() <= 76, line);
        }
        QuotedPrintableDecoder decoder = QuotedPrintableDecoder.create();
        ByteBuffer out = ByteBuffer.allocate(data.length + QuotedPrintableDecoder.MIN_ROOM + 8);
        for (int at = 0; at < encoded.length; at += chunk) {
            decoder.decode(ByteBuffer.wrap(encoded, at, Math.min(chunk, encoded.length - at)), out);
        }
        decoder.finish(out);
        assertArrayEquals(data, java.util.Arrays.copyOf(out.array(), out.position()));
        assertEquals(false, decoder.sawMalformed());
    }

    /** Text mode keeps CRLF as line ends, so text input has CR and LF only as CRLF pairs. */
    private static byte[] crlfOnly(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte b : data) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b != '\r') {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Property(tries = 200)
    void encodedWordsRoundTrip(@ForAll("texts") String text) {
        assertEquals(text, EncodedWords.decode(EncodedWords.encode(text)));
    }
}
