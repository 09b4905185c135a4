// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MessageSource;
import org.mailwire.store.QuotaExceededException;
import org.mailwire.store.StoreException;
import org.mailwire.store.UserMailboxes;
import org.mailwire.store.UserNotFoundException;

/**
 * The default handler: delivers each message to the INBOX of its local recipients in a
 * {@link MailStore}, with the {@code Received:} trace field of RFC 5321 §4.4 prepended.
 *
 * <p>A recipient is a store user named {@code local@domain} (the domain also tried in lower
 * case) or, failing that, {@code local}; anyone else gets {@code 550 5.1.1}. The end of data is
 * answered {@code 250} only after every append returned, i.e. after the store made the message
 * durable (SECURITY-CASES G1); over quota is {@code 552 5.2.2}, any other storage failure
 * {@code 451 4.3.0}. Store calls run on the given executor, never on the event loop.
 *
 * <p>In LMTP each recipient gets its own result ({@code 250 2.1.5}, or its own failure); in SMTP
 * the one reply is the failure if any recipient failed, a transient failure first, so the client
 * retries rather than bounces.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.4">RFC 5321 §4.4</a>
 */
public final class MailStoreHandler implements SmtpHandler {

    private static final System.Logger LOG = System.getLogger(MailStoreHandler.class.getName());
    private static final SmtpReply QUOTA_EXCEEDED = SmtpReply.of(552, "5.2.2", "Mailbox full");
    private static final SmtpReply DELIVERED = SmtpReply.of(250, "2.0.0", "Message accepted for delivery");
    private static final SmtpReply DELIVERED_TO_RECIPIENT = SmtpReply.of(250, "2.1.5", "Delivered");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final MailStore store;
    private final String hostName;
    private final Executor blocking;
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis());

    /**
     * Creates the handler.
     *
     * @param store the store to deliver to
     * @param hostName this server's name for the {@code by} clause
     * @param blocking runs store calls (appends fsync)
     */
    public MailStoreHandler(MailStore store, String hostName, Executor blocking) {
        this.store = Objects.requireNonNull(store, "store");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public CompletionStage<SmtpReply> recipient(SmtpPeer peer, ReversePath sender, ForwardPath recipient,
            RcptParameters parameters) {
        return CompletableFuture.supplyAsync(() -> user(recipient).isPresent() ? SmtpReply.RECIPIENT_OK : SmtpReply.USER_UNKNOWN,
                blocking);
    }

    @Override
    public CompletionStage<MessageReceiver> message(SmtpPeer peer, SmtpEnvelope envelope) {
        return CompletableFuture.completedFuture(new Receiver(peer, envelope));
    }

    /**
     * Maps a store failure to its reply: a full disk is {@code 452 4.3.1} (SECURITY-CASES
     * FLT-04), any other storage error {@code 451 4.3.0} (FLT-06), over quota {@code 552 5.2.2}.
     * Nothing of the exception reaches the wire.
     */
    static SmtpReply replyFor(StoreException failure) {
        if (failure instanceof QuotaExceededException) {
            return QUOTA_EXCEEDED;
        }
        if (failure instanceof UserNotFoundException) {
            return SmtpReply.USER_UNKNOWN;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            // The JDK reports ENOSPC with the C library's text; there is no portable error code.
            if (message != null && message.contains("No space left on device")) {
                return SmtpReply.INSUFFICIENT_STORAGE;
            }
        }
        return SmtpReply.LOCAL_ERROR;
    }

    /**
     * The one SMTP reply for per-recipient results: success only if all succeeded; else a
     * transient failure if any (the client retries, and G1 forbids claiming success), else the
     * first permanent one.
     */
    static SmtpReply summary(List<SmtpReply> replies) {
        SmtpReply failure = null;
        for (SmtpReply reply : replies) {
            if (reply.isTransient()) {
                return reply;
            }
            if (!reply.isPositive() && failure == null) {
                failure = reply;
            }
        }
        return failure == null ? DELIVERED : failure;
    }

    /** Finds the store user of a forward-path. */
    private Optional<UserMailboxes> user(ForwardPath path) {
        List<String> names = new ArrayList<>();
        if (path instanceof Mailbox mailbox) {
            names.add(mailbox.localPart() + "@" + mailbox.domain());
            names.add(mailbox.localPart() + "@" + mailbox.domain().toLowerCase(Locale.ROOT));
            names.add(mailbox.localPart());
        } else {
            // RFC 5321 §4.5.1: <Postmaster> must be deliverable; it needs a "postmaster" user.
            names.add("postmaster");
        }
        for (String name : names) {
            try {
                return Optional.of(store.mailboxes(name));
            } catch (UserNotFoundException e) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    private String received(SmtpPeer peer, SmtpEnvelope envelope) {
        // RFC 5321 §4.4: From-domain with TCP-info, By-domain, With, ID, For (one recipient), date.
        String ip = peer.remoteAddress().getAddress().getHostAddress();
        String literal = ip.indexOf(':') >= 0 ? "[IPv6:" + ip + "]" : "[" + ip + "]";
        StringBuilder field = new StringBuilder("Received: from ")
                .append(peer.context().heloName().orElse("unknown"))
                .append(" (").append(literal).append(")\r\n\tby ").append(hostName)
                .append(" with ").append(peer.context().protocolName())
                .append(" id ").append(Long.toHexString(ids.incrementAndGet()));
        if (envelope.recipients().size() == 1) {
            field.append("\r\n\tfor ").append(envelope.recipients().get(0).toPath());
        }
        field.append(";\r\n\t").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        return field.toString();
    }

    /** Collects one message in memory, then appends it for each recipient. */
    private final class Receiver implements MessageReceiver {
        private final SmtpPeer peer;
        private final SmtpEnvelope envelope;
        private byte[] content = new byte[8192];
        private int length;

        Receiver(SmtpPeer peer, SmtpEnvelope envelope) {
            this.peer = peer;
            this.envelope = envelope;
        }

        @Override
        public void accept(ByteBuffer chunk) {
            int n = chunk.remaining();
            if (length + n > content.length) {
                // The session stops calling once maxMessageSize is passed, so this is bounded.
                content = Arrays.copyOf(content, Math.max(content.length * 2, length + n));
            }
            chunk.get(content, length, n);
            length += n;
        }

        @Override
        public CompletionStage<SmtpReply> complete() {
            return completeEach(envelope.recipients()).thenApply(MailStoreHandler::summary);
        }

        @Override
        public CompletionStage<List<SmtpReply>> completeEach(List<ForwardPath> recipients) {
            byte[] trace = received(peer, envelope).getBytes(StandardCharsets.US_ASCII);
            byte[] message = new byte[trace.length + length];
            System.arraycopy(trace, 0, message, 0, trace.length);
            System.arraycopy(content, 0, message, trace.length, length);
            content = null;
            return CompletableFuture.supplyAsync(() -> deliver(message, recipients), blocking);
        }

        @Override
        public void abort() {
            content = null;
        }

        /** Appends the message for each distinct recipient; one reply per recipient, in order. */
        private List<SmtpReply> deliver(byte[] message, List<ForwardPath> recipients) {
            java.util.Map<ForwardPath, SmtpReply> results = new java.util.HashMap<>();
            List<SmtpReply> replies = new ArrayList<>(recipients.size());
            for (ForwardPath recipient : recipients) {
                // RFC 2033 §4.2: a recipient given twice gets two replies, but one copy.
                replies.add(results.computeIfAbsent(recipient, r -> deliverTo(r, message)));
            }
            return replies;
        }

        private SmtpReply deliverTo(ForwardPath recipient, byte[] message) {
            try {
                UserMailboxes user = user(recipient).orElseThrow(() -> new UserNotFoundException("gone"));
                user.open(UserMailboxes.INBOX).append(MessageSource.of(message), Flags.none(), java.time.Instant.now());
                return DELIVERED_TO_RECIPIENT;
            } catch (QuotaExceededException | UserNotFoundException e) {
                return replyFor(e);
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.WARNING, "delivery to the store failed", e);
                return replyFor(e);
            }
        }
    }
}
