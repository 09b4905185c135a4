// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * A mailbox with the name asked for already exists (IMAP `NO [ALREADYEXISTS]`, RFC 5530 §3).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, response codes</a>
 */
public final class MailboxExistsException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which mailbox, for logs
     */
    public MailboxExistsException(String message) {
        super(message);
    }
}
