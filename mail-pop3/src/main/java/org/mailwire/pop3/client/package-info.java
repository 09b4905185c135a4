// SPDX-License-Identifier: Apache-2.0
/**
 * The POP3 client: {@link org.mailwire.pop3.client.Pop3ClientSession}, a sans-IO session that
 * writes queued commands and reports responses and body chunks as
 * {@link org.mailwire.pop3.client.Pop3ClientEvent}s.
 *
 * <p>Rules of this package:
 * <ol>
 *   <li>Rule 1: the session does no I/O; futures and sockets belong in a wrapper over it.</li>
 *   <li>Rule 2: bodies are streamed in chunks, dot-unstuffed; a message is never held whole.</li>
 *   <li>Rule 3: nothing received in plaintext before TLS is read after STLS (RFC 2595 §4).</li>
 * </ol>
 *
 * <pre>
 *   connect --greeting--&gt; ready --send(cmd)--&gt; waiting for status line
 *                           ^                      | +OK on a multi-line command
 *                           |                      v
 *                           +------ "." ------ reading body (Body events)
 *   STLS +OK: drop buffered input, UpgradeTls;  QUIT answered: Close
 * </pre>
 */
package org.mailwire.pop3.client;
