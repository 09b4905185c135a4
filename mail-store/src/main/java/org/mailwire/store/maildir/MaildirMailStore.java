// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.file.Path;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.StorageException;

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
        throw new StorageException("not yet");
    }
}
