// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.mailwire.core.io.BoundedInputStream;
import org.mailwire.store.Mailbox;
import org.mailwire.store.StoreException;

/**
 * Opens the stored octets of one message, as often as the engine needs them: once to parse the
 * MIME structure, then once per body section served or searched. The caller closes each stream.
 *
 * <p>{@link #open(long, long)} reads only a byte range; its default skips, and
 * {@link #of(Mailbox, long)} uses the store's own range read so a partial FETCH of a large
 * message touches only the octets it sends (RFC 9051 §6.4.5).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 */
@FunctionalInterface
public interface ContentOpener {

    /**
     * Opens the whole message.
     *
     * @return the message's octets; the caller closes it
     * @throws IOException if the content cannot be read (a {@link ContentUnavailableException}
     *     carries a store error)
     */
    InputStream open() throws IOException;

    /**
     * Opens a byte range of the message; a range past the end is cut short.
     *
     * @param offset the first octet, from 0
     * @param length the most octets to read
     * @return the range's octets; the caller closes it
     * @throws IOException if the content cannot be read
     */
    default InputStream open(long offset, long length) throws IOException {
        InputStream in = open();
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            in.close();
            return InputStream.nullInputStream();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new BoundedInputStream(in, length);
    }

    /**
     * Returns an opener over a message of a store mailbox; store errors become
     * {@link ContentUnavailableException}s that keep the store's exception as cause, so a
     * caller can answer {@code NO [EXPUNGEISSUED]} for a message expunged meanwhile.
     *
     * @param mailbox the mailbox
     * @param uid     the message's UID
     * @return the opener
     */
    static ContentOpener of(Mailbox mailbox, long uid) {
        Objects.requireNonNull(mailbox, "mailbox");
        return new ContentOpener() {
            @Override
            public InputStream open() throws IOException {
                try {
                    return mailbox.openContent(uid);
                } catch (StoreException e) {
                    throw new ContentUnavailableException(e);
                }
            }

            @Override
            public InputStream open(long offset, long length) throws IOException {
                try {
                    return mailbox.openContent(uid, offset, length);
                } catch (StoreException e) {
                    throw new ContentUnavailableException(e);
                }
            }
        };
    }

    /** The store could not give a message's content; the cause is the store's exception. */
    final class ContentUnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        /**
         * Wraps a store error.
         *
         * @param cause the store's exception
         */
        public ContentUnavailableException(StoreException cause) {
            super(cause.getMessage(), cause);
        }

        /**
         * Returns the store's exception.
         *
         * @return the cause
         */
        public StoreException storeException() {
            return (StoreException) getCause();
        }
    }
}
