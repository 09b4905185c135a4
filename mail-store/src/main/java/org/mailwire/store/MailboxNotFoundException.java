// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * No mailbox has this name (IMAP `NO [NONEXISTENT]`, RFC 5530 §3); also thrown when a mailbox handle is used after its mailbox was deleted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, response codes</a>
 */
public final class MailboxNotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which mailbox, for logs
     */
    public MailboxNotFoundException(String message) {
        super(message);
    }
}
