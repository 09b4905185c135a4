// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * A user's quota limits and what is used of them, as GETQUOTAROOT reports (RFC 9208 §4.2;
 * IMAP sends STORAGE in units of 1024 octets, rounding up).
 *
 * @param storage  octets used by all messages of the user
 * @param messages number of messages of the user
 * @param limits   the limits
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9208#section-4.2">RFC 9208 §4.2, GETQUOTAROOT</a>
 */
public record QuotaUsage(long storage, long messages, Quota limits) {
}
