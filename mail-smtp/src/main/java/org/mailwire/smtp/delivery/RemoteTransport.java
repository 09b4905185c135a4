// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.store.MessageSource;

/**
 * How the delivery engine hands one SMTP transaction to one mail exchanger. The engine decides
 * where (MX order, addresses, fall-through); the transport speaks SMTP. The default
 * implementation uses mailwire's SMTP client; tests and users may plug in another.
 */
public interface RemoteTransport {

    /**
     * One attempt: connect to the exchanger, send the message to the recipients, report.
     *
     * @param target     the exchanger's name (for TLS and the bounce text) and address
     * @param sender     the reverse-path
     * @param parameters the MAIL parameters to pass on (BODY, SMTPUTF8, RET, ENVID)
     * @param recipients the recipients of one domain, with their DSN parameters
     * @param content    the message
     * @return the outcome; a connection that could not be made or broke completes with
     *         {@link Outcome.Failed}, never exceptionally
     */
    CompletionStage<Outcome> deliver(Target target, ReversePath sender, MailParameters parameters,
            List<QueuedRecipient> recipients, MessageSource content);

    /**
     * A mail exchanger to connect to.
     *
     * @param hostName the exchanger's name, as the MX record gives it
     * @param address  where to connect
     */
    record Target(String hostName, InetSocketAddress address) {
        /**
         * Checks the values.
         *
         * @param hostName see the record description
         * @param address  see the record description
         */
        public Target {
            Objects.requireNonNull(hostName, "hostName");
            Objects.requireNonNull(address, "address");
        }

        /**
         * Names the exchanger as bounces do: {@code mx.example.org [192.0.2.1]}.
         *
         * @return the description
         */
        public String describe() {
            return hostName + " [" + address.getAddress().getHostAddress() + "]";
        }
    }

    /** What one attempt at one exchanger came to. */
    sealed interface Outcome {

        /**
         * The transaction ran: each recipient has its reply, 2xx for those delivered. A reply
         * to the message itself (end of DATA) that was not 2xx is the reply of every recipient
         * that RCPT accepted.
         *
         * @param replies     a reply per recipient, by address
         * @param dsnPassedOn whether the next hop announced DSN, so that it, not we, sends any
         *                    later notification (RFC 3461 §5.2.2: otherwise we report "relayed")
         */
        record Completed(Map<Mailbox, RecipientReply> replies, boolean dsnPassedOn) implements Outcome {
            /**
             * Copies the map.
             *
             * @param replies     see the record description
             * @param dsnPassedOn see the record description
             */
            public Completed {
                replies = Map.copyOf(replies);
            }

            /**
             * A transaction with a next hop that does not take DSN duties.
             *
             * @param replies a reply per recipient, by address
             */
            public Completed(Map<Mailbox, RecipientReply> replies) {
                this(replies, false);
            }
        }

        /**
         * The reply that decided one recipient and what it answered.
         *
         * @param reply the reply
         * @param stage the command it answered, as bounces name it: {@code RCPT TO},
         *              {@code end of DATA}
         */
        record RecipientReply(SmtpReply reply, String stage) {
            /**
             * Checks the values.
             *
             * @param reply see the record description
             * @param stage see the record description
             */
            public RecipientReply {
                Objects.requireNonNull(reply, "reply");
                Objects.requireNonNull(stage, "stage");
            }
        }

        /**
         * The whole transaction failed before any recipient got its own answer: no connection,
         * TLS required but not offered, a greeting or MAIL refused, a timeout. Transient failures
         * make the engine try the next exchanger.
         *
         * @param diagnosis why
         */
        record Failed(DeliveryDiagnosis diagnosis) implements Outcome {
            /**
             * Checks the value.
             *
             * @param diagnosis see the record description
             */
            public Failed {
                Objects.requireNonNull(diagnosis, "diagnosis");
            }
        }
    }
}
