// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.List;
import java.util.Optional;

/**
 * What IMAP FETCH ENVELOPE reports of a message's header (RFC 9051 §7.5.2), taken from the first
 * field of each name.
 *
 * <p>Strings are unfolded but not RFC 2047 decoded, as IMAP sends them; {@link #decodedSubject()}
 * decodes. Following RFC 9051 §7.5.2, {@code sender} and {@code replyTo} are {@code from} when
 * their fields are missing (or hold no address).
 *
 * @param date      the {@code Date} value as written
 * @param subject   the {@code Subject} value
 * @param from      the {@code From} addresses
 * @param sender    the {@code Sender} addresses, else {@code from}
 * @param replyTo   the {@code Reply-To} addresses, else {@code from}
 * @param to        the {@code To} addresses
 * @param cc        the {@code Cc} addresses
 * @param bcc       the {@code Bcc} addresses
 * @param inReplyTo the {@code In-Reply-To} value
 * @param messageId the {@code Message-ID} value
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2</a>
 */
public record Envelope(Optional<String> date, Optional<String> subject, List<Address> from, List<Address> sender,
        List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc, Optional<String> inReplyTo,
        Optional<String> messageId) {

    /** Copies the lists and applies IMAP's defaults for sender and reply-to. */
    public Envelope {
        from = List.copyOf(from);
        sender = sender.isEmpty() ? from : List.copyOf(sender);
        replyTo = replyTo.isEmpty() ? from : List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /**
     * Returns the subject with RFC 2047 encoded words decoded.
     *
     * @return the decoded subject, if any
     */
    public Optional<String> decodedSubject() {
        return subject.map(EncodedWords::decode);
    }

    /**
     * Parses the {@code Date} value (RFC 5322 §3.3).
     *
     * @return the date, if present and readable
     */
    public Optional<MessageDate> parsedDate() {
        return date.flatMap(MessageDate::parse);
    }
}
