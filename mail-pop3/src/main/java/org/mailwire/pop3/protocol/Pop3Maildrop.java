// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a locked maildrop, taken at login: the messages get numbers 1 to n in this order
 * for the whole session (RFC 1939 §5).
 *
 * @param uidValidity the mailbox's UIDVALIDITY, which with each UID makes the unique-id
 * @param messages    the messages in ascending UID order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5</a>
 */
public record Pop3Maildrop(long uidValidity, List<Message> messages) {

    /**
     * Copies the list.
     *
     * @param uidValidity see the record description
     * @param messages    see the record description
     */
    public Pop3Maildrop {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    }

    /**
     * One message of the maildrop.
     *
     * @param uid  its UID in the store
     * @param size its size in octets, as LIST and STAT report it
     */
    public record Message(long uid, long size) {
        /**
         * Checks the values.
         *
         * @param uid  see the record description
         * @param size see the record description
         */
        public Message {
            if (uid < 1 || size < 0) {
                throw new IllegalArgumentException("uid < 1 or size < 0");
            }
        }
    }
}
