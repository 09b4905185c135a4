// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.List;
import java.util.OptionalLong;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.SequenceSet;

/**
 * Receives the mailbox changes the server reports, whichever command (or IDLE) they came with:
 * the untagged EXISTS, EXPUNGE, VANISHED, FETCH FLAGS and BYE responses (RFC 9051 §7.3-§7.4,
 * RFC 7162 §3.2.10). Called on the connection's event loop: return quickly, never block. Every
 * method does nothing by default.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7">RFC 9051 §7</a>
 */
public interface MailboxListener {

    /**
     * The mailbox now holds this many messages ({@code * n EXISTS}).
     *
     * @param count the number of messages
     */
    default void exists(long count) {
    }

    /**
     * A message was expunged ({@code * n EXPUNGE}); later sequence numbers shift down.
     *
     * @param sequenceNumber its sequence number
     */
    default void expunged(long sequenceNumber) {
    }

    /**
     * Messages were expunged, by UID ({@code * VANISHED}, QRESYNC).
     *
     * @param uids    the UIDs
     * @param earlier {@code true} for {@code VANISHED (EARLIER)}, a report of the past
     */
    default void vanished(SequenceSet uids, boolean earlier) {
    }

    /**
     * A message's flags changed ({@code * n FETCH (FLAGS ...)}).
     *
     * @param sequenceNumber its sequence number
     * @param uid            its UID, if the response carried one
     * @param flags          its flags now
     */
    default void flagsChanged(long sequenceNumber, OptionalLong uid, List<Flag> flags) {
    }

    /**
     * The server is closing the connection ({@code * BYE}).
     *
     * @param status the response
     */
    default void bye(ImapResponse.Status status) {
    }

    /**
     * Any untagged response, the ones above included, for callers that want them all.
     *
     * @param response the response
     */
    default void untagged(ImapResponse response) {
    }
}
