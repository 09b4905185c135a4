// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;

/**
 * One recipient of a queued message and how far its delivery has come.
 *
 * @param address    the forward-path
 * @param parameters the DSN parameters it came with (NOTIFY, ORCPT; RFC 3461 §4), passed on
 *                   to the next hop
 * @param state      pending, delivered or failed
 * @param last       the outcome of the last failed attempt, if any: the reason a bounce gives
 */
public record QueuedRecipient(Mailbox address, RcptParameters parameters, State state, Optional<DeliveryDiagnosis> last) {

    /** Where a recipient's delivery stands. */
    public enum State {
        /** Not yet delivered; tried again on the retry schedule. */
        PENDING,
        /** Accepted by the next hop or stored locally; final. */
        DELIVERED,
        /** Failed permanently or ran out of retries; bounced (or not, for a null sender); final. */
        FAILED;

        /**
         * Tells whether nothing more happens to the recipient.
         *
         * @return {@code true} for delivered and failed
         */
        public boolean isFinal() {
            return this != PENDING;
        }
    }

    /**
     * Checks the values.
     *
     * @param address    see the record description
     * @param parameters see the record description
     * @param state      see the record description
     * @param last       see the record description
     */
    public QueuedRecipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(last, "last");
        if (state == State.FAILED && last.isEmpty()) {
            throw new IllegalArgumentException("a failed recipient has a diagnosis");
        }
    }

    /**
     * Returns a new, pending recipient.
     *
     * @param address    the forward-path
     * @param parameters its DSN parameters
     * @return the recipient
     */
    public static QueuedRecipient pending(Mailbox address, RcptParameters parameters) {
        return new QueuedRecipient(address, parameters, State.PENDING, Optional.empty());
    }

    /**
     * Returns the domain, lower case, by which recipients are grouped into one transaction.
     *
     * @return the domain
     */
    public String domain() {
        return address.domain().toLowerCase(java.util.Locale.ROOT);
    }

    QueuedRecipient delivered() {
        return new QueuedRecipient(address, parameters, State.DELIVERED, Optional.empty());
    }

    QueuedRecipient failedWith(DeliveryDiagnosis diagnosis) {
        return new QueuedRecipient(address, parameters, diagnosis.permanent() ? State.FAILED : State.PENDING,
                Optional.of(diagnosis));
    }

    QueuedRecipient expired() {
        DeliveryDiagnosis reason = last.orElse(DeliveryDiagnosis.local(new org.mailwire.smtp.codec.EnhancedStatus(4, 4, 7),
                "Delivery time expired", "retry"));
        return new QueuedRecipient(address, parameters, State.FAILED, Optional.of(reason.expired()));
    }
}
