// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.testfixtures.Dovecot;
import org.mailwire.core.testfixtures.Peers;
import org.mailwire.server.internal.PemFiles;
import org.mailwire.server.internal.SelfSignedCertificate;

/**
 * The suites against mature peers on loopback: Postfix's smtpd (Debian {@code postfix}, a private
 * instance with its own configuration directory) and Dovecot's pop3d and imapd ({@code dovecot-pop3d},
 * {@code dovecot-imapd}).
 * Each test asserts the outcome of every check, so that a change in a check or a peer shows; the
 * outcomes and the explanation of each failure are the table in README ("Conformance of peers").
 */
@Timeout(180)
class PeerConformanceIT {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path dir;
    private Process peer;
    private Runnable stop = () -> { };
    private java.util.function.Supplier<String> logs = () -> "";

    @AfterEach
    void stopPeer() {
        stop.run();
        if (peer != null) {
            peer.destroy();
            try {
                peer.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String peerLog() {
        try {
            return Files.readString(dir.resolve("peer.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private void writeCertificate(String hostName) throws Exception {
        SelfSignedCertificate made = SelfSignedCertificate.generate(hostName, List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(2));
        PemFiles.write(made.certificate(), made.key().getPrivate(), dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }

    private static Map<String, CheckResult.Outcome> outcomes(ConformanceReport report) {
        Map<String, CheckResult.Outcome> out = new LinkedHashMap<>();
        report.results().forEach(r -> out.put(r.check().name(), r.outcome()));
        return out;
    }

    private static Map<String, CheckResult.Outcome> allPassExcept(ConformanceSuite suite, Map<String, CheckResult.Outcome> exceptions) {
        Map<String, CheckResult.Outcome> out = new LinkedHashMap<>();
        suite.checks().forEach(c -> out.put(c.name(), exceptions.getOrDefault(c.name(), CheckResult.Outcome.PASS)));
        return out;
    }

    @Test
    void postfixSmtpdWithItsDefaultsFailsTheLongLineAndSmugglingChecks() throws Exception {
        int port = startPostfix();
        ConformanceSuite suite = SmtpConformance.of(ConformanceTarget.of("127.0.0.1", port)
                .withRecipient("someone@example.test"));
        ConformanceReport report = suite.run();
        System.out.println(report);
        // Postfix executes the first line_length_limit (2048) octets of a command line and
        // discards the rest: the 64 KiB NOOP is answered 250. By default Postfix 3.7 also ends
        // DATA at <LF>.<LF> (CVE-2023-51764). README explains both.
        assertEquals(allPassExcept(suite, Map.of("smtp.line-too-long", CheckResult.Outcome.FAIL,
                "smtp.data-bare-lf-dot", CheckResult.Outcome.FAIL)), outcomes(report), report.toString());
    }

    @Test
    void postfixSmtpdWithBareNewlinesForbiddenPassesTheSmugglingCheck() throws Exception {
        // The fix Postfix documents; loopback is exempt by default through $mynetworks.
        int port = startPostfix("smtpd_forbid_bare_newline = yes", "smtpd_forbid_bare_newline_exclusions =");
        ConformanceSuite suite = SmtpConformance.of(ConformanceTarget.of("127.0.0.1", port)
                .withRecipient("someone@example.test"));
        ConformanceReport report = suite.run();
        System.out.println(report);
        assertEquals(allPassExcept(suite, Map.of("smtp.line-too-long", CheckResult.Outcome.FAIL)), outcomes(report),
                report.toString());
    }

    /** Starts a private Postfix instance with STARTTLS on a free loopback port, plus extra main.cf lines. */
    private int startPostfix(String... extraSettings) throws Exception {
        Path postfix = Path.of("/usr/sbin/postfix");
        Peers.require(Files.isExecutable(postfix) && Files.isRegularFile(Path.of("/etc/postfix/master.cf")),
                "Postfix (Debian package postfix) is not installed");
        Assumptions.assumeTrue(ROOT, "a private Postfix instance needs root (its master process runs as root)");
        int port = freePort();
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipalLookupService names = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(data, names.lookupPrincipalByName("postfix"));
        writeCertificate("mx.example.test");
        String master = Files.readString(Path.of("/etc/postfix/master.cf"));
        StringBuilder changed = new StringBuilder();
        for (String line : master.split("\n", -1)) {
            // The public smtpd service moves to a loopback port, unchrooted (the spool is private).
            changed.append(line.startsWith("smtp ") && line.trim().endsWith("smtpd")
                    ? "127.0.0.1:" + port + " inet n - n - - smtpd" : line).append('\n');
        }
        Files.writeString(etc.resolve("master.cf"), changed.toString());
        List<String> settings = new java.util.ArrayList<>(List.of(
                "compatibility_level = 3.6",
                "queue_directory = " + spool,
                "data_directory = " + data,
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = mx.example.test",
                "mydestination = example.test",
                "local_recipient_maps =",
                "alias_maps =",
                "alias_database =",
                "maillog_file = /dev/stdout",
                "smtpd_tls_cert_file = " + dir.resolve("cert.pem"),
                "smtpd_tls_key_file = " + dir.resolve("key.pem"),
                "smtpd_tls_security_level = may",
                "message_size_limit = 10240000"));
        settings.addAll(List.of(extraSettings));
        settings.add("");
        Files.writeString(etc.resolve("main.cf"), String.join("\n", settings));
        peer = new ProcessBuilder(postfix.toString(), "-c", etc.toString(), "start-fg").redirectErrorStream(true)
                .redirectOutput(dir.resolve("peer.log").toFile()).start();
        stop = () -> Peers.runs(postfix.toString(), "-c", etc.toString(), "stop");
        Peers.awaitGreeting(peer, new java.net.InetSocketAddress("127.0.0.1", port), "220", this::peerLog);
        return port;
    }

    @Test
    void dovecotPop3dPassesEveryCheck() throws Exception {
        int port = startDovecot("pop3");
        ConformanceSuite suite = Pop3Conformance.of(ConformanceTarget.of("127.0.0.1", port)
                .withCredentials("alice", "secret").withTimeout(Duration.ofSeconds(20)));
        // Dovecot delays answers after a failed login (auth_failure_delay, 2 s): hence the timeout.
        ConformanceReport report = suite.run();
        System.out.println(report);
        assertEquals(allPassExcept(suite, Map.of()), outcomes(report), report + logs.get());
    }

    @Test
    void dovecotImapdPassesEveryApplicableCheck() throws Exception {
        int port = startDovecot("imap");
        ConformanceSuite suite = ImapConformance.of(ConformanceTarget.of("127.0.0.1", port)
                .withCredentials("alice", "secret").withTimeout(Duration.ofSeconds(20)));
        ConformanceReport report = suite.run();
        System.out.println(report);
        // Dovecot counts loopback connections as secured, so it allows LOGIN before STARTTLS
        // there and does not advertise LOGINDISABLED: that check does not apply.
        assertEquals(allPassExcept(suite, Map.of("imap.logindisabled", CheckResult.Outcome.SKIPPED)), outcomes(report),
                report + logs.get());
    }

    /** Starts Dovecot for one protocol with user alice (password secret) holding one message. */
    private int startDovecot(String protocol) throws Exception {
        Dovecot.require(protocol);
        Dovecot.Builder builder = Dovecot.builder(dir, protocol);
        java.nio.file.Files.writeString(builder.maildir().resolve("new").resolve("1700000001.M1P1.conformance"),
                "Subject: one\n\nbody\n");
        Dovecot dovecot = builder.start();
        stop = () -> dovecot.close();
        logs = dovecot::logs;
        return dovecot.address().getPort();
    }
}
