// SPDX-License-Identifier: Apache-2.0
/**
 * The store's engine, not exported: the mailbox model with its locking, UID and mod-sequence
 * rules, quota accounting and events ({@link org.mailwire.store.internal.CoreStore}), over a
 * {@link org.mailwire.store.internal.Backend} that keeps content and state in memory or on disk.
 *
 * <p>Rules: (1) one lock per user guards all of that user's state; content is staged (read,
 * written, fsynced) before the lock is taken, so a slow client or disk does not stall other
 * sessions longer than the commit. (2) UIDNEXT and HIGHESTMODSEQ only grow, even when an
 * operation fails and is rolled back, so a UID handed to a backend is never handed out again.
 * (3) Events are queued under the lock, in commit order, and delivered after it is released.
 */
package org.mailwire.store.internal;
