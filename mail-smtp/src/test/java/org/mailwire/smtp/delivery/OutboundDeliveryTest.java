// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.Rdata;
import org.mailwire.dns.resolver.DnsResolver;
import org.mailwire.dns.resolver.MxResolver;
import org.mailwire.dns.resolver.ResolverConfig;
import org.mailwire.dns.testfixtures.ManualClock;
import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.Quota;
import org.mailwire.store.UserMailboxes;

/**
 * The delivery engine with a scripted transport and a DNS server for the test: routing, retry,
 * bounces with the causes people know, loops, restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutboundDeliveryTest {

    private static final Mailbox ALICE = new Mailbox("alice", "a.test");
    private static final byte[] MESSAGE = ("From: alice@a.test\r\nTo: bob@b.test\r\nSubject: hi\r\n"
            + "Message-ID: <1@a.test>\r\n\r\nHello Bob\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "OK");

    @TempDir
    Path dir;

    private TestDnsServer dns;
    private DnsResolver resolver;
    private MailStore store;
    private final ScriptedTransport transport = new ScriptedTransport();
    private final LinkedBlockingQueue<QueuedMessage> attempts = new LinkedBlockingQueue<>();
    private OutboundDelivery engine;

    @BeforeEach
    void setUp() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("b.test.", 300, new Rdata.Mx(10, DnsName.of("mx1.b.test.")))
                .add("b.test.", 300, new Rdata.Mx(20, DnsName.of("mx2.b.test.")))
                .add("mx1.b.test.", 300, ZoneResponder.a("127.0.0.31"))
                .add("mx2.b.test.", 300, ZoneResponder.a("127.0.0.32"))
                .add("nullmx.test.", 300, new Rdata.Mx(0, DnsName.of(".")))
                .add("c.test.", 300, new Rdata.Mx(10, DnsName.of("mx.c.test.")))
                .add("mx.c.test.", 300, ZoneResponder.a("127.0.0.41"));
        dns = new TestDnsServer(zone);
        resolver = DnsResolver.create(ResolverConfig.of(dns.address()).withTimeout(Duration.ofMillis(500)).withAttempts(1));
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice@a.test", Secret.of("pw"));
        store.createUser("carol@a.test", Secret.of("pw"));
        engine = engine(Clock.systemUTC(), RetrySchedule.DEFAULT.withDelays(Duration.ofMillis(200))
                .withDelayNoticeAfter(Optional.empty()));
    }

    private OutboundDelivery engine(Clock clock, RetrySchedule schedule) throws IOException {
        return OutboundDelivery.builder(DeliveryQueue.open(dir.resolve("queue")), new LocalDelivery(store, Set.of("a.test")))
                .mxResolver(new MxResolver(resolver)).transport(transport).hostName("mx.a.test").retrySchedule(schedule)
                .clock(clock).remotePort(2525).listener(attempts::add).build().start();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        resolver.close();
        dns.close();
    }

    private QueuedMessage send(String... recipients) throws IOException {
        Map<Mailbox, RcptParameters> map = new java.util.LinkedHashMap<>();
        for (String r : recipients) {
            map.put(Mailbox.parse(r), RcptParameters.NONE);
        }
        return engine.submit(ALICE, MailParameters.NONE, map, MessageSource.of(MESSAGE));
    }

    private QueuedMessage awaitFinal(String id) throws InterruptedException {
        while (true) {
            QueuedMessage m = awaitAttempt(id);
            if (m.isDone()) {
                return m;
            }
        }
    }

    /** The next recorded attempt of this message (reports are attempted concurrently). */
    private QueuedMessage awaitAttempt(String id) throws InterruptedException {
        while (true) {
            QueuedMessage m = attempts.poll(20, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no attempt recorded for " + id);
            }
            if (m.id().equals(id)) {
                return m;
            }
        }
    }

    /** Waits until the user's INBOX holds at least {@code count} messages (or 20 s pass). */
    private org.mailwire.store.Mailbox awaitInbox(String user, int count) throws Exception {
        var inbox = store.mailboxes(user).open(UserMailboxes.INBOX);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (inbox.messages().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return inbox;
    }

    private String onlyBounceTo(String user) throws Exception {
        var inbox = awaitInbox(user, 1);
        assertEquals(1, inbox.messages().size(), "one report in " + user + "'s INBOX");
        try (InputStream in = inbox.openContent(inbox.messages().get(0).uid())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void deliversToTheFirstExchangerByPreference() throws Exception {
        transport.script = target -> completed(OK);
        QueuedMessage m = send("bob@b.test");
        QueuedMessage done = awaitFinal(m.id());
        assertEquals(QueuedRecipient.State.DELIVERED, done.recipients().get(0).state());
        assertEquals(List.of("mx1.b.test [127.0.0.31]"), transport.targets());
        assertTrue(engine.queued().isEmpty());
        assertEquals(0, Files.list(dir.resolve("queue/records")).count(), "the record is gone after delivery");
        assertEquals(0, Files.list(dir.resolve("queue/messages")).count(), "the content is gone after delivery");
    }

    /** SECURITY-CASES FLT-13: a 421 is temporary and the next exchanger is tried. */
    @Test
    void fallsThroughToTheNextExchangerOnConnectionFailureAndTemporaryReply() throws Exception {
        transport.script = target -> target.hostName().equals("mx1.b.test")
                ? new RemoteTransport.Outcome.Failed(DeliveryDiagnosis.ofReply(SmtpReply.of(421, "4.3.2", "busy"),
                        target.describe(), "greeting"))
                : completed(OK);
        QueuedMessage done = awaitFinal(send("bob@b.test").id());
        assertEquals(QueuedRecipient.State.DELIVERED, done.recipients().get(0).state());
        assertEquals(List.of("mx1.b.test [127.0.0.31]", "mx2.b.test [127.0.0.32]"), transport.targets());
    }

    @Test
    void groupsRecipientsOfOneDomainIntoOneTransaction() throws Exception {
        transport.script = target -> completed(OK);
        awaitFinal(send("bob@b.test", "dave@b.test", "carol@a.test").id());
        assertEquals(1, transport.calls.size());
        assertEquals(2, transport.calls.get(0).size());
        assertEquals(1, store.mailboxes("carol@a.test").open(UserMailboxes.INBOX).messages().size(), "local part stored");
    }

    @Test
    void userUnknownBouncesToTheSenderWithTheRemoteReplyQuoted() throws Exception {
        transport.script = target -> completed(SmtpReply.of(550, "5.1.1", "<bob@b.test>: Recipient address rejected: User unknown"));
        QueuedMessage done = awaitFinal(send("bob@b.test").id());
        assertEquals(QueuedRecipient.State.FAILED, done.recipients().get(0).state());
        String bounce = onlyBounceTo("alice@a.test");
        assertTrue(bounce.contains("From: Mail Delivery System <MAILER-DAEMON@mx.a.test>"), bounce);
        assertTrue(bounce.contains("Subject: Undelivered Mail Returned to Sender"), bounce);
        assertTrue(bounce.contains("Content-Type: multipart/report; report-type=delivery-status;"), bounce);
        assertTrue(bounce.contains("<bob@b.test>: User unknown"), bounce);
        assertTrue(bounce.contains("mx1.b.test [127.0.0.31] said: 550 5.1.1 <bob@b.test>: Recipient address rejected: "
                + "User unknown (in reply to RCPT TO)"), bounce);
        assertTrue(bounce.contains("Final-Recipient: rfc822; bob@b.test"), bounce);
        assertTrue(bounce.contains("Action: failed"), bounce);
        assertTrue(bounce.contains("Status: 5.1.1"), bounce);
        assertTrue(bounce.contains("Remote-MTA: dns; mx1.b.test"), bounce);
        assertTrue(bounce.contains("Diagnostic-Code: smtp; 550 5.1.1"), bounce);
        assertTrue(bounce.contains("Content-Type: text/rfc822-headers"), bounce);
        assertTrue(bounce.contains("Message-ID: <1@a.test>"), bounce);
        assertTrue(bounce.contains("Auto-Submitted: auto-replied"), bounce);
        assertTrue(!bounce.contains("Hello Bob"), "RET=HDRS by default: headers only");
    }

    @Test
    void unknownDomainBouncesAsHostUnknownWithoutConnecting() throws Exception {
        QueuedMessage done = awaitFinal(send("x@nowhere.test").id());
        assertEquals("5.1.2", done.recipients().get(0).last().orElseThrow().status().toString());
        String bounce = onlyBounceTo("alice@a.test");
        assertTrue(bounce.contains("<x@nowhere.test>: Host unknown"), bounce);
        assertTrue(bounce.contains("Status: 5.1.2"), bounce);
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void nullMxBouncesAtOnce() throws Exception {
        awaitFinal(send("x@nullmx.test").id());
        String bounce = onlyBounceTo("alice@a.test");
        assertTrue(bounce.contains("Domain does not accept mail"), bounce);
        assertTrue(bounce.contains("Status: 5.1.10"), bounce);
        assertTrue(transport.calls.isEmpty());
    }

    /** SECURITY-CASES FLT-13: a 5xx after DATA bounces once. */
    @Test
    void overQuotaAndTooLargeRepliesGetTheirKnownWords() throws Exception {
        transport.script = target -> completed(SmtpReply.of(552, "5.2.2", "Mailbox full"));
        awaitFinal(send("bob@b.test").id());
        transport.script = target -> completed(SmtpReply.of(552, "5.3.4", "Message too big"));
        awaitFinal(send("bob@c.test").id());
        var inbox = awaitInbox("alice@a.test", 2);
        StringBuilder all = new StringBuilder();
        for (var info : inbox.messages()) {
            try (InputStream in = inbox.openContent(info.uid())) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(all.toString().contains("<bob@b.test>: Message size exceeds remaining quota"), all.toString());
        assertTrue(all.toString().contains("<bob@c.test>: Message exceeds maximum fixed size"), all.toString());
    }

    @Test
    void transientFailuresAreRetriedThenDelivered() throws Exception {
        List<Integer> count = new CopyOnWriteArrayList<>();
        transport.script = target -> {
            count.add(1);
            return count.size() <= 3 ? completed(SmtpReply.of(451, "4.3.0", "try later")) : completed(OK);
        };
        QueuedMessage done = awaitFinal(send("bob@c.test").id());
        assertEquals(QueuedRecipient.State.DELIVERED, done.recipients().get(0).state());
        assertEquals(4, done.attempts());
        assertTrue(store.mailboxes("alice@a.test").open(UserMailboxes.INBOX).messages().isEmpty(), "no bounce");
    }

    /** SECURITY-CASES FLT-11: every MX failing is deferred with back-off, then one DSN after the lifetime. */
    @Test
    void retriesRunOutIntoABounceWithTheLastReason() throws Exception {
        engine.close();
        ManualClock clock = new ManualClock(Instant.now());
        engine = engine(clock, RetrySchedule.DEFAULT.withDelays(Duration.ofHours(1)).withMaxAge(Duration.ofDays(5))
                .withDelayNoticeAfter(Optional.of(Duration.ofHours(4))));
        transport.script = target -> new RemoteTransport.Outcome.Failed(DeliveryDiagnosis.local(
                new org.mailwire.smtp.codec.EnhancedStatus(4, 4, 1), FailureWords.CONNECTION_FAILED, "connect"));
        QueuedMessage m = send("bob@c.test");
        awaitAttempt(m.id());
        clock.advance(Duration.ofHours(5));      // past the delay notice
        engine.flush();
        QueuedMessage afterNotice = awaitAttempt(m.id());
        assertTrue(afterNotice.delayNotified());
        String notice = onlyBounceTo("alice@a.test");
        assertTrue(notice.contains("Subject: Delayed Mail (still being retried)"), notice);
        assertTrue(notice.contains("Action: delayed"), notice);
        assertTrue(notice.contains("Will-Retry-Until:"), notice);
        clock.advance(Duration.ofDays(5));       // past the maximum age
        engine.flush();
        QueuedMessage done = awaitFinal(m.id());
        DeliveryDiagnosis last = done.recipients().get(0).last().orElseThrow();
        assertEquals("5.4.1", last.status().toString());
        var inbox = awaitInbox("alice@a.test", 2);
        assertEquals(2, inbox.messages().size(), "the delay notice and then the bounce");
    }

    /** SECURITY-CASES FLT-16 (and DNS-11): SERVFAIL or a timeout defers; only the lifetime ends it. */
    @Test
    void nameServerFailureIsTransientAndExpiresAsNameServerTimeout() throws Exception {
        engine.close();
        resolver.close();
        resolver = DnsResolver.create(ResolverConfig.of(new java.net.InetSocketAddress("127.0.0.1", 9))
                .withTimeout(Duration.ofMillis(200)).withAttempts(1));
        ManualClock clock = new ManualClock(Instant.now());
        engine = engine(clock, RetrySchedule.DEFAULT.withDelays(Duration.ofHours(1)).withDelayNoticeAfter(Optional.empty()));
        QueuedMessage m = send("bob@b.test");
        QueuedMessage first = awaitAttempt(m.id());
        assertEquals(QueuedRecipient.State.PENDING, first.recipients().get(0).state());
        assertEquals("4.4.3", first.recipients().get(0).last().orElseThrow().status().toString());
        clock.advance(Duration.ofDays(6));
        engine.flush();
        awaitFinal(m.id());
        assertTrue(onlyBounceTo("alice@a.test").contains("<bob@b.test>: Name server timeout"));
    }

    /** SECURITY-CASES FLT-14: a message with the null reverse-path is never bounced. */
    @Test
    void bouncesAreNeverBounced() throws Exception {
        transport.script = target -> completed(SmtpReply.USER_UNKNOWN);
        Map<Mailbox, RcptParameters> to = Map.of(new Mailbox("bob", "b.test"), RcptParameters.NONE);
        QueuedMessage m = engine.submit(ReversePath.NULL, MailParameters.NONE, to, MessageSource.of(MESSAGE));
        QueuedMessage done = awaitFinal(m.id());
        assertEquals(QueuedRecipient.State.FAILED, done.recipients().get(0).state());
        Thread.sleep(300);
        assertTrue(engine.queued().isEmpty(), "no report queued for a null sender");
        assertEquals(1, transport.calls.size());
    }

    @Test
    void notifyNeverSuppressesTheBounce() throws Exception {
        transport.script = target -> completed(SmtpReply.USER_UNKNOWN);
        Map<Mailbox, RcptParameters> to = Map.of(new Mailbox("bob", "b.test"),
                RcptParameters.NONE.withNotify(Set.of(RcptParameters.Notify.NEVER)));
        awaitFinal(engine.submit(ALICE, MailParameters.NONE, to, MessageSource.of(MESSAGE)).id());
        Thread.sleep(300);
        assertTrue(store.mailboxes("alice@a.test").open(UserMailboxes.INBOX).messages().isEmpty());
    }

    @Test
    void notifySuccessGetsDeliveredForLocalAndRelayedForAHopWithoutDsn() throws Exception {
        transport.script = target -> completed(OK);       // the scripted hop does not announce DSN
        RcptParameters success = RcptParameters.NONE.withNotify(Set.of(RcptParameters.Notify.SUCCESS));
        Map<Mailbox, RcptParameters> to = new java.util.LinkedHashMap<>();
        to.put(new Mailbox("carol", "a.test"), success);
        to.put(new Mailbox("bob", "b.test"), success);
        awaitFinal(engine.submit(ALICE, MailParameters.NONE, to, MessageSource.of(MESSAGE)).id());
        var inbox = awaitInbox("alice@a.test", 2);
        StringBuilder all = new StringBuilder();
        for (var info : inbox.messages()) {
            try (InputStream in = inbox.openContent(info.uid())) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(all.toString().contains("Subject: Successful Mail Delivery Report"), all.toString());
        assertTrue(all.toString().contains("Final-Recipient: rfc822; carol@a.test\r\nAction: delivered\r\nStatus: 2.0.0"),
                all.toString());
        assertTrue(all.toString().contains("Final-Recipient: rfc822; bob@b.test\r\nAction: relayed\r\nStatus: 2.0.0"),
                all.toString());
    }

    @Test
    void aHopThatTakesDsnSendsTheSuccessNoticeItself() throws Exception {
        transport.dsn = true;
        transport.script = target -> completed(OK);
        Map<Mailbox, RcptParameters> to = Map.of(new Mailbox("bob", "b.test"),
                RcptParameters.NONE.withNotify(Set.of(RcptParameters.Notify.SUCCESS)));
        awaitFinal(engine.submit(ALICE, MailParameters.NONE, to, MessageSource.of(MESSAGE)).id());
        Thread.sleep(300);
        assertTrue(store.mailboxes("alice@a.test").open(UserMailboxes.INBOX).messages().isEmpty());
        assertEquals(RcptParameters.NONE.withNotify(Set.of(RcptParameters.Notify.SUCCESS)),
                transport.calls.get(0).get(0).parameters(), "NOTIFY passed on");
    }

    @Test
    void tooManyReceivedFieldsIsALoop() throws Exception {
        StringBuilder looped = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            looped.append("Received: from x by y; Mon, 23 Nov 2026 10:00:00 +0000\r\n");
        }
        looped.append("Subject: loop\r\n\r\nbody\r\n");
        Map<Mailbox, RcptParameters> to = Map.of(new Mailbox("bob", "b.test"), RcptParameters.NONE);
        QueuedMessage m = engine.submit(ALICE, MailParameters.NONE, to,
                MessageSource.of(looped.toString().getBytes(StandardCharsets.US_ASCII)));
        awaitFinal(m.id());
        assertTrue(onlyBounceTo("alice@a.test").contains("Mail loop detected"));
        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void localOverQuotaBouncesWithTheQuotaWords() throws Exception {
        store.mailboxes("carol@a.test").setQuota(Quota.of(10, Quota.UNLIMITED));
        transport.script = target -> completed(OK);
        QueuedMessage done = awaitFinal(send("carol@a.test", "bob@b.test").id());
        assertEquals(QueuedRecipient.State.FAILED, done.recipients().get(0).state());
        assertTrue(onlyBounceTo("alice@a.test").contains("<carol@a.test>: Message size exceeds remaining quota"));
    }

    @Test
    void aRestartedEngineDeliversWhatWasQueued() throws Exception {
        transport.script = target -> completed(SmtpReply.of(451, "4.3.0", "later"));
        engine.close();
        engine = engine(Clock.systemUTC(), RetrySchedule.DEFAULT.withDelays(Duration.ofHours(1))
                .withDelayNoticeAfter(Optional.empty()));
        QueuedMessage m = send("bob@b.test");
        awaitAttempt(m.id());
        engine.close();
        transport.script = target -> completed(OK);
        engine = engine(Clock.systemUTC(), RetrySchedule.DEFAULT.withDelays(Duration.ofHours(1))
                .withDelayNoticeAfter(Optional.empty()));
        assertEquals(1, engine.queued().size(), "recovered from disk");
        engine.flush();
        assertEquals(QueuedRecipient.State.DELIVERED, awaitFinal(m.id()).recipients().get(0).state());
    }

    /** A script result: every recipient gets this reply. */
    private static Object completed(SmtpReply reply) {
        return reply;
    }

    /** A transport that answers by script and records where it was sent. */
    private static final class ScriptedTransport implements RemoteTransport {
        volatile Function<Target, Object> script = target -> null;
        volatile boolean dsn;
        final List<List<QueuedRecipient>> calls = new CopyOnWriteArrayList<>();
        final List<Target> targets = new CopyOnWriteArrayList<>();

        List<String> targets() {
            List<String> out = new ArrayList<>();
            targets.forEach(t -> out.add(t.describe()));
            return out;
        }

        @Override
        public CompletionStage<Outcome> deliver(Target target, ReversePath sender, MailParameters parameters,
                List<QueuedRecipient> recipients, MessageSource content) {
            assertEquals(2525, target.address().getPort());
            targets.add(target);
            calls.add(List.copyOf(recipients));
            Object scripted = script.apply(target);
            if (scripted instanceof SmtpReply reply) {
                Map<Mailbox, Outcome.RecipientReply> replies = new HashMap<>();
                recipients.forEach(r -> replies.put(r.address(), new Outcome.RecipientReply(reply, "RCPT TO")));
                return CompletableFuture.completedFuture(new Outcome.Completed(replies, dsn));
            }
            return CompletableFuture.completedFuture((Outcome) scripted);
        }
    }
}
