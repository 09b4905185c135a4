// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.dns.resolver.DnsResolver;
import org.mailwire.dns.resolver.MxResolver;
import org.mailwire.dns.resolver.MxResult;
import org.mailwire.pop3.client.Pop3BlockingClient;
import org.mailwire.smtp.client.SmtpBlockingClient;
import org.mailwire.smtp.client.SmtpReplyException;
import org.mailwire.smtp.client.SmtpRecipientsRefusedException;
import org.mailwire.smtp.client.SmtpTransaction;
import org.mailwire.smtp.client.SmtpTransactionResult;
import org.opentest4j.AssertionFailedError;

@MailServerTest
@MailUser(name = "alice@example.test", password = "alice-pw")
@MailUser(name = "bob@b.test")
@MxRecord(domain = "b.test", exchange = "mx.b.test", address = "127.0.0.3")
@MxRecord(domain = "b.test", exchange = "backup.b.test", preference = 20, address = "127.0.0.4")
@Timeout(30)
class MailwireExtensionTest {

    private static byte[] message(String to, String subject, String body) {
        return ("From: <carol@elsewhere.test>\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deliversOverStartTlsToADeclaredUser(TestMailServer mail) throws Exception {
        SmtpTransactionResult result = mail.send("carol@elsewhere.test", "alice@example.test",
                message("alice@example.test", "hello alice", "first line"));
        assertEquals(250, result.data().code());
        ReceivedMessage received = mail.awaitMessages("alice@example.test", 1, Duration.ofSeconds(10)).get(0);
        received.assertHeader("Subject", "hello alice").assertBodyContains("first line");
        assertTrue(received.header("Received").orElseThrow().contains("with ESMTPS"),
                "the trace field records STARTTLS: " + received.text());
    }

    @Test
    void declaredUsersLogInWithSmtpAuthAfterStartTls(TestMailServer mail) throws Exception {
        org.mailwire.smtp.client.SmtpClient client = mail.smtpClientBuilder()
                .credentials(org.mailwire.core.sasl.SaslCredentials.password("alice@example.test",
                        org.mailwire.core.Secret.of("alice-pw"))).build();
        try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(client, mail.smtpAddress(), mail.hostName())) {
            smtp.send(SmtpTransaction.builder().from("alice@example.test").to("bob@b.test")
                    .content(message("bob@b.test", "authenticated", "x")).build());
            smtp.quit();
        }
        List<ReceivedMessage> inbox = mail.awaitMessages("bob@b.test", 1, Duration.ofSeconds(10));
        ReceivedMessage last = inbox.get(inbox.size() - 1);
        assertTrue(last.header("Received").orElseThrow().contains("ESMTPSA"), last.text());
    }

    @Test
    void usersDomainsAreLocalDomains(TestMailServer mail) throws Exception {
        mail.send("carol@elsewhere.test", "bob@b.test", message("bob@b.test", "to bob", "x"));
        assertEquals(1, mail.awaitMessages("bob@b.test", 1, Duration.ofSeconds(10)).size());
    }

    @Test
    void unknownLocalRecipientIsRefused(TestMailServer mail) throws Exception {
        try (SmtpBlockingClient client = mail.smtpClient()) {
            SmtpRecipientsRefusedException refused = assertThrows(SmtpRecipientsRefusedException.class,
                    () -> client.send(SmtpTransaction.builder().from("carol@elsewhere.test").to("nobody@example.test")
                            .content(message("nobody@example.test", "x", "x")).build()));
            assertTrue(refused.getMessage().contains("550"), refused.getMessage());
        }
    }

    @Test
    void mailForAnotherDomainIsNotRelayed(TestMailServer mail) throws Exception {
        try (SmtpBlockingClient client = mail.smtpClient()) {
            Exception refused = assertThrows(Exception.class,
                    () -> client.send(SmtpTransaction.builder().from("carol@elsewhere.test").to("dave@elsewhere.test")
                            .content(message("dave@elsewhere.test", "x", "x")).build()));
            assertTrue(refused instanceof SmtpRecipientsRefusedException || refused instanceof SmtpReplyException,
                    refused.toString());
        }
    }

    @Test
    void pop3ClientLogsInOverStlsAndRetrievesTheMessage(TestMailServer mail) throws Exception {
        mail.send("carol@elsewhere.test", "alice@example.test", message("alice@example.test", "for pop", "body"));
        List<ReceivedMessage> inbox = mail.awaitMessages("alice@example.test", 1, Duration.ofSeconds(10));
        String stored = inbox.get(inbox.size() - 1).text();
        try (Pop3BlockingClient pop = mail.pop3Client("alice@example.test")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pop.retrieve(pop.list().size(), out);
            assertEquals(stored, out.toString(StandardCharsets.UTF_8));
            assertTrue(stored.contains("Subject: for pop"), stored);
            pop.quit();
        }
    }

    @Test
    void mxRecordsAreServedByTheTestDnsServer(TestMailServer mail) throws Exception {
        try (DnsResolver resolver = DnsResolver.create(mail.resolverConfig())) {
            MxResult result = new MxResolver(resolver).resolve("b.test").get();
            MxResult.Exchangers exchangers = assertInstanceOf(MxResult.Exchangers.class, result);
            assertEquals(List.of("mx.b.test.", "backup.b.test."),
                    exchangers.exchangers().stream().map(x -> x.host().toString()).toList());
            assertEquals("/127.0.0.3", exchangers.exchangers().get(0).addresses().get(0).toString());
        }
    }

    @Test
    void addedMxRecordsAreServedAtOnce(TestMailServer mail) throws Exception {
        mail.addMx("c.test", "mx.c.test", 5, "127.0.0.5");
        try (DnsResolver resolver = DnsResolver.create(mail.resolverConfig())) {
            MxResult.Exchangers exchangers = assertInstanceOf(MxResult.Exchangers.class,
                    new MxResolver(resolver).resolve("c.test").get());
            assertEquals("mx.c.test.", exchangers.exchangers().get(0).host().toString());
        }
    }

    @Test
    @MailUser(name = "erin@example.test")
    void aMethodWithItsOwnUsersGetsFreshServersWithTheClassUsersToo(TestMailServer mail) throws Exception {
        assertEquals(java.util.Set.of("alice@example.test", "bob@b.test", "erin@example.test", TestMailServer.POSTMASTER),
                mail.store().users());
        assertTrue(mail.messages("alice@example.test").isEmpty(), "a fresh store");
    }

    @Test
    void awaitMessagesFailsWithWhatArrivedWhenTooFewCome(TestMailServer mail) {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> mail.awaitMessages("bob@b.test", 5, Duration.ofMillis(100)));
        assertTrue(failure.getMessage().contains("bob@b.test"), failure.getMessage());
    }

    @Test
    void assertHeaderFailsOnAnotherValue(TestMailServer mail) throws Exception {
        mail.send("carol@elsewhere.test", "bob@b.test", message("bob@b.test", "actual", "x"));
        ReceivedMessage m = mail.awaitMessages("bob@b.test", 1, Duration.ofSeconds(10)).get(0);
        assertThrows(AssertionFailedError.class, () -> m.assertHeader("Subject", "expected"));
        assertThrows(AssertionFailedError.class, () -> m.assertBodyContains("absent"));
    }

    @Test
    @MailServerTest(tls = false)
    void withoutTlsClientsUsePlaintext(TestMailServer mail) throws Exception {
        assertThrows(IllegalStateException.class, mail::clientTls);
        mail.send("carol@elsewhere.test", "alice@example.test", message("alice@example.test", "plain", "x"));
        mail.awaitMessages("alice@example.test", 1, Duration.ofSeconds(10)).get(0).assertHeader("Subject", "plain");
        try (Pop3BlockingClient pop = mail.pop3Client("alice@example.test")) {
            assertEquals(1, pop.list().size());
            pop.quit();
        }
    }

    @Test
    void eachClassAndMethodServerSetIsDistinct(TestMailServer mail) throws Exception {
        try (TestMailServer other = TestMailServer.builder().user("x@example.test", "pw").start()) {
            assertNotSame(mail.smtpAddress(), other.smtpAddress());
            assertTrue(other.smtpAddress().getPort() != mail.smtpAddress().getPort());
            assertEquals("127.0.0.1", other.smtpAddress().getAddress().getHostAddress());
        }
    }
}
