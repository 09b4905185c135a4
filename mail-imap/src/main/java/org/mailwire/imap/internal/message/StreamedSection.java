// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.io.InputStream;
import org.mailwire.core.io.BoundedInputStream;

/**
 * The content of a FETCH section too large to hold in memory: its exact size, announced in the
 * literal before any octet is sent, and a way to read its octets from the store when the
 * response is written. Each {@link #open()} reads the store again; only the section's byte
 * range is read (and, for {@code BINARY}, decoded on the fly in fixed buffers).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2</a>
 */
public final class StreamedSection {

    /** Opens the octets of a section. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    private final long size;
    private final boolean binary;
    private final Source source;

    StreamedSection(long size, boolean binary, Source source) {
        this.size = size;
        this.binary = binary;
        this.source = source;
    }

    /**
     * Returns the number of octets {@link #open()} gives.
     *
     * @return the literal's size
     */
    public long size() {
        return size;
    }

    /**
     * Tells whether the literal is a {@code literal8} ({@code ~{n}}, RFC 3516 §4.2), as for
     * {@code BINARY[...]}.
     *
     * @return whether binary
     */
    public boolean binary() {
        return binary;
    }

    /**
     * Opens the octets; exactly {@link #size()} of them, unless the store changed underneath
     * (then fewer, and the caller must close the connection, since the literal was announced).
     *
     * @return the octets; the caller closes the stream
     * @throws IOException if the store cannot be read
     */
    public InputStream open() throws IOException {
        return new BoundedInputStream(source.open(), size);
    }

    @Override
    public String toString() {
        return "StreamedSection[" + size + (binary ? ", binary]" : "]");
    }
}
