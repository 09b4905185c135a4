// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.mailwire.testkit.conformance.CheckTable.expect;
import static org.mailwire.testkit.conformance.CheckTable.skip;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * POP3 conformance checks (RFC 1939 with RFC 2449 CAPA and PIPELINING and RFC 2595 STLS) against
 * any server by host and port: the greeting, CAPA, the AUTHORIZATION state's refusals, login,
 * each TRANSACTION command's response format, error responses, pipelining, STLS (including that
 * input sent before the handshake is discarded), and the command length limit. Checks after
 * login run only when the target has credentials; they upgrade with STLS first when it is offered.
 */
public final class Pop3Conformance {

    private final ConformanceTarget target;
    private final CheckTable table = new CheckTable();

    private Pop3Conformance(ConformanceTarget target) {
        this.target = target;
        table.add("pop3.greeting", "RFC 1939 §4", "the server opens with +OK", this::greeting);
        table.add("pop3.capa", "RFC 2449 §5", "CAPA is answered +OK and a dot-terminated list", this::capa);
        table.add("pop3.unknown-command", "RFC 1939 §3", "an unknown command is answered -ERR", this::unknownCommand);
        table.add("pop3.stat-before-login", "RFC 1939 §3, §4",
                "a TRANSACTION command in the AUTHORIZATION state is answered -ERR", this::statBeforeLogin);
        table.add("pop3.pass-without-user", "RFC 1939 §7", "PASS without a USER first is answered -ERR",
                this::passWithoutUser);
        table.add("pop3.wrong-password", "RFC 1939 §7", "USER with a wrong PASS is answered -ERR", this::wrongPassword);
        table.add("pop3.login", "RFC 1939 §7, §5", "USER and PASS log in; STAT is then answered +OK nn mm",
                this::login);
        table.add("pop3.list", "RFC 1939 §5", "LIST is answered +OK and dot-terminated scan listings", this::list);
        table.add("pop3.uidl", "RFC 1939 §7", "UIDL is answered with unique-id listings of 1-70 printable octets",
                this::uidl);
        table.add("pop3.retr-missing", "RFC 1939 §5", "RETR of a message that does not exist is answered -ERR",
                this::retrMissing);
        table.add("pop3.noop-rset", "RFC 1939 §5", "NOOP and RSET are answered +OK in the TRANSACTION state",
                this::noopRset);
        table.add("pop3.line-too-long", "RFC 2449 §4", "a 64 KiB command line is refused (-ERR or close)",
                this::lineTooLong);
        table.add("pop3.pipelining", "RFC 2449 §6.6", "pipelined commands are answered in order", this::pipelining);
        table.add("pop3.stls", "RFC 2595 §4", "STLS is answered +OK, TLS negotiates, the state stays AUTHORIZATION",
                this::stls);
        table.add("pop3.stls-discards-input", "RFC 2595 §4, RFC 3207 §6",
                "commands sent with STLS before the handshake are discarded, not answered", this::stlsInjection);
        table.add("pop3.quit", "RFC 1939 §6", "QUIT is answered +OK and the server closes", this::quit);
    }

    /**
     * Returns the suite for a server.
     *
     * @param target the server, with credentials for the checks after login
     * @return the suite
     */
    public static ConformanceSuite of(ConformanceTarget target) {
        return new ConformanceSuite("POP3", target, new Pop3Conformance(target).table);
    }

    private WireConnection connect() throws IOException {
        WireConnection c = WireConnection.open(target);
        try {
            String greeting = c.readLine();
            expect(greeting.startsWith("+OK"), "greeting " + WireConnection.quote(greeting));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static String expectOk(WireConnection c, String line) throws IOException {
        c.send(line + "\r\n");
        String status = c.readLine();
        expect(status.startsWith("+OK"), shorten(line) + " -> " + WireConnection.quote(status));
        return status;
    }

    private static void expectErr(WireConnection c, String line) throws IOException {
        c.send(line + "\r\n");
        String status = c.readLine();
        expect(status.startsWith("-ERR"), shorten(line) + " -> " + WireConnection.quote(status) + " (expected -ERR)");
    }

    /** Returns the CAPA lines, upper case, or an empty list when CAPA is refused. */
    private static List<String> capabilities(WireConnection c) throws IOException {
        c.send("CAPA\r\n");
        String status = c.readLine();
        if (!status.startsWith("+OK")) {
            return List.of();
        }
        return c.readDotTerminated().stream().map(l -> l.toUpperCase(Locale.ROOT)).toList();
    }

    private static boolean offers(List<String> capabilities, String keyword) {
        return capabilities.stream().anyMatch(l -> l.equals(keyword) || l.startsWith(keyword + " "));
    }

    /** Connects and logs in, after STLS when offered. */
    private WireConnection loggedIn() throws IOException {
        String user = target.user().orElseThrow(() -> skip("no credentials given (--user, --password)"));
        WireConnection c = connect();
        try {
            if (offers(capabilities(c), "STLS")) {
                expectOk(c, "STLS");
                c.startTls();
            }
            expectOk(c, "USER " + user);
            expectOk(c, "PASS " + target.password().orElse(""));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void greeting() throws IOException {
        try (WireConnection c = connect()) {
            expect(!c.sendsUnprompted(300), "more than one line before the first command");
        }
    }

    private void capa() throws IOException {
        try (WireConnection c = connect()) {
            expectOk(c, "CAPA");
            List<String> lines = c.readDotTerminated();
            expect(!lines.isEmpty(), "an empty capability list");
        }
    }

    private void unknownCommand() throws IOException {
        try (WireConnection c = connect()) {
            expectErr(c, "XYZZY");
        }
    }

    private void statBeforeLogin() throws IOException {
        try (WireConnection c = connect()) {
            expectErr(c, "STAT");
        }
    }

    private void passWithoutUser() throws IOException {
        try (WireConnection c = connect()) {
            expectErr(c, "PASS secret");
        }
    }

    private void wrongPassword() throws IOException {
        String user = target.user().orElseThrow(() -> skip("no credentials given (--user, --password)"));
        try (WireConnection c = connect()) {
            if (offers(capabilities(c), "STLS")) {
                expectOk(c, "STLS");
                c.startTls();
            }
            c.send("USER " + user + "\r\n");
            String status = c.readLine();
            if (status.startsWith("+OK")) {
                expectErr(c, "PASS wrong-" + System.nanoTime());
            } else {
                expect(status.startsWith("-ERR"), "USER -> " + WireConnection.quote(status));
            }
        }
    }

    private void login() throws IOException {
        try (WireConnection c = loggedIn()) {
            String stat = expectOk(c, "STAT");
            String[] words = stat.split(" ");
            expect(words.length >= 3 && digits(words[1]) && digits(words[2]), "STAT -> " + WireConnection.quote(stat));
        }
    }

    private void list() throws IOException {
        try (WireConnection c = loggedIn()) {
            expectOk(c, "LIST");
            for (String line : c.readDotTerminated()) {
                String[] words = line.split(" ");
                expect(words.length >= 2 && digits(words[0]) && digits(words[1]),
                        "scan listing " + WireConnection.quote(line));
            }
        }
    }

    private void uidl() throws IOException {
        try (WireConnection c = loggedIn()) {
            c.send("UIDL\r\n");
            String status = c.readLine();
            if (status.startsWith("-ERR")) {
                throw skip("UIDL not supported (optional)");
            }
            expect(status.startsWith("+OK"), "UIDL -> " + WireConnection.quote(status));
            for (String line : c.readDotTerminated()) {
                String[] words = line.split(" ");
                expect(words.length == 2 && digits(words[0]) && uniqueId(words[1]),
                        "unique-id listing " + WireConnection.quote(line));
            }
        }
    }

    private void retrMissing() throws IOException {
        try (WireConnection c = loggedIn()) {
            expectErr(c, "RETR 999999");
        }
    }

    private void noopRset() throws IOException {
        try (WireConnection c = loggedIn()) {
            expectOk(c, "NOOP");
            expectOk(c, "RSET");
        }
    }

    private void lineTooLong() throws IOException {
        try (WireConnection c = connect()) {
            c.send("USER " + "x".repeat(64 * 1024) + "\r\n");
            String status;
            try {
                status = c.readLine();
            } catch (java.io.EOFException | java.net.SocketException closed) {
                return;
            }
            expect(status.startsWith("-ERR"), "a 64 KiB USER line -> " + WireConnection.quote(status));
        }
    }

    private void pipelining() throws IOException {
        try (WireConnection c = connect()) {
            if (!offers(capabilities(c), "PIPELINING")) {
                throw skip("PIPELINING not advertised");
            }
            c.send("CAPA\r\nXYZZY\r\nCAPA\r\n");
            String first = c.readLine();
            expect(first.startsWith("+OK"), "reply 1 of CAPA, XYZZY, CAPA: " + WireConnection.quote(first));
            c.readDotTerminated();
            String second = c.readLine();
            expect(second.startsWith("-ERR"), "reply 2 of CAPA, XYZZY, CAPA: " + WireConnection.quote(second));
            String third = c.readLine();
            expect(third.startsWith("+OK"), "reply 3 of CAPA, XYZZY, CAPA: " + WireConnection.quote(third));
            c.readDotTerminated();
        }
    }

    private void stls() throws IOException {
        try (WireConnection c = connect()) {
            if (!offers(capabilities(c), "STLS")) {
                throw skip("STLS not advertised");
            }
            expectOk(c, "STLS");
            c.startTls();
            expectErr(c, "STAT");   // still AUTHORIZATION
            List<String> after = capabilities(c);
            expect(!offers(after, "STLS"), "STLS still offered after TLS: " + after);
        }
    }

    private void stlsInjection() throws IOException {
        try (WireConnection c = connect()) {
            if (!offers(capabilities(c), "STLS")) {
                throw skip("STLS not advertised");
            }
            c.send("STLS\r\nCAPA\r\n");
            String status = c.readLine();
            if (!status.startsWith("+OK")) {
                return;   // refusing STLS with pipelined input is a safe answer too
            }
            try {
                c.startTls();
            } catch (javax.net.ssl.SSLException | java.io.EOFException | java.net.SocketException broken) {
                // The plaintext went into the TLS layer and broke the handshake: not answered, safe.
                return;
            }
            expect(!c.sendsUnprompted(1000), "a response arrived over TLS to the CAPA sent in plaintext");
        }
    }

    private void quit() throws IOException {
        try (WireConnection c = connect()) {
            expectOk(c, "QUIT");
            expect(c.closedByServer(), "the connection stayed open after QUIT");
        }
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code unique-id}: 1 to 70 octets of 0x21 to 0x7E, RFC 1939 §7. */
    private static boolean uniqueId(String s) {
        if (s.isEmpty() || s.length() > 70) {
            return false;
        }
        return s.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7E);
    }

    private static String shorten(String line) {
        if (line.startsWith("PASS ")) {
            return "PASS ***";
        }
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
