// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * durable (SECURITY-CASES G1); a message larger than {@link SpoolSettings#inMemoryThreshold()}
 * waits in a temporary file rather than in the heap, deleted whatever the outcome, and a full
 * disk while spooling is {@code 452 4.3.1} (FLT-04); over quota is {@code 552 5.2.2}, any other storage failure
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
    private final SpoolSettings spool;
    private final SpoolOpener opener;
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis());

    /**
     * Creates the handler.
     *
     * @param store the store to deliver to
     * @param hostName this server's name for the {@code by} clause
     * @param blocking runs store calls (appends fsync)
     */
    public MailStoreHandler(MailStore store, String hostName, Executor blocking) {
        this(store, hostName, blocking, SpoolSettings.defaults());
    }

    /**
     * Creates the handler with its spool settings.
     *
     * @param store the store to deliver to
     * @param hostName this server's name for the {@code by} clause
     * @param blocking runs store calls (appends fsync)
     * @param spool where large messages wait while they arrive
     */
    public MailStoreHandler(MailStore store, String hostName, Executor blocking, SpoolSettings spool) {
        this(store, hostName, blocking, spool, file -> FileChannel.open(file, StandardOpenOption.WRITE));
    }

    MailStoreHandler(MailStore store, String hostName, Executor blocking, SpoolSettings spool, SpoolOpener opener) {
        this.store = Objects.requireNonNull(store, "store");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.spool = Objects.requireNonNull(spool, "spool");
        this.opener = Objects.requireNonNull(opener, "opener");
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
        return storageReply(failure);
    }

    /** A failure to store or spool: {@code 452 4.3.1} for a full disk, else {@code 451 4.3.0}. */
    static SmtpReply storageReply(Throwable failure) {
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
        return ReceivedField.of(peer, envelope, hostName, Long.toHexString(ids.incrementAndGet()));
    }

    /** Opens the channel a spool file is written through; a seam for tests that fill the disk. */
    @FunctionalInterface
    interface SpoolOpener {
        WritableByteChannel open(Path file) throws IOException;
    }

    /**
     * Collects one message, the {@code Received:} field first: in memory up to the spool
     * threshold, then in a temporary file; appends it for each recipient and deletes the file in
     * every case (delivered, refused, failed, aborted).
     *
     * <p>Spool writes run on the event loop, as {@link MessageReceiver#accept} is called there:
     * they go to the page cache (the store's append, off the loop, is what makes the message
     * durable), and handing them to another thread would need back-pressure that the session's
     * sink cannot give, so memory would no longer be bounded.
     */
    private final class Receiver implements MessageReceiver {
        private final SmtpEnvelope envelope;
        private byte[] content;
        private int length;
        private Path file;
        private WritableByteChannel channel;
        private IOException failure;

        Receiver(SmtpPeer peer, SmtpEnvelope envelope) {
            this.envelope = envelope;
            byte[] trace = received(peer, envelope).getBytes(StandardCharsets.US_ASCII);
            this.content = Arrays.copyOf(trace, Math.max(trace.length, Math.min(8192, spool.inMemoryThreshold())));
            this.length = trace.length;
        }

        @Override
        public void accept(ByteBuffer chunk) {
            int n = chunk.remaining();
            if (failure != null) {
                // The disk failed: keep reading (the session does) and answer at the end.
                chunk.position(chunk.limit());
                return;
            }
            if (channel == null && (long) length + n <= spool.inMemoryThreshold()) {
                if (length + n > content.length) {
                    content = Arrays.copyOf(content, (int) Math.min(spool.inMemoryThreshold(),
                            Math.max(2L * content.length, (long) length + n)));
                }
                chunk.get(content, length, n);
                length += n;
                return;
            }
            try {
                if (channel == null) {
                    file = Files.createTempFile(spool.directory(), "mailwire-smtp-", ".msg");
                    channel = opener.open(file);
                    writeFully(ByteBuffer.wrap(content, 0, length));
                    content = null;
                }
                writeFully(chunk);
            } catch (IOException e) {
                // SECURITY-CASES FLT-04: a full disk is answered 452 4.3.1 at the end of data.
                failure = e;
                chunk.position(chunk.limit());
                release();
            }
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public CompletionStage<SmtpReply> complete() {
            return completeEach(envelope.recipients()).thenApply(MailStoreHandler::summary);
        }

        @Override
        public CompletionStage<List<SmtpReply>> completeEach(List<ForwardPath> recipients) {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "spooling a message failed", failure);
                return CompletableFuture.completedFuture(Collections.nCopies(recipients.size(), storageReply(failure)));
            }
            byte[] inMemory = content == null ? null : Arrays.copyOf(content, length);
            content = null;
            return CompletableFuture.supplyAsync(() -> {
                try {
                    MessageSource source;
                    if (inMemory != null) {
                        source = MessageSource.of(inMemory);
                    } else {
                        channel.close();
                        source = MessageSource.of(file);
                    }
                    return deliver(source, recipients);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "spooling a message failed", e);
                    return Collections.nCopies(recipients.size(), storageReply(e));
                } finally {
                    release();
                }
            }, blocking);
        }

        @Override
        public void abort() {
            content = null;
            release();
        }

        /** Closes and deletes the spool file, if any. */
        private void release() {
            WritableByteChannel open = channel;
            Path spooled = file;
            channel = null;
            file = null;
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a spool file failed", e);
                }
            }
            if (spooled != null) {
                try {
                    Files.deleteIfExists(spooled);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "deleting a spool file failed", e);
                }
            }
        }

        /** Appends the message for each distinct recipient; one reply per recipient, in order. */
        private List<SmtpReply> deliver(MessageSource message, List<ForwardPath> recipients) {
            java.util.Map<ForwardPath, SmtpReply> results = new java.util.HashMap<>();
            List<SmtpReply> replies = new ArrayList<>(recipients.size());
            for (ForwardPath recipient : recipients) {
                // RFC 2033 §4.2: a recipient given twice gets two replies, but one copy.
                replies.add(results.computeIfAbsent(recipient, r -> deliverTo(r, message)));
            }
            return replies;
        }

        private SmtpReply deliverTo(ForwardPath recipient, MessageSource message) {
            try {
                UserMailboxes user = user(recipient).orElseThrow(() -> new UserNotFoundException("gone"));
                user.open(UserMailboxes.INBOX).append(message, Flags.none(), java.time.Instant.now());
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
