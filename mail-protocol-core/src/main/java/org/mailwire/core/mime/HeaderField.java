// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.mailwire.core.codec.Utf8;

/**
 * One header field as it stood in the message: its name and its raw bytes, folding and line ends
 * included, so it can be written back byte for byte (RFC 5322 §2.2).
 *
 * <p>{@link #value()} is the unfolded value (RFC 5322 §2.2.3: CRLF before whitespace removed) and
 * {@link #decodedValue()} also decodes RFC 2047 encoded words. Bytes above 127 are read as UTF-8
 * (RFC 6532 §3.2) and, when they are not valid UTF-8, as ISO-8859-1 so that no byte is lost.
 *
 * @param name the field name as written, without surrounding whitespace; empty for a line with
 *             no colon ({@link MimeProblem#MALFORMED_HEADER_LINE})
 * @param raw  the field's bytes, from the first byte of its name through its last line end
 */
public record HeaderField(String name, byte[] raw) {

    /** Copies the raw bytes so the field stays immutable. */
    public HeaderField {
        raw = raw.clone();
    }

    /**
     * Parses one raw header field (its lines, with their line ends).
     *
     * @param raw the field's bytes
     * @return the field; with an empty name when there is no colon or the bytes start with
     *         whitespace
     */
    public static HeaderField parse(byte[] raw) {
        int colon = indexOfColon(raw, raw.length);
        // A field cannot start with whitespace: that is a continuation with nothing to continue.
        if (colon < 0 || (raw.length > 0 && (raw[0] == ' ' || raw[0] == '\t'))) {
            return new HeaderField("", raw);
        }
        int end = colon;
        // obs-fname allows whitespace before the colon (RFC 5322 §4.5).
        while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) {
            end--;
        }
        return new HeaderField(text(raw, 0, end), raw);
    }

    static int indexOfColon(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == ':') {
                return i;
            }
            if (b == '\r' || b == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Returns a copy of the raw bytes.
     *
     * @return the field's bytes, line ends included
     */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** Returns the size of the raw bytes without copying them. */
    int rawLength() {
        return raw.length;
    }

    /**
     * Tells whether this field has the given name, ignoring ASCII case (RFC 5322 §1.2.2).
     *
     * @param other a field name
     * @return whether the names match
     */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /**
     * Returns the unfolded value: the text after the colon with line ends removed and leading and
     * trailing whitespace trimmed (RFC 5322 §2.2.3).
     *
     * @return the value; for a field with no colon, the whole unfolded line
     */
    public String value() {
        int colon = indexOfColon(raw, raw.length);
        return unfold(raw, colon < 0 ? 0 : colon + 1, raw.length);
    }

    /**
     * Returns the unfolded value with RFC 2047 encoded words decoded.
     *
     * @return the decoded value; encoded words that cannot be decoded are kept as written
     */
    public String decodedValue() {
        return EncodedWords.decode(value());
    }

    static String unfold(byte[] bytes, int from, int to) {
        // Most values are one line: only its line end goes, and no copy is needed before the String.
        int end = to;
        if (end > from && bytes[end - 1] == '\n') {
            end--;
            if (end > from && bytes[end - 1] == '\r') {
                end--;
            }
        }
        int lineFeed = from;
        while (lineFeed < end && bytes[lineFeed] != '\n') {
            lineFeed++;
        }
        if (lineFeed == end) {
            int start = from;
            while (start < end && (bytes[start] == ' ' || bytes[start] == '\t')) {
                start++;
            }
            while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
                end--;
            }
            return text(bytes, start, end);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            // Unfolding removes line ends only (RFC 5322 §2.2.3); a lone CR is data.
            boolean lineEnd = b == '\n' || (b == '\r' && i + 1 < to && bytes[i + 1] == '\n');
            if (!lineEnd) {
                out[n++] = b;
            }
        }
        int start = 0;
        while (start < n && (out[start] == ' ' || out[start] == '\t')) {
            start++;
        }
        while (n > start && (out[n - 1] == ' ' || out[n - 1] == '\t')) {
            n--;
        }
        return text(out, start, n);
    }

    /** Decodes header bytes: ASCII as is, then UTF-8 (RFC 6532), else ISO-8859-1 so no byte is lost. */
    static String text(byte[] bytes, int from, int to) {
        String text = Utf8.decodeStrict(bytes, from, to);
        return text != null ? text : new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HeaderField field && name.equals(field.name) && Arrays.equals(raw, field.raw);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "HeaderField[" + name + ", " + HexFormat.of().formatHex(raw, 0, Math.min(raw.length, 64)) + "]";
    }
}
