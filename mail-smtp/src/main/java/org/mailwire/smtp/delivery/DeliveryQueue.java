// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.mailwire.store.MessageSource;

/**
 * The durable delivery queue: one directory, each message a content file and an envelope
 * record, written so that a message the server acknowledged survives a crash (SIGKILL, power
 * loss) and one it did not acknowledge leaves nothing behind.
 *
 * <p>Layout: {@code messages/<id>} (the content, CRLF line ends), {@code records/<id>} (the
 * envelope and per-recipient state, see {@code QueueRecordFormat}), {@code tmp/} (files being
 * written), {@code corrupt/} (records that could not be read, kept for a human). Every file is
 * written in {@code tmp/}, fsynced, renamed into place and its directory fsynced; a message
 * counts as queued only once its record is in {@code records/}, and the content is renamed in
 * before the record. Removal deletes the record first. Recovery therefore deletes content
 * without a record and everything in {@code tmp/}.
 *
 * <p>Methods block on the file system; call them from a blocking executor. The queue is safe
 * for concurrent use on different messages; callers serialise changes to one message.
 */
public final class DeliveryQueue {

    private static final System.Logger LOG = System.getLogger(DeliveryQueue.class.getName());

    private final Path directory;
    private final Path messages;
    private final Path records;
    private final Path tmp;
    private final Path corrupt;
    private final AtomicLong sequence = new AtomicLong();

    private DeliveryQueue(Path directory) {
        this.directory = directory;
        this.messages = directory.resolve("messages");
        this.records = directory.resolve("records");
        this.tmp = directory.resolve("tmp");
        this.corrupt = directory.resolve("corrupt");
    }

    /**
     * Opens (creating if needed) the queue in a directory. Call {@link #recover()} before use.
     *
     * @param directory the queue directory
     * @return the queue
     * @throws IOException if the directories cannot be created
     */
    public static DeliveryQueue open(Path directory) throws IOException {
        DeliveryQueue queue = new DeliveryQueue(Objects.requireNonNull(directory, "directory"));
        for (Path p : List.of(queue.messages, queue.records, queue.tmp, queue.corrupt)) {
            Files.createDirectories(p);
        }
        return queue;
    }

    /**
     * Returns the queue directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Makes a new queue identifier: time-ordered, unique within this queue.
     *
     * @return the identifier
     */
    public String newId() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(sequence.incrementAndGet(), 36) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
    }

    /**
     * Stores a message durably: content, then record, each fsynced with its directory. When this
     * returns the message survives a crash; when it throws nothing of it remains.
     *
     * @param message the envelope and state; {@link QueuedMessage#id()} names the files, and a
     *                message with the same id is replaced (bounces use this to stay exactly-once)
     * @param content the message content
     * @throws IOException if storing failed; the caller must not acknowledge the message
     */
    public void enqueue(QueuedMessage message, MessageSource content) throws IOException {
        Spool spool = spool(message.id());
        try (InputStream in = content.open()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                spool.write(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException | RuntimeException e) {
            spool.discard();
            throw e;
        }
        spool.commit(message);
    }

    /**
     * Starts writing a message's content straight into the queue, for a server that receives
     * it in chunks: nothing is queued until {@link Spool#commit(QueuedMessage)}.
     *
     * @param id the identifier the message will have
     * @return the spool
     * @throws IOException if the file cannot be created
     */
    public Spool spool(String id) throws IOException {
        return new Spool(checkedId(id));
    }

    /**
     * Content being written into the queue. Not thread-safe; one writer.
     */
    public final class Spool {
        private final String id;
        private final Path part;
        private final FileChannel out;
        private long size;
        private boolean finished;

        private Spool(String id) throws IOException {
            this.id = id;
            this.part = tmp.resolve(id + ".msg");
            this.out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
        }

        /**
         * Appends content.
         *
         * @param chunk the bytes; consumed
         * @throws IOException if writing fails (the caller then discards)
         */
        public void write(ByteBuffer chunk) throws IOException {
            size += chunk.remaining();
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        }

        /**
         * Returns the number of octets written so far.
         *
         * @return the size
         */
        public long size() {
            return size;
        }

        /**
         * Reads the beginning of what was written (for example to count trace fields).
         *
         * @param max the most octets to read
         * @return up to {@code max} octets from the start
         * @throws IOException if reading fails
         */
        public byte[] head(int max) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, size));
            long position = 0;
            while (buffer.hasRemaining()) {
                int n = out.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }

        /**
         * Returns the content written so far as a source (for local delivery before queueing).
         *
         * @return the source, valid until commit or discard
         */
        public MessageSource content() {
            return MessageSource.of(part);
        }

        /**
         * Makes the message durable: fsyncs the content, renames it into the queue and writes its
         * record. When this returns the message is queued.
         *
         * @param message the envelope and state, with this spool's id
         * @throws IOException if any step failed; nothing is queued then
         */
        public void commit(QueuedMessage message) throws IOException {
            if (!message.id().equals(id) || finished) {
                throw new IllegalStateException("commit once, with the spool's id");
            }
            finished = true;
            Path target = messages.resolve(id);
            try {
                out.force(true);
                out.close();
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(messages);
                update(message);
            } catch (IOException | RuntimeException e) {
                out.close();
                Files.deleteIfExists(part);
                Files.deleteIfExists(target);
                throw e;
            }
        }

        /**
         * Drops the content; nothing is queued. Safe to call more than once.
         */
        public void discard() {
            finished = true;
            try {
                out.close();
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove spool file " + part + ": " + e.getMessage());
            }
        }
    }

    /**
     * Replaces a message's record atomically (write, fsync, rename, fsync the directory).
     *
     * @param message the new state
     * @throws IOException if the record could not be written; the old one stays
     */
    public void update(QueuedMessage message) throws IOException {
        Path part = tmp.resolve(message.id() + ".rec");
        byte[] text = QueueRecordFormat.encode(message).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, records.resolve(message.id()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(records);
    }

    /**
     * Removes a message whose recipients are all final: the record first, then the content.
     *
     * @param id the message
     * @throws IOException if the record could not be removed
     */
    public void remove(String id) throws IOException {
        Files.deleteIfExists(records.resolve(id));
        syncDirectory(records);
        Files.deleteIfExists(messages.resolve(id));
    }

    /**
     * Opens a queued message's content.
     *
     * @param id the message
     * @return a stream over the content; the caller closes it
     * @throws IOException if it is missing or unreadable
     */
    public InputStream openContent(String id) throws IOException {
        return Files.newInputStream(messages.resolve(checkedId(id)));
    }

    /**
     * Returns the size of a queued message's content.
     *
     * @param id the message
     * @return the size in octets
     * @throws IOException if it is missing
     */
    public long contentSize(String id) throws IOException {
        return Files.size(messages.resolve(checkedId(id)));
    }

    /**
     * Returns the content as a source for the mail store or the SMTP client, read from the file.
     *
     * @param id the message
     * @return the source
     */
    public MessageSource content(String id) {
        return MessageSource.of(messages.resolve(checkedId(id)));
    }

    /**
     * Reads the queue after a start: removes unfinished writes and content that was never
     * acknowledged, sets unreadable records aside in {@code corrupt/}, and returns every queued
     * message.
     *
     * @return the queued messages, oldest first
     * @throws IOException if the directories cannot be read
     */
    public List<QueuedMessage> recover() throws IOException {
        deleteAll(tmp);
        List<QueuedMessage> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records)) {
            for (Path file : files) {
                String id = file.getFileName().toString();
                try {
                    QueuedMessage m = QueueRecordFormat.decode(Files.readString(file, StandardCharsets.US_ASCII));
                    if (!m.id().equals(id) || !Files.exists(messages.resolve(id))) {
                        throw new QueueRecordFormat.CorruptRecordException("record without content or with another id");
                    }
                    found.add(m);
                } catch (QueueRecordFormat.CorruptRecordException | java.nio.charset.MalformedInputException e) {
                    LOG.log(System.Logger.Level.ERROR, "queue record " + id + " is unreadable, moved to corrupt/: "
                            + e.getMessage());
                    Files.move(file, corrupt.resolve(id), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(messages)) {
            for (Path file : files) {
                if (!Files.exists(records.resolve(file.getFileName()))) {
                    Files.delete(file);   // written but never acknowledged
                }
            }
        }
        found.sort((a, b) -> a.arrival().compareTo(b.arrival()));
        return found;
    }

    private static String checkedId(String id) {
        if (!QueuedMessage.isValidId(id)) {
            throw new IllegalArgumentException("invalid queue id");
        }
        return id;
    }

    private static void deleteAll(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; rename is then as durable as it gets.
            LOG.log(System.Logger.Level.DEBUG, "directory fsync unsupported: " + e.getMessage());
        }
    }
}
