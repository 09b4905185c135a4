// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A free list of equal-sized heap buffers owned by one event loop, so that reading and writing
 * allocate nothing in steady state and idle connections hold no buffer. Not thread-safe: only
 * its loop uses it.
 */
final class BufferPool {

    private final int bufferSize;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    BufferPool(int bufferSize, int maxPooled) {
        this.bufferSize = bufferSize;
        this.maxPooled = maxPooled;
    }

    int bufferSize() {
        return bufferSize;
    }

    /** Returns a cleared buffer of {@link #bufferSize()} octets. */
    ByteBuffer acquire() {
        ByteBuffer b = free.pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(bufferSize);
    }

    /**
     * Copies {@code src} to the end of a queue of chunks from this pool (each holding octets
     * between position and limit), filling the last chunk before taking another.
     */
    void append(ArrayDeque<ByteBuffer> chunks, ByteBuffer src) {
        while (src.hasRemaining()) {
            ByteBuffer tail = chunks.peekLast();
            if (tail == null || tail.limit() == tail.capacity()) {
                tail = acquire().limit(0);
                chunks.addLast(tail);
            }
            int k = Math.min(tail.capacity() - tail.limit(), src.remaining());
            int at = tail.limit();
            tail.limit(at + k);
            tail.put(at, src, src.position(), k);
            src.position(src.position() + k);
        }
    }

    /** Takes a buffer back; buffers of another size are left to the garbage collector. */
    void release(ByteBuffer buffer) {
        if (buffer != null && buffer.capacity() == bufferSize && free.size() < maxPooled) {
            free.addLast(buffer);
        }
    }
}
