// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A spool channel that takes a number of octets, then fails as a full disk does (ENOSPC, FLT-04). */
final class FullDisk implements WritableByteChannel {
    private long room;
    private boolean open = true;

    FullDisk(long room) {
        this.room = room;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (room == 0) {
            // The JDK's text for ENOSPC.
            throw new IOException("No space left on device");
        }
        int n = (int) Math.min(room, src.remaining());
        src.position(src.position() + n);
        room -= n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
