// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import static org.mailwire.testkit.conformance.CheckTable.expect;
import static org.mailwire.testkit.conformance.CheckTable.fail;
import static org.mailwire.testkit.conformance.CheckTable.skip;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailwire.testkit.conformance.WireConnection.SmtpReplyLines;

/**
 * SMTP conformance checks (RFC 5321 with RFC 2920 PIPELINING, RFC 3207 STARTTLS and RFC 1870
 * SIZE) against any server by host and port: the greeting, EHLO and HELO, each command's required
 * replies, the error replies for unknown commands, bad syntax and bad sequence, pipelining,
 * STARTTLS (including that input sent before the handshake is discarded), and limits. A mail
 * transaction is checked only when the target names a recipient the server accepts.
 */
public final class SmtpConformance {

    private static final String CLIENT = "conformance.example.test";

    private final ConformanceTarget target;
    private final CheckTable table = new CheckTable();

    private SmtpConformance(ConformanceTarget target) {
        this.target = target;
        table.add("smtp.greeting", "RFC 5321 §4.2, §3.1", "the server opens with a 220 reply", this::greeting);
        table.add("smtp.ehlo", "RFC 5321 §4.1.1.1", "EHLO is answered 250, one line per extension", this::ehlo);
        table.add("smtp.helo", "RFC 5321 §4.1.1.1", "HELO is answered 250", this::helo);
        table.add("smtp.ehlo-without-domain", "RFC 5321 §4.1.1.1, §4.2.4", "EHLO without a domain is answered 501",
                this::ehloWithoutDomain);
        table.add("smtp.case-insensitive", "RFC 5321 §2.4", "commands are accepted in lower case", this::caseInsensitive);
        table.add("smtp.noop", "RFC 5321 §4.1.1.9", "NOOP is answered 250", () -> simple("NOOP", 250));
        table.add("smtp.rset", "RFC 5321 §4.1.1.5", "RSET is answered 250", () -> simple("RSET", 250));
        table.add("smtp.unknown-command", "RFC 5321 §4.2.4", "an unrecognized command is answered 500",
                () -> simple("XYZZY", 500));
        table.add("smtp.rcpt-before-mail", "RFC 5321 §4.1.4, §4.3.2", "RCPT before MAIL is answered 503",
                this::rcptBeforeMail);
        table.add("smtp.data-before-rcpt", "RFC 5321 §3.3", "DATA without an accepted RCPT is answered 503 or 554",
                this::dataBeforeRcpt);
        table.add("smtp.mail-syntax", "RFC 5321 §4.1.1.2, §4.2.4", "MAIL with a broken path is answered 501",
                this::mailSyntax);
        table.add("smtp.vrfy", "RFC 5321 §3.5.3, §4.1.1.6", "VRFY is answered 250, 251, 252, 502, 550, 551 or 553",
                this::vrfy);
        table.add("smtp.postmaster", "RFC 5321 §4.5.1", "RCPT TO:<Postmaster> is accepted", this::postmaster);
        table.add("smtp.transaction", "RFC 5321 §3.3, §4.1.1.4, §4.5.2",
                "MAIL, RCPT, DATA with a dot-stuffed body are answered 250, 250, 354, 250", this::transaction);
        table.add("smtp.data-bare-lf-dot", "RFC 5321 §4.1.1.4, §2.3.8",
                "only <CRLF>.<CRLF> ends DATA: a bare <LF>.<LF> inside does not (SMTP smuggling)", this::bareLfDot);
        table.add("smtp.line-512", "RFC 5321 §4.5.3.1.4", "a command line of 512 octets with CRLF is accepted",
                this::line512);
        table.add("smtp.line-too-long", "RFC 5321 §4.5.3.1.4, §4.2.4",
                "a 64 KiB command line is answered 500 or 501 (line too long) or ends the connection", this::lineTooLong);
        table.add("smtp.size", "RFC 1870 §4, §6.1", "MAIL with SIZE over the advertised maximum is answered 552",
                this::size);
        table.add("smtp.pipelining", "RFC 2920 §3.1, §3.2",
                "pipelined commands are answered in order, one reply each", this::pipelining);
        table.add("smtp.starttls", "RFC 3207 §4, §4.2",
                "STARTTLS is answered 220, TLS negotiates, and EHLO after it no longer offers STARTTLS", this::startTls);
        table.add("smtp.starttls-discards-input", "RFC 3207 §4.2, §6",
                "commands sent with STARTTLS before the handshake are discarded, not answered", this::startTlsInjection);
        table.add("smtp.quit", "RFC 5321 §4.1.1.10", "QUIT is answered 221 and the server closes", this::quit);
    }

    /**
     * Returns the suite for a server.
     *
     * @param target the server, with a recipient for the transaction check
     * @return the suite
     */
    public static ConformanceSuite of(ConformanceTarget target) {
        return new ConformanceSuite("SMTP", target, new SmtpConformance(target).table);
    }

    private WireConnection connect() throws IOException {
        WireConnection c = WireConnection.open(target);
        try {
            SmtpReplyLines greeting = c.readSmtpReply();
            expect(greeting.code() == 220, "greeting " + greeting);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static SmtpReplyLines command(WireConnection c, String line) throws IOException {
        c.send(line + "\r\n");
        return c.readSmtpReply();
    }

    private static SmtpReplyLines expectReply(WireConnection c, String line, int... codes) throws IOException {
        SmtpReplyLines reply = command(c, line);
        if (Arrays.stream(codes).noneMatch(code -> code == reply.code())) {
            throw fail(shorten(line) + " -> " + reply + " (expected " + Arrays.toString(codes) + ")");
        }
        return reply;
    }

    /** Sends EHLO and returns the extension keywords, upper case. */
    private static Set<String> ehlo(WireConnection c) throws IOException {
        SmtpReplyLines reply = expectReply(c, "EHLO " + CLIENT, 250);
        Set<String> keywords = new LinkedHashSet<>();
        List<String> texts = reply.texts();
        for (int i = 1; i < texts.size(); i++) {
            String word = texts.get(i).split(" ", 2)[0];
            keywords.add(word.toUpperCase(Locale.ROOT));
        }
        return keywords;
    }

    private void greeting() throws IOException {
        try (WireConnection c = connect()) {
            expect(!c.sendsUnprompted(300), "more than one reply before the first command");
        }
    }

    private void ehlo() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
        }
    }

    private void helo() throws IOException {
        try (WireConnection c = connect()) {
            expectReply(c, "HELO " + CLIENT, 250);
        }
    }

    private void ehloWithoutDomain() throws IOException {
        try (WireConnection c = connect()) {
            expectReply(c, "EHLO", 501);
        }
    }

    private void caseInsensitive() throws IOException {
        try (WireConnection c = connect()) {
            expectReply(c, "ehlo " + CLIENT, 250);
            expectReply(c, "nOoP", 250);
            expectReply(c, "mail from:<>", 250);
            expectReply(c, "rset", 250);
        }
    }

    private void simple(String line, int code) throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, line, code);
        }
    }

    private void rcptBeforeMail() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, "RCPT TO:<" + recipientOr("postmaster") + ">", 503);
        }
    }

    private void dataBeforeRcpt() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, "MAIL FROM:<>", 250);
            expectReply(c, "DATA", 503, 554);
        }
    }

    private void mailSyntax() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, "MAIL FROM:<unterminated@example.test", 501);
        }
    }

    private void vrfy() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, "VRFY postmaster", 250, 251, 252, 502, 550, 551, 553);
        }
    }

    private void postmaster() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, "MAIL FROM:<>", 250);
            expectReply(c, "RCPT TO:<Postmaster>", 250, 251);
        }
    }

    /** Connects and goes as far as the 354 after DATA, for the given recipient. */
    private WireConnection inData(String recipient) throws IOException {
        WireConnection c = connect();
        try {
            ehlo(c);
            expectReply(c, "MAIL FROM:<conformance@example.test>", 250);
            expectReply(c, "RCPT TO:<" + recipient + ">", 250, 251);
            expectReply(c, "DATA", 354);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void transaction() throws IOException {
        String recipient = target.recipient().orElseThrow(() -> skip("no recipient given (--recipient)"));
        try (WireConnection c = inData(recipient)) {
            c.send("From: <conformance@example.test>\r\nTo: <" + recipient + ">\r\nSubject: conformance\r\n"
                    + "Message-ID: <conformance." + System.nanoTime() + "@example.test>\r\n\r\n"
                    + "..a line that starts with a dot, stuffed\r\n.\r\n");
            SmtpReplyLines end = c.readSmtpReply();
            expect(end.code() == 250, "end of data -> " + end);
            expectReply(c, "QUIT", 221);
        }
    }

    private void bareLfDot() throws IOException {
        String recipient = target.recipient().orElseThrow(() -> skip("no recipient given (--recipient)"));
        try (WireConnection c = inData(recipient)) {
            // A server that ends DATA at <LF>.<LF> would take the NOOP as a command and answer it:
            // one more reply than a conforming server sends.
            c.send("Subject: smuggling check\r\n\r\nfirst\n.\nNOOP\r\n.\r\n");
            SmtpReplyLines end = c.readSmtpReply();
            expect(end.code() / 100 == 2 || end.code() / 100 == 5, "end of data -> " + end);
            expect(!c.sendsUnprompted(1000), "a second reply came: <LF>.<LF> ended the data, the rest ran as commands");
        }
    }

    private void line512() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            expectReply(c, "NOOP " + "x".repeat(512 - "NOOP \r\n".length()), 250);
        }
    }

    private void lineTooLong() throws IOException {
        try (WireConnection c = connect()) {
            ehlo(c);
            SmtpReplyLines reply;
            try {
                reply = command(c, "NOOP " + "x".repeat(64 * 1024));
            } catch (java.io.EOFException | java.net.SocketException closed) {
                return;
            }
            expect(reply.code() == 500 || reply.code() == 501 || reply.code() == 421,
                    "a 64 KiB NOOP line -> " + reply);
        }
    }

    private void size() throws IOException {
        try (WireConnection c = connect()) {
            SmtpReplyLines reply = expectReply(c, "EHLO " + CLIENT, 250);
            long max = -1;
            for (String text : reply.texts()) {
                String[] words = text.split(" ");
                if (words[0].equalsIgnoreCase("SIZE") && words.length > 1) {
                    try {
                        max = Long.parseLong(words[1]);
                    } catch (NumberFormatException e) {
                        throw fail("SIZE parameter not a number: " + text);
                    }
                }
            }
            if (max <= 0) {
                throw skip("no SIZE limit advertised");
            }
            expectReply(c, "MAIL FROM:<> SIZE=" + (max + 1), 552);
        }
    }

    private void pipelining() throws IOException {
        try (WireConnection c = connect()) {
            if (!ehlo(c).contains("PIPELINING")) {
                throw skip("PIPELINING not advertised");
            }
            c.send("RSET\r\nNOOP\r\nMAIL FROM:<>\r\nXYZZY\r\nRSET\r\n");
            int[] expected = {250, 250, 250, 500, 250};
            for (int i = 0; i < expected.length; i++) {
                SmtpReplyLines reply = c.readSmtpReply();
                expect(reply.code() == expected[i] || expected[i] == 500 && reply.code() == 502,
                        "reply " + (i + 1) + " of RSET, NOOP, MAIL, XYZZY, RSET: " + reply);
            }
            expect(!c.sendsUnprompted(300), "more replies than commands");
        }
    }

    private void startTls() throws IOException {
        try (WireConnection c = connect()) {
            if (!ehlo(c).contains("STARTTLS")) {
                throw skip("STARTTLS not advertised");
            }
            expectReply(c, "STARTTLS", 220);
            c.startTls();
            Set<String> after = ehlo(c);
            expect(!after.contains("STARTTLS"), "STARTTLS still offered after TLS: " + after);
            expectReply(c, "QUIT", 221);
        }
    }

    private void startTlsInjection() throws IOException {
        try (WireConnection c = connect()) {
            if (!ehlo(c).contains("STARTTLS")) {
                throw skip("STARTTLS not advertised");
            }
            c.send("STARTTLS\r\nNOOP\r\n");
            SmtpReplyLines reply = c.readSmtpReply();
            if (reply.code() != 220) {
                return;   // refusing STARTTLS with pipelined input is a safe answer too
            }
            try {
                c.startTls();
            } catch (javax.net.ssl.SSLException | java.io.EOFException | java.net.SocketException broken) {
                // The plaintext went into the TLS layer and broke the handshake: not answered, safe.
                return;
            }
            expect(!c.sendsUnprompted(1000), "a reply arrived over TLS to the NOOP sent in plaintext");
            ehlo(c);
        }
    }

    private void quit() throws IOException {
        try (WireConnection c = connect()) {
            expectReply(c, "QUIT", 221);
            expect(c.closedByServer(), "the connection stayed open after 221");
        }
    }

    private String recipientOr(String fallback) {
        return target.recipient().orElse(fallback);
    }

    private static String shorten(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
