// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.mailwire.core.mime.BodyStructure;
import org.mailwire.core.mime.ByteRange;
import org.mailwire.core.mime.ContentDecoder;
import org.mailwire.core.mime.HeaderField;
import org.mailwire.core.mime.ParsedMessage;

/**
 * Feeds the searchable text of a message to a {@link TextFinder}, as SEARCH BODY and TEXT read
 * it (RFC 9051 §6.4.4): every {@code text/*} part transfer-decoded (base64, quoted-printable) and
 * converted from its charset to Unicode ({@link ContentDecoder#text}), in 8 KiB chunks, and the
 * header fields of encapsulated messages unfolded and RFC 2047 decoded; TEXT adds the message's
 * own header fields. Parts of other types (images, archives) are not searched. Memory stays at
 * one chunk and, for an encapsulated header, at most {@code MimeLimits.maxHeaderBlockBytes}.
 */
final class MessageText {

    private static final int CHUNK = 8192;

    private MessageText() {
    }

    /** Whether the body (and with {@code header}, the header) holds the finder's needle. */
    static boolean contains(MessageView view, TextFinder finder, boolean header) throws IOException {
        ParsedMessage parsed = view.parsed();
        if (header && fieldsContain(parsed.headers(), finder)) {
            return true;
        }
        return partContains(view, parsed.body(), finder, new char[CHUNK]);
    }

    static boolean fieldsContain(List<HeaderField> fields, TextFinder finder) {
        for (HeaderField field : fields) {
            finder.reset();
            if (finder.feed(field.name()) || finder.feed(": ") || finder.feed(field.decodedValue())) {
                return true;
            }
        }
        finder.reset();
        return finder.found();
    }

    private static boolean partContains(MessageView view, BodyStructure node, TextFinder finder, char[] chunk)
            throws IOException {
        if (node instanceof BodyStructure.Multipart m) {
            for (BodyStructure part : m.parts()) {
                if (partContains(view, part, finder, chunk)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof BodyStructure.MessagePart mp) {
            if (fieldsContain(headerFields(view, mp.messageHeader()), finder)) {
                return true;
            }
            return partContains(view, mp.message(), finder, chunk);
        }
        BodyStructure.SinglePart s = (BodyStructure.SinglePart) node;
        if (!s.contentType().type().equals("text") || s.body().length() == 0) {
            return false;
        }
        finder.reset();
        try (InputStream raw = view.open(s.body());
                Reader text = ContentDecoder.text(raw, s.fields().encoding(), s.contentType())) {
            int n;
            while ((n = text.read(chunk)) >= 0) {
                if (finder.feed(chunk, 0, n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads and splits a header block (at most maxHeaderBlockBytes of it) into fields. */
    static List<HeaderField> headerFields(MessageView view, ByteRange header) throws IOException {
        byte[] bytes = view.readHeaderBlock(header);
        List<HeaderField> fields = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < bytes.length) {
            int end = i;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, bytes.length);
            boolean blank = end == i || (end == i + 1 && bytes[i] == '\r');
            boolean continuation = !blank && (bytes[i] == ' ' || bytes[i] == '\t');
            if (!continuation && start >= 0) {
                fields.add(HeaderField.parse(java.util.Arrays.copyOfRange(bytes, start, i)));
                start = -1;
            }
            if (blank) {
                break;
            }
            if (!continuation) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            fields.add(HeaderField.parse(java.util.Arrays.copyOfRange(bytes, start, i)));
        }
        return fields;
    }
}
