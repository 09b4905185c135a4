// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.server.MessageReceiver;
import org.mailwire.smtp.server.ReceivedField;
import org.mailwire.smtp.server.SmtpEnvelope;
import org.mailwire.smtp.server.SmtpHandler;
import org.mailwire.smtp.server.SmtpPeer;

/**
 * The SMTP handler of a full mail server: recipients in local domains must exist; a message
 * for a single local recipient is stored directly (so an over-quota mailbox is refused with
 * {@code 552 5.2.2} while the sender is still connected); every other message is written into
 * the durable queue, fsynced, and only then answered {@code 250} (RFC 5321 §6.1), to be
 * delivered, retried and bounced by {@link OutboundDelivery}.
 *
 * <p>Relay authorisation is the server's {@code SmtpPolicy}: by the time a remote recipient
 * reaches this handler the client is authenticated or trusted. Content is written to the
 * queue's spool file as it arrives, with the {@code Received:} field first (RFC 5321 §4.4).
 * Those writes happen on the event loop and reach only the page cache (as
 * {@code MailStoreHandler}'s spool: the session's sink has no back-pressure to hand them to
 * another thread); the fsync that makes the message durable runs on the blocking executor.
 */
public final class DeliveryHandler implements SmtpHandler {

    private static final SmtpReply LOOP = SmtpReply.of(554, "5.4.6", "Too many hops, mail loop suspected");
    private static final SmtpReply OVER_QUOTA = SmtpReply.of(552, "5.2.2", "Mailbox full: message size exceeds remaining quota");
    private static final SmtpReply USER_UNKNOWN = SmtpReply.USER_UNKNOWN;

    private final OutboundDelivery engine;
    private final String hostName;
    private final Executor blocking;
    private final int maxHops;

    /**
     * Creates the handler.
     *
     * @param engine   the delivery engine (its queue spools, its local delivery stores)
     * @param hostName this server's host name, for the trace field
     * @param blocking where file and store work runs
     * @param maxHops  the most {@code Received:} fields a message may carry in (loop check)
     */
    public DeliveryHandler(OutboundDelivery engine, String hostName, Executor blocking, int maxHops) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.maxHops = maxHops;
    }

    @Override
    public CompletionStage<SmtpReply> recipient(SmtpPeer peer, ReversePath sender, ForwardPath recipient,
            RcptParameters parameters) {
        if (recipient instanceof Mailbox box && engine.local().isLocal(box.domain())) {
            return CompletableFuture.supplyAsync(() -> engine.local().user(box).isPresent() ? SmtpReply.RECIPIENT_OK
                    : USER_UNKNOWN, blocking);
        }
        return CompletableFuture.completedFuture(SmtpReply.RECIPIENT_OK);
    }

    @Override
    public CompletionStage<MessageReceiver> message(SmtpPeer peer, SmtpEnvelope envelope) {
        return CompletableFuture.supplyAsync(() -> {
            String id = engine.queue().newId();
            try {
                DeliveryQueue.Spool spool = engine.queue().spool(id);
                spool.write(ByteBuffer.wrap(ReceivedField.of(peer, envelope, hostName, id).getBytes(StandardCharsets.UTF_8)));
                return new Receiver(id, spool, envelope);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, blocking);
    }

    private final class Receiver implements MessageReceiver {
        private final String id;
        private final DeliveryQueue.Spool spool;
        private final SmtpEnvelope envelope;
        private IOException failure;

        Receiver(String id, DeliveryQueue.Spool spool, SmtpEnvelope envelope) {
            this.id = id;
            this.spool = spool;
            this.envelope = envelope;
        }

        @Override
        public void accept(ByteBuffer chunk) {
            if (failure != null) {
                chunk.position(chunk.limit());
                return;
            }
            try {
                spool.write(chunk);
            } catch (IOException e) {
                failure = e;
                chunk.position(chunk.limit());
            }
        }

        @Override
        public CompletionStage<SmtpReply> complete() {
            return CompletableFuture.supplyAsync(this::finish, blocking);
        }

        @Override
        public void abort() {
            spool.discard();
        }

        private SmtpReply finish() {
            try {
                if (failure != null) {
                    throw failure;
                }
                if (TraceFields.countReceived(spool.head(DeliveryReport.MAX_HEADER_OCTETS)) > maxHops) {
                    spool.discard();
                    return LOOP;   // RFC 5321 §6.3
                }
                Map<Mailbox, RcptParameters> recipients = new LinkedHashMap<>();
                for (int i = 0; i < envelope.recipients().size(); i++) {
                    ForwardPath path = envelope.recipients().get(i);
                    Mailbox box = path instanceof Mailbox m ? m : new Mailbox("postmaster", hostName);
                    // RFC 3461 §4: NOTIFY and ORCPT travel with the recipient to the next hop.
                    recipients.put(box, envelope.recipientParameters().get(i));
                }
                if (recipients.size() == 1 && engine.local().isLocal(recipients.keySet().iterator().next().domain())
                        && !wantsSuccessNotice(recipients.values().iterator().next())) {
                    return deliverNow(recipients.keySet().iterator().next());
                }
                QueuedMessage message = engine.newMessage(id, envelope.sender(), envelope.parameters(), recipients);
                spool.commit(message);
                engine.accept(message);
                return SmtpReply.of(250, "2.0.0", "Queued as " + id);
            } catch (IOException e) {
                spool.discard();
                return e.getMessage() != null && e.getMessage().contains("No space left on device")
                        ? SmtpReply.INSUFFICIENT_STORAGE : SmtpReply.LOCAL_ERROR;
            }
        }

        /** A NOTIFY=SUCCESS recipient goes through the queue, which sends the notice. */
        private boolean wantsSuccessNotice(RcptParameters parameters) {
            return parameters.notifyOn().map(n -> n.contains(RcptParameters.Notify.SUCCESS)).orElse(false);
        }

        private SmtpReply deliverNow(Mailbox recipient) {
            try {
                Optional<DeliveryDiagnosis> failed = engine.local().deliver(recipient, spool.content());
                if (failed.isEmpty()) {
                    return SmtpReply.of(250, "2.0.0", "Delivered as " + id);
                }
                EnhancedStatus status = failed.get().status();
                if (status.equals(new EnhancedStatus(5, 2, 2))) {
                    return OVER_QUOTA;
                }
                return failed.get().permanent() ? USER_UNKNOWN : SmtpReply.LOCAL_ERROR;
            } finally {
                spool.discard();
            }
        }
    }
}
