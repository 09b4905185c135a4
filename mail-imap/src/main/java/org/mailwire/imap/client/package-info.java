// SPDX-License-Identifier: Apache-2.0
/**
 * The IMAP client: {@link org.mailwire.imap.client.ImapClient} (asynchronous, pipelined, over
 * the NIO transport) and {@link org.mailwire.imap.client.ImapBlockingClient}, both driving the
 * sans-IO {@link org.mailwire.imap.protocol.ImapClientSession}.
 *
 * <p>Rules of this layer: futures and listeners live here and nowhere below; every protocol
 * decision (what to write, when, what a response means) is the session's; TLS is required before
 * any credential unless the caller says otherwise (RFC 8314); a misbehaving server ends in a typed
 * exception, never a hang (SECURITY-CASES TLS-03..05, IMAP-05, IMAP-14).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051">RFC 9051</a>
 */
package org.mailwire.imap.client;
