// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.nio.ByteBuffer;

/**
 * Receives decoded message content from a {@link DotUnstuffer}, one chunk at a time.
 *
 * <p>The chunk is a window on the decoder's input buffer (zero-copy): it is valid only during the
 * call, and the sink must copy what it wants to keep. The sink may read the chunk (moving its
 * position is allowed; the decoder restores it) but must not write to it or keep a reference.
 */
@FunctionalInterface
public interface ContentSink {

    /**
     * Accepts the next chunk of content, between the chunk's position and limit.
     *
     * @param chunk content bytes, valid only during this call
     */
    void accept(ByteBuffer chunk);
}
