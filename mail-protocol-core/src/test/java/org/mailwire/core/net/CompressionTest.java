// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DEFLATE layer without sockets: each batch of output is complete after its sync flush (the
 * peer can inflate all of it at once), and input inflates the same however the compressed octets
 * are split and however small the buffer it inflates into.
 */
class CompressionTest {

    private static byte[] text(Random random, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            // Mail-like text: mostly letters, some line ends, now and then any octet.
            int r = random.nextInt(100);
            b[i] = (byte) (r < 3 ? random.nextInt(256) : r < 8 ? '\n' : 'a' + random.nextInt(26));
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyBatchInflatesCompletelyAfterItsSyncFlush(long seed) throws Exception {
        // Seeds 3 and 5 found the deflater compressing its own output: it kept a reference to
        // an input chunk that the pool then handed out as an output chunk.
        Random random = new Random(seed);
        BufferPool pool = new BufferPool(16 * 1024, 8);
        Compression compression = new Compression(16 * 1024);
        Inflater peer = new Inflater(true);
        for (int batch = 0; batch < 20; batch++) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            for (int w = random.nextInt(5); w >= 0; w--) {
                byte[] write = text(random, random.nextInt(40_000));
                plain.writeBytes(write);
                compression.queue(ByteBuffer.wrap(write), pool);
            }
            ArrayDeque<ByteBuffer> wire = new ArrayDeque<>();
            long delta = compression.deflateInto(wire, pool);
            long compressed = wire.stream().mapToLong(ByteBuffer::remaining).sum();
            assertEquals(compressed - plain.size(), delta);
            // The peer inflates exactly this batch with the octets received so far.
            ByteArrayOutputStream inflated = new ByteArrayOutputStream();
            for (ByteBuffer chunk : wire) {
                peer.setInput(chunk);
                byte[] out = new byte[8192];
                int n;
                while ((n = peer.inflate(out)) > 0) {
                    inflated.write(out, 0, n);
                }
            }
            assertArrayEquals(plain.toByteArray(), inflated.toByteArray(), "batch " + batch);
        }
        compression.close(pool);
        peer.end();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void inputInflatesTheSameHoweverItIsSplit(long seed) throws IOException {
        Random random = new Random(seed);
        byte[] plain = text(random, 300_000);
        Deflater peer = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        peer.setInput(plain);
        byte[] compressed = new byte[plain.length + 1024];
        int length = peer.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
        peer.end();
        Compression compression = new Compression(1024);
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        int at = 0;
        while (inflated.size() < plain.length) {
            ByteBuffer dst = ByteBuffer.allocate(1 + random.nextInt(5000));
            int n = compression.inflate(dst);
            if (n > 0) {
                inflated.write(dst.array(), 0, n);
                continue;
            }
            assertTrue(at < length, "inflater stalled with all input given");
            int take = Math.min(length - at, 1 + random.nextInt(3000));
            ByteBuffer raw = compression.compressedInput(take);
            raw.put(compressed, at, take);
            raw.flip();
            at += take;
        }
        assertArrayEquals(plain, inflated.toByteArray());
        compression.close(new BufferPool(1024, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0xFF, 0x07})
    void invalidInputIsAnIoException(int first) {
        Compression compression = new Compression(64);
        ByteBuffer raw = compression.compressedInput(4);
        raw.put(new byte[] {(byte) first, (byte) 0xFF, 0, 0});
        raw.flip();
        assertThrows(IOException.class, () -> compression.inflate(ByteBuffer.allocate(100)));
    }
}
