// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.List;
import java.util.Set;

/**
 * One user's mailboxes: the hierarchy (levels separated by {@code /}), subscriptions and quota.
 *
 * <p>{@code INBOX} always exists and its name is case-insensitive, also as the first level of a
 * longer name ({@code inbox/x} is {@code INBOX/x}); other names are case-sensitive.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-5.1">RFC 9051 §5.1, mailbox naming</a>
 */
public interface UserMailboxes {

    /** The hierarchy delimiter. */
    char DELIMITER = '/';

    /** The name of the mailbox that always exists. */
    String INBOX = "INBOX";

    /**
     * Returns the user these mailboxes belong to.
     *
     * @return the user name
     */
    String user();

    /**
     * Lists all mailboxes.
     *
     * @return the mailboxes, sorted by name
     */
    List<MailboxInfo> list();

    /**
     * Opens a mailbox: a handle that follows the mailbox through renames.
     *
     * @param name the mailbox name
     * @return the mailbox
     * @throws MailboxNotFoundException if there is no such mailbox
     */
    Mailbox open(String name) throws MailboxNotFoundException;

    /**
     * Creates a mailbox, and the superiors its name implies that do not exist yet (RFC 9051
     * §6.3.4); it gets a UIDVALIDITY different from any earlier mailbox of this name.
     *
     * @param name the name
     * @throws MailboxExistsException      if it exists
     * @throws InvalidMailboxNameException if the name is malformed
     * @throws StorageException            if it could not be stored
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.4">RFC 9051 §6.3.4, CREATE</a>
     */
    void create(String name) throws MailboxExistsException, InvalidMailboxNameException, StorageException;

    /**
     * Creates a mailbox with a special-use role (RFC 6154 §5, CREATE-SPECIAL-USE).
     *
     * @param name the name
     * @param role the role
     * @throws MailboxExistsException      if it exists
     * @throws InvalidMailboxNameException if the name is malformed
     * @throws StorageException            if it could not be stored
     */
    void create(String name, SpecialUse role) throws MailboxExistsException, InvalidMailboxNameException,
            StorageException;

    /**
     * Deletes a mailbox and its messages; its inferiors stay (RFC 9051 §6.3.5).
     *
     * @param name the name
     * @throws MailboxNotFoundException    if there is no such mailbox
     * @throws InvalidMailboxNameException if it is INBOX
     * @throws StorageException            if the removal failed
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.5">RFC 9051 §6.3.5, DELETE</a>
     */
    void delete(String name) throws MailboxNotFoundException, InvalidMailboxNameException, StorageException;

    /**
     * Renames a mailbox and its inferiors. Renaming INBOX moves its messages into a new mailbox
     * and leaves INBOX empty, its inferiors unrenamed (RFC 9051 §6.3.6).
     *
     * @param from the current name
     * @param to   the new name
     * @throws MailboxNotFoundException    if {@code from} does not exist
     * @throws MailboxExistsException      if {@code to} exists
     * @throws InvalidMailboxNameException if a name is malformed or {@code to} is inside {@code from}
     * @throws StorageException            if the change could not be stored
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.6">RFC 9051 §6.3.6, RENAME</a>
     */
    void rename(String from, String to) throws MailboxNotFoundException, MailboxExistsException,
            InvalidMailboxNameException, StorageException;

    /**
     * Adds a name to the subscriptions; it need not exist (RFC 9051 §6.3.7).
     *
     * @param name the name
     * @throws InvalidMailboxNameException if the name is malformed
     * @throws StorageException            if it could not be stored
     */
    void subscribe(String name) throws InvalidMailboxNameException, StorageException;

    /**
     * Removes a name from the subscriptions (RFC 9051 §6.3.8).
     *
     * @param name the name
     * @throws InvalidMailboxNameException if the name is malformed
     * @throws StorageException            if it could not be stored
     */
    void unsubscribe(String name) throws InvalidMailboxNameException, StorageException;

    /**
     * Returns the subscribed names, existing or not.
     *
     * @return the names, sorted
     */
    Set<String> subscriptions();

    /**
     * Returns the quota limits and usage of the user (RFC 9208 §4.2).
     *
     * @return the usage
     */
    QuotaUsage quota();

    /**
     * Changes the user's quota limits; messages already stored stay even if over them.
     *
     * @param limits the limits
     * @throws StorageException if it could not be stored
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9208#section-4.1">RFC 9208 §4.1, SETQUOTA</a>
     */
    void setQuota(Quota limits) throws StorageException;
}
