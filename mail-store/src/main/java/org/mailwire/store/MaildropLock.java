// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * Exclusive access to a user's maildrop for one POP3 session, from authentication to QUIT;
 * closing it releases the maildrop (idempotent).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-8">RFC 1939 §8, exclusive-access lock</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-8.1.1">RFC 2449 §8.1.1, [IN-USE]</a>
 */
public interface MaildropLock extends AutoCloseable {

    /**
     * Returns the user whose maildrop this locks.
     *
     * @return the user name, as the store spells it
     */
    String user();

    /** Releases the lock. */
    @Override
    void close();
}
