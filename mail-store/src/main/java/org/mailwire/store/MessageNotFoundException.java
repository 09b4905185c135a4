// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * No message has this UID in the mailbox (it was never there or was expunged; IMAP `NO [EXPUNGEISSUED]` or `[NONEXISTENT]`).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, response codes</a>
 */
public final class MessageNotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which message, for logs
     */
    public MessageNotFoundException(String message) {
        super(message);
    }
}
