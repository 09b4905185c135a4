// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

/**
 * One message as SEARCH, SORT and THREAD see it: its sequence number in the session, the
 * message, and the session's {@code \Recent} state (IMAP4rev1, RFC 3501 §2.3.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.4">RFC 9051 §6.4.4</a>
 */
public interface SearchSubject {

    /**
     * Returns the message's sequence number in the session.
     *
     * @return the sequence number, from 1
     */
    long sequenceNumber();

    /**
     * Returns the message.
     *
     * @return the view
     */
    MessageView view();

    /**
     * Tells whether the session holds the message as {@code \Recent}.
     *
     * @return whether recent
     */
    boolean isRecent();

    /**
     * Returns a subject.
     *
     * @param sequenceNumber the sequence number
     * @param view           the message
     * @param recent         whether recent
     * @return the subject
     */
    static SearchSubject of(long sequenceNumber, MessageView view, boolean recent) {
        return new Simple(sequenceNumber, view, recent);
    }

    /**
     * The plain subject.
     *
     * @param sequenceNumber the sequence number
     * @param view           the message
     * @param isRecent       whether recent
     */
    record Simple(long sequenceNumber, MessageView view, boolean isRecent) implements SearchSubject {
    }
}
