// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the ways a stream of bytes can arrive, as TCP may split it anywhere. */
final class Chunks {

    private Chunks() {
    }

    /** Bytes of a string whose characters are all below 256, one byte each. */
    static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }

    /** Text of bytes, one character per byte. */
    static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, ISO_8859_1);
    }

    /** The whole input as one chunk. */
    static List<ByteBuffer> whole(byte[] bytes) {
        return List.of(ByteBuffer.wrap(bytes.clone()));
    }

    /** One byte per chunk. */
    static List<ByteBuffer> byteAtATime(byte[] bytes) {
        return ofSize(bytes, 1);
    }

    /** Chunks of a fixed size (the last may be shorter). */
    static List<ByteBuffer> ofSize(byte[] bytes, int size) {
        return bySizes(bytes, List.of(size));
    }

    /**
     * Chunks whose sizes cycle through {@code sizes}; each chunk is a slice of a larger array, so
     * that code relying on position 0 or array offset 0 is caught.
     */
    static List<ByteBuffer> bySizes(byte[] bytes, List<Integer> sizes) {
        List<ByteBuffer> chunks = new ArrayList<>();
        int from = 0;
        int i = 0;
        while (from < bytes.length) {
            int size = Math.max(1, sizes.isEmpty() ? bytes.length : sizes.get(i++ % sizes.size()));
            int to = Math.min(bytes.length, from + size);
            byte[] padded = new byte[to - from + 6];
            System.arraycopy(bytes, from, padded, 3, to - from);
            chunks.add(ByteBuffer.wrap(padded, 3, to - from).slice());
            from = to;
        }
        return chunks;
    }

    /** Chunks cut at the given offsets (ascending, within the input). */
    static List<ByteBuffer> splitAt(byte[] bytes, int... cuts) {
        List<Integer> sizes = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            sizes.add(cut - from);
            from = cut;
        }
        List<ByteBuffer> chunks = new ArrayList<>();
        from = 0;
        for (int size : sizes) {
            if (size > 0) {
                chunks.add(ByteBuffer.wrap(bytes, from, size).slice());
            }
            from += size;
        }
        if (from < bytes.length) {
            chunks.add(ByteBuffer.wrap(bytes, from, bytes.length - from).slice());
        }
        return chunks;
    }

    /** The same bytes in direct buffers, which have no backing array. */
    static List<ByteBuffer> direct(List<ByteBuffer> chunks) {
        List<ByteBuffer> copies = new ArrayList<>();
        for (ByteBuffer chunk : chunks) {
            ByteBuffer copy = ByteBuffer.allocateDirect(chunk.remaining());
            copy.put(chunk.duplicate()).flip();
            copies.add(copy);
        }
        return copies;
    }
}
