// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * A listener's subscription to a mailbox's changes; closing it stops delivery (idempotent).
 */
public interface ListenerRegistration extends AutoCloseable {

    /** Removes the listener; events under way may still arrive once. */
    @Override
    void close();
}
