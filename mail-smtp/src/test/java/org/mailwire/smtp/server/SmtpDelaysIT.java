// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.smtp.server.SmtpServerIT.last;
import static org.mailwire.smtp.server.SmtpServerIT.reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.store.MailStore;

/**
 * The server's error sleep and failed-AUTH delays over loopback, with delays shortened through
 * {@link SmtpDelays}: order, closing and lower bounds, never tight timing (SECURITY-CASES SEC-05,
 * SMTP-12, SEC-06).
 */
class SmtpDelaysIT {

    private static final String WRONG_PASSWORD = plain("alice@example.test", "wrong");
    private static final String UNKNOWN_USER = plain("nobody@example.test", "secret");

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static SmtpServer submissions(MailStore store, SmtpDelays delays, int authFailures) throws Exception {
        return SmtpServer.builder().listen("127.0.0.1", 0).submissions().tls(TestCertificates.get().server())
                .deliverTo(store).delays(delays).errorLimits(10, 20, authFailures).start();
    }

    private static RawClient greeted(SmtpServer server) throws Exception {
        RawClient client = RawClient.implicitTls(server.address(), TestCertificates.get().clientContext());
        last(client);
        reply(client.writeThen("EHLO c.example\r\n"));
        return client;
    }

    /** Sends a line and returns the last line of the reply with how long it took, in milliseconds. */
    private static Timed timed(RawClient client, String line) throws Exception {
        long start = System.nanoTime();
        client.write(line + "\r\n");
        String reply = last(client);
        return new Timed(reply, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private record Timed(String reply, long millis) {
    }

    @Test
    void sec05UnknownUserAndWrongPasswordFailAlikeAndAsLate() throws Exception {
        MailStore store = StoreFixture.create();
        SmtpDelays delays = new SmtpDelays(Duration.ZERO, Duration.ofMillis(300), Duration.ofMillis(300));
        try (SmtpServer server = submissions(store, delays, 3); RawClient client = greeted(server)) {
            Timed wrong = timed(client, "AUTH PLAIN " + WRONG_PASSWORD);
            Timed unknown = timed(client, "AUTH PLAIN " + UNKNOWN_USER);
            assertEquals("535 5.7.8 Authentication credentials invalid", wrong.reply());
            assertEquals(wrong.reply(), unknown.reply());
            assertTrue(wrong.millis() >= 280 && unknown.millis() >= 280, wrong + " " + unknown);
            assertTrue(wrong.millis() < 10_000 && unknown.millis() < 10_000, wrong + " " + unknown);
        }
    }

    @Test
    void sec05FailedAuthDelaysGrowAndTheLastFailureCloses() throws Exception {
        MailStore store = StoreFixture.create();
        SmtpDelays delays = new SmtpDelays(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(300));
        try (SmtpServer server = submissions(store, delays, 3); RawClient client = greeted(server)) {
            Timed first = timed(client, "AUTH PLAIN " + WRONG_PASSWORD);
            Timed second = timed(client, "AUTH PLAIN " + WRONG_PASSWORD);
            Timed third = timed(client, "AUTH PLAIN " + WRONG_PASSWORD);
            assertEquals("535 5.7.8 Authentication credentials invalid", first.reply());
            assertEquals("535 5.7.8 Authentication credentials invalid", second.reply());
            assertEquals("535 5.7.8 Authentication credentials invalid", third.reply());
            assertTrue(first.millis() >= 90 && second.millis() >= 190 && third.millis() >= 290,
                    first + " " + second + " " + third);
            assertEquals("421 4.7.0 Too many failed authentications, closing connection", client.readLine());
            assertTrue(client.isClosedByPeer());
        }
    }

    @Test
    void sec05SuccessAfterAFailureIsNotDelayedAndForgives() throws Exception {
        MailStore store = StoreFixture.create();
        SmtpDelays delays = new SmtpDelays(Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(200));
        try (SmtpServer server = submissions(store, delays, 3); RawClient client = greeted(server)) {
            assertTrue(timed(client, "AUTH PLAIN " + WRONG_PASSWORD).millis() >= 180);
            Timed success = timed(client, "AUTH PLAIN " + plain("alice@example.test", "secret"));
            assertEquals("235 2.7.0 Authentication successful", success.reply());
        }
    }

    @Test
    void smtp12ErrorsPastTheSoftLimitSleepAndTheHardLimitCloses() throws Exception {
        MailStore store = StoreFixture.create();
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store)
                .delays(new SmtpDelays(Duration.ofMillis(150), Duration.ZERO, Duration.ZERO))
                .errorLimits(2, 6, 3).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            long start = System.nanoTime();
            client.write("XYZZY\r\n".repeat(8));
            for (int i = 0; i < 5; i++) {
                assertEquals("500 5.5.2 Syntax error, command unrecognized", client.readLine(), "reply " + i);
            }
            assertEquals("421 4.7.0 Too many errors, closing connection", client.readLine());
            assertTrue(client.isClosedByPeer());
            // Errors 3, 4 and 5 each waited the error sleep, one after the other.
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 3 * 150 - 20, millis + " ms");
        }
    }
}
