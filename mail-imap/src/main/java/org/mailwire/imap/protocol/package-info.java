// SPDX-License-Identifier: Apache-2.0
/**
 * The IMAP4rev2 server session as a sans-IO state machine (RFC 9051 §3), driven by
 * {@code org.mailwire.imap.server.ImapServer} or by any code that pumps a
 * {@link org.mailwire.core.protocol.ProtocolSession}.
 *
 * <pre>
 *            connection opens: * OK [CAPABILITY ...] greeting
 *                      |
 *                      v
 *            +--------------------+   STARTTLS: buffered plaintext dropped, UpgradeTls
 *            | NOT_AUTHENTICATED  |---------------------------------+
 *            +--------------------+ &lt;-------------------------------+
 *                      | LOGIN / AUTHENTICATE accepted
 *                      v
 *            +--------------------+
 *            |   AUTHENTICATED    | &lt;-----------------------+
 *            +--------------------+                          |
 *                      | SELECT / EXAMINE ok                 | CLOSE, UNSELECT,
 *                      v                                     | failed SELECT
 *            +--------------------+                          |
 *            |     SELECTED       |--------------------------+
 *            +--------------------+ (SELECT again: stays, * OK [CLOSED] under QRESYNC)
 *                      |
 *    LOGOUT, * BYE (timeout, shutdown, too many errors, fatal framing error), EOF
 *                      v
 *            +--------------------+
 *            |      LOGOUT        | -&gt; Close
 *            +--------------------+
 * </pre>
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>No I/O, no clocks, no blocking: store work and credential checks are
 *       {@link org.mailwire.imap.protocol.ImapEvent}s answered on the session's thread.</li>
 *   <li>While an answer is pending the session reads nothing (pipelined commands keep their
 *       order; DESIGN "Rule 3").</li>
 *   <li>Changes made by other sessions reach the client only where RFC 9051 §7 allows:
 *       before a tagged completion, never an EXPUNGE after FETCH, STORE or SEARCH, at once in
 *       IDLE.</li>
 *   <li>Nothing internal reaches the wire: store failures become status codes.</li>
 * </ol>
 */
package org.mailwire.imap.protocol;
