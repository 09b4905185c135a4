// SPDX-License-Identifier: Apache-2.0
/**
 * The durable store: messages as Maildir files, state in small index files, every
 * acknowledged change fsynced.
 *
 * <p>Layout under the data directory:
 * <pre>
 * lock                                  held (flock) while a process has the store open
 * users/&lt;user&gt;/user.properties          credentials, quota, mailbox names and ids, subscriptions
 * users/&lt;user&gt;/mailboxes/&lt;id&gt;/index     snapshot: UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, uid → file, flags, modseq
 * users/&lt;user&gt;/mailboxes/&lt;id&gt;/index.log changes since the snapshot, one checked line per record
 * users/&lt;user&gt;/mailboxes/&lt;id&gt;/tmp/     content being written
 * users/&lt;user&gt;/mailboxes/&lt;id&gt;/new/     delivered by someone else; moved to cur/ on open
 * users/&lt;user&gt;/mailboxes/&lt;id&gt;/cur/     messages, "base:2,FLAGS" (D F R S T)
 * </pre>
 * Each mailbox directory is a plain Maildir that mutt or Dovecot can read. Directories are named
 * by id, not by mailbox name, so a rename (with all inferiors) is one atomic rewrite of
 * {@code user.properties}.
 *
 * <p>Durability rules (SECURITY-CASES G1, FLT-01..FLT-06):
 * <ol>
 *   <li>Content is written to {@code tmp/} and fsynced, renamed into {@code cur/}, and
 *       {@code cur/} is fsynced, before the index names it; the change is then appended to the
 *       index journal, which is forced to disk ({@code fdatasync}). Only then is the append
 *       acknowledged. The journal's format and compaction are described with the index
 *       format.</li>
 *   <li>Every other state file (the index snapshot, a new journal, the user file) is written
 *       to a temporary file, fsynced, renamed over the old one, and its directory fsynced;
 *       only the journal is ever written in place, and only by appending.</li>
 *   <li>A failing write or {@code force()} is a {@code StorageException}; the temporary file is
 *       removed, and fsync is never retried and then trusted (PostgreSQL "fsyncgate").</li>
 *   <li>On open, recovery replays the journal onto the snapshot up to its first torn or
 *       damaged record, empties {@code tmp/}, moves {@code new/} to {@code cur/}, drops index
 *       entries whose file is gone, and gives files missing from the index fresh UIDs from
 *       UIDNEXT, which never goes back.</li>
 * </ol>
 */
package org.mailwire.store.maildir;
