// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mailwire.dns.resolver.MailExchanger;
import org.mailwire.dns.resolver.MxResolver;
import org.mailwire.dns.resolver.MxResult;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.store.MessageSource;

/**
 * The outbound delivery engine: takes messages from the durable {@link DeliveryQueue} and
 * delivers each recipient, into the local store for local domains, otherwise to the domain's
 * mail exchangers found through DNS (RFC 5321 §5.1), retrying transient failures on a
 * {@link RetrySchedule} and returning a {@link DeliveryReport} to the sender for permanent ones.
 *
 * <p>Routing per attempt: pending recipients are grouped by domain, at most
 * {@code maxRecipientsPerTransaction} to one transaction. For a remote domain the exchangers are
 * tried in MX order and each exchanger's addresses in turn; a connection failure or a 4xx for the
 * whole transaction falls through to the next, a 5xx for the whole transaction fails its
 * recipients, and per-recipient replies decide each recipient. No MX (NXDOMAIN), a null MX
 * (RFC 7505) and no address are permanent; a DNS failure is transient.
 *
 * <p>Exactly once, as far as SMTP allows: a recipient is marked delivered (record rewritten and
 * fsynced) after the next hop's 2xx; a crash between that reply and the record write makes it
 * go out again, the window RFC 5321 §6.1 accepts. A report is queued under an id derived from
 * the original's and the attempt, so a report re-made after a crash replaces, not duplicates.
 * Reports have the null reverse-path and are never reported on (RFC 5321 §4.5.5); a message with
 * more than {@code maxHops} {@code Received:} fields is failed as a loop (RFC 5321 §6.3).
 *
 * <p>Threads: one scheduler thread and a small pool for blocking work (queue files, the store,
 * reading content); remote SMTP runs on the transport's event loops.
 */
public final class OutboundDelivery implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutboundDelivery.class.getName());
    private static final Duration RETRY_AFTER_QUEUE_ERROR = Duration.ofMinutes(1);

    private final DeliveryQueue queue;
    private final LocalDelivery local;
    private final Optional<MxResolver> mx;
    private final Optional<RemoteTransport.Target> smartHost;
    private final RemoteTransport transport;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final int remotePort;
    private final int maxHops;
    private final int maxRecipientsPerTransaction;
    private final DeliveryReport reports;
    private final DeliveryListener listener;
    private final ScheduledExecutorService timer;
    private final ExecutorService blocking;
    private final Map<String, QueuedMessage> messages = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private OutboundDelivery(Builder b) {
        this.queue = b.queue;
        this.local = b.local;
        this.mx = Optional.ofNullable(b.mx);
        this.smartHost = Optional.ofNullable(b.smartHost);
        this.transport = Objects.requireNonNull(b.transport, "transport");
        this.schedule = b.schedule;
        this.clock = b.clock;
        this.remotePort = b.remotePort;
        this.maxHops = b.maxHops;
        this.maxRecipientsPerTransaction = b.maxRecipientsPerTransaction;
        this.reports = new DeliveryReport(b.hostName, b.maxReturnedMessage, new SecureRandom());
        this.listener = b.listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mailwire-delivery-timer"));
        this.blocking = Executors.newFixedThreadPool(b.threads, r -> daemon(r, "mailwire-delivery"));
    }

    /**
     * Starts building an engine.
     *
     * @param queue the durable queue
     * @param local delivery for the local domains
     * @return the builder
     */
    public static Builder builder(DeliveryQueue queue, LocalDelivery local) {
        return new Builder(queue, local);
    }

    /**
     * Returns the queue this engine works on.
     *
     * @return the queue
     */
    public DeliveryQueue queue() {
        return queue;
    }

    /**
     * Returns the local delivery this engine uses.
     *
     * @return the local delivery
     */
    public LocalDelivery local() {
        return local;
    }

    /**
     * Queues a message durably and starts its delivery. When this returns the message survives
     * a crash and the caller may acknowledge it (SMTP 250). Blocks on the file system.
     *
     * @param sender     the reverse-path
     * @param parameters the MAIL parameters
     * @param recipients the recipients, each with its DSN parameters
     * @param content    the content, trace fields included
     * @return the queued message
     * @throws IOException if it could not be stored; nothing is queued then
     */
    public QueuedMessage submit(ReversePath sender, MailParameters parameters, Map<Mailbox, RcptParameters> recipients,
            MessageSource content) throws IOException {
        QueuedMessage message = newMessage(queue.newId(), sender, parameters, recipients);
        queue.enqueue(message, content);
        accept(message);
        return message;
    }

    /**
     * Makes a new queue entry for content written through {@link DeliveryQueue#spool(String)};
     * pass it to {@link DeliveryQueue.Spool#commit(QueuedMessage)} and then to
     * {@link #accept(QueuedMessage)}.
     *
     * @param id         the spool's id
     * @param sender     the reverse-path
     * @param parameters the MAIL parameters
     * @param recipients the recipients with their DSN parameters
     * @return the entry, due now
     */
    public QueuedMessage newMessage(String id, ReversePath sender, MailParameters parameters,
            Map<Mailbox, RcptParameters> recipients) {
        List<QueuedRecipient> list = new ArrayList<>();
        recipients.forEach((address, p) -> list.add(QueuedRecipient.pending(address, p)));
        Instant now = clock.instant();
        // Only what the next hop needs: SIZE is recomputed, AUTH is not passed on.
        MailParameters kept = MailParameters.NONE.withSmtpUtf8(parameters.smtpUtf8());
        if (parameters.body().isPresent()) {
            kept = kept.withBody(parameters.body().get());
        }
        if (parameters.ret().isPresent()) {
            kept = kept.withRet(parameters.ret().get());
        }
        if (parameters.envelopeId().isPresent()) {
            kept = kept.withEnvelopeId(parameters.envelopeId().get());
        }
        return new QueuedMessage(id, now, sender, kept, list, 0, now, false);
    }

    /**
     * Takes a message that is already durable in the queue into delivery, now.
     *
     * @param message the committed entry
     */
    public void accept(QueuedMessage message) {
        messages.put(message.id(), message);
        scheduleAt(message.id(), message.nextAttempt());
    }

    /**
     * Reads the queue (after a restart) and schedules every message at its due time.
     *
     * @return this engine
     * @throws IOException if the queue cannot be read
     */
    public OutboundDelivery start() throws IOException {
        for (QueuedMessage m : queue.recover()) {
            accept(m);
        }
        return this;
    }

    /**
     * Tries every queued message now, whatever its schedule (an administrator's "flush").
     */
    public void flush() {
        for (String id : messages.keySet()) {
            scheduleAt(id, Instant.MIN);
        }
    }

    /**
     * Returns the messages in the queue now.
     *
     * @return a snapshot
     */
    public List<QueuedMessage> queued() {
        return List.copyOf(messages.values());
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(10, TimeUnit.SECONDS)) {
                blocking.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            blocking.shutdownNow();
        }
    }

    private void scheduleAt(String id, Instant when) {
        if (closed) {
            return;
        }
        long delay = when == Instant.MIN ? 0 : Math.max(0, Duration.between(clock.instant(), when).toMillis());
        ScheduledFuture<?> previous = timers.put(id, timer.schedule(() -> blocking.execute(() -> attempt(id)), delay,
                TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    /** One delivery attempt for all pending recipients of a message; runs on the blocking pool. */
    private void attempt(String id) {
        QueuedMessage message = messages.get(id);
        if (message == null || closed || !inFlight.add(id)) {
            return;
        }
        try {
            List<QueuedRecipient> pending = message.pending();
            if (isLoop(message)) {
                DeliveryDiagnosis loop = DeliveryDiagnosis.local(new EnhancedStatus(5, 4, 6), FailureWords.MAIL_LOOP,
                        "hop count check");
                Map<Mailbox, DeliveryDiagnosis> all = new LinkedHashMap<>();
                pending.forEach(r -> all.put(r.address(), loop));
                finish(id, all, Set.of());
                return;
            }
            Set<Mailbox> relayed = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Map<Mailbox, DeliveryDiagnosis>>> parts = new ArrayList<>();
            for (List<QueuedRecipient> group : groups(pending)) {
                parts.add(local.isLocal(group.get(0).domain()) ? CompletableFuture.completedFuture(deliverLocally(id, group))
                        : deliverRemotely(message, group, relayed));
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenCompleteAsync((ignored, failure) -> {
                Map<Mailbox, DeliveryDiagnosis> results = new LinkedHashMap<>();
                for (CompletableFuture<Map<Mailbox, DeliveryDiagnosis>> part : parts) {
                    if (!part.isCompletedExceptionally()) {
                        results.putAll(part.join());
                    }
                }
                finish(id, results, relayed);
            }, blocking);
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "delivery attempt for " + id + " failed", e);
            inFlight.remove(id);
            scheduleAt(id, clock.instant().plus(RETRY_AFTER_QUEUE_ERROR));
        }
    }

    /**
     * Records an attempt's results: recipients in the map with a {@code null} value were
     * delivered, others failed with the diagnosis; recipients missing were not tried. Those in
     * {@code relayed} went to a next hop without DSN.
     */
    private void finish(String id, Map<Mailbox, DeliveryDiagnosis> results, Set<Mailbox> relayed) {
        try {
            QueuedMessage message = messages.get(id);
            Instant now = clock.instant();
            boolean expired = !now.isBefore(message.arrival().plus(schedule.maxAge()));
            List<QueuedRecipient> updated = new ArrayList<>();
            List<QueuedRecipient> newlyFailed = new ArrayList<>();
            List<QueuedRecipient> newlyDelivered = new ArrayList<>();
            List<QueuedRecipient> newlyRelayed = new ArrayList<>();
            for (QueuedRecipient r : message.recipients()) {
                QueuedRecipient next = r;
                if (r.state() == QueuedRecipient.State.PENDING) {
                    if (results.containsKey(r.address())) {
                        DeliveryDiagnosis d = results.get(r.address());
                        next = d == null ? r.delivered() : r.failedWith(d);
                    }
                    if (next.state() == QueuedRecipient.State.PENDING && expired) {
                        next = next.expired();
                    }
                    if (next.state() == QueuedRecipient.State.FAILED) {
                        newlyFailed.add(next);
                    } else if (next.state() == QueuedRecipient.State.DELIVERED
                            && r.parameters().notifyOn().map(n -> n.contains(RcptParameters.Notify.SUCCESS)).orElse(false)) {
                        // RFC 3461 §6.2: final delivery or relay to a hop without DSN is reported on request.
                        if (local.isLocal(r.domain())) {
                            newlyDelivered.add(next);
                        } else if (relayed.contains(r.address())) {
                            newlyRelayed.add(next);
                        }
                    }
                }
                updated.add(next);
            }
            QueuedMessage after = message.afterAttempt(updated, now.plus(schedule.delayAfter(message.attempts() + 1)));
            List<QueuedRecipient> failedToReport = newlyFailed.stream().filter(r -> wants(r, RcptParameters.Notify.FAILURE))
                    .toList();
            if (!failedToReport.isEmpty() && after.sender() instanceof Mailbox) {
                report(after, failedToReport, DeliveryReport.Action.FAILED, ".b" + after.attempts());
            }
            if (after.sender() instanceof Mailbox) {
                if (!newlyDelivered.isEmpty()) {
                    report(after, newlyDelivered, DeliveryReport.Action.DELIVERED, ".s" + after.attempts());
                }
                if (!newlyRelayed.isEmpty()) {
                    report(after, newlyRelayed, DeliveryReport.Action.RELAYED, ".r" + after.attempts());
                }
            }
            Optional<Duration> notice = schedule.delayNoticeAfter();
            if (!after.isDone() && !after.delayNotified() && notice.isPresent()
                    && !now.isBefore(after.arrival().plus(notice.get())) && after.sender() instanceof Mailbox) {
                List<QueuedRecipient> delayed = after.pending().stream().filter(r -> wants(r, RcptParameters.Notify.DELAY))
                        .toList();
                if (!delayed.isEmpty()) {
                    report(after, delayed, DeliveryReport.Action.DELAYED, ".d");
                }
                after = after.withDelayNotified();
            }
            if (after.isDone()) {
                queue.remove(id);
                messages.remove(id);
                timers.remove(id);
            } else {
                queue.update(after);
                messages.put(id, after);
                scheduleAt(id, after.nextAttempt());
            }
            listener.attempted(after);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not record the delivery attempt for " + id + "; trying again later", e);
            scheduleAt(id, clock.instant().plus(RETRY_AFTER_QUEUE_ERROR));
        } finally {
            inFlight.remove(id);
        }
    }

    /** RFC 3461 §4.1: no NOTIFY means failures (and, at our choice, delays) are reported; NEVER means none. */
    private static boolean wants(QueuedRecipient r, RcptParameters.Notify condition) {
        return r.parameters().notifyOn().map(set -> set.contains(condition)).orElse(true);
    }

    private void report(QueuedMessage original, List<QueuedRecipient> about, DeliveryReport.Action action, String suffix)
            throws IOException {
        byte[] report;
        try (InputStream content = queue.openContent(original.id())) {
            report = reports.build(original, about, action, content, clock.instant(),
                    original.arrival().plus(schedule.maxAge()));
        }
        Mailbox to = (Mailbox) original.sender();
        MailParameters parameters = MailParameters.NONE.withSmtpUtf8(to.needsSmtpUtf8());
        if (hasEightBit(report)) {
            parameters = parameters.withBody(MailParameters.Body.EIGHT_BIT_MIME);
        }
        QueuedMessage bounce = newMessage(original.id() + suffix, ReversePath.NULL, parameters,
                Map.of(to, RcptParameters.NONE));
        queue.enqueue(bounce, MessageSource.of(report));
        accept(bounce);
    }

    private static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private boolean isLoop(QueuedMessage message) throws IOException {
        try (InputStream in = queue.openContent(message.id())) {
            return TraceFields.countReceived(in.readNBytes(DeliveryReport.MAX_HEADER_OCTETS)) > maxHops;
        }
    }

    private List<List<QueuedRecipient>> groups(List<QueuedRecipient> pending) {
        Map<String, List<QueuedRecipient>> byDomain = new LinkedHashMap<>();
        for (QueuedRecipient r : pending) {
            byDomain.computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(r);
        }
        List<List<QueuedRecipient>> out = new ArrayList<>();
        for (List<QueuedRecipient> group : byDomain.values()) {
            for (int i = 0; i < group.size(); i += maxRecipientsPerTransaction) {
                out.add(group.subList(i, Math.min(group.size(), i + maxRecipientsPerTransaction)));
            }
        }
        return out;
    }

    private Map<Mailbox, DeliveryDiagnosis> deliverLocally(String id, List<QueuedRecipient> group) {
        Map<Mailbox, DeliveryDiagnosis> out = new LinkedHashMap<>();
        for (QueuedRecipient r : group) {
            out.put(r.address(), local.deliver(r.address(), queue.content(id)).orElse(null));
        }
        return out;
    }

    private CompletableFuture<Map<Mailbox, DeliveryDiagnosis>> deliverRemotely(QueuedMessage message,
            List<QueuedRecipient> group, Set<Mailbox> relayed) {
        String domain = group.get(0).domain();
        if (smartHost.isPresent()) {
            return tryTargets(message, group, List.of(smartHost.get()), 0, null, relayed);
        }
        if (mx.isEmpty()) {
            return CompletableFuture.completedFuture(all(group, DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 3),
                    "No DNS resolver configured for remote delivery", "routing")));
        }
        return mx.get().resolve(domain).handle((result, failure) -> {
            if (failure != null) {
                return CompletableFuture.completedFuture(all(group, DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 3),
                        FailureWords.NAME_SERVER_TIMEOUT, "DNS lookup of " + domain)));
            }
            return route(message, group, domain, result, relayed);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Map<Mailbox, DeliveryDiagnosis>> route(QueuedMessage message, List<QueuedRecipient> group,
            String domain, MxResult result, Set<Mailbox> relayed) {
        String stage = "DNS lookup of " + domain;
        DeliveryDiagnosis failure;
        if (result instanceof MxResult.Exchangers x) {
            List<RemoteTransport.Target> targets = new ArrayList<>();
            for (MailExchanger exchanger : x.exchangers()) {
                String host = exchanger.host().toString();
                String name = host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
                for (var address : exchanger.addresses()) {
                    targets.add(new RemoteTransport.Target(name, new InetSocketAddress(address, remotePort)));
                }
            }
            if (!targets.isEmpty()) {
                return tryTargets(message, group, targets, 0, null, relayed);
            }
            failure = DeliveryDiagnosis.local(new EnhancedStatus(5, 4, 4), FailureWords.HOST_UNKNOWN
                    + " (no address for the mail exchangers)", stage);
        } else if (result instanceof MxResult.NoSuchDomain) {
            failure = DeliveryDiagnosis.local(new EnhancedStatus(5, 1, 2), FailureWords.HOST_UNKNOWN, stage);
        } else if (result instanceof MxResult.NullMx) {
            // RFC 7505 §4.2: a null MX means the domain accepts no mail; 5.1.10.
            failure = DeliveryDiagnosis.local(new EnhancedStatus(5, 1, 10), FailureWords.NO_MAIL_ACCEPTED, stage);
        } else if (result instanceof MxResult.NoAddress none) {
            failure = DeliveryDiagnosis.local(new EnhancedStatus(5, 4, 4), FailureWords.HOST_UNKNOWN
                    + " (" + oneLine(none.reason()) + ")", stage);
        } else {
            failure = DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 3), FailureWords.NAME_SERVER_TIMEOUT, stage);
        }
        return CompletableFuture.completedFuture(all(group, failure));
    }

    private CompletableFuture<Map<Mailbox, DeliveryDiagnosis>> tryTargets(QueuedMessage message,
            List<QueuedRecipient> group, List<RemoteTransport.Target> targets, int index, DeliveryDiagnosis last,
            Set<Mailbox> relayed) {
        if (index >= targets.size() || closed) {
            return CompletableFuture.completedFuture(all(group, last != null ? last
                    : DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 1), FailureWords.CONNECTION_FAILED, "connect")));
        }
        RemoteTransport.Target target = targets.get(index);
        CompletableFuture<RemoteTransport.Outcome> attempt;
        try {
            attempt = transport.deliver(target, message.sender(), message.parameters(), group, queue.content(message.id()))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.handle((outcome, error) -> {
            if (error != null || outcome == null) {
                LOG.log(System.Logger.Level.WARNING, "transport to " + target.describe() + " failed", error);
                outcome = new RemoteTransport.Outcome.Failed(DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 1),
                        FailureWords.CONNECTION_FAILED, "connect to " + target.describe()));
            }
            if (outcome instanceof RemoteTransport.Outcome.Completed done) {
                Map<Mailbox, DeliveryDiagnosis> out = new LinkedHashMap<>();
                for (QueuedRecipient r : group) {
                    RemoteTransport.Outcome.RecipientReply reply = done.replies().get(r.address());
                    if (reply == null) {
                        out.put(r.address(), DeliveryDiagnosis.local(new EnhancedStatus(4, 0, 0),
                                "No reply for this recipient", "transaction with " + target.describe()));
                    } else if (reply.reply().code() / 100 == 2) {
                        out.put(r.address(), null);
                        if (!done.dsnPassedOn()) {
                            relayed.add(r.address());
                        }
                    } else {
                        out.put(r.address(), DeliveryDiagnosis.ofReply(reply.reply(), target.describe(), reply.stage()));
                    }
                }
                return CompletableFuture.completedFuture(out);
            }
            DeliveryDiagnosis failed = ((RemoteTransport.Outcome.Failed) outcome).diagnosis();
            if (failed.permanent()) {
                return CompletableFuture.completedFuture(all(group, failed));
            }
            // RFC 5321 §5.1: on a transient failure try the next address, then the next exchanger.
            return tryTargets(message, group, targets, index + 1, failed, relayed);
        }).thenCompose(f -> f);
    }

    private static Map<Mailbox, DeliveryDiagnosis> all(List<QueuedRecipient> group, DeliveryDiagnosis diagnosis) {
        Map<Mailbox, DeliveryDiagnosis> out = new LinkedHashMap<>();
        group.forEach(r -> out.put(r.address(), diagnosis));
        return out;
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Observes the engine; for monitoring and tests. Methods run on the engine's threads. */
    public interface DeliveryListener {
        /**
         * Called after each attempt has been recorded.
         *
         * @param message the message's state after the attempt (all final when it left the queue)
         */
        void attempted(QueuedMessage message);
    }

    /** Builds an {@link OutboundDelivery}. */
    public static final class Builder {
        private final DeliveryQueue queue;
        private final LocalDelivery local;
        private MxResolver mx;
        private RemoteTransport.Target smartHost;
        private RemoteTransport transport;
        private RetrySchedule schedule = RetrySchedule.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private String hostName = "localhost";
        private int remotePort = 25;
        private int maxHops = 50;
        private int maxRecipientsPerTransaction = 100;
        private long maxReturnedMessage = 256 * 1024;
        private int threads = 4;
        private DeliveryListener listener = m -> { };

        private Builder(DeliveryQueue queue, LocalDelivery local) {
            this.queue = Objects.requireNonNull(queue, "queue");
            this.local = Objects.requireNonNull(local, "local");
        }

        /**
         * Sets the MX resolver for remote domains.
         *
         * @param value the resolver
         * @return this builder
         */
        public Builder mxResolver(MxResolver value) {
            this.mx = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sends all remote mail through one relay instead of the domains' exchangers.
         *
         * @param value the relay
         * @return this builder
         */
        public Builder smartHost(RemoteTransport.Target value) {
            this.smartHost = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets how a transaction reaches an exchanger (the SMTP client by default in the server).
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(RemoteTransport value) {
            this.transport = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the retry schedule; default {@link RetrySchedule#DEFAULT}.
         *
         * @param value the schedule
         * @return this builder
         */
        public Builder retrySchedule(RetrySchedule value) {
            this.schedule = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the clock (tests move time forward).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets this server's host name, used in reports; default {@code localhost}.
         *
         * @param value the host name
         * @return this builder
         */
        public Builder hostName(String value) {
            this.hostName = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the port of remote exchangers; default 25 (RFC 5321 §4.5.4). Tests use others.
         *
         * @param value the port
         * @return this builder
         */
        public Builder remotePort(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port 1 to 65535");
            }
            this.remotePort = value;
            return this;
        }

        /**
         * Sets the most {@code Received:} fields a message may have before it counts as a loop;
         * default 50 (Postfix's {@code hopcount_limit}; RFC 5321 §6.3 asks for at least 100
         * only of a gateway's count, and loops rarely take fewer than 50 hops).
         *
         * @param value the limit
         * @return this builder
         */
        public Builder maxHops(int value) {
            this.maxHops = value;
            return this;
        }

        /**
         * Sets the most recipients per transaction; default 100, the minimum every server must
         * accept (RFC 5321 §4.5.3.1.8).
         *
         * @param value the limit
         * @return this builder
         */
        public Builder maxRecipientsPerTransaction(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("at least 1");
            }
            this.maxRecipientsPerTransaction = value;
            return this;
        }

        /**
         * Sets the largest message returned whole in a report under {@code RET=FULL}; default
         * 256 KiB.
         *
         * @param value the size in octets
         * @return this builder
         */
        public Builder maxReturnedMessage(long value) {
            this.maxReturnedMessage = value;
            return this;
        }

        /**
         * Sets the number of threads for blocking work; default 4.
         *
         * @param value the thread count
         * @return this builder
         */
        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        /**
         * Sets a listener for attempts.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(DeliveryListener value) {
            this.listener = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Builds the engine; call {@link OutboundDelivery#start()} to load the queue.
         *
         * @return the engine
         */
        public OutboundDelivery build() {
            return new OutboundDelivery(this);
        }
    }
}
