// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * The counters of a mailbox, as STATUS and SELECT report them.
 *
 * @param messages      MESSAGES: the number of messages
 * @param uidNext       UIDNEXT: a lower bound for the next UID assigned (RFC 9051 §2.3.1.1)
 * @param uidValidity   UIDVALIDITY: non-zero, a new value whenever UIDs could be reused
 * @param unseen        UNSEEN: messages without {@code \Seen}
 * @param size          SIZE: the sum of message sizes in octets (RFC 8438)
 * @param highestModSeq HIGHESTMODSEQ: the highest mod-sequence of any change (RFC 7162 §3.1.1)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.11">RFC 9051 §6.3.11, STATUS</a>
 */
public record MailboxStatus(long messages, long uidNext, long uidValidity, long unseen, long size,
                            long highestModSeq) {
}
