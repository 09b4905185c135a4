// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.Authenticator;
import org.mailwire.store.maildir.MaildirMailStore;
import org.mailwire.store.memory.InMemoryMailStore;

/**
 * The mail store: users, their passwords and mailboxes, shared by the SMTP, POP3 and IMAP
 * servers. Two implementations pass the same contract: {@link #inMemory()} for tests and demos,
 * and {@link #maildir(Path)}, durable on the file system in Maildir layout.
 *
 * <p>User names are compared case-insensitively (they are usually full addresses) after
 * SASLprep; the store spells them in lower case. Thread-safe; every method may block on I/O.
 *
 * <pre>{@code
 * MailStore store = MailStore.inMemory();
 * store.createUser("alice@example.test", Secret.of("secret"));
 * Mailbox inbox = store.mailboxes("alice@example.test").open("INBOX");
 * inbox.append(MessageSource.of(bytes), Flags.none(), Instant.now());
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3">RFC 9051 §2.3, message attributes</a>
 */
public interface MailStore extends AutoCloseable {

    /**
     * Returns a new, empty store held in memory, with default settings.
     *
     * @return the store
     */
    static MailStore inMemory() {
        return InMemoryMailStore.create(MailStoreSettings.defaults());
    }

    /**
     * Returns a new, empty store held in memory.
     *
     * @param settings the settings
     * @return the store
     */
    static MailStore inMemory(MailStoreSettings settings) {
        return InMemoryMailStore.create(settings);
    }

    /**
     * Opens (creating it if needed) a durable store in a directory, with default settings;
     * recovers from an earlier crash first.
     *
     * @param dataDirectory the directory holding the store; one process at a time
     * @return the store
     * @throws StorageException if the directory cannot be read or written
     */
    static MailStore maildir(Path dataDirectory) throws StorageException {
        return MaildirMailStore.open(dataDirectory, MailStoreSettings.defaults());
    }

    /**
     * Opens (creating it if needed) a durable store in a directory; recovers from an earlier
     * crash first.
     *
     * @param dataDirectory the directory holding the store; one process at a time
     * @param settings      the settings
     * @return the store
     * @throws StorageException if the directory cannot be read or written
     */
    static MailStore maildir(Path dataDirectory, MailStoreSettings settings) throws StorageException {
        return MaildirMailStore.open(dataDirectory, settings);
    }

    /**
     * Creates a user with the special-use mailboxes and INBOX. Only derived credentials are kept:
     * a salted PBKDF2 hash for PLAIN and LOGIN, and SCRAM-SHA-1 and SCRAM-SHA-256 keys.
     *
     * @param name     the user name, usually a full address; compared case-insensitively
     * @param password the password; the store does not keep or destroy it
     * @throws UserExistsException      if the name is taken
     * @throws StorageException         if the user could not be stored
     * @throws IllegalArgumentException if the name or password is empty or SASLprep rejects it
     */
    void createUser(String name, Secret password) throws UserExistsException, StorageException;

    /**
     * Replaces a user's password: new salted PBKDF2 hash and SCRAM keys; mail stays. Sessions
     * already logged in stay logged in.
     *
     * @param name     the user name
     * @param password the new password; the store does not keep or destroy it
     * @throws UserNotFoundException    if there is no such user
     * @throws StorageException         if the new credentials could not be stored; the old stay
     * @throws IllegalArgumentException if SASLprep rejects the password
     */
    void setPassword(String name, Secret password) throws UserNotFoundException, StorageException;

    /**
     * Deletes a user with all mailboxes and messages.
     *
     * @param name the user name
     * @throws UserNotFoundException if there is no such user
     * @throws StorageException      if the removal failed
     */
    void deleteUser(String name) throws UserNotFoundException, StorageException;

    /**
     * Returns the names of all users, as the store spells them.
     *
     * @return the user names, sorted
     */
    Set<String> users();

    /**
     * Returns the SASL authenticator over this store's users, for the protocol servers: PLAIN,
     * LOGIN, SCRAM-SHA-1 and SCRAM-SHA-256; never CRAM-MD5, which would need the plaintext
     * password (RFC 2195 §3).
     *
     * @return the authenticator
     */
    Authenticator authenticator();

    /**
     * Returns a view of one user's mailboxes.
     *
     * @param user the user name
     * @return the user's mailboxes
     * @throws UserNotFoundException if there is no such user
     */
    UserMailboxes mailboxes(String user) throws UserNotFoundException;

    /**
     * Takes the exclusive POP3 lock on a user's maildrop if nobody holds it.
     *
     * @param user the user name
     * @return the lock, or empty if another session holds it (POP3 {@code -ERR [IN-USE]})
     * @throws UserNotFoundException if there is no such user
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-8">RFC 1939 §8</a>
     */
    Optional<MaildropLock> tryLockMaildrop(String user) throws UserNotFoundException;

    /**
     * Closes the store; later calls fail with {@link IllegalStateException}. Everything
     * acknowledged is already durable, so closing only releases resources.
     */
    @Override
    void close();
}
