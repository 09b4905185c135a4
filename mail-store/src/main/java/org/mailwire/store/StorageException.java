// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * The storage failed (I/O error, disk full, a failing {@code fsync}): the operation did not
 * happen and was not acknowledged. SMTP answers {@code 451 4.3.0} or {@code 452 4.3.1}, IMAP
 * {@code NO [SERVERBUG]}, POP3 {@code -ERR [SYS/TEMP]}; never a success reply.
 *
 * <p>The message is meant for logs, not for the wire: it may name files.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2.2">RFC 5321 §4.2.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3463#section-3.4">RFC 3463 §3.4, X.3.1</a>
 */
public final class StorageException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error with its cause.
     *
     * @param message what failed, for logs
     * @param cause   the underlying I/O error
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the error without a cause.
     *
     * @param message what failed, for logs
     */
    public StorageException(String message) {
        super(message);
    }
}
