// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.List;

/**
 * A change to a mailbox, told to its listeners after it happened: what IMAP IDLE and other
 * sessions with the mailbox selected turn into untagged EXISTS, EXPUNGE/VANISHED and FETCH.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.4">RFC 9051 §7.4, message status updates</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-3.2.10">RFC 7162 §3.2.10, VANISHED</a>
 */
public sealed interface MailboxEvent permits MailboxEvent.MessagesAdded, MailboxEvent.MessagesExpunged,
        MailboxEvent.FlagsChanged {

    /**
     * New messages arrived (append, delivery, copy or move into the mailbox).
     *
     * @param messages the new messages, ascending by UID
     */
    record MessagesAdded(List<MessageInfo> messages) implements MailboxEvent {
        /**
         * Copies the list.
         *
         * @param messages see the record description
         */
        public MessagesAdded {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Messages were removed.
     *
     * @param uids   the UIDs removed, ascending
     * @param modSeq the mod-sequence of the removal
     */
    record MessagesExpunged(List<Long> uids, long modSeq) implements MailboxEvent {
        /**
         * Copies the list.
         *
         * @param uids   see the record description
         * @param modSeq see the record description
         */
        public MessagesExpunged {
            uids = List.copyOf(uids);
        }
    }

    /**
     * Flags of messages changed.
     *
     * @param messages the messages as they are now, each with the mod-sequence of the change
     */
    record FlagsChanged(List<MessageInfo> messages) implements MailboxEvent {
        /**
         * Copies the list.
         *
         * @param messages see the record description
         */
        public FlagsChanged {
            messages = List.copyOf(messages);
        }
    }
}
