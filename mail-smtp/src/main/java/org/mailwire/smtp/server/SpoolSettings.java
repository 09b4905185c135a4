// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link MailStoreHandler} keeps a message while it arrives: in memory up to a threshold,
 * then in a temporary file of the spool directory, so a large message never sits whole in the
 * heap. The file is private to the server's user, and deleted once the message is delivered,
 * refused or abandoned.
 *
 * @param directory where temporary files go; default the JDK's {@code java.io.tmpdir}
 * @param inMemoryThreshold the largest message kept in memory, in octets (the {@code Received:}
 *     field included); default 256 KiB, above most mail, so 1,000 sessions receiving at once hold
 *     at most 256 MiB
 */
public record SpoolSettings(Path directory, int inMemoryThreshold) {

    /** The default in-memory threshold. */
    public static final int DEFAULT_IN_MEMORY_THRESHOLD = 256 * 1024;

    /**
     * Checks the values.
     *
     * @param directory see the record description
     * @param inMemoryThreshold see the record description
     * @throws IllegalArgumentException if the threshold is negative
     */
    public SpoolSettings {
        Objects.requireNonNull(directory, "directory");
        if (inMemoryThreshold < 0) {
            throw new IllegalArgumentException("inMemoryThreshold must not be negative");
        }
    }

    /**
     * Returns the defaults: 256 KiB in memory, then {@code java.io.tmpdir}.
     *
     * @return the defaults
     */
    public static SpoolSettings defaults() {
        return new SpoolSettings(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_IN_MEMORY_THRESHOLD);
    }

    /**
     * Returns a copy with another directory.
     *
     * @param value the directory
     * @return the copy
     */
    public SpoolSettings withDirectory(Path value) {
        return new SpoolSettings(value, inMemoryThreshold);
    }

    /**
     * Returns a copy with another in-memory threshold.
     *
     * @param value the threshold in octets
     * @return the copy
     */
    public SpoolSettings withInMemoryThreshold(int value) {
        return new SpoolSettings(directory, value);
    }
}
