// SPDX-License-Identifier: Apache-2.0
/**
 * The sans-IO POP3 server session: {@link org.mailwire.pop3.protocol.Pop3ServerSession} turns
 * received bytes into replies and {@link org.mailwire.pop3.protocol.Pop3Event}s, and does no I/O.
 *
 * <pre>
 *    connect (greeting +OK)
 *          |
 *          v                 STLS: +OK, drop buffered input, UpgradeTls
 *   +---------------+ &lt;------------------------------+
 *   | AUTHORIZATION |--------------------------------+
 *   +---------------+
 *     |  USER+PASS / APOP / AUTH accepted, maildrop locked
 *     |  (-ERR [IN-USE] and stay when another session holds it)
 *     v
 *   +---------------+   STAT LIST RETR TOP UIDL DELE RSET NOOP CAPA
 *   |  TRANSACTION  |----------------------------------+
 *   +---------------+ &lt;--------------------------------+
 *     |  QUIT                          | EOF, timeout, shutdown:
 *     v                                | close, nothing deleted
 *   +---------------+                  v
 *   |    UPDATE     |---- +OK ----&gt; closed   (QUIT in AUTHORIZATION: +OK, closed)
 *   +---------------+  deletions applied before the +OK
 * </pre>
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>Rule 1: the session never blocks. Every store or authenticator call is an
 *       {@link org.mailwire.pop3.protocol.Pop3Event} the application answers through the
 *       session's typed methods; meanwhile the session returns
 *       {@link org.mailwire.core.protocol.Step.AwaitApplication} and reads nothing, so pipelined
 *       commands keep their order.</li>
 *   <li>Rule 2: a message is never held whole. RETR and TOP pull the content one chunk at a time
 *       ({@code ReadContent}) and emit one dot-stuffed {@code Write} per chunk, so the
 *       transport's write watermark stops the pulling when the client does not read.</li>
 *   <li>Rule 3: only QUIT in TRANSACTION deletes (RFC 1939 §6); an end of stream, a timeout or
 *       a shutdown never emits {@code Commit}.</li>
 *   <li>Rule 4: nothing received before STLS is processed after it (RFC 2595 §4).</li>
 * </ol>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 */
package org.mailwire.pop3.protocol;
