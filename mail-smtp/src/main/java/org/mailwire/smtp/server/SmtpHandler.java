// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * The application's side of an SMTP server: it accepts or refuses the sender, each recipient and
 * the message, asynchronously. Every method runs on the connection's event loop and must not
 * block; blocking work goes to an executor and the stage completes later. The server hands the
 * answers to the session in order, so pipelined commands are answered in order (RFC 2920 §3).
 *
 * <p>The relay decision of {@link SmtpPolicy} runs before {@link #recipient}: a handler only sees
 * recipients the policy lets through. Replies are values: return the {@code SmtpReply} (or fail
 * the stage with {@link SmtpRejectionException}); any other failure becomes {@code 451 4.3.0}, and
 * nothing of it reaches the wire.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public interface SmtpHandler {

    /**
     * Accepts or refuses the reverse-path of MAIL. The default accepts ({@code 250 2.1.0}).
     *
     * @param peer the client
     * @param sender the reverse-path
     * @param parameters its parameters
     * @return the reply; positive accepts
     */
    default CompletionStage<SmtpReply> sender(SmtpPeer peer, ReversePath sender, MailParameters parameters) {
        return CompletableFuture.completedFuture(SmtpReply.SENDER_OK);
    }

    /**
     * Accepts or refuses one recipient ({@code 550 5.1.1} for an unknown user, {@code 451 4.4.3}
     * for a failed lookup, {@code 552 5.2.2} for a full mailbox). The default accepts.
     *
     * @param peer the client
     * @param sender the transaction's reverse-path
     * @param recipient the forward-path
     * @param parameters its parameters
     * @return the reply; positive accepts
     */
    default CompletionStage<SmtpReply> recipient(SmtpPeer peer, ReversePath sender, ForwardPath recipient,
            RcptParameters parameters) {
        return CompletableFuture.completedFuture(SmtpReply.RECIPIENT_OK);
    }

    /**
     * Opens the receiver of a message at DATA or the first BDAT; fail the stage with
     * {@link SmtpRejectionException} to refuse the message before any content.
     *
     * @param peer the client
     * @param envelope the transaction's envelope
     * @return the receiver of the content
     */
    CompletionStage<MessageReceiver> message(SmtpPeer peer, SmtpEnvelope envelope);
}
