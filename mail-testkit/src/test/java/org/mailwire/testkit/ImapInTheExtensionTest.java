// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The extension's IMAP server: STARTTLS with the kit's certificate, LOGIN, and delivered mail in INBOX. */
@MailServerTest
@MailUser(name = "alice@example.test", password = "alice-pw")
@Timeout(30)
class ImapInTheExtensionTest {

    /** Sends a tagged command and returns the lines up to and including its tagged status. */
    private static List<String> command(BufferedReader in, OutputStream out, String tag, String command) throws IOException {
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            lines.add(line);
        } while (line != null && !line.startsWith(tag + " "));
        return lines;
    }

    @Test
    void deliveredMailIsInTheInboxOverImapAfterStartTls(TestMailServer mail) throws Exception {
        mail.send("carol@elsewhere.test", "alice@example.test",
                "Subject: imap\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
        mail.awaitMessages("alice@example.test", 1, Duration.ofSeconds(10));
        try (Socket plain = new Socket(mail.imapAddress().getAddress(), mail.imapAddress().getPort())) {
            plain.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("* OK"));
            List<String> starttls = command(in, plain.getOutputStream(), "a1", "STARTTLS");
            assertTrue(starttls.get(starttls.size() - 1).startsWith("a1 OK"), starttls.toString());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(mail.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost",
                    mail.imapAddress().getPort(), true)) {
                tls.startHandshake();
                BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                OutputStream tout = tls.getOutputStream();
                List<String> login = command(tin, tout, "a2", "LOGIN alice@example.test alice-pw");
                assertTrue(login.get(login.size() - 1).startsWith("a2 OK"), login.toString());
                List<String> select = command(tin, tout, "a3", "SELECT INBOX");
                assertTrue(select.contains("* 1 EXISTS"), select.toString());
                List<String> fetch = command(tin, tout, "a4", "FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]");
                assertTrue(String.join("\n", fetch).contains("Subject: imap"), fetch.toString());
                command(tin, tout, "a5", "LOGOUT");
            }
        }
    }
}
