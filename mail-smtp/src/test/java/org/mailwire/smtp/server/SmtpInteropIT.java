// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import org.mailwire.core.testfixtures.Peers;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.store.MailStore;

/**
 * Clients nobody here wrote, sending through our server: Python's {@code smtplib},
 * {@code curl smtp://} and swaks, with STARTTLS verified against a keytool-made certificate and
 * AUTH, then the message checked byte for byte in the store.
 */
class SmtpInteropIT {

    private static final String BODY = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: interop\r\n\r\n"
            + ".leading dot\r\n..two dots\r\n.\r\nlast line\r\n";

    @TempDir
    Path dir;

    private static SmtpServer start(MailStore store) throws IOException {
        return SmtpServer.builder().listen("127.0.0.1", 0).hostName("mx.example.test")
                .tls(TestCertificates.get().server()).deliverTo(store).start();
    }

    @Test
    void pythonSmtplibSendsThroughStartTlsAndAuthPlain() throws Exception {
        Peers.require(Peers.runs("python3", "-c", "import smtplib, ssl"), "python3 with smtplib and ssl is not installed");
        MailStore store = StoreFixture.create();
        Path body = Files.writeString(dir.resolve("body.eml"), BODY);
        Path script = dir.resolve("smtplib_send.py");
        try (InputStream in = SmtpInteropIT.class.getResourceAsStream("/interop/smtplib_send.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (SmtpServer server = start(store)) {
            run(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(server.address().getPort()),
                    TestCertificates.get().pemCertificate().toString(), body.toString()));
        }
        List<byte[]> inbox = StoreFixture.inbox(store, "bob@example.test");
        assertEquals(1, inbox.size());
        assertEquals(BODY, StoreFixture.withoutTrace(inbox.get(0)));
        assertTrue(new String(inbox.get(0), StandardCharsets.US_ASCII).contains("with ESMTPSA"));
    }

    @Test
    void curlUploadsThroughStartTlsWithAuth() throws Exception {
        Peers.require(Peers.runs("curl", "--version"), "curl is not installed");
        MailStore store = StoreFixture.create();
        Path body = Files.writeString(dir.resolve("body.eml"), BODY);
        try (SmtpServer server = start(store)) {
            run(List.of("curl", "--silent", "--show-error", "--max-time", "30",
                    "--url", "smtp://127.0.0.1:" + server.address().getPort() + "/client.example",
                    "--ssl-reqd", "--cacert", TestCertificates.get().pemCertificate().toString(),
                    "--user", "alice@example.test:secret",
                    "--mail-from", "alice@example.test", "--mail-rcpt", "bob@example.test",
                    "--upload-file", body.toString()));
        }
        List<byte[]> inbox = StoreFixture.inbox(store, "bob@example.test");
        assertEquals(1, inbox.size());
        assertEquals(BODY, StoreFixture.withoutTrace(inbox.get(0)));
    }

    @Test
    void curlIsRefusedWhenRelaying() throws Exception {
        Peers.require(Peers.runs("curl", "--version"), "curl is not installed");
        MailStore store = StoreFixture.create();
        Path body = Files.writeString(dir.resolve("body.eml"), BODY);
        try (SmtpServer server = start(store)) {
            Process p = new ProcessBuilder(List.of("curl", "--silent", "--show-error", "--max-time", "30",
                    "--url", "smtp://127.0.0.1:" + server.address().getPort() + "/client.example",
                    "--mail-from", "someone@else.example", "--mail-rcpt", "victim@elsewhere.example",
                    "--upload-file", body.toString())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(p.exitValue() != 0, out);
            assertTrue(out.contains("554"), out);
        }
        assertEquals(0, StoreFixture.inbox(store, "bob@example.test").size());
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
    }

    @Test
    void swaksSendsWithStartTlsAuthAndPipelining() throws Exception {
        Peers.require(Peers.runs("swaks", "--version"), "swaks is not installed");
        MailStore store = StoreFixture.create();
        Path body = Files.writeString(dir.resolve("body.eml"), BODY);
        try (SmtpServer server = start(store)) {
            run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(server.address().getPort()),
                    "--helo", "client.example", "--from", "alice@example.test", "--to", "bob@example.test",
                    "--tls", "--tls-verify", "--tls-ca-path", TestCertificates.get().pemCertificate().toString(),
                    "--tls-sni", "localhost",
                    "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "secret",
                    "--pipeline", "--data", "@" + body, "--timeout", "30"));
        }
        List<byte[]> inbox = StoreFixture.inbox(store, "bob@example.test");
        assertEquals(1, inbox.size());
        // swaks always sends "\r\n.\r\n" after --data, even when the data ends with CRLF, so the
        // stored message has one more empty line than the file (swaks: $n{data} .= "\r\n.").
        assertEquals(BODY + "\r\n", StoreFixture.withoutTrace(inbox.get(0)));
    }
}
