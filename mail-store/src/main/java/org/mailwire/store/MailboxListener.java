// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * Receives the changes of one mailbox, in the order they happened. Called with no store lock
 * held, on the thread of a session that made a change; it must return quickly and should hand
 * work to its own connection's loop. An exception it throws is logged and otherwise ignored.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2177#section-3">RFC 2177 §3, IDLE</a>
 */
@FunctionalInterface
public interface MailboxListener {

    /**
     * Handles one change.
     *
     * @param event the change
     */
    void onEvent(MailboxEvent event);
}
