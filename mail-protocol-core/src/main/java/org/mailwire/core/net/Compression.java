// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE (RFC 1951, no zlib header) both ways for one connection, as COMPRESS=DEFLATE
 * asks (RFC 4978 §3): output is deflated and each batch handed to the socket ends with a sync
 * flush, so the peer can inflate everything sent so far; input is inflated at most one input
 * buffer at a time, so a small packet that inflates to gigabytes costs no more memory than any
 * other input (the session consumes each buffer before the next is inflated). Used on its
 * connection's loop only.
 */
final class Compression {

    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0);

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    /** Plain output the session wrote since the last flush, in pooled chunks. */
    private final ArrayDeque<ByteBuffer> plain = new ArrayDeque<>();
    /** Compressed input not inflated yet, in read mode. */
    private ByteBuffer compressed;
    private boolean ended;

    Compression(int inputBufferSize) {
        compressed = ByteBuffer.allocate(inputBufferSize).flip();
    }

    /** Copies plain output for the next {@link #deflateInto}. */
    void queue(ByteBuffer src, BufferPool pool) {
        pool.append(plain, src);
    }

    boolean hasPendingOutput() {
        return !plain.isEmpty();
    }

    /**
     * Deflates all queued plain output into chunks appended to {@code out} (the transport's
     * send queue, chunks holding octets between position and limit), ending with a sync flush.
     *
     * @return the change in queued octets: compressed octets added minus plain octets consumed
     */
    long deflateInto(ArrayDeque<ByteBuffer> out, BufferPool pool) {
        long delta = 0;
        ByteBuffer chunk;
        while ((chunk = plain.pollFirst()) != null) {
            delta -= chunk.remaining();
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
                delta += deflate(out, pool, Deflater.NO_FLUSH);
            }
            // The deflater keeps a reference to its input: drop it before the chunk goes back to
            // the pool, which may hand it out as the next output chunk.
            deflater.setInput(NO_INPUT);
            pool.release(chunk);
        }
        // SYNC_FLUSH: call again while it fills the space offered (Deflater.deflate).
        int n;
        do {
            n = deflate(out, pool, Deflater.SYNC_FLUSH);
            delta += n;
        } while (n > 0 && out.peekLast().limit() == out.peekLast().capacity());
        return delta;
    }

    private static ByteBuffer room(ArrayDeque<ByteBuffer> out, BufferPool pool) {
        ByteBuffer tail = out.peekLast();
        if (tail == null || tail.limit() == tail.capacity()) {
            tail = pool.acquire().limit(0);
            out.addLast(tail);
        }
        return tail;
    }

    private int deflate(ArrayDeque<ByteBuffer> out, BufferPool pool, int flush) {
        ByteBuffer tail = room(out, pool);
        ByteBuffer window = tail.duplicate();
        window.position(tail.limit()).limit(tail.capacity());
        int n = deflater.deflate(window, flush);
        tail.limit(tail.limit() + n);
        return n;
    }

    /**
     * Returns the buffer compressed input is read into, in fill mode with at least
     * {@code room} octets free; the caller flips it back after reading.
     */
    ByteBuffer compressedInput(int room) {
        compressed.compact();
        if (compressed.remaining() < room) {
            ByteBuffer bigger = ByteBuffer.allocate(compressed.position() + room);
            compressed.flip();
            bigger.put(compressed);
            compressed = bigger;
        }
        return compressed;
    }

    /**
     * Inflates into {@code dst} (fill mode) as much as fits.
     *
     * @return the octets produced; 0 when more compressed input is needed
     * @throws IOException if the input is not a raw DEFLATE stream
     */
    int inflate(ByteBuffer dst) throws IOException {
        if (ended || !dst.hasRemaining()) {
            return 0;
        }
        inflater.setInput(compressed);
        try {
            int n = inflater.inflate(dst);
            if (inflater.finished()) {
                // A final block ends the stream; the peer sends no more (RFC 4978 has no way back).
                ended = true;
            }
            if (inflater.needsDictionary()) {
                throw new IOException("a DEFLATE stream with a preset dictionary (RFC 4978 §3 sends none)");
            }
            return n;
        } catch (DataFormatException e) {
            throw new IOException("invalid DEFLATE data from the peer", e);
        }
    }

    /** Tells whether the peer ended its compressed stream with a final block. */
    boolean streamEnded() {
        return ended;
    }

    void close(BufferPool pool) {
        for (ByteBuffer b : plain) {
            pool.release(b);
        }
        plain.clear();
        deflater.end();
        inflater.end();
    }
}
