// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwire.dns.resolver.DnsResolver;
import org.mailwire.dns.resolver.MxResolver;
import org.mailwire.dns.resolver.MxResult;

/** {@code @ExtendWith(MailwireExtension.class)} alone gives default servers; users and records come by API. */
@ExtendWith(MailwireExtension.class)
@Timeout(30)
class PlainExtendWithTest {

    @Test
    void defaultServersHaveOnlyThePostmasterAndAcceptMailForExampleTest(TestMailServer mail) throws Exception {
        assertEquals(Set.of(TestMailServer.POSTMASTER), mail.store().users());
        assertEquals("mail.example.test", mail.hostName());
        mail.addUser("dave@example.test", "pw");
        mail.send("x@elsewhere.test", "dave@example.test", "Subject: api\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mail.awaitMessages("dave@example.test", 1, Duration.ofSeconds(10)).get(0).assertHeader("Subject", "api");
    }

    @Test
    @MxRecord(domain = "method.test", exchange = "mx.method.test", address = "127.0.0.9")
    void aMethodsMxRecordIsServedToThatMethod(TestMailServer mail) throws Exception {
        try (DnsResolver resolver = DnsResolver.create(mail.resolverConfig())) {
            MxResult.Exchangers x = assertInstanceOf(MxResult.Exchangers.class,
                    new MxResolver(resolver).resolve("method.test").get());
            assertEquals("/127.0.0.9", x.exchangers().get(0).addresses().get(0).toString());
        }
    }

    @Test
    void postmasterMailIsDeliveredToThePostmasterMailbox(TestMailServer mail) throws Exception {
        try (var client = mail.smtpClient()) {
            client.send(org.mailwire.smtp.client.SmtpTransaction.builder().from("x@elsewhere.test")
                    .to(org.mailwire.smtp.codec.ForwardPath.POSTMASTER)
                    .content("Subject: abuse\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build());
        }
        mail.awaitMessages(TestMailServer.POSTMASTER, 1, Duration.ofSeconds(10)).get(0).assertHeader("Subject", "abuse");
    }
}
