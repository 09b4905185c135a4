// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.util.Objects;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * Completes a handler's stage exceptionally with the reply the client must get, for example a
 * message refused at DATA with {@code 554 5.7.1}. Carries no stack trace: it is a reply value.
 */
public final class SmtpRejectionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The reply for the client. */
    private final transient SmtpReply reply;

    /**
     * Creates the exception.
     *
     * @param reply a transient or permanent negative reply
     * @throws IllegalArgumentException if the reply is positive
     */
    public SmtpRejectionException(SmtpReply reply) {
        super(Objects.requireNonNull(reply, "reply").toString(), null, false, false);
        if (reply.isPositive()) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx reply");
        }
        this.reply = reply;
    }

    /**
     * Returns the reply for the client.
     *
     * @return the reply
     */
    public SmtpReply reply() {
        return reply;
    }
}
