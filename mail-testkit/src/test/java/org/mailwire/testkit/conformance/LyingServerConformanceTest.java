// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suites fail servers that break the RFCs: a fake server that answers every line with the
 * same success reply (the classic "accept everything" mistake) fails the error-reply checks.
 */
@Timeout(60)
class LyingServerConformanceTest {

    /** Greets, then answers every line with the given reply, until the client goes away. */
    private static ServerSocket yesServer(String greeting, String reply) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread h = new Thread(() -> serve(s, greeting, reply));
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static void serve(Socket s, String greeting, String reply) {
        try (s) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            while (in.readLine() != null) {
                out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // client gone
        }
    }

    private static Map<String, CheckResult.Outcome> outcomes(ConformanceReport report) {
        return report.results().stream().collect(Collectors.toMap(r -> r.check().name(), CheckResult::outcome,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void anSmtpServerThatAcceptsEverythingFailsTheErrorChecks() throws Exception {
        try (ServerSocket server = yesServer("220 yes.example.test", "250 ok")) {
            ConformanceReport report = SmtpConformance.of(ConformanceTarget.of("127.0.0.1", server.getLocalPort())
                    .withTimeout(java.time.Duration.ofSeconds(2))).run();
            Map<String, CheckResult.Outcome> o = outcomes(report);
            assertEquals(CheckResult.Outcome.PASS, o.get("smtp.greeting"), report.toString());
            assertEquals(CheckResult.Outcome.PASS, o.get("smtp.noop"), report.toString());
            for (String broken : new String[] {"smtp.unknown-command", "smtp.rcpt-before-mail", "smtp.data-before-rcpt",
                    "smtp.mail-syntax", "smtp.ehlo-without-domain", "smtp.line-too-long", "smtp.quit"}) {
                assertEquals(CheckResult.Outcome.FAIL, o.get(broken), broken + "\n" + report);
            }
            assertEquals(CheckResult.Outcome.SKIPPED, o.get("smtp.starttls"), report.toString());
            assertEquals(CheckResult.Outcome.SKIPPED, o.get("smtp.transaction"), report.toString());
        }
    }

    @Test
    void aPop3ServerThatAcceptsEverythingFailsTheErrorChecks() throws Exception {
        try (ServerSocket server = yesServer("+OK yes", "+OK")) {
            ConformanceReport report = Pop3Conformance.of(ConformanceTarget.of("127.0.0.1", server.getLocalPort())
                    .withTimeout(java.time.Duration.ofSeconds(2))).run();
            Map<String, CheckResult.Outcome> o = outcomes(report);
            assertEquals(CheckResult.Outcome.PASS, o.get("pop3.greeting"), report.toString());
            for (String broken : new String[] {"pop3.unknown-command", "pop3.stat-before-login", "pop3.pass-without-user",
                    "pop3.line-too-long", "pop3.quit"}) {
                assertEquals(CheckResult.Outcome.FAIL, o.get(broken), broken + "\n" + report);
            }
        }
    }

    @Test
    void checkNamesAreUniqueAndEachNamesAnRfcSection() {
        for (ConformanceSuite suite : new ConformanceSuite[] {SmtpConformance.of(ConformanceTarget.of("127.0.0.1", 1)),
                Pop3Conformance.of(ConformanceTarget.of("127.0.0.1", 1))}) {
            Map<String, Long> names = suite.checks().stream().collect(Collectors.groupingBy(Check::name, Collectors.counting()));
            assertEquals(suite.checks().size(), names.size());
            suite.checks().forEach(c -> assertEquals(true, c.rfcSection().startsWith("RFC "), c.toString()));
        }
    }
}
