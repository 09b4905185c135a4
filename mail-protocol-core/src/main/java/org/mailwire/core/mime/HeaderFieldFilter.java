// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The field lists of IMAP {@code BODY[HEADER.FIELDS (...)]} and {@code BODY[HEADER.FIELDS.NOT (...)]}
 * (RFC 9051 §6.4.5): the header fields of a header block whose names are (or are not) in a list,
 * compared without regard to ASCII case, each written with its raw bytes (folding and line ends
 * as stored), followed by the blank line that ends a header.
 *
 * <p>A line that is not a field (no colon, or a continuation with no field before it) belongs to
 * no name and is left out of both subsets. A last field without a line end (a header cut off by the
 * end of the message) gets a CRLF so the result stays a well-formed header. The blank line written
 * at the end is always CRLF, as IMAP sends it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 */
public final class HeaderFieldFilter {

    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[][] names;
    private final boolean not;

    private HeaderFieldFilter(Collection<String> names, boolean not) {
        this.names = new byte[names.size()][];
        int i = 0;
        for (String name : names) {
            this.names[i++] = name.getBytes(StandardCharsets.UTF_8);
        }
        this.not = not;
    }

    /**
     * Keeps the fields named in a list ({@code HEADER.FIELDS}).
     *
     * @param names the field names, any case
     * @return the filter
     */
    public static HeaderFieldFilter fields(Collection<String> names) {
        return new HeaderFieldFilter(List.copyOf(names), false);
    }

    /**
     * Keeps the fields not named in a list ({@code HEADER.FIELDS.NOT}).
     *
     * @param names the field names, any case
     * @return the filter
     */
    public static HeaderFieldFilter fieldsNot(Collection<String> names) {
        return new HeaderFieldFilter(List.copyOf(names), true);
    }

    /**
     * Filters a header block: the bytes of a {@code HEADER} or {@code n.HEADER} range, as a store
     * reads them for the range {@link ParsedMessage#section(String)} gives. Reading stops
     * at the blank line that ends the header, or at {@code to}.
     *
     * @param header the bytes holding the header
     * @param from   offset of the header's first byte
     * @param to     offset just past its last byte
     * @return the kept fields' raw bytes and a CRLF blank line
     */
    public byte[] apply(byte[] header, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(to - from, 4096) + 2);
        int i = from;
        boolean keep = false;
        boolean inField = false;
        while (i < to) {
            int end = i;
            while (end < to && header[end] != '\n') {
                end++;
            }
            int next = end < to ? end + 1 : to;
            boolean blank = end == i || (end == i + 1 && header[i] == '\r');
            if (blank && end < to) {
                break;
            }
            boolean continuation = header[i] == ' ' || header[i] == '\t';
            if (!continuation) {
                inField = true;
                keep = matches(header, i, end) ^ not && nameEnd(header, i, end) >= 0;
            } else if (!inField) {
                keep = false;
            }
            if (keep) {
                out.write(header, i, next - i);
                if (end == to) {
                    out.writeBytes(CRLF);
                }
            }
            i = next;
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /**
     * Filters the header of a parsed message or of one of its {@code message/rfc822} parts.
     *
     * @param parsed  the parse result of {@code message}
     * @param part    {@code ""} for the message's own header, else the number of a
     *                {@code message/rfc822} part ({@code BODY[2.HEADER.FIELDS (...)]})
     * @param message the bytes that were parsed
     * @return the filtered header, or empty when the message has no such part
     */
    public Optional<byte[]> apply(ParsedMessage parsed, String part, byte[] message) {
        Optional<ByteRange> range = parsed.section(part.isEmpty() ? "HEADER" : part + ".HEADER");
        return range.map(r -> apply(message, Math.toIntExact(r.start()), Math.toIntExact(r.end())));
    }

    /** Returns the end of the name (before whitespace and the colon), or -1 for a line with no colon. */
    private static int nameEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == ':') {
                int end = i;
                while (end > from && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
                    end--;
                }
                return end;
            }
            if (bytes[i] == '\r') {
                return -1;
            }
        }
        return -1;
    }

    private boolean matches(byte[] bytes, int from, int to) {
        int end = nameEnd(bytes, from, to);
        if (end < 0) {
            return false;
        }
        for (byte[] name : names) {
            if (equalsIgnoreAsciiCase(name, bytes, from, end)) {
                return true;
            }
        }
        return false;
    }

    static boolean equalsIgnoreAsciiCase(byte[] name, byte[] bytes, int from, int to) {
        if (name.length != to - from) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (lower(name[k]) != lower(bytes[from + k])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
