// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * The server refused: its negative reply, exactly as received (code, enhanced status, every
 * line), for a bounce to quote (RFC 3464 §2.3.6 Diagnostic-Code) and for the retry decision.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2">RFC 5321 §4.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3463">RFC 3463</a>
 */
public sealed class SmtpReplyException extends SmtpClientException permits SmtpRecipientsRefusedException {

    private static final long serialVersionUID = 1L;

    /** The reply; not serialised, since {@link SmtpReply} is not {@code Serializable}. */
    private final transient SmtpReply reply;

    /**
     * Creates the exception.
     *
     * @param reply the server's reply
     */
    public SmtpReplyException(SmtpReply reply) {
        this("server replied " + Objects.requireNonNull(reply, "reply").code() + " " + reply.text(), reply);
    }

    /**
     * Creates the exception with a message of its own.
     *
     * @param message what was refused
     * @param reply   the server's reply
     */
    protected SmtpReplyException(String message, SmtpReply reply) {
        super(message, null);
        this.reply = Objects.requireNonNull(reply, "reply");
    }

    /**
     * Returns the reply.
     *
     * @return the reply as received
     */
    public SmtpReply reply() {
        return reply;
    }

    /**
     * Returns the reply code.
     *
     * @return the code, 200 to 599
     */
    public int code() {
        return reply.code();
    }

    /**
     * Returns the enhanced status code (RFC 3463), if the server sent one.
     *
     * @return the status
     */
    public Optional<EnhancedStatus> status() {
        return reply.status();
    }

    /**
     * Returns the reply's text lines.
     *
     * @return the lines, without code or status
     */
    public java.util.List<String> lines() {
        return reply.lines();
    }

    /**
     * Tells whether the reply is permanent (5yz).
     *
     * @return {@code true} for 5yz
     */
    @Override
    public boolean isPermanent() {
        return reply.isPermanent();
    }
}
