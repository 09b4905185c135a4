// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.testkit.MailServerTest;
import org.mailwire.testkit.MailUser;
import org.mailwire.testkit.TestMailServer;

@MailServerTest
@MailUser(name = "alice@example.test", password = "alice-pw")
@Timeout(60)
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void smtpSuiteAgainstOurServerExitsZeroAndPrintsEveryCheck(TestMailServer mail) {
        int status = run("smtp", "127.0.0.1", Integer.toString(mail.smtpAddress().getPort()), "--recipient", "alice@example.test");
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        assertTrue(report.contains("PASS    smtp.greeting"), report);
        assertTrue(report.endsWith("22 passed, 0 failed, 0 skipped\n"), report);
    }

    @Test
    void pop3SuiteWithoutCredentialsSkipsTheLoginChecks(TestMailServer mail) {
        int status = run("pop3", "127.0.0.1", Integer.toString(mail.pop3Address().getPort()), "--markdown");
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        assertTrue(report.contains("| pop3.login | RFC 1939 §7, §5 | SKIPPED | no credentials given (--user, --password) |"), report);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("smtp", "127.0.0.1"));
        assertEquals(2, run("imap4", "127.0.0.1", "143"));
        assertEquals(2, run("smtp", "127.0.0.1", "70000"));
        assertEquals(2, run("pop3", "127.0.0.1", "110", "--user", "a"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: Main smtp|pop3|imap HOST PORT"));
    }

    @Test
    void anUnreachableServerFailsEveryCheckAndExitsOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        assertEquals(1, run("pop3", "127.0.0.1", Integer.toString(port), "--timeout", "1"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("FAIL    pop3.greeting"), out.toString(StandardCharsets.UTF_8));
    }
}
