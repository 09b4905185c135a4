// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One mailbox: its messages, their flags and content. A handle stays valid across renames;
 * once the mailbox is deleted every method throws {@link MailboxNotFoundException}.
 *
 * <p>Thread-safe: many sessions may use one mailbox at once. UIDs are strictly ascending and
 * never reused within a UIDVALIDITY; each change gets a mod-sequence above every earlier one.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.1.1">RFC 9051 §2.3.1.1, UIDs</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-3.1">RFC 7162 §3.1, CONDSTORE</a>
 */
public interface Mailbox {

    /**
     * Returns the current name of the mailbox.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the counters of the mailbox.
     *
     * @return the status
     * @throws MailboxNotFoundException if the mailbox was deleted
     */
    MailboxStatus status() throws MailboxNotFoundException;

    /**
     * Lists every message, ascending by UID.
     *
     * @return the messages
     * @throws MailboxNotFoundException if the mailbox was deleted
     */
    List<MessageInfo> messages() throws MailboxNotFoundException;

    /**
     * Lists the messages whose UIDs are in a set, ascending by UID; absent UIDs are skipped.
     *
     * @param uids the UIDs
     * @return the messages
     * @throws MailboxNotFoundException if the mailbox was deleted
     */
    List<MessageInfo> messages(UidSet uids) throws MailboxNotFoundException;

    /**
     * Returns one message.
     *
     * @param uid the UID
     * @return the message, or empty if there is none with this UID
     * @throws MailboxNotFoundException if the mailbox was deleted
     */
    Optional<MessageInfo> message(long uid) throws MailboxNotFoundException;

    /**
     * Appends a message. Returns once it is stored, for the durable store on disk.
     *
     * @param content      the message
     * @param flags        its initial flags
     * @param internalDate its internal date
     * @return the UIDVALIDITY and the UID it got (APPENDUID)
     * @throws QuotaExceededException   if it would take the user over quota
     * @throws StorageException         if it could not be stored, or the content could not be read
     * @throws MailboxNotFoundException if the mailbox was deleted
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.12">RFC 9051 §6.3.12, APPEND</a>
     */
    AppendResult append(MessageSource content, Flags flags, Instant internalDate)
            throws QuotaExceededException, StorageException, MailboxNotFoundException;

    /**
     * Copies messages into another mailbox of the same user, keeping flags and internal dates.
     * UIDs absent from this mailbox are skipped.
     *
     * @param uids        the UIDs to copy
     * @param destination the name of the destination mailbox
     * @return the COPYUID data
     * @throws QuotaExceededException   if the copies would take the user over quota
     * @throws StorageException         if they could not be stored
     * @throws MailboxNotFoundException if either mailbox does not exist
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.7">RFC 9051 §6.4.7, COPY</a>
     */
    CopyResult copy(UidSet uids, String destination)
            throws QuotaExceededException, StorageException, MailboxNotFoundException;

    /**
     * Moves messages into another mailbox of the same user: copies, then expunges them here, as
     * one step no other session sees halfway. Moving never fails for quota: usage does not grow.
     *
     * @param uids        the UIDs to move
     * @param destination the name of the destination mailbox
     * @return the COPYUID data
     * @throws StorageException         if the move could not be stored
     * @throws MailboxNotFoundException if either mailbox does not exist
     * @see <a href="https://www.rfc-editor.org/rfc/rfc6851#section-3.3">RFC 6851 §3.3, MOVE</a>
     */
    CopyResult move(UidSet uids, String destination) throws StorageException, MailboxNotFoundException;

    /**
     * Removes every message flagged {@code \Deleted}.
     *
     * @return the UIDs removed, ascending
     * @throws StorageException         if the removal could not be stored
     * @throws MailboxNotFoundException if the mailbox was deleted
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.3">RFC 9051 §6.4.3, EXPUNGE</a>
     */
    List<Long> expunge() throws StorageException, MailboxNotFoundException;

    /**
     * Removes the messages flagged {@code \Deleted} whose UIDs are in a set (UID EXPUNGE).
     *
     * @param uids the UIDs
     * @return the UIDs removed, ascending
     * @throws StorageException         if the removal could not be stored
     * @throws MailboxNotFoundException if the mailbox was deleted
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.9">RFC 9051 §6.4.9, UID EXPUNGE</a>
     */
    List<Long> expunge(UidSet uids) throws StorageException, MailboxNotFoundException;

    /**
     * Changes the flags of messages. With {@code unchangedSince}, messages whose mod-sequence
     * is above it are left alone and reported as failed (RFC 7162 §3.1.3).
     *
     * @param uids           the UIDs
     * @param operation      add, remove or replace
     * @param flags          the flags of the request
     * @param unchangedSince the UNCHANGEDSINCE value, if the client sent one
     * @return the changed messages and the failed UIDs
     * @throws StorageException         if the change could not be stored
     * @throws MailboxNotFoundException if the mailbox was deleted
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.6">RFC 9051 §6.4.6, STORE</a>
     */
    FlagChangeResult storeFlags(UidSet uids, FlagOperation operation, Flags flags, OptionalLong unchangedSince)
            throws StorageException, MailboxNotFoundException;

    /**
     * Opens the content of a message for reading; the stream stays readable even if the message
     * is expunged meanwhile. The caller closes it.
     *
     * @param uid the UID
     * @return the content
     * @throws MessageNotFoundException if there is no message with this UID
     * @throws StorageException         if it cannot be read
     * @throws MailboxNotFoundException if the mailbox was deleted
     */
    InputStream openContent(long uid) throws MessageNotFoundException, StorageException, MailboxNotFoundException;

    /**
     * Opens a byte range of a message, for partial FETCH ({@code BODY[]<offset.length>}); a
     * range past the end is cut short.
     *
     * @param uid    the UID
     * @param offset the first octet, from 0
     * @param length the most octets to read
     * @return the range
     * @throws MessageNotFoundException if there is no message with this UID
     * @throws StorageException         if it cannot be read
     * @throws MailboxNotFoundException if the mailbox was deleted
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5, partial FETCH</a>
     */
    InputStream openContent(long uid, long offset, long length)
            throws MessageNotFoundException, StorageException, MailboxNotFoundException;

    /**
     * Subscribes to the changes of this mailbox.
     *
     * @param listener the listener
     * @return the registration; close it to stop
     */
    ListenerRegistration addListener(MailboxListener listener);
}
