// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The content of a message to send: header and body as RFC 5322 octets, from a byte array, a
 * file or a stream. Files and streams are read one chunk at a time
 * ({@link SmtpClientSettings#chunkSize()}) on the transport's blocking executor as the
 * connection drains, so a message is never held whole in memory; the client dot-stuffs it and
 * normalises line endings to CRLF on the way (RFC 5321 §4.5.2, SECURITY-CASES SMTPC-02).
 *
 * <p>A byte array and a file can be sent any number of times (a queue retries); a stream is read
 * once, so a transaction over a stream cannot be sent again.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322">RFC 5322</a>
 */
public abstract sealed class MessageContent {

    private MessageContent() {
    }

    /**
     * Returns content held in memory; the array is copied.
     *
     * @param message the message octets
     * @return the content
     */
    public static MessageContent of(byte[] message) {
        return new Bytes(message.clone());
    }

    /**
     * Returns content read from a file when sent.
     *
     * @param file the message file
     * @return the content
     */
    public static MessageContent of(Path file) {
        return new File(Objects.requireNonNull(file, "file"));
    }

    /**
     * Returns content read once from a stream of unknown length (so no SIZE is declared or
     * checked); the stream is closed once read or on failure.
     *
     * @param stream the message octets
     * @return the content
     */
    public static MessageContent of(InputStream stream) {
        return new Stream(Objects.requireNonNull(stream, "stream"), OptionalLong.empty());
    }

    /**
     * Returns content read once from a stream of known length, declared with SIZE and checked
     * against the server's (RFC 1870).
     *
     * @param stream the message octets
     * @param size   how many octets the stream holds
     * @return the content
     */
    public static MessageContent of(InputStream stream, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        return new Stream(Objects.requireNonNull(stream, "stream"), OptionalLong.of(size));
    }

    /**
     * Returns the size in octets as stored, if known: the array's length, the file's size now,
     * or the size given with a stream. Line-ending normalisation and dot-stuffing add to it on
     * the wire; RFC 1870 §4 asks for an estimate, and this is the one declared.
     *
     * @return the size, empty for a stream of unknown length
     */
    public abstract OptionalLong size();

    /** Opens a reader; called on the blocking executor for files and streams. */
    abstract Reader open() throws IOException;

    /** Tells whether reading may block, so it must go to the blocking executor. */
    abstract boolean blocking();

    /** A source of chunks: fills the buffer, returns -1 at the end. */
    interface Reader extends AutoCloseable {
        int read(ByteBuffer dst) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Content in memory. */
    static final class Bytes extends MessageContent {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public OptionalLong size() {
            return OptionalLong.of(bytes.length);
        }

        /** The whole content as one read-only buffer: the session stuffs it piece by piece. */
        ByteBuffer whole() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        @Override
        Reader open() {
            ByteBuffer source = whole();
            return new Reader() {
                @Override
                public int read(ByteBuffer dst) {
                    if (!source.hasRemaining()) {
                        return -1;
                    }
                    int n = Math.min(dst.remaining(), source.remaining());
                    dst.put(dst.position(), source, source.position(), n);
                    dst.position(dst.position() + n);
                    source.position(source.position() + n);
                    return n;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        boolean blocking() {
            return false;
        }
    }

    /** Content in a file. */
    static final class File extends MessageContent {
        private final Path path;

        File(Path path) {
            this.path = path;
        }

        @Override
        public OptionalLong size() {
            try {
                return OptionalLong.of(Files.size(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        Reader open() throws IOException {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new Reader() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    return channel.read(dst);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        @Override
        boolean blocking() {
            return true;
        }

        @Override
        public String toString() {
            return "MessageContent[" + path + "]";
        }
    }

    /** Content in a stream, read once. */
    static final class Stream extends MessageContent {
        private final InputStream stream;
        private final OptionalLong size;
        private boolean opened;

        Stream(InputStream stream, OptionalLong size) {
            this.stream = stream;
            this.size = size;
        }

        @Override
        public OptionalLong size() {
            return size;
        }

        @Override
        synchronized Reader open() throws IOException {
            if (opened) {
                throw new IOException("the stream was already read by an earlier send");
            }
            opened = true;
            return new Reader() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    int n = stream.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                    if (n > 0) {
                        dst.position(dst.position() + n);
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    stream.close();
                }
            };
        }

        @Override
        boolean blocking() {
            return true;
        }
    }
}
