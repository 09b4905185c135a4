// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * No user has this name.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, response codes</a>
 */
public final class UserNotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which user, for logs
     */
    public UserNotFoundException(String message) {
        super(message);
    }
}
