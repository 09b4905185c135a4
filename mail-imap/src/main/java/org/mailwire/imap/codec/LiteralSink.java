// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.ByteBuffer;

/**
 * Receives the octets of a literal too large to hold in memory (an APPEND message, a
 * {@code FETCH BODY[]}), chunk by chunk, as the {@link ImapFramer} reads them.
 *
 * <p>A chunk is a window on the framer's input buffer (zero-copy): valid only during the call,
 * to be copied if kept; the sink may move its position (the framer restores it) but must not
 * write to it or keep a reference. The framer calls {@link #complete()} once the announced size
 * has arrived; if the connection ends first, it is never called, and the owner discards what the
 * sink holds (RFC 9051 §6.3.12: an APPEND is all or nothing, SECURITY-CASES IMAP-06).
 */
public interface LiteralSink {

    /**
     * Accepts the next chunk of the literal, between the chunk's position and limit.
     *
     * @param chunk literal octets, valid only during this call
     */
    void accept(ByteBuffer chunk);

    /** Tells the sink that every announced octet has arrived. */
    default void complete() {
    }
}
