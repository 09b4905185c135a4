// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.Objects;
import org.mailwire.core.protocol.RemoteProtocolException;

/**
 * The peer broke the SMTP protocol; carries the reply it should get (DESIGN "Errors"). The
 * decoders return their errors as values; this exception is for a session that prefers to
 * unwind, built from {@link SmtpCommandDecoder.Invalid#toException()}.
 */
public final class SmtpProtocolException extends RemoteProtocolException {

    private static final long serialVersionUID = 1L;

    /** The reply to send; replies are immutable values. */
    private final transient SmtpReply reply;

    /**
     * Creates the exception.
     *
     * @param reply the reply the peer gets; its text is the hint
     */
    public SmtpProtocolException(SmtpReply reply) {
        super(Objects.requireNonNull(reply, "reply").text());
        this.reply = reply;
    }

    /**
     * Returns the reply the peer should get.
     *
     * @return the reply
     */
    public SmtpReply reply() {
        return reply;
    }
}
