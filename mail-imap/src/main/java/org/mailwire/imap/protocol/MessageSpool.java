// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.mailwire.imap.codec.LiteralSink;
import org.mailwire.store.MessageSource;

/**
 * Where an APPEND literal too large for the command buffer goes while it arrives (RFC 9051
 * §6.3.12): the framer hands its chunks to a {@link Spooled} sink, and the session gives the
 * store the finished {@link MessageSource}. A literal that never completes is discarded, so an
 * APPEND is all or nothing (SECURITY-CASES IMAP-06).
 */
public interface MessageSpool {

    /**
     * Opens a sink for one literal.
     *
     * @param size the announced size
     * @return the sink
     */
    Spooled open(long size);

    /**
     * Returns a spool that keeps literals in memory: for tests and small limits only, as each
     * literal then costs its size in heap.
     *
     * @return the spool
     */
    static MessageSpool inMemory() {
        return size -> new Spooled() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, 1 << 16));

            @Override
            public void accept(ByteBuffer chunk) {
                while (chunk.hasRemaining()) {
                    out.write(chunk.get());
                }
            }

            @Override
            public MessageSource source() {
                return MessageSource.of(out.toByteArray());
            }

            @Override
            public void discard() {
                out.reset();
            }
        };
    }

    /**
     * Returns a spool that writes each literal to a temporary file in a directory, deleted once
     * the store has taken the message or the literal was abandoned. Writes happen on the thread
     * that feeds the session (page-cache writes, no fsync).
     *
     * @param directory where the temporary files go
     * @return the spool
     */
    static MessageSpool files(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return size -> {
            try {
                Path file = Files.createTempFile(directory, "append-", ".eml");
                FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                return new Spooled() {
                    private IOException failure;

                    @Override
                    public void accept(ByteBuffer chunk) {
                        try {
                            while (failure == null && chunk.hasRemaining()) {
                                channel.write(chunk);
                            }
                        } catch (IOException e) {
                            failure = e;
                        }
                    }

                    @Override
                    public void complete() {
                        try {
                            channel.close();
                        } catch (IOException e) {
                            failure = e;
                        }
                    }

                    @Override
                    public MessageSource source() throws IOException {
                        if (failure != null) {
                            throw failure;
                        }
                        return MessageSource.of(file);
                    }

                    @Override
                    public void discard() {
                        try {
                            channel.close();
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            // Best effort: a leftover temporary file is harmless.
                        }
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** One literal being spooled. */
    interface Spooled extends LiteralSink {
        /**
         * Returns the complete literal for the store.
         *
         * @return the content
         * @throws IOException if spooling failed
         */
        MessageSource source() throws IOException;

        /** Frees what the literal holds (a temporary file); called once the store is done or the literal abandoned. */
        void discard();
    }
}
