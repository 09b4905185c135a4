// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.mailwire.store.Flags;
import org.mailwire.store.MessageSource;
import org.mailwire.store.StorageException;

/**
 * Where the engine keeps content and state: memory, or Maildir directories with an index.
 *
 * <p>The engine calls every method but {@link #stage} with the user's lock held, and relies on
 * this contract: a method that returns has made its change durable (for a durable backend); a
 * method that throws has changed nothing visible, or only what recovery on the next open
 * discards or turns into fresh UIDs.
 */
public interface Backend {

    /**
     * Content written to temporary storage, not yet part of any mailbox.
     */
    interface Staged {
        /**
         * Returns the size of the content.
         *
         * @return octets
         */
        long size();
    }

    /**
     * Loads all users with their mailboxes and messages, recovering from a crash first.
     *
     * @return the users
     * @throws StorageException if the state cannot be read
     */
    List<UserState> load() throws StorageException;

    /**
     * Stores a new user whose mailboxes are already in its state.
     *
     * @param user the user
     * @throws StorageException if it could not be stored; nothing of the user then remains
     */
    void createUser(UserState user) throws StorageException;

    /**
     * Stores a user's credentials, quota, mailbox names and subscriptions.
     *
     * @param user the user
     * @throws StorageException if it could not be stored
     */
    void saveUser(UserState user) throws StorageException;

    /**
     * Removes a user with everything it has.
     *
     * @param user the user
     * @throws StorageException if it could not be removed
     */
    void deleteUser(UserState user) throws StorageException;

    /**
     * Prepares storage for a new mailbox, before the user's state names it.
     *
     * @param user the user
     * @param box  the mailbox
     * @throws StorageException if it could not be prepared
     */
    void createMailbox(UserState user, MailboxState box) throws StorageException;

    /**
     * Removes the storage of a mailbox the user's state no longer names.
     *
     * @param user the user
     * @param box  the mailbox
     * @throws StorageException if it could not be removed
     */
    void deleteMailbox(UserState user, MailboxState box) throws StorageException;

    /**
     * Copies content to temporary storage; called without any lock.
     *
     * @param user   the user
     * @param box    the mailbox it is meant for
     * @param source the content
     * @return the staged content
     * @throws StorageException if it could not be written or read
     */
    Staged stage(UserState user, MailboxState box, MessageSource source) throws StorageException;

    /**
     * Makes staged content a message file of a mailbox (not yet in its index).
     *
     * @param user   the user
     * @param box    the mailbox
     * @param staged the content
     * @param flags  the message's flags
     * @return the content handle
     * @throws StorageException if it could not be placed; the staged content is still there
     */
    Object commit(UserState user, MailboxState box, Staged staged, Flags flags) throws StorageException;

    /**
     * Removes staged content that will not be committed; never fails.
     *
     * @param staged the content
     */
    void discard(Staged staged);

    /**
     * Copies a message's content into another mailbox (not yet in its index).
     *
     * @param user    the user
     * @param from    the source mailbox
     * @param message the message
     * @param to      the destination mailbox
     * @param flags   the copy's flags
     * @return the content handle of the copy
     * @throws StorageException if it could not be copied
     */
    Object copy(UserState user, MailboxState from, StoredMessage message, MailboxState to, Flags flags)
            throws StorageException;

    /**
     * Reflects changed flags in the content's storage, where the layout carries them (a Maildir
     * file name); the index stays the authority.
     *
     * @param user    the user
     * @param box     the mailbox
     * @param message the message with its new flags
     */
    void flagsChanged(UserState user, MailboxState box, StoredMessage message);

    /**
     * Removes the content of messages.
     *
     * @param user     the user
     * @param box      the mailbox
     * @param messages the messages
     * @throws StorageException if some could not be removed
     */
    void deleteMessages(UserState user, MailboxState box, List<StoredMessage> messages) throws StorageException;

    /**
     * Stores a mailbox's counters and message list. Called after every change of them; a
     * backend may write only what differs from the last call (the Maildir backend appends that
     * to a journal), since every change of a message gives it a new MODSEQ.
     *
     * @param user the user
     * @param box  the mailbox
     * @throws StorageException if it could not be stored
     */
    void saveIndex(UserState user, MailboxState box) throws StorageException;

    /**
     * Opens a message's content.
     *
     * @param user    the user
     * @param box     the mailbox
     * @param message the message
     * @return the content
     * @throws IOException if it cannot be opened
     */
    InputStream open(UserState user, MailboxState box, StoredMessage message) throws IOException;

    /** Releases what the backend holds (a directory lock); called once, when the store closes. */
    default void close() {
    }
}
