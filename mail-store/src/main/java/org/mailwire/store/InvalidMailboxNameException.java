// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * A mailbox name is malformed, or the operation is not allowed on it (INBOX cannot be deleted, a mailbox cannot be renamed into itself; IMAP `NO [CANNOT]`, RFC 5530 §3).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, response codes</a>
 */
public final class InvalidMailboxNameException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which mailbox, for logs
     */
    public InvalidMailboxNameException(String message) {
        super(message);
    }
}
