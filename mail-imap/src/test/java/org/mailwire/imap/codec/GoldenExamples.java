// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the golden example files under {@code src/test/resources/golden/}: the command and
 * response examples of the RFCs, each with its section.
 *
 * <p>The format, one directive or example per line (files use LF; each LF becomes CRLF on the
 * wire):
 * <pre>
 * # a comment
 * § RFC 9051 6.3.2          the source of the examples that follow
 * &#64;rev1 / &#64;rev2            string rules that follow: IMAP4rev1 (modified UTF-7, ASCII quoted)
 *                           or IMAP4rev2 (UTF-8), rev2 by default
 * C: a001 LOGIN SMITH SESAME   a command: decodes, and encodes back to the same octets
 * S: * 172 EXISTS              a response: decodes, and encodes back to the same octets
 * C~ / S~ ...               the RFC spells it differently from the canonical encoder: decodes,
 *                           and its encoding decodes to the same value
 * = Value[...]              the decoded value's {@code toString()} for the example above
 * </pre>
 * A line that ends with a literal announcement ({@code {n}}, {@code {n+}}, {@code ~{n}}) goes on
 * for the next n octets of the file (its lines joined by CRLF) and then to the next line end,
 * so message texts are written as the RFCs show them.
 */
record GoldenExamples(String file, List<Example> examples) {

    /** Whether an example is a command or a response. */
    enum Direction {
        /** Client to server. */
        COMMAND,
        /** Server to client. */
        RESPONSE
    }

    /**
     * One example.
     *
     * @param file      the resource it comes from
     * @param lineNo    the line it starts at
     * @param lastLine  the line it ends at
     * @param source    the RFC and section
     * @param direction command or response
     * @param utf8      IMAP4rev2 string rules
     * @param canonical whether the encoder must give back the same octets
     * @param wire      the octets, CRLF included
     * @param expected  the decoded value's {@code toString()}, if given
     */
    record Example(String file, int lineNo, int lastLine, String source, Direction direction, boolean utf8, boolean canonical,
            byte[] wire, Optional<String> expected) {

        String text() {
            return new String(wire, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String t = text().strip();
            return source + " " + (direction == Direction.COMMAND ? "C: " : "S: ")
                    + (t.length() > 70 ? t.substring(0, 70) + "..." : t);
        }
    }

    static GoldenExamples load(String resource) {
        byte[] bytes;
        try (InputStream in = GoldenExamples.class.getResourceAsStream("/golden/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource /golden/" + resource);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GoldenExamples(resource, parse(resource, bytes));
    }

    private static List<Example> parse(String file, byte[] bytes) {
        List<Example> examples = new ArrayList<>();
        String source = file;
        boolean utf8 = true;
        int at = 0;
        int lineNo = 0;
        while (at < bytes.length) {
            int end = lineEnd(bytes, at);
            lineNo++;
            String line = new String(bytes, at, end - at, StandardCharsets.UTF_8);
            int next = Math.min(bytes.length, end + 1);
            if (line.startsWith("C: ") || line.startsWith("S: ") || line.startsWith("C~ ")
                    || line.startsWith("S~ ")) {
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                int start = lineNo;
                int from = at + 3;
                while (true) {
                    int stop = lineEnd(bytes, from);
                    wire.write(bytes, from, stop - from);
                    wire.writeBytes(new byte[] {'\r', '\n'});
                    long size = announcedSize(bytes, from, stop);
                    from = Math.min(bytes.length, stop + 1);
                    if (size < 0) {
                        break;
                    }
                    // The literal: the next octets of the file, LF read as CRLF.
                    for (long n = 0; n < size; ) {
                        if (from >= bytes.length) {
                            throw new IllegalArgumentException(file + ":" + start + ": literal runs past the end");
                        }
                        byte b = bytes[from++];
                        if (b == '\n') {
                            wire.write('\r');
                            n++;
                            if (n == size) {
                                throw new IllegalArgumentException(file + ":" + start + ": literal splits a CRLF");
                            }
                        }
                        wire.write(b);
                        n++;
                    }
                }
                Optional<String> expected = Optional.empty();
                if (from + 2 <= bytes.length && bytes[from] == '=' && bytes[from + 1] == ' ') {
                    int stop = lineEnd(bytes, from);
                    expected = Optional.of(new String(bytes, from + 2, stop - from - 2, StandardCharsets.UTF_8));
                    from = Math.min(bytes.length, stop + 1);
                }
                lineNo += countLines(bytes, at, from) - 1;
                examples.add(new Example(file, start, lineNo, source, line.charAt(0) == 'C' ? Direction.COMMAND
                        : Direction.RESPONSE, utf8, line.charAt(1) == ':', wire.toByteArray(), expected));
                at = from;
                continue;
            } else if (line.startsWith("§ ")) {
                source = line.substring(2).strip();
            } else if (line.equals("@rev1")) {
                utf8 = false;
            } else if (line.equals("@rev2")) {
                utf8 = true;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": cannot read " + line);
            }
            at = next;
        }
        return examples;
    }

    private static int countLines(byte[] bytes, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The size a line's final {@code {n}}, {@code {n+}} or {@code ~{n}} announces, or -1. */
    private static long announcedSize(byte[] bytes, int from, int stop) {
        int i = stop - 1;
        if (i < from || bytes[i] != '}') {
            return -1;
        }
        i--;
        if (i >= from && bytes[i] == '+') {
            i--;
        }
        long size = 0;
        long scale = 1;
        int digits = 0;
        while (i >= from && bytes[i] >= '0' && bytes[i] <= '9') {
            size += (bytes[i] - '0') * scale;
            scale *= 10;
            digits++;
            i--;
        }
        if (digits == 0 || i < from || bytes[i] != '{') {
            return -1;
        }
        return size;
    }
}
