// SPDX-License-Identifier: Apache-2.0
/**
 * The embeddable POP3 server: {@link org.mailwire.pop3.server.Pop3Server} runs
 * {@link org.mailwire.pop3.protocol.Pop3ServerSession}s on the NIO transport over a
 * {@link org.mailwire.store.MailStore}.
 *
 * <p>Rules of this package:
 * <ol>
 *   <li>The event loop never blocks: store calls run through {@code Connection.offload}, and
 *       password checks (PBKDF2) on the server's authentication threads; answers reach the
 *       session through {@code Connection.execute}.</li>
 *   <li>Failed logins are answered late, with a delay per remote address and per user name that doubles up to a
 *       cap, and the same text whatever failed (SECURITY-CASES SEC-05).</li>
 *   <li>The maildrop lock is released when the connection ends, however it ends.</li>
 * </ol>
 */
package org.mailwire.pop3.server;
