// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.memory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.StorageException;
import org.mailwire.store.internal.Backend;
import org.mailwire.store.internal.CoreStore;
import org.mailwire.store.internal.MailboxState;
import org.mailwire.store.internal.StoredMessage;
import org.mailwire.store.internal.UserState;

/**
 * Makes in-memory stores: content as immutable byte arrays, shared between copies of a message;
 * everything is lost when the store is dropped. Use {@link MailStore#inMemory()}.
 */
public final class InMemoryMailStore {

    private InMemoryMailStore() {
    }

    /**
     * Returns a new, empty in-memory store.
     *
     * @param settings the settings
     * @return the store
     */
    public static MailStore create(MailStoreSettings settings) {
        try {
            return CoreStore.open(new MemoryBackend(), settings);
        } catch (StorageException e) {
            // MemoryBackend.load() returns an empty list and cannot fail.
            throw new IllegalStateException(e);
        }
    }

    /** Content held in memory: the staged form is already the final one. */
    private record Content(byte[] bytes) implements Backend.Staged {
        @Override
        public long size() {
            return bytes.length;
        }
    }

    /** A backend with nothing to persist. */
    private static final class MemoryBackend implements Backend {

        @Override
        public List<UserState> load() {
            return List.of();
        }

        @Override
        public void createUser(UserState user) {
        }

        @Override
        public void saveUser(UserState user) {
        }

        @Override
        public void deleteUser(UserState user) {
        }

        @Override
        public void createMailbox(UserState user, MailboxState box) {
        }

        @Override
        public void deleteMailbox(UserState user, MailboxState box) {
        }

        @Override
        public Staged stage(UserState user, MailboxState box, MessageSource source) throws StorageException {
            try (InputStream in = source.open()) {
                return new Content(in.readAllBytes());
            } catch (IOException e) {
                throw new StorageException("cannot read message content", e);
            }
        }

        @Override
        public Object commit(UserState user, MailboxState box, Staged staged, Flags flags) {
            return staged;
        }

        @Override
        public void discard(Staged staged) {
        }

        @Override
        public Object copy(UserState user, MailboxState from, StoredMessage message, MailboxState to, Flags flags) {
            // The bytes never change, so a copy can share them.
            return message.content();
        }

        @Override
        public void flagsChanged(UserState user, MailboxState box, StoredMessage message) {
        }

        @Override
        public void deleteMessages(UserState user, MailboxState box, List<StoredMessage> messages) {
        }

        @Override
        public void saveIndex(UserState user, MailboxState box) {
        }

        @Override
        public InputStream open(UserState user, MailboxState box, StoredMessage message) {
            return new ByteArrayInputStream(((Content) message.content()).bytes());
        }
    }
}
