// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file system calls whose failure the durable store must survive, in one place so tests can
 * inject faults (a full disk, a failing fsync) without a special file system.
 */
interface FileOperations {

    /** The real file system. */
    FileOperations SYSTEM = new FileOperations() {
    };

    /**
     * Creates a file that must not exist yet, for writing.
     *
     * @param file the file
     * @return the channel
     * @throws IOException if it exists or cannot be created
     */
    default FileChannel createNew(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Opens an existing file for writing at a chosen position (the index journal).
     *
     * @param file the file
     * @return the channel
     * @throws IOException if it does not exist or cannot be opened
     */
    default FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /**
     * Writes some bytes.
     *
     * @param channel the channel
     * @param buffer  the bytes
     * @return how many were written
     * @throws IOException on failure, such as ENOSPC
     */
    default int write(FileChannel channel, ByteBuffer buffer) throws IOException {
        return channel.write(buffer);
    }

    /**
     * Flushes a file's content and metadata to the device (fsync).
     *
     * @param channel the channel
     * @throws IOException on failure, such as EIO
     */
    default void force(FileChannel channel) throws IOException {
        channel.force(true);
    }

    /**
     * Flushes a file's content and the metadata needed to read it, such as its length, but not
     * its times ({@code fdatasync}); enough for appended records.
     *
     * @param channel the channel
     * @throws IOException on failure, such as EIO
     */
    default void forceData(FileChannel channel) throws IOException {
        channel.force(false);
    }

    /**
     * Flushes a directory's entries to the device, so renames and new files in it survive a
     * power loss (Pillai et al., OSDI 2014).
     *
     * @param directory the directory
     * @throws IOException on failure
     */
    default void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Renames a file atomically, replacing the target.
     *
     * @param source the file
     * @param target its new name
     * @throws IOException on failure
     */
    default void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Makes a hard link.
     *
     * @param link     the new name
     * @param existing the existing file
     * @throws IOException on failure, or if the file system has no hard links
     */
    default void link(Path link, Path existing) throws IOException {
        Files.createLink(link, existing);
    }

    /**
     * Deletes a file if it exists.
     *
     * @param file the file
     * @throws IOException on failure
     */
    default void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
