// SPDX-License-Identifier: Apache-2.0
/**
 * IMAP values shared by both directions of the codec: tags, atoms, flags, mailbox names in
 * their two wire forms, sequence sets and UIDs, FETCH items with body sections and partials,
 * search keys, STORE actions, and the ENVELOPE and BODYSTRUCTURE trees of FETCH responses
 * (RFC 9051, RFC 3501).
 *
 * <p>Rules of this package:
 * <ol>
 *   <li>Values cannot be constructed invalid: a constructor or {@code of} throws
 *       {@link java.lang.IllegalArgumentException} on text the grammar refuses, so every value
 *       that exists can be written.</li>
 *   <li>Peer input goes through the {@code decode}/{@code from...}/{@code parse} methods, which
 *       return {@link java.util.Optional} (or a typed result) and never throw on any input.</li>
 *   <li>Nothing is expanded in proportion to what the peer asked for: a sequence set of
 *       {@code 1:4294967295} is one range (net-imap CVE-2025-25186).</li>
 *   <li>No I/O, no static mutable state; the character classes are one immutable table.</li>
 * </ol>
 */
package org.mailwire.imap.types;
