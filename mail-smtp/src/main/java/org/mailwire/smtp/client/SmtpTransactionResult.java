// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.List;
import java.util.Objects;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * The outcome of a transaction the server accepted: its reply to MAIL, each recipient's reply
 * (some may have been refused, RFC 5321 §3.3: the message went to the others), and the final
 * reply to the content (end of DATA or BDAT LAST), whose text usually carries the server's queue
 * id.
 *
 * @param mail       the reply to MAIL
 * @param recipients every recipient with its reply, in the order given
 * @param data       the final positive reply to the content
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public record SmtpTransactionResult(SmtpReply mail, List<RecipientResult> recipients, SmtpReply data) {

    /**
     * One recipient and the server's reply to its RCPT.
     *
     * @param recipient the forward-path
     * @param reply     the reply: 2yz accepted, 4yz refused for now, 5yz refused for good
     */
    public record RecipientResult(ForwardPath recipient, SmtpReply reply) {
        /**
         * Checks for null.
         *
         * @param recipient see the record description
         * @param reply     see the record description
         */
        public RecipientResult {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(reply, "reply");
        }

        /**
         * Tells whether the server accepted the recipient (2yz).
         *
         * @return {@code true} if accepted
         */
        public boolean accepted() {
            return reply.code() / 100 == 2;
        }
    }

    /**
     * Checks for null.
     *
     * @param mail       see the record description
     * @param recipients see the record description
     * @param data       see the record description
     */
    public SmtpTransactionResult {
        Objects.requireNonNull(mail, "mail");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(data, "data");
    }

    /**
     * Returns the recipients the message was delivered to.
     *
     * @return the accepted recipients
     */
    public List<RecipientResult> accepted() {
        return recipients.stream().filter(RecipientResult::accepted).toList();
    }

    /**
     * Returns the recipients the server refused; the message did not go to them.
     *
     * @return the refused recipients, with their replies
     */
    public List<RecipientResult> refused() {
        return recipients.stream().filter(r -> !r.accepted()).toList();
    }
}
