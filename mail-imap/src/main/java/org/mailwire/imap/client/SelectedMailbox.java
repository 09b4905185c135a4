// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;

/**
 * What SELECT or EXAMINE reported about the mailbox it opened (RFC 9051 §6.3.2, RFC 7162 §3.1).
 *
 * @param name          the mailbox
 * @param exists        the number of messages
 * @param uidValidity   the UIDVALIDITY, 0 if the server sent none
 * @param uidNext       the predicted next UID, if sent
 * @param highestModSeq the HIGHESTMODSEQ with CONDSTORE, if sent
 * @param flags         the flags defined in the mailbox
 * @param readOnly      {@code true} after EXAMINE or a {@code [READ-ONLY]} SELECT
 * @param result        the whole answer (QRESYNC's VANISHED and FETCH responses are in it)
 */
public record SelectedMailbox(MailboxName name, long exists, long uidValidity, OptionalLong uidNext,
        OptionalLong highestModSeq, List<Flag> flags, boolean readOnly, ImapResult result) {

    /**
     * Checks presence and copies.
     *
     * @param name          see the record description
     * @param exists        see the record description
     * @param uidValidity   see the record description
     * @param uidNext       see the record description
     * @param highestModSeq see the record description
     * @param flags         see the record description
     * @param readOnly      see the record description
     * @param result        see the record description
     */
    public SelectedMailbox {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uidNext, "uidNext");
        Objects.requireNonNull(highestModSeq, "highestModSeq");
        flags = List.copyOf(flags);
        Objects.requireNonNull(result, "result");
    }

    /** Reads the answer of a SELECT or EXAMINE. */
    static SelectedMailbox of(MailboxName name, ImapResult result) {
        long exists = 0;
        long validity = 0;
        OptionalLong next = OptionalLong.empty();
        OptionalLong modSeq = OptionalLong.empty();
        List<Flag> flags = List.of();
        for (ImapResponse r : result.untagged()) {
            if (r instanceof ImapResponse.Exists e) {
                exists = e.count();
            } else if (r instanceof ImapResponse.Flags f) {
                flags = f.flags();
            } else if (r instanceof ImapResponse.Status s && s.code().isPresent()) {
                ResponseCode c = s.code().get();
                if (c.is("UIDVALIDITY")) {
                    validity = c.number().orElse(0);
                } else if (c.is("UIDNEXT")) {
                    next = c.number();
                } else if (c.is("HIGHESTMODSEQ")) {
                    modSeq = c.number();
                } else if (c.is("NOMODSEQ")) {
                    modSeq = OptionalLong.empty();
                }
            }
        }
        boolean readOnly = result.status().code().map(c -> c.is("READ-ONLY")).orElse(false);
        return new SelectedMailbox(name, exists, validity, next, modSeq, flags, readOnly, result);
    }
}
