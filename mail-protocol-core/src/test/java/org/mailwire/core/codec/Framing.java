// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test helper: drives the decoders over chunks and records what they report, as text. */
final class Framing {

    private Framing() {
    }

    /** Lines as {@code "LINE <text>"} and errors by name, in order. */
    static List<String> frame(LineFramer framer, List<ByteBuffer> chunks) {
        List<String> events = new ArrayList<>();
        for (ByteBuffer chunk : chunks) {
            int limit = chunk.limit();
            while (true) {
                LineFramer.Result result = framer.next(chunk);
                assertEquals(limit, chunk.limit(), "the framer must not move the limit");
                assertTrue(framer.lineLength() <= framer.maxLineLength() - 2);
                if (result == LineFramer.Result.NEED_INPUT) {
                    assertFalse(chunk.hasRemaining(), "NEED_INPUT only when all input is consumed");
                    break;
                }
                if (result == LineFramer.Result.LINE) {
                    assertFalse(framer.midLine());
                    ByteBuffer view = framer.line();
                    assertEquals(framer.lineLength(), view.remaining());
                    events.add("LINE " + Chunks.text(framer.lineArray(), 0, framer.lineLength()));
                } else {
                    assertTrue(framer.midLine(), "an error leaves the framer discarding the line");
                    events.add(result.name());
                }
            }
        }
        return events;
    }

    /**
     * What a dot-unstuffer made of a stream: the content delivered, the results other than
     * {@code NEED_INPUT}, and the bytes left after the end of data.
     */
    record Unstuffed(String content, List<String> results, DotUnstuffer.Violation violation, String rest) {
    }

    static Unstuffed unstuff(DotUnstuffer decoder, List<ByteBuffer> chunks) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ContentSink sink = chunk -> {
            // Reads by moving the position, which the decoder must undo.
            while (chunk.hasRemaining()) {
                content.write(chunk.get());
            }
        };
        List<String> results = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        boolean ended = false;
        for (ByteBuffer chunk : chunks) {
            int limit = chunk.limit();
            while (!ended) {
                DotUnstuffer.Result result = decoder.decode(chunk, sink);
                assertEquals(limit, chunk.limit(), "the decoder must restore the limit");
                if (result == DotUnstuffer.Result.NEED_INPUT) {
                    assertFalse(chunk.hasRemaining(), "NEED_INPUT only when all input is consumed");
                    break;
                }
                results.add(result.name());
                ended = result == DotUnstuffer.Result.END_OF_DATA;
            }
            if (ended) {
                while (chunk.hasRemaining()) {
                    rest.append((char) (chunk.get() & 0xFF));
                }
            }
        }
        assertEquals(content.size(), decoder.contentLength());
        return new Unstuffed(Chunks.text(content.toByteArray(), 0, content.size()), results, decoder.violation(),
                rest.toString());
    }

    /** Stuffs content through destinations of the given size, then finishes. */
    static byte[] stuff(DotStuffer encoder, List<ByteBuffer> chunks, int dstSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(dstSize);
        for (ByteBuffer chunk : chunks) {
            while (chunk.hasRemaining()) {
                encoder.encode(chunk, dst);
                drain(dst, out);
            }
        }
        if (!encoder.finish(dst)) {
            drain(dst, out);
            // finish needs up to five octets at once, more than the smallest destinations hold.
            ByteBuffer last = dst.capacity() >= 5 ? dst : ByteBuffer.allocate(5);
            assertTrue(encoder.finish(last));
            dst = last;
        }
        drain(dst, out);
        return out.toByteArray();
    }

    private static void drain(ByteBuffer dst, ByteArrayOutputStream out) {
        dst.flip();
        out.write(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        dst.clear();
    }

    /** Content with every CRLF, bare CR and bare LF made CRLF, and a final CRLF if missing. */
    static String normalised(byte[] content) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < content.length; i++) {
            char c = (char) (content[i] & 0xFF);
            if (c == '\r') {
                out.append("\r\n");
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                out.append("\r\n");
            } else {
                out.append(c);
            }
        }
        if (out.length() > 0 && !out.toString().endsWith("\r\n")) {
            out.append("\r\n");
        }
        return out.toString();
    }
}
