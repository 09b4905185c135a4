// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

/**
 * The states of an IMAP connection as the server sees it (RFC 9051 §3); the transitions are
 * drawn in this package's documentation and all happen in {@link ImapServerSession}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-3">RFC 9051 §3</a>
 */
public enum ImapState {
    /** Before LOGIN or AUTHENTICATE succeeded (RFC 9051 §3.1). */
    NOT_AUTHENTICATED,
    /** Logged in, no mailbox selected (RFC 9051 §3.2). */
    AUTHENTICATED,
    /** A mailbox is selected (RFC 9051 §3.3). */
    SELECTED,
    /** LOGOUT, a timeout, shutdown or too many errors: the connection closes (RFC 9051 §3.4). */
    LOGOUT
}
