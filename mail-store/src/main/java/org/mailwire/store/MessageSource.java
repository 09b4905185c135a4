// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The content of a message to append: bytes in memory, a file, or a stream. The durable store
 * copies it to disk in chunks, so a large message never has to sit whole in the heap.
 *
 * <p>The content is the message as RFC 5322 defines it (CRLF line ends); the store keeps it
 * octet for octet.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.12">RFC 9051 §6.3.12, APPEND</a>
 */
public sealed interface MessageSource permits MessageSource.Bytes, MessageSource.File, MessageSource.Stream {

    /**
     * Opens the content for one reading; the caller closes the stream.
     *
     * @return the content
     * @throws IOException if it cannot be read
     */
    InputStream open() throws IOException;

    /**
     * Content held in memory.
     *
     * @param content the octets; copied, so later changes to the array do not matter
     */
    record Bytes(byte[] content) implements MessageSource {
        /**
         * Copies the array.
         *
         * @param content see the record description
         */
        public Bytes {
            content = content.clone();
        }

        /**
         * Returns a copy of the octets.
         *
         * @return the content
         */
        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(content);
        }
    }

    /**
     * Content in a file, read when the store appends it.
     *
     * @param path the file
     */
    record File(Path path) implements MessageSource {
        /**
         * Checks the path is present.
         *
         * @param path see the record description
         */
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /**
     * Content read from a stream up to its end; the stream can be read once only, and the store
     * closes it.
     *
     * @param stream the stream
     */
    record Stream(InputStream stream) implements MessageSource {
        /**
         * Checks the stream is present.
         *
         * @param stream see the record description
         */
        public Stream {
            Objects.requireNonNull(stream, "stream");
        }

        @Override
        public InputStream open() {
            return stream;
        }
    }

    /**
     * Returns content held in memory.
     *
     * @param content the octets
     * @return the source
     */
    static MessageSource of(byte[] content) {
        return new Bytes(content);
    }

    /**
     * Returns content read from a file.
     *
     * @param path the file
     * @return the source
     */
    static MessageSource of(Path path) {
        return new File(path);
    }

    /**
     * Returns content read from a stream.
     *
     * @param stream the stream, read to its end and closed
     * @return the source
     */
    static MessageSource of(InputStream stream) {
        return new Stream(stream);
    }
}
