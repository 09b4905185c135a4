// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.mailwire.testkit.MailServerTest;
import org.mailwire.testkit.MailUser;
import org.mailwire.testkit.TestMailServer;

/** mailwire's own SMTP, POP3 and IMAP servers pass the conformance suites, every check applying. */
@MailServerTest
@MailUser(name = "alice@example.test", password = "alice-pw")
@Timeout(120)
class OwnServersConformanceTest {

    private static ConformanceTarget smtp(TestMailServer mail) {
        return ConformanceTarget.of("127.0.0.1", mail.smtpAddress().getPort()).withRecipient("alice@example.test");
    }

    private static ConformanceTarget pop3(TestMailServer mail) {
        return ConformanceTarget.of("127.0.0.1", mail.pop3Address().getPort())
                .withCredentials("alice@example.test", "alice-pw");
    }

    @TestFactory
    Stream<DynamicTest> smtpServerPassesEveryCheck(TestMailServer mail) {
        return ConformanceTests.of(SmtpConformance.of(smtp(mail)));
    }

    @TestFactory
    Stream<DynamicTest> pop3ServerPassesEveryCheck(TestMailServer mail) throws Exception {
        mail.send("bob@example.test", "alice@example.test",
                "Subject: for the listings\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        mail.awaitMessages("alice@example.test", 1, Duration.ofSeconds(10));
        return ConformanceTests.of(Pop3Conformance.of(pop3(mail)));
    }

    @TestFactory
    Stream<DynamicTest> imapServerPassesEveryCheck(TestMailServer mail) {
        return ConformanceTests.of(ImapConformance.of(imap(mail)));
    }

    private static ConformanceTarget imap(TestMailServer mail) {
        return ConformanceTarget.of("127.0.0.1", mail.imapAddress().getPort())
                .withCredentials("alice@example.test", "alice-pw");
    }

    @Test
    void reportsHaveNoSkippedCheckForOurServers(TestMailServer mail) {
        ConformanceReport smtp = SmtpConformance.of(smtp(mail)).run();
        ConformanceReport pop3 = Pop3Conformance.of(pop3(mail)).run();
        assertEquals(0, smtp.count(CheckResult.Outcome.SKIPPED) + smtp.count(CheckResult.Outcome.FAIL), smtp.toString());
        assertEquals(0, pop3.count(CheckResult.Outcome.SKIPPED) + pop3.count(CheckResult.Outcome.FAIL), pop3.toString());
        ConformanceReport imap = ImapConformance.of(imap(mail)).run();
        assertEquals(0, imap.count(CheckResult.Outcome.SKIPPED) + imap.count(CheckResult.Outcome.FAIL), imap.toString());
        assertTrue(smtp.toMarkdown().contains("| smtp.starttls-discards-input | RFC 3207 §4.2, §6 | PASS |"), smtp.toMarkdown());
    }
}
