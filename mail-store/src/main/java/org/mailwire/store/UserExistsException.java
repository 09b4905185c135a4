// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * A user with this name (compared case-insensitively) already exists.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, response codes</a>
 */
public final class UserExistsException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which user, for logs
     */
    public UserExistsException(String message) {
        super(message);
    }
}
