// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.codec.ContentSink;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * Receives one message's content as it streams in (unstuffed, size-checked) and stores it.
 * Chunks arrive on the connection's event loop: {@link #accept(java.nio.ByteBuffer)} must copy
 * and must not block.
 *
 * <p>An SMTP server asks for one reply for the whole message ({@link #complete()}); an LMTP server
 * asks for one per recipient ({@link #completeEach(List)}), whose default gives every recipient
 * the reply of {@link #complete()}, so a receiver written for SMTP works unchanged in LMTP.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2033#section-4.2">RFC 2033 §4.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.4">RFC 5321 §4.1.1.4</a>
 */
public interface MessageReceiver extends ContentSink {

    /**
     * Called once the whole message has arrived. The stage completes with the reply for the end of
     * data: {@code 250} only once the message is durably stored (SECURITY-CASES G1), else a
     * {@code 4xx} or {@code 5xx}; a stage that fails gets {@code 451 4.3.0}.
     *
     * @return the reply
     */
    CompletionStage<SmtpReply> complete();

    /**
     * LMTP: called instead of {@link #complete()} once the whole message has arrived. The stage
     * completes with one reply per recipient, in the order given (the envelope's), each saying
     * whether the message is durably stored for that recipient ({@code 250 2.1.5}) or not
     * ({@code 552 5.2.2} over quota, {@code 451 4.3.0}...). A stage that fails, or a list of the
     * wrong length, gets {@code 451 4.3.0} for every recipient.
     *
     * @param recipients the envelope's recipients, in RCPT order (duplicates included)
     * @return the replies, one per recipient
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2033#section-4.2">RFC 2033 §4.2</a>
     */
    default CompletionStage<List<SmtpReply>> completeEach(List<ForwardPath> recipients) {
        int count = recipients.size();
        return complete().thenApply(reply -> Collections.nCopies(count, reply));
    }

    /**
     * Called instead of {@link #complete()} when the message will never end (too large, bad line
     * endings, connection lost): release what was kept. The default does nothing.
     */
    default void abort() {
    }
}
