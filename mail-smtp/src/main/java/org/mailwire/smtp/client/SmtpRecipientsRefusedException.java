// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.List;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * The server refused every recipient of a transaction, so no content was sent (the client sent
 * RSET, RFC 5321 §3.3). Each recipient's own reply is in {@link #recipients()}: a queue bounces
 * the permanent ones and defers the transient ones. {@link #reply()} is the first transient
 * refusal if any, else the first refusal, so {@link #isPermanent()} holds only when every
 * refusal is permanent.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public final class SmtpRecipientsRefusedException extends SmtpReplyException {

    private static final long serialVersionUID = 1L;

    private final transient List<SmtpTransactionResult.RecipientResult> recipients;

    /**
     * Creates the exception.
     *
     * @param recipients every recipient with its negative reply, at least one
     */
    public SmtpRecipientsRefusedException(List<SmtpTransactionResult.RecipientResult> recipients) {
        super("server refused every recipient: " + representative(recipients).code() + " "
                + representative(recipients).text(), representative(recipients));
        this.recipients = List.copyOf(recipients);
    }

    private static SmtpReply representative(List<SmtpTransactionResult.RecipientResult> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        for (SmtpTransactionResult.RecipientResult r : recipients) {
            if (r.reply().isTransient()) {
                return r.reply();
            }
        }
        return recipients.get(0).reply();
    }

    /**
     * Returns every recipient with its reply.
     *
     * @return the recipients, in the order given
     */
    public List<SmtpTransactionResult.RecipientResult> recipients() {
        return recipients;
    }
}
