// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.mailwire.testkit.conformance.CheckTable.expect;
import static org.mailwire.testkit.conformance.CheckTable.skip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IMAP conformance checks (RFC 9051, accepting IMAP4rev1 servers per RFC 3501) against any server
 * by host and port: the greeting, CAPABILITY, tags echoed, BAD for unknown commands and bad
 * syntax, state rules before login, LOGINDISABLED, STARTTLS (including that input sent before the
 * handshake is discarded), LOGIN with quoted strings and with synchronizing literals, SELECT,
 * pipelining, LOGOUT, and the line limit. Checks after login need credentials in the target.
 */
public final class ImapConformance {

    private final ConformanceTarget target;
    private final CheckTable table = new CheckTable();

    private ImapConformance(ConformanceTarget target) {
        this.target = target;
        table.add("imap.greeting", "RFC 9051 §7.1.1, §3", "the server opens with an untagged OK", this::greeting);
        table.add("imap.capability", "RFC 9051 §6.1.1",
                "CAPABILITY is answered with an untagged CAPABILITY naming IMAP4rev2 or IMAP4rev1, then OK",
                this::capability);
        table.add("imap.noop", "RFC 9051 §6.1.2", "NOOP is answered OK", () -> simple("NOOP", "OK"));
        table.add("imap.tag-echo", "RFC 9051 §2.2.1", "the tagged response carries the client's tag exactly",
                this::tagEcho);
        table.add("imap.unknown-command", "RFC 9051 §7.1.5", "an unknown command is answered BAD",
                () -> simple("XYZZY", "BAD"));
        table.add("imap.bad-syntax", "RFC 9051 §7.1.5", "a command missing its argument is answered BAD",
                () -> simple("EXAMINE", "BAD"));
        table.add("imap.select-before-login", "RFC 9051 §3.1, §6.3.2",
                "SELECT in the not-authenticated state is answered BAD or NO", this::selectBeforeLogin);
        table.add("imap.logindisabled", "RFC 9051 §6.2.3, §7.2.2",
                "when LOGINDISABLED is advertised, LOGIN is refused (NO or BAD)", this::loginDisabled);
        table.add("imap.starttls", "RFC 9051 §6.2.1", "STARTTLS is answered OK and TLS negotiates; CAPABILITY works after",
                this::startTls);
        table.add("imap.starttls-discards-input", "RFC 9051 §6.2.1, RFC 3207 §6",
                "commands sent with STARTTLS before the handshake are discarded, not answered", this::startTlsInjection);
        table.add("imap.login", "RFC 9051 §6.2.3", "LOGIN with quoted strings succeeds (after STARTTLS if offered)",
                this::login);
        table.add("imap.literal", "RFC 9051 §4.3, §7.5",
                "LOGIN with synchronizing literals gets a + continuation per literal and succeeds", this::literal);
        table.add("imap.select", "RFC 9051 §6.3.2", "SELECT INBOX gives EXISTS and FLAGS, then OK", this::select);
        table.add("imap.pipelining", "RFC 9051 §5.5", "pipelined commands each get their tagged response, in order",
                this::pipelining);
        table.add("imap.line-too-long", "RFC 9051 §4, RFC 7162 §4",
                "a 64 KiB command line is answered BAD or BYE, or ends the connection", this::lineTooLong);
        table.add("imap.logout", "RFC 9051 §6.1.3", "LOGOUT gives an untagged BYE, then OK, then the server closes",
                this::logout);
    }

    /**
     * Returns the suite for a server.
     *
     * @param target the server, with credentials for the checks after login
     * @return the suite
     */
    public static ConformanceSuite of(ConformanceTarget target) {
        return new ConformanceSuite("IMAP", target, new ImapConformance(target).table);
    }

    private WireConnection connect() throws IOException {
        WireConnection c = WireConnection.open(target);
        try {
            String greeting = c.readLine();
            expect(greeting.startsWith("* OK"), "greeting " + WireConnection.quote(greeting));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Sends a tagged command and returns the untagged lines and, last, the tagged status line. */
    private static List<String> command(WireConnection c, String tag, String command) throws IOException {
        c.send(tag + " " + command + "\r\n");
        return responses(c, tag);
    }

    private static List<String> responses(WireConnection c, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = c.readLine();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
            expect(line.startsWith("* ") || line.startsWith("+"), "neither untagged nor tagged "
                    + tag + ": " + WireConnection.quote(line));
            if (lines.size() > 10_000) {
                throw CheckTable.fail("more than 10000 lines before the tagged response");
            }
        }
    }

    private static String status(List<String> lines, String tag) {
        String last = lines.get(lines.size() - 1);
        String rest = last.substring(tag.length() + 1);
        int space = rest.indexOf(' ');
        return (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    private static List<String> expectStatus(WireConnection c, String tag, String command, String... statuses)
            throws IOException {
        List<String> lines = command(c, tag, command);
        String status = status(lines, tag);
        expect(List.of(statuses).contains(status), shorten(command) + " -> " + WireConnection.quote(lines.get(lines.size() - 1))
                + " (expected " + String.join(" or ", statuses) + ")");
        return lines;
    }

    private static List<String> capabilities(WireConnection c, String tag) throws IOException {
        List<String> lines = expectStatus(c, tag, "CAPABILITY", "OK");
        List<String> words = new ArrayList<>();
        for (String line : lines) {
            if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                for (String w : line.substring("* CAPABILITY ".length()).split(" ")) {
                    words.add(w.toUpperCase(Locale.ROOT));
                }
            }
        }
        return words;
    }

    /** Connects, upgrades with STARTTLS when offered, and logs in with quoted strings. */
    private WireConnection loggedIn() throws IOException {
        String user = target.user().orElseThrow(() -> skip("no credentials given (--user, --password)"));
        WireConnection c = connect();
        try {
            upgradeIfOffered(c);
            expectStatus(c, "L1", "LOGIN " + quoted(user) + " " + quoted(target.password().orElse("")), "OK");
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void upgradeIfOffered(WireConnection c) throws IOException {
        if (capabilities(c, "C0").contains("STARTTLS")) {
            expectStatus(c, "T0", "STARTTLS", "OK");
            c.startTls();
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void greeting() throws IOException {
        try (WireConnection c = connect()) {
            expect(!c.sendsUnprompted(300), "more than one line before the first command");
        }
    }

    private void capability() throws IOException {
        try (WireConnection c = connect()) {
            List<String> words = capabilities(c, "a1");
            expect(words.contains("IMAP4REV2") || words.contains("IMAP4REV1"), "capabilities " + words);
        }
    }

    private void simple(String command, String status) throws IOException {
        try (WireConnection c = connect()) {
            expectStatus(c, "a1", command, status);
        }
    }

    private void tagEcho() throws IOException {
        try (WireConnection c = connect()) {
            expectStatus(c, "x.Y-9_z", "NOOP", "OK");
        }
    }

    private void selectBeforeLogin() throws IOException {
        try (WireConnection c = connect()) {
            expectStatus(c, "a1", "SELECT INBOX", "BAD", "NO");
        }
    }

    private void loginDisabled() throws IOException {
        try (WireConnection c = connect()) {
            if (!capabilities(c, "a1").contains("LOGINDISABLED")) {
                throw skip("LOGINDISABLED not advertised");
            }
            expectStatus(c, "a2", "LOGIN " + quoted(target.user().orElse("nobody")) + " \"x\"", "NO", "BAD");
        }
    }

    private void startTls() throws IOException {
        try (WireConnection c = connect()) {
            if (!capabilities(c, "a1").contains("STARTTLS")) {
                throw skip("STARTTLS not advertised");
            }
            expectStatus(c, "a2", "STARTTLS", "OK");
            c.startTls();
            capabilities(c, "a3");
        }
    }

    private void startTlsInjection() throws IOException {
        try (WireConnection c = connect()) {
            if (!capabilities(c, "a1").contains("STARTTLS")) {
                throw skip("STARTTLS not advertised");
            }
            c.send("a2 STARTTLS\r\na3 NOOP\r\n");
            List<String> lines = responses(c, "a2");
            if (!status(lines, "a2").equals("OK")) {
                return;   // refusing STARTTLS with pipelined input is a safe answer too
            }
            try {
                c.startTls();
            } catch (javax.net.ssl.SSLException | java.io.EOFException | java.net.SocketException broken) {
                // The plaintext went into the TLS layer and broke the handshake: not answered, safe.
                return;
            }
            expect(!c.sendsUnprompted(1000), "a response arrived over TLS to the NOOP sent in plaintext");
        }
    }

    private void login() throws IOException {
        try (WireConnection c = loggedIn()) {
            expectStatus(c, "a9", "LOGOUT", "OK");
        }
    }

    private void literal() throws IOException {
        String user = target.user().orElseThrow(() -> skip("no credentials given (--user, --password)"));
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = target.password().orElse("").getBytes(StandardCharsets.UTF_8);
        try (WireConnection c = connect()) {
            upgradeIfOffered(c);
            c.send("a1 LOGIN {" + u.length + "}\r\n");
            String go = c.readLine();
            expect(go.startsWith("+"), "after the first literal's length: " + WireConnection.quote(go));
            c.send(user + " {" + p.length + "}\r\n");
            go = c.readLine();
            expect(go.startsWith("+"), "after the second literal's length: " + WireConnection.quote(go));
            c.send(target.password().orElse("") + "\r\n");
            List<String> lines = responses(c, "a1");
            expect(status(lines, "a1").equals("OK"), "LOGIN with literals -> " + WireConnection.quote(lines.get(lines.size() - 1)));
        }
    }

    private void select() throws IOException {
        try (WireConnection c = loggedIn()) {
            List<String> lines = expectStatus(c, "a1", "SELECT INBOX", "OK");
            expect(lines.stream().anyMatch(l -> l.startsWith("* ") && l.toUpperCase(Locale.ROOT).endsWith(" EXISTS")),
                    "no EXISTS: " + lines);
            expect(lines.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("* FLAGS ")), "no FLAGS: " + lines);
        }
    }

    private void pipelining() throws IOException {
        try (WireConnection c = loggedIn()) {
            c.send("p1 NOOP\r\np2 CAPABILITY\r\np3 XYZZY\r\np4 NOOP\r\n");
            String[] tags = {"p1", "p2", "p3", "p4"};
            String[] expected = {"OK", "OK", "BAD", "OK"};
            for (int i = 0; i < tags.length; i++) {
                List<String> lines = responses(c, tags[i]);
                expect(status(lines, tags[i]).equals(expected[i]), tags[i] + " -> " + lines.get(lines.size() - 1));
            }
        }
    }

    private void lineTooLong() throws IOException {
        try (WireConnection c = connect()) {
            c.send("a1 NOOP " + "x".repeat(64 * 1024) + "\r\n");
            String line;
            try {
                line = c.readLine();
            } catch (java.io.EOFException | java.net.SocketException closed) {
                return;
            }
            expect(line.startsWith("a1 BAD") || line.startsWith("* BAD") || line.startsWith("* BYE"),
                    "a 64 KiB line -> " + WireConnection.quote(line));
        }
    }

    private void logout() throws IOException {
        try (WireConnection c = connect()) {
            List<String> lines = expectStatus(c, "a1", "LOGOUT", "OK");
            expect(lines.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("* BYE")), "no BYE: " + lines);
            expect(c.closedByServer(), "the connection stayed open after LOGOUT");
        }
    }

    private static String shorten(String line) {
        if (line.startsWith("LOGIN ")) {
            return "LOGIN ***";
        }
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
