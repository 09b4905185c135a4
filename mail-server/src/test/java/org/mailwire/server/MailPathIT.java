// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.testfixtures.Peers;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.Rdata;
import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import org.mailwire.pop3.client.Pop3BlockingClient;
import org.mailwire.pop3.client.Pop3Client;
import org.mailwire.smtp.client.SmtpBlockingClient;
import org.mailwire.smtp.client.SmtpClient;
import org.mailwire.smtp.client.SmtpTransaction;
import org.mailwire.smtp.client.SmtpTransactionResult;
import org.mailwire.smtp.client.TlsMode;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.Quota;
import org.mailwire.store.UserMailboxes;

/**
 * The mission's path end to end: two mailwire servers for a.test (127.0.0.2) and b.test
 * (127.0.0.3), a DNS server for the test serving their MX records; alice@a.test submits with
 * AUTH over STARTTLS to bob@b.test, who reads it over POP3. Then its failures, each ending in a
 * bounce in alice's INBOX from MAILER-DAEMON that names the cause.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MailPathIT {

    private static final String ALICE = "alice@a.test";
    private static final String BOB = "bob@b.test";

    @TempDir
    Path dir;

    private TestDnsServer dns;
    private int mxPort;
    private MailServer a;
    private MailServer b;

    @BeforeEach
    void setUp() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("a.test.", 300, new Rdata.Mx(10, DnsName.of("mx.a.test.")))
                .add("mx.a.test.", 300, ZoneResponder.a("127.0.0.2"))
                .add("b.test.", 300, new Rdata.Mx(10, DnsName.of("mx.b.test.")))
                .add("mx.b.test.", 300, ZoneResponder.a("127.0.0.3"))
                .add("nullmx.test.", 300, new Rdata.Mx(0, DnsName.of(".")));
        dns = new TestDnsServer(zone);
        mxPort = portFreeOnBoth("127.0.0.2", "127.0.0.3");
        a = start("a", "127.0.0.2", new Properties());
        a.store().createUser(ALICE, Secret.of("alice-pw"));
        b = start("b", "127.0.0.3", new Properties());
        b.store().createUser(BOB, Secret.of("bob-pw"));
    }

    @AfterEach
    void tearDown() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        dns.close();
    }

    private MailServer start(String name, String address, Properties extra) throws Exception {
        Properties p = new Properties();
        p.setProperty("host.name", "mx." + name + ".test");
        p.setProperty("domains", name + ".test");
        p.setProperty("data.dir", dir.resolve(name).toString());
        p.setProperty("bind.address", address);
        p.setProperty("smtp.port", Integer.toString(mxPort));
        for (String port : List.of("submission.port", "submissions.port", "pop3.port", "pop3s.port")) {
            p.setProperty(port, "0");
        }
        p.setProperty("imap.port", "0");
        p.setProperty("imaps.port", "-1");
        p.setProperty("relay.port", Integer.toString(mxPort));
        p.setProperty("dns.servers", "127.0.0.1:" + dns.address().getPort());
        p.setProperty("retry.delays", "1s");
        p.setProperty("password.iterations", "1000");
        p.putAll(extra);
        return MailServer.start(MailServerSettings.of(p));
    }

    private static int portFreeOnBoth(String first, String second) throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s1 = new ServerSocket(0, 1, InetAddress.getByName(first))) {
                int port = s1.getLocalPort();
                try (ServerSocket s2 = new ServerSocket(port, 1, InetAddress.getByName(second))) {
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no port free on both " + first + " and " + second);
    }

    /** Alice submits on her server's submission port: STARTTLS required, certificate checked, AUTH. */
    private SmtpTransactionResult submit(String to, byte[] message) throws Exception {
        SmtpClient client = SmtpClient.builder().heloName("client.a.test").tlsMode(TlsMode.REQUIRED)
                .tls(TlsSettings.client(trust(a.certificateFile())))
                .credentials(SaslCredentials.password(ALICE, Secret.of("alice-pw"))).build();
        try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(client, a.listeners().get("submission"), "127.0.0.2")) {
            SmtpTransactionResult result = smtp.send(SmtpTransaction.builder().from(ALICE).to(to).content(message).build());
            smtp.quit();
            return result;
        }
    }

    private static KeyStore trust(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return store;
    }

    private static byte[] message(String to, String subject, String body) {
        return ("From: Alice <" + ALICE + ">\r\nTo: <" + to + ">\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@a.test>\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> awaitInbox(MailServer server, String user, int count) throws Exception {
        org.mailwire.store.Mailbox inbox = server.store().mailboxes(user).open(UserMailboxes.INBOX);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inbox.messages().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> out = new ArrayList<>();
        for (MessageInfo info : inbox.messages()) {
            try (InputStream in = inbox.openContent(info.uid())) {
                out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(count, out.size(), user + "'s INBOX: " + out);
        return out;
    }

    private String bounceToAlice() throws Exception {
        String bounce = awaitInbox(a, ALICE, 1).get(0);
        assertTrue(bounce.contains("From: Mail Delivery System <MAILER-DAEMON@mx.a.test>"), bounce);
        assertTrue(bounce.contains("multipart/report; report-type=delivery-status"), bounce);
        return bounce;
    }

    @Test
    void aliceSubmitsToBobWhoReadsItOverPop3() throws Exception {
        byte[] sent = message(BOB, "hello bob", "Hi Bob,\r\n.leading dot\r\nbye");
        SmtpTransactionResult result = submit(BOB, sent);
        assertEquals(250, result.data().code());
        String stored = awaitInbox(b, BOB, 1).get(0);
        assertTrue(stored.startsWith("Received: from mx.a.test"), "B's trace field first: " + stored);
        assertTrue(stored.contains("by mx.a.test with ESMTPSA"), "A's trace of the authenticated submission: " + stored);
        assertTrue(stored.endsWith(new String(sent, StandardCharsets.UTF_8)), stored);

        Pop3Client.Builder pop = Pop3Client.builder().startTls(TlsSettings.client(trust(b.certificateFile())));
        try (Pop3BlockingClient client = Pop3BlockingClient.connect(pop, b.listeners().get("pop3"), "127.0.0.3",
                Duration.ofSeconds(10))) {
            client.login(BOB, Secret.of("bob-pw"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.retrieve(1, out);
            assertEquals(stored, out.toString(StandardCharsets.UTF_8));
            client.quit();
        }
        assertTrue(a.delivery().queued().isEmpty(), "nothing left in A's queue");

        // And over IMAP with STARTTLS, read by curl (software nobody here wrote).
        Peers.require(Peers.runs("curl", "--version"), "curl is not installed");
        InetSocketAddress imap = b.listeners().get("imap");
        Process curl = new ProcessBuilder("curl", "-sS", "--ssl-reqd", "--cacert", b.certificateFile().toString(),
                "--user", BOB + ":bob-pw", "imap://127.0.0.3:" + imap.getPort() + "/INBOX;UID=1")
                .redirectErrorStream(true).start();
        String fetched = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), fetched);
        assertEquals(stored, fetched);
    }

    @Test
    void notifySuccessComesBackFromTheFinalServer() throws Exception {
        SmtpClient client = SmtpClient.builder().heloName("client.a.test").tlsMode(TlsMode.REQUIRED)
                .tls(TlsSettings.client(trust(a.certificateFile())))
                .credentials(SaslCredentials.password(ALICE, Secret.of("alice-pw"))).build();
        try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(client, a.listeners().get("submission"), "127.0.0.2")) {
            assertTrue(smtp.capabilities().dsn(), "the submission server announces DSN");
            smtp.send(SmtpTransaction.builder().from(ALICE)
                    .to(new org.mailwire.smtp.codec.Mailbox("bob", "b.test"), org.mailwire.smtp.codec.RcptParameters.NONE
                            .withNotify(java.util.Set.of(org.mailwire.smtp.codec.RcptParameters.Notify.SUCCESS,
                                    org.mailwire.smtp.codec.RcptParameters.Notify.FAILURE)))
                    .envelopeId("env-42").content(message(BOB, "with dsn", "x")).build());
            smtp.quit();
        }
        awaitInbox(b, BOB, 1);
        String report = awaitInbox(a, ALICE, 1).get(0);
        assertTrue(report.contains("From: Mail Delivery System <MAILER-DAEMON@mx.b.test>"), "B delivered and reports: "
                + report);
        assertTrue(report.contains("Action: delivered"), report);
        assertTrue(report.contains("Original-Envelope-Id: env-42"), report);
    }

    @Test
    void unknownUserBouncesWithUserUnknown() throws Exception {
        submit("nobody@b.test", message("nobody@b.test", "to nobody", "x"));
        String bounce = bounceToAlice();
        assertTrue(bounce.contains("<nobody@b.test>: User unknown"), bounce);
        assertTrue(bounce.contains("550 5.1.1"), bounce);
        assertTrue(bounce.contains("Status: 5.1.1"), bounce);
        assertTrue(bounce.contains("Remote-MTA: dns; mx.b.test"), bounce);
    }

    @Test
    void unknownDomainBouncesWithHostUnknown() throws Exception {
        submit("carol@nowhere.test", message("carol@nowhere.test", "to nowhere", "x"));
        String bounce = bounceToAlice();
        assertTrue(bounce.contains("<carol@nowhere.test>: Host unknown"), bounce);
        assertTrue(bounce.contains("Status: 5.1.2"), bounce);
    }

    @Test
    void nullMxBouncesAtOnce() throws Exception {
        submit("x@nullmx.test", message("x@nullmx.test", "to null mx", "x"));
        String bounce = bounceToAlice();
        assertTrue(bounce.contains("<x@nullmx.test>: Domain does not accept mail"), bounce);
        assertTrue(bounce.contains("Status: 5.1.10"), bounce);
    }

    @Test
    void whenBIsDownTheMessageWaitsAndIsDeliveredOnceItIsUp() throws Exception {
        b.close();
        b = null;
        submit(BOB, message(BOB, "while down", "patience"));
        Thread.sleep(2500);                       // at least two failed attempts, 1 s apart
        assertEquals(1, a.delivery().queued().size(), "still queued");
        assertTrue(a.delivery().queued().get(0).attempts() >= 2, "retried");
        b = start("b", "127.0.0.3", new Properties());
        List<String> inbox = awaitInbox(b, BOB, 1);
        assertTrue(inbox.get(0).contains("Subject: while down"));
        Thread.sleep(1500);
        assertEquals(1, b.store().mailboxes(BOB).open(UserMailboxes.INBOX).messages().size(), "delivered once");
        assertTrue(a.store().mailboxes(ALICE).open(UserMailboxes.INBOX).messages().isEmpty(), "no bounce");
    }

    @Test
    void bobOverQuotaBouncesWithTheQuotaWords() throws Exception {
        b.store().mailboxes(BOB).setQuota(Quota.of(100, Quota.UNLIMITED));
        submit(BOB, message(BOB, "too much", "x".repeat(500)));
        String bounce = bounceToAlice();
        assertTrue(bounce.contains("<bob@b.test>: Message size exceeds remaining quota"), bounce);
        assertTrue(bounce.contains("552 5.2.2"), bounce);
    }

    @Test
    void aMessageLargerThanBsLimitBouncesAsTooLarge() throws Exception {
        b.close();
        Properties small = new Properties();
        small.setProperty("message.size.max", "2048");
        b = start("b", "127.0.0.3", small);
        submit(BOB, message(BOB, "too large", "y".repeat(4000)));
        String bounce = bounceToAlice();
        assertTrue(bounce.contains("<bob@b.test>: Message exceeds maximum fixed size"), bounce);
        assertTrue(bounce.contains("Status: 5.3.4"), bounce);
    }

    @Test
    void theBounceCarriesTheOriginalHeader() throws Exception {
        submit("nobody@b.test", message("nobody@b.test", "header check", "secret body"));
        String bounce = bounceToAlice();
        assertTrue(bounce.contains("Content-Type: text/rfc822-headers"), bounce);
        assertTrue(bounce.contains("Message-ID: <header-check@a.test>"), bounce);
        assertTrue(!bounce.contains("secret body"), "headers only");
    }

    @Test
    void aMessageWithTooManyReceivedFieldsIsRefusedAsALoop() throws Exception {
        // RFC 5321 §6.3: counting Received fields is how a server notices a loop.
        StringBuilder looped = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            looped.append("Received: from relay").append(i).append(".example by relay").append(i + 1)
                    .append(".example; Mon, 23 Nov 2026 10:00:00 +0000\r\n");
        }
        looped.append("Subject: loop\r\n\r\nround and round\r\n");
        org.mailwire.smtp.client.SmtpReplyException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.mailwire.smtp.client.SmtpReplyException.class,
                () -> submit(BOB, looped.toString().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(554, refused.code());
        assertEquals("5.4.6", refused.status().orElseThrow().toString());
        assertTrue(a.delivery().queued().isEmpty(), "nothing queued");
    }

    @Test
    void popBeforeSmtpLetsAnAddressRelayForAWhileAfterALogin() throws Exception {
        a.close();
        Properties on = new Properties();
        on.setProperty("pop.before.smtp", "10m");
        a = start("a", "127.0.0.2", on);
        SmtpClient plain = SmtpClient.builder().heloName("client.a.test").tlsMode(TlsMode.OPPORTUNISTIC)
                .tls(TlsSettings.client(trust(a.certificateFile()))).build();
        SmtpTransaction toB = SmtpTransaction.builder().from(ALICE).to(BOB).content(message(BOB, "pbs", "x")).build();
        try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(plain, a.listeners().get("smtp"), "127.0.0.2")) {
            org.mailwire.smtp.client.SmtpRecipientsRefusedException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    org.mailwire.smtp.client.SmtpRecipientsRefusedException.class, () -> smtp.send(toB));
            assertEquals(554, refused.recipients().get(0).reply().code(), "no relay before a login");
        }
        Pop3Client.Builder pop = Pop3Client.builder().startTls(TlsSettings.client(trust(a.certificateFile())));
        try (Pop3BlockingClient client = Pop3BlockingClient.connect(pop, a.listeners().get("pop3"), "127.0.0.2",
                Duration.ofSeconds(10))) {
            client.login(ALICE, Secret.of("alice-pw"));
            client.quit();
        }
        try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(plain, a.listeners().get("smtp"), "127.0.0.2")) {
            assertEquals(250, smtp.send(toB).data().code(), "relay allowed after the POP3 login");
        }
        assertTrue(awaitInbox(b, BOB, 1).get(0).contains("Subject: pbs"));
    }

    @Test
    void anImapLoginAlsoOpensPopBeforeSmtp() throws Exception {
        Peers.require(Peers.runs("curl", "--version"), "curl is not installed");
        a.close();
        Properties on = new Properties();
        on.setProperty("pop.before.smtp", "10m");
        a = start("a", "127.0.0.2", on);
        Process curl = new ProcessBuilder("curl", "-sS", "--ssl-reqd", "--cacert", a.certificateFile().toString(),
                "--user", ALICE + ":alice-pw", "imap://127.0.0.2:" + a.listeners().get("imap").getPort() + "/")
                .redirectErrorStream(true).start();
        String listed = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), listed);
        assertTrue(listed.contains("INBOX"), listed);
        SmtpClient plain = SmtpClient.builder().heloName("client.a.test").tlsMode(TlsMode.OPPORTUNISTIC)
                .tls(TlsSettings.client(trust(a.certificateFile()))).build();
        try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(plain, a.listeners().get("smtp"), "127.0.0.2")) {
            assertEquals(250, smtp.send(SmtpTransaction.builder().from(ALICE).to(BOB)
                    .content(message(BOB, "after imap", "x")).build()).data().code(), "relay allowed after the IMAP login");
        }
        assertTrue(awaitInbox(b, BOB, 1).get(0).contains("Subject: after imap"));
    }
}
