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

    /** Takes a buffer back; buffers of another size are left to the garbage collector. */
    void release(ByteBuffer buffer) {
        if (buffer != null && buffer.capacity() == bufferSize && free.size() < maxPooled) {
            free.addLast(buffer);
        }
    }
}
