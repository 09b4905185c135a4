// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ENVELOPE of a message as FETCH returns it: the Date, Subject, From, Sender, Reply-To,
 * To, Cc, Bcc, In-Reply-To and Message-ID header fields, raw. An empty address list stands for
 * NIL.
 *
 * @param date      the Date field, if present
 * @param subject   the Subject field, if present
 * @param from      From
 * @param sender    Sender
 * @param replyTo   Reply-To
 * @param to        To
 * @param cc        Cc
 * @param bcc       Bcc
 * @param inReplyTo the In-Reply-To field, if present
 * @param messageId the Message-ID field, if present
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2 (ENVELOPE)</a>
 */
public record Envelope(Optional<String> date, Optional<String> subject, List<Address> from, List<Address> sender,
        List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc, Optional<String> inReplyTo,
        Optional<String> messageId) {

    /**
     * Checks presence and copies.
     *
     * @param date      the date
     * @param subject   the subject
     * @param from      From
     * @param sender    Sender
     * @param replyTo   Reply-To
     * @param to        To
     * @param cc        Cc
     * @param bcc       Bcc
     * @param inReplyTo In-Reply-To
     * @param messageId Message-ID
     */
    public Envelope {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(subject, "subject");
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        Objects.requireNonNull(messageId, "messageId");
    }
}
