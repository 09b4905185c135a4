// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

/**
 * The states of a POP3 session; the diagram is in this package's documentation.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3, basic operation</a>
 */
public enum Pop3State {
    /** Before login: USER/PASS, APOP, AUTH, CAPA, STLS, UTF8, QUIT (RFC 1939 §4). */
    AUTHORIZATION,
    /** Logged in with the maildrop locked: STAT, LIST, RETR, DELE, ... (RFC 1939 §5). */
    TRANSACTION,
    /** After QUIT in TRANSACTION: the deletions are applied, then the session ends (RFC 1939 §6). */
    UPDATE
}
