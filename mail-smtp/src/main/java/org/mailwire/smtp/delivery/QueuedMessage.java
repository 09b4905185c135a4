// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.ReversePath;

/**
 * A message in the delivery queue: its envelope, its recipients' states and its retry state.
 * The content lives beside it in the queue directory, read through
 * {@link DeliveryQueue#openContent(String)}.
 *
 * @param id            the queue identifier: letters, digits, {@code -} and {@code .}
 * @param arrival       when the message was accepted
 * @param sender        the reverse-path; {@code <>} for bounces, which are never bounced
 * @param parameters    the MAIL parameters kept for the next hop (BODY, SMTPUTF8, RET, ENVID)
 * @param recipients    the recipients, in the order they were accepted
 * @param attempts      how many delivery attempts were made
 * @param nextAttempt   when the next attempt is due
 * @param delayNotified whether the sender was told of a delay already (RFC 3464 "delayed")
 */
public record QueuedMessage(String id, Instant arrival, ReversePath sender, MailParameters parameters,
        List<QueuedRecipient> recipients, int attempts, Instant nextAttempt, boolean delayNotified) {

    /**
     * Checks and copies the values.
     *
     * @param id            see the record description
     * @param arrival       see the record description
     * @param sender        see the record description
     * @param parameters    see the record description
     * @param recipients    see the record description
     * @param attempts      see the record description
     * @param nextAttempt   see the record description
     * @param delayNotified see the record description
     */
    public QueuedMessage {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("invalid queue id");
        }
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty() || attempts < 0) {
            throw new IllegalArgumentException("a queued message has recipients and a non-negative attempt count");
        }
    }

    /**
     * Tells whether an identifier is safe as a file name: 1 to 64 of letters, digits, {@code -}
     * and {@code .}, not starting with a dot.
     *
     * @param id the identifier
     * @return {@code true} if valid
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || id.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether every recipient has reached a final state.
     *
     * @return {@code true} if nothing is left to deliver
     */
    public boolean isDone() {
        return recipients.stream().allMatch(r -> r.state().isFinal());
    }

    /**
     * Returns the recipients still pending.
     *
     * @return the pending recipients, in order
     */
    public List<QueuedRecipient> pending() {
        List<QueuedRecipient> out = new ArrayList<>();
        for (QueuedRecipient r : recipients) {
            if (r.state() == QueuedRecipient.State.PENDING) {
                out.add(r);
            }
        }
        return out;
    }

    QueuedMessage withRecipients(List<QueuedRecipient> changed) {
        return new QueuedMessage(id, arrival, sender, parameters, changed, attempts, nextAttempt, delayNotified);
    }

    QueuedMessage afterAttempt(List<QueuedRecipient> changed, Instant next) {
        return new QueuedMessage(id, arrival, sender, parameters, changed, attempts + 1, next, delayNotified);
    }

    QueuedMessage withDelayNotified() {
        return new QueuedMessage(id, arrival, sender, parameters, recipients, attempts, nextAttempt, true);
    }
}
