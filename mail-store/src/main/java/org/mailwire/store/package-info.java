// SPDX-License-Identifier: Apache-2.0
/**
 * The mailbox model shared by SMTP delivery, POP3 and IMAP: users, mailboxes, messages with
 * UIDs, flags and mod-sequences, quotas, change events and the POP3 maildrop lock.
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>The API is blocking. Protocol servers call it off their event loops (through
 *       {@code Connection.offload}); nothing here touches a socket.</li>
 *   <li>Every implementation is thread-safe: many sessions may work on one mailbox at once.</li>
 *   <li>An operation that returns normally has happened; for the durable store it is on disk
 *       (SECURITY-CASES G1). An I/O failure is a {@link org.mailwire.store.StorageException},
 *       never a success.</li>
 *   <li>UIDs are strictly ascending and never reused within a UIDVALIDITY (RFC 9051
 *       §2.3.1.1); every change takes a new MODSEQ (RFC 7162 §3.1).</li>
 *   <li>Listeners are called with no store lock held, in the order the changes happened.</li>
 * </ol>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.1.1">RFC 9051 §2.3.1.1</a>
 */
package org.mailwire.store;
