// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.util.concurrent.CompletionStage;
import org.mailwire.core.codec.ContentSink;

/**
 * Receives one message's content as it streams in (unstuffed, size-checked) and stores it.
 * Chunks arrive on the connection's event loop: {@link #accept(java.nio.ByteBuffer)} must copy
 * and must not block.
 *
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
    CompletionStage<org.mailwire.smtp.codec.SmtpReply> complete();

    /**
     * Called instead of {@link #complete()} when the message will never end (too large, bad line
     * endings, connection lost): release what was kept. The default does nothing.
     */
    default void abort() {
    }
}
