// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.server.MessageReceiver;
import org.mailwire.smtp.server.SmtpEnvelope;
import org.mailwire.smtp.server.SmtpHandler;
import org.mailwire.smtp.server.SmtpPeer;

/**
 * A server-side handler that records every message byte for byte; recipients whose local part
 * starts with {@code unknown} get {@code 550 5.1.1}, with {@code later} {@code 450 4.2.1}. With
 * {@code countOnly} it keeps only the size, for large messages.
 */
final class RecordingHandler implements SmtpHandler {

    /** One message as the server received it. */
    record Received(SmtpEnvelope envelope, byte[] content, long size, long crc) {
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    private final boolean countOnly;

    RecordingHandler() {
        this(false);
    }

    RecordingHandler(boolean countOnly) {
        this.countOnly = countOnly;
    }

    @Override
    public CompletionStage<SmtpReply> recipient(SmtpPeer peer, ReversePath sender, ForwardPath recipient,
                                                RcptParameters parameters) {
        if (recipient instanceof Mailbox m && m.localPart().startsWith("unknown")) {
            return CompletableFuture.completedFuture(SmtpReply.USER_UNKNOWN);
        }
        if (recipient instanceof Mailbox m && m.localPart().startsWith("later")) {
            return CompletableFuture.completedFuture(SmtpReply.of(450, "4.2.1", "Mailbox busy, try later"));
        }
        return CompletableFuture.completedFuture(SmtpReply.RECIPIENT_OK);
    }

    @Override
    public CompletionStage<MessageReceiver> message(SmtpPeer peer, SmtpEnvelope envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] size = new long[1];
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        return CompletableFuture.completedFuture(new MessageReceiver() {
            @Override
            public void accept(ByteBuffer chunk) {
                size[0] += chunk.remaining();
                if (countOnly) {
                    crc.update(chunk);
                    return;
                }
                byte[] copy = new byte[chunk.remaining()];
                chunk.get(copy);
                out.writeBytes(copy);
            }

            @Override
            public CompletionStage<SmtpReply> complete() {
                messages.add(new Received(envelope, out.toByteArray(), size[0], crc.getValue()));
                return CompletableFuture.completedFuture(SmtpReply.of(250, "2.0.0", "Ok: queued as Q" + messages.size()));
            }
        });
    }
}
