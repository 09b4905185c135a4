// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/** {@link ImapServer} over loopback sockets: TLS, push, timers, delays, restart. */
class ImapServerIT {

    @TempDir
    Path dir;
    private MailStore store;
    private ImapServer server;

    private ImapServer start(MailStore s, ImapServerSettings settings, boolean tls) throws Exception {
        ImapServer.Builder b = ImapServer.builder().listen("127.0.0.1", 0).store(s).settings(settings);
        if (tls) {
            b.startTls(TestCertificates.get().server());
        }
        return b.start();
    }

    private void withUser() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static String until(RawClient c, String prefix) throws Exception {
        StringBuilder seen = new StringBuilder();
        while (true) {
            String line = c.readLine();
            assertNotNull(line, "connection closed; saw:\n" + seen);
            seen.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return seen.toString();
            }
        }
    }

    @Test
    void embeddingExampleServesLoginSelectAppendFetch() throws Exception {
        withUser();
        server = start(store, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true), false);
        try (RawClient c = new RawClient(server.address())) {
            assertTrue(c.readLine().startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2"));
            c.write("a LOGIN alice secret\r\nb SELECT INBOX\r\nc APPEND INBOX {22+}\r\nSubject: hi\r\n\r\nhello\r\n\r\n"
                    + "d FETCH 1 (FLAGS BODY[TEXT])\r\ne LOGOUT\r\n");
            String out = until(c, "e OK");
            assertTrue(out.contains("a OK"), out);
            assertTrue(out.contains("b OK [READ-WRITE]"), out);
            assertTrue(out.contains("* 1 EXISTS\nc OK [APPENDUID"), out);
            assertTrue(out.contains("* 1 FETCH (FLAGS (\\Seen) BODY[TEXT] {7}\nhello\n"), out);
            assertTrue(out.contains("* BYE"), out);
            assertTrue(c.isClosedByPeer());
        }
    }

    @Test
    void tls01PlaintextPipelinedAfterStartTlsIsNeverAnswered() throws Exception {
        withUser();
        server = start(store, ImapServerSettings.defaults(), true);
        try (RawClient c = new RawClient(server.address())) {
            String greeting = c.readLine();
            assertTrue(greeting.contains("STARTTLS") && greeting.contains("LOGINDISABLED"), greeting);
            c.write("a STARTTLS\r\nb CAPABILITY\r\n");
            assertEquals("a OK Begin TLS negotiation now", c.readLine());
            c.upgrade(TestCertificates.get().clientContext(), "localhost");
            c.write("c CAPABILITY\r\n");
            String caps = c.readLine();
            assertTrue(caps.startsWith("* CAPABILITY") && caps.contains("AUTH=PLAIN"), caps);
            assertFalse(caps.contains("STARTTLS"), caps);
            assertEquals("c OK CAPABILITY completed", c.readLine());
            c.write("d LOGIN alice secret\r\n");
            assertTrue(c.readLine().startsWith("d OK"));
        }
    }

    @Test
    void idlePushesADeliveryWithinASecond() throws Exception {
        withUser();
        server = start(store, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true), false);
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            c.write("a LOGIN alice secret\r\nb SELECT INBOX\r\nc IDLE\r\n");
            until(c, "+ idling");
            long start = System.nanoTime();
            // What an SMTP delivery does: append from another thread.
            Thread delivery = new Thread(() -> {
                try {
                    store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                            MessageSource.of("Subject: new\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                            Flags.none(), Instant.now());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            delivery.start();
            assertEquals("* 1 EXISTS", c.readLine());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "push took " + millis + " ms");
            c.write("DONE\r\n");
            assertEquals("c OK IDLE terminated", c.readLine());
        }
    }

    @Test
    void imap17PreAuthenticationTimeoutLogsOutButLoginStopsIt() throws Exception {
        withUser();
        server = start(store, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true)
                .withPreAuthTimeout(Duration.ofMillis(300)), false);
        try (RawClient idle = new RawClient(server.address()); RawClient active = new RawClient(server.address())) {
            idle.readLine();
            active.readLine();
            active.write("a LOGIN alice secret\r\n");
            assertTrue(active.readLine().startsWith("a OK"));
            assertEquals("* BYE Autologout; idle for too long", idle.readLine());
            assertTrue(idle.isClosedByPeer());
            Thread.sleep(400);
            active.write("b NOOP\r\n");
            assertEquals("b OK NOOP completed", active.readLine());
        }
    }

    @Test
    void sec05FailedLoginsAreAnsweredLate() throws Exception {
        withUser();
        server = start(store, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true)
                .withLoginFailureDelays(Duration.ofMillis(200), Duration.ofMillis(400)), false);
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            List<Long> delays = new ArrayList<>();
            for (String user : List.of("alice", "nobody", "alice")) {
                long start = System.nanoTime();
                c.write("a LOGIN " + user + " wrong\r\n");
                assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed", c.readLine());
                delays.add((System.nanoTime() - start) / 1_000_000);
            }
            assertTrue(delays.get(0) >= 190, delays.toString());
            assertTrue(delays.get(1) >= 390, delays.toString());
            c.write("b LOGIN alice secret\r\n");
            assertTrue(c.readLine().startsWith("b OK"));
        }
    }

    @Test
    void imap16UidsAndUidValiditySurviveARestart() throws Exception {
        Path data = dir.resolve("store");
        MailStoreSettings fast = MailStoreSettings.defaults().withPasswordIterations(1000);
        String validity;
        try (MailStore first = MailStore.maildir(data, fast)) {
            first.createUser("alice", Secret.of("secret"));
            try (ImapServer s = start(first, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true), false);
                 RawClient c = new RawClient(s.address())) {
                c.readLine();
                c.write("a LOGIN alice secret\r\nb APPEND INBOX {3+}\r\n1\r\n\r\nc APPEND INBOX {3+}\r\n2\r\n\r\n"
                        + "d SELECT INBOX\r\ne UID STORE 1 +FLAGS (\\Deleted)\r\nf EXPUNGE\r\n");
                String out = until(c, "f OK");
                int at = out.indexOf("UIDVALIDITY ");
                validity = out.substring(at + 12, out.indexOf(']', at));
            }
        }
        store = MailStore.maildir(data, fast);
        server = start(store, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true), false);
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            c.write("a LOGIN alice secret\r\nb SELECT INBOX\r\nc APPEND INBOX {3+}\r\n3\r\n\r\nd UID FETCH 1:* UID\r\n");
            String out = until(c, "d OK");
            assertTrue(out.contains("[UIDVALIDITY " + validity + "]"), out);
            assertTrue(out.contains("[UIDNEXT 3]"), out);
            assertTrue(out.contains("c OK [APPENDUID " + validity + " 3]"), out);
            assertTrue(out.contains("* 1 FETCH (UID 2)\n* 2 FETCH (UID 3)\n"), out);
        }
    }

    @Test
    void closeSaysByeToEveryConnection() throws Exception {
        withUser();
        server = start(store, ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true), false);
        try (RawClient c = new RawClient(server.address())) {
            c.readLine();
            c.write("a LOGIN alice secret\r\nb SELECT INBOX\r\n");
            until(c, "b OK");
            server.close();
            server = null;
            assertEquals("* BYE Server shutting down", c.readLine());
            assertTrue(c.isClosedByPeer());
        }
    }

    @Test
    void connectionsPastTheLimitGetByeUnavailable() throws Exception {
        withUser();
        server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .connectionLimits(new org.mailwire.core.net.ConnectionLimits(1, 1)).start();
        try (RawClient first = new RawClient(server.address()); RawClient second = new RawClient(server.address())) {
            assertTrue(first.readLine().startsWith("* OK"));
            assertEquals("* BYE [UNAVAILABLE] Too many connections", second.readLine());
            assertTrue(second.isClosedByPeer());
        }
    }

    @Test
    void implicitTlsOffersPlaintextMechanismsAtOnce() throws Exception {
        withUser();
        server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .implicitTls(TestCertificates.get().server()).start();
        try (RawClient c = RawClient.implicitTls(server.address(), TestCertificates.get().clientContext())) {
            String greeting = c.readLine();
            assertTrue(greeting.contains("AUTH=PLAIN"), greeting);
            assertFalse(greeting.contains("STARTTLS") || greeting.contains("LOGINDISABLED"), greeting);
            c.write("a LOGIN alice secret\r\nb STARTTLS\r\n");
            assertTrue(c.readLine().startsWith("a OK"));
            assertEquals("b BAD Already authenticated", c.readLine());
        }
    }
}
