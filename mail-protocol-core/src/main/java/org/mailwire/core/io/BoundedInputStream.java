// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that reads at most a given number of octets of another, then reports its end: the
 * byte ranges of stored messages (a partial {@code FETCH}, one MIME part) are read through it.
 * Closing it closes the underlying stream.
 */
public final class BoundedInputStream extends FilterInputStream {

    private long remaining;

    /**
     * Bounds a stream.
     *
     * @param in    the stream to read; closed with this one
     * @param limit the most octets to read; a negative limit reads none
     */
    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.remaining = Math.max(0, limit);
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
