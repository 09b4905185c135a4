// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.util.List;
import java.util.Objects;
import org.mailwire.core.sasl.SaslServerExchange;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * What a {@link SmtpServerSession} asks of, or tells, the application. Each type's
 * documentation says what the application MUST do next; until it does, the session returns
 * {@code AwaitApplication} and reads nothing.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public sealed interface SmtpEvent {

    /**
     * Tells whether the session waits for an answer to this event.
     *
     * @return {@code true} for questions, {@code false} for notifications
     */
    default boolean needsAnswer() {
        return true;
    }

    /**
     * A MAIL command. The application MUST call {@link SmtpServerSession#answer(SmtpReply)}: a
     * positive reply opens the transaction.
     *
     * @param context the client
     * @param sender the reverse-path
     * @param parameters its ESMTP parameters
     */
    record MailFrom(SmtpContext context, ReversePath sender, MailParameters parameters) implements SmtpEvent {
        /**
         * Checks the parts are present.
         *
         * @param context see the record description
         * @param sender see the record description
         * @param parameters see the record description
         */
        public MailFrom {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * A RCPT command within the recipient limit. The application MUST call
     * {@link SmtpServerSession#answer(SmtpReply)}: a positive reply adds the recipient. This is
     * where the relay decision is made (RFC 5321 §7.9).
     *
     * @param context the client
     * @param sender the transaction's reverse-path
     * @param recipient the forward-path
     * @param parameters its ESMTP parameters
     */
    record RcptTo(SmtpContext context, ReversePath sender, ForwardPath recipient, RcptParameters parameters)
            implements SmtpEvent {
        /**
         * Checks the parts are present.
         *
         * @param context see the record description
         * @param sender see the record description
         * @param recipient see the record description
         * @param parameters see the record description
         */
        public RcptTo {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * DATA or the first BDAT of a message. The application MUST call either
     * {@link SmtpServerSession#acceptMessage(org.mailwire.core.codec.ContentSink)} with the sink
     * that receives the content, or {@link SmtpServerSession#answer(SmtpReply)} with a
     * rejection.
     *
     * @param context the client
     * @param sender the reverse-path
     * @param parameters the MAIL parameters
     * @param recipients the accepted recipients, in order
     * @param recipientParameters each accepted recipient's RCPT parameters (NOTIFY, ORCPT), in the
     *     same order
     */
    record MessageStart(SmtpContext context, ReversePath sender, MailParameters parameters, List<ForwardPath> recipients,
            List<RcptParameters> recipientParameters) implements SmtpEvent {
        /**
         * Checks the parts and copies the lists.
         *
         * @param context see the record description
         * @param sender see the record description
         * @param parameters see the record description
         * @param recipients see the record description
         * @param recipientParameters see the record description
         */
        public MessageStart {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(parameters, "parameters");
            recipients = List.copyOf(recipients);
            recipientParameters = List.copyOf(recipientParameters);
            if (recipients.size() != recipientParameters.size()) {
                throw new IllegalArgumentException("one parameter set per recipient");
            }
        }
    }

    /**
     * The whole message went to the sink. The application MUST call
     * {@link SmtpServerSession#answer(SmtpReply)} once the message is durably stored ({@code 250}),
     * or with the failure ({@code 451 4.3.0}, {@code 452 4.3.1}, {@code 552 5.2.2}). SECURITY-CASES G1.
     * In LMTP it may instead call {@link SmtpServerSession#answerEach(List)} with one reply per
     * recipient of {@link SmtpServerSession#recipients()} (RFC 2033 §4.2).
     */
    record MessageEnd() implements SmtpEvent {
    }

    /**
     * The message given to the sink will never be completed (too large, invalid, connection
     * lost): the application discards it. A notification; no answer.
     *
     * @param reason the reply the client gets, or got, for it
     */
    record MessageAborted(SmtpReply reason) implements SmtpEvent {
        /**
         * Checks the reason is present.
         *
         * @param reason see the record description
         */
        public MessageAborted {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean needsAnswer() {
            return false;
        }
    }

    /**
     * The client has made more errors than {@link SmtpSessionSettings#softErrorLimit()}: the
     * session holds the reply to its latest error, and reads nothing, until the application calls
     * {@link SmtpServerSession#resume()} after its error sleep (Postfix's
     * {@code smtpd_error_sleep_time}, 1 second). A tarpit for clients that probe commands or guess
     * recipients (SECURITY-CASES SMTP-12, SEC-06); the session has no clock, so the sleep is the
     * application's.
     *
     * @param errors the errors counted so far in this session
     */
    record ErrorPause(int errors) implements SmtpEvent {
    }

    /**
     * A client message of a SASL exchange. The application MUST evaluate it with
     * {@link SaslServerExchange#evaluateResponse(byte[])} and give the outcome to
     * {@link SmtpServerSession#answerAuthentication(org.mailwire.core.sasl.SaslServerStep)}.
     *
     * @param exchange the exchange of this attempt (a fresh one per AUTH command, CVE-2011-1720)
     * @param response the decoded client message
     */
    record AuthenticationStep(SaslServerExchange exchange, byte[] response) implements SmtpEvent {
        /**
         * Checks the parts are present.
         *
         * @param exchange see the record description
         * @param response see the record description
         */
        public AuthenticationStep {
            Objects.requireNonNull(exchange, "exchange");
            Objects.requireNonNull(response, "response");
        }

        @Override
        public String toString() {
            // Never print credentials.
            return "AuthenticationStep[" + exchange.mechanism() + ", " + response.length + " octets]";
        }
    }
}
