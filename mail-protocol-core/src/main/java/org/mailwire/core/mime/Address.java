// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

/**
 * One entry of an address list: a single mailbox or a named group of mailboxes
 * (RFC 5322 §3.4).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-3.4">RFC 5322 §3.4</a>
 */
public sealed interface Address permits Mailbox, Group {
}
