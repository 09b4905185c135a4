// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * Where an appended message landed: the data of the {@code APPENDUID} response code.
 *
 * @param uidValidity the UIDVALIDITY of the mailbox
 * @param uid         the UID given to the message
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4315#section-3">RFC 4315 §3, APPENDUID</a>
 */
public record AppendResult(long uidValidity, long uid) {
}
