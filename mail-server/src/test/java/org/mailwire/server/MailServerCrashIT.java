// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.Rdata;
import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import org.mailwire.smtp.client.SmtpBlockingClient;
import org.mailwire.smtp.client.SmtpClient;
import org.mailwire.smtp.client.SmtpTransaction;
import org.mailwire.smtp.client.TlsMode;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UserMailboxes;

/**
 * The server process is killed with SIGKILL during a burst of submissions; after a restart,
 * every message that got a 250 is delivered, and none twice (issue 10's crash test).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MailServerCrashIT {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageIsDeliveredOnceAfterSigkill() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("b.test.", 300, new Rdata.Mx(10, DnsName.of("mx.b.test.")))
                .add("mx.b.test.", 300, ZoneResponder.a("127.0.0.3"));
        try (TestDnsServer dns = new TestDnsServer(zone)) {
            int mxPort = freePort("127.0.0.3");
            int submission = freePort("127.0.0.2");
            Path config = dir.resolve("a.properties");
            Properties p = new Properties();
            p.setProperty("host.name", "mx.a.test");
            p.setProperty("domains", "a.test");
            p.setProperty("data.dir", dir.resolve("a").toString());
            p.setProperty("bind.address", "127.0.0.2");
            for (String off : List.of("smtp.port", "submissions.port", "pop3.port", "pop3s.port", "imap.port", "imaps.port")) {
                p.setProperty(off, "-1");
            }
            p.setProperty("submission.port", Integer.toString(submission));
            p.setProperty("relay.port", Integer.toString(mxPort));
            p.setProperty("dns.servers", "127.0.0.1:" + dns.address().getPort());
            p.setProperty("retry.delays", "1s");
            p.setProperty("password.iterations", "1000");
            try (Writer out = Files.newBufferedWriter(config)) {
                p.store(out, "crash test server A");
            }
            assertEquals(0, Main.run(new String[] {"user", "add", "alice@a.test", "--password=alice-pw",
                    "--config=" + config}, System.out, System.err));

            // B is down during the burst: everything A acknowledges sits in A's queue when A dies.
            Process server = startServer(config, "first");
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicReference<Exception> burstEnd = new java.util.concurrent.atomic.AtomicReference<>();
            awaitPort("127.0.0.2", submission, server, dir.resolve("first.log"));
            SmtpClient client = SmtpClient.builder().heloName("client.a.test").tlsMode(TlsMode.REQUIRED)
                    .tls(TlsSettings.client(trust(dir.resolve("a/tls/cert.pem"))))
                    .credentials(SaslCredentials.password("alice@a.test", Secret.of("alice-pw"))).build();
            Thread burst = new Thread(() -> {
                try (SmtpBlockingClient smtp = SmtpBlockingClient.connect(client,
                        new InetSocketAddress("127.0.0.2", submission), "127.0.0.2")) {
                    for (int i = 0; i < 10_000; i++) {
                        String id = "m" + i;
                        byte[] message = ("Subject: " + id + "\r\nMessage-ID: <" + id + "@a.test>\r\n\r\nbody " + id + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        var result = smtp.send(SmtpTransaction.builder().from("alice@a.test").to("bob@b.test")
                                .content(message).build());
                        if (result.data().code() == 250) {
                            acknowledged.add(id);
                        }
                    }
                } catch (Exception e) {
                    burstEnd.set(e);       // the kill ends the burst
                }
            });
            burst.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.destroyForcibly();              // SIGKILL on Unix
            server.waitFor(30, TimeUnit.SECONDS);
            burst.join(30_000);
            assertTrue(acknowledged.size() >= 30, "the burst got going: " + acknowledged.size() + ", ended by "
                    + burstEnd.get() + "\n" + Files.readString(dir.resolve("first.log")));

            Properties bp = new Properties();
            bp.setProperty("host.name", "mx.b.test");
            bp.setProperty("domains", "b.test");
            bp.setProperty("data.dir", dir.resolve("b").toString());
            bp.setProperty("bind.address", "127.0.0.3");
            bp.setProperty("smtp.port", Integer.toString(mxPort));
            for (String off : List.of("submission.port", "submissions.port", "pop3.port", "pop3s.port", "imap.port",
                    "imaps.port")) {
                bp.setProperty(off, "-1");
            }
            bp.setProperty("dns.servers", "127.0.0.1:" + dns.address().getPort());
            bp.setProperty("password.iterations", "1000");
            try (MailServer b = MailServer.start(MailServerSettings.of(bp))) {
                b.store().createUser("bob@b.test", Secret.of("bob-pw"));
                Process restarted = startServer(config, "second");
                try {
                    Map<String, Integer> received = awaitDeliveries(b, acknowledged);
                    for (String id : acknowledged) {
                        assertEquals(1, received.getOrDefault(id, 0), id + " acknowledged: delivered exactly once");
                    }
                    received.forEach((id, count) -> assertEquals(1, count, id + " delivered at most once"));
                } finally {
                    restarted.destroy();
                    restarted.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private Map<String, Integer> awaitDeliveries(MailServer b, Set<String> expected) throws Exception {
        org.mailwire.store.Mailbox inbox = b.store().mailboxes("bob@b.test").open(UserMailboxes.INBOX);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Integer> received = new HashMap<>();
        while (System.nanoTime() < deadline) {
            received.clear();
            for (MessageInfo info : inbox.messages()) {
                try (InputStream in = inbox.openContent(info.uid())) {
                    String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    int at = text.indexOf("Subject: ");
                    String id = text.substring(at + 9, text.indexOf("\r\n", at));
                    received.merge(id, 1, Integer::sum);
                }
            }
            if (received.keySet().containsAll(expected)) {
                Thread.sleep(2000);           // and nothing more arrives twice
                return awaitFinal(inbox);
            }
            Thread.sleep(200);
        }
        return received;
    }

    private static Map<String, Integer> awaitFinal(org.mailwire.store.Mailbox inbox) throws Exception {
        Map<String, Integer> received = new HashMap<>();
        for (MessageInfo info : inbox.messages()) {
            try (InputStream in = inbox.openContent(info.uid())) {
                String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                int at = text.indexOf("Subject: ");
                received.merge(text.substring(at + 9, text.indexOf("\r\n", at)), 1, Integer::sum);
            }
        }
        return received;
    }

    private Process startServer(Path config, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.mailwire.server.Main", "run",
                "--config=" + config).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(String host, int port, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(host, port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("the server did not start listening on " + host + ":" + port + ":\n"
                + Files.readString(log));
    }

    private static KeyStore trust(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return store;
    }
}
