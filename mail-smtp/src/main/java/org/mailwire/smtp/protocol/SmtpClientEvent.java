// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.util.Objects;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * What a {@link SmtpClientSession} tells the application: the server's replies, matched in order
 * to the commands they answer (RFC 2920 §3), and the two questions the session cannot answer
 * itself (a SASL challenge, the next piece of message content). Each type says what the
 * application MUST do next.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2">RFC 5321 §4.2</a>
 */
public sealed interface SmtpClientEvent {

    /**
     * The server's opening reply (RFC 5321 §4.3.1): {@code 220} to go on, {@code 554} or
     * {@code 421} to give up. No answer is needed.
     *
     * @param reply the greeting
     */
    record Greeting(SmtpReply reply) implements SmtpClientEvent {
        /**
         * Checks for null.
         *
         * @param reply see the record description
         */
        public Greeting {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * The reply to a command, in the order the commands were sent. No answer is needed; after a
     * {@code 354} to DATA the session asks for content with {@link ContentRequest}, after a
     * {@code 220} to STARTTLS it upgrades to TLS, after the reply to QUIT it closes.
     *
     * @param command the command answered
     * @param reply   the reply
     */
    record Reply(SmtpCommand command, SmtpReply reply) implements SmtpClientEvent {
        /**
         * Checks for null.
         *
         * @param command see the record description
         * @param reply   see the record description
         */
        public Reply {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * The reply to the end of DATA content ({@code <CRLF>.<CRLF>}, RFC 5321 §4.1.1.4): the
     * server's verdict on the message. No answer is needed.
     *
     * @param reply the reply
     */
    record DataReply(SmtpReply reply) implements SmtpClientEvent {
        /**
         * Checks for null.
         *
         * @param reply see the record description
         */
        public DataReply {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * A {@code 334} challenge to AUTH (RFC 4954 §4). The application MUST call
     * {@link SmtpClientSession#sendSaslResponse(String)} with its answer, or {@code *} to cancel.
     *
     * @param base64 the challenge as sent, base64, possibly empty
     */
    record Challenge(String base64) implements SmtpClientEvent {
        /**
         * Checks for null.
         *
         * @param base64 see the record description
         */
        public Challenge {
            Objects.requireNonNull(base64, "base64");
        }
    }

    /**
     * The session wants the next piece of message content (after {@code 354}, or in BDAT mode).
     * The application MUST answer with {@link SmtpClientSession#content(java.nio.ByteBuffer)},
     * {@link SmtpClientSession#contentEnd()} or {@link SmtpClientSession#contentFailed()}; the
     * session reads nothing until then, which is how content streams under back-pressure.
     */
    record ContentRequest() implements SmtpClientEvent {
    }

    /**
     * The server broke the protocol (a malformed reply, a reply to no command, end of stream with
     * commands unanswered); the session closes next. No answer is possible.
     *
     * @param hint what went wrong, for logs and exceptions
     */
    record ProtocolError(String hint) implements SmtpClientEvent {
        /**
         * Checks for null.
         *
         * @param hint see the record description
         */
        public ProtocolError {
            Objects.requireNonNull(hint, "hint");
        }
    }
}
