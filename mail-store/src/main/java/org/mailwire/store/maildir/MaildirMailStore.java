// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.file.Path;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.StorageException;
import org.mailwire.store.internal.CoreStore;

/**
 * Opens durable stores kept in Maildir directories. Use {@link MailStore#maildir(Path)}.
 */
public final class MaildirMailStore {

    private MaildirMailStore() {
    }

    /**
     * Opens a durable store, creating the directory if needed and recovering from a crash.
     *
     * @param dataDirectory the directory
     * @param settings      the settings
     * @return the store
     * @throws StorageException if the directory cannot be read or written
     */
    public static MailStore open(Path dataDirectory, MailStoreSettings settings) throws StorageException {
        return open(dataDirectory, settings, FileOperations.SYSTEM);
    }

    /** Opens a store whose file operations a test may make fail. */
    static MailStore open(Path dataDirectory, MailStoreSettings settings, FileOperations files)
            throws StorageException {
        MaildirBackend backend = MaildirBackend.open(dataDirectory, files, settings.indexJournalLimit());
        try {
            return CoreStore.open(backend, settings);
        } catch (StorageException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
