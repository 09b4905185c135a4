// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * The base of every checked error the store reports; the subclasses are the cases a protocol
 * maps to a distinct reply, so a {@code switch} over them is exhaustive.
 */
public abstract sealed class StoreException extends Exception
        permits StorageException, QuotaExceededException, MailboxNotFoundException,
        MailboxExistsException, InvalidMailboxNameException, UserNotFoundException,
        UserExistsException, MessageNotFoundException {

    private static final long serialVersionUID = 1L;

    StoreException(String message) {
        super(message);
    }

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
