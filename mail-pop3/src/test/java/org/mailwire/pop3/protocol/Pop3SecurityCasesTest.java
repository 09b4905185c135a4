// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwire.core.protocol.Step;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;

/** The POP3 rows of SECURITY-CASES.md (and the generic rows POP3 shares), through the session. */
class Pop3SecurityCasesTest {

    private static final Pop3SessionSettings PLAIN = Pop3SessionSettings.defaults().withAllowPlaintextWithoutTls(true);

    private static StoreDriver loggedIn(StoreDriver driver) {
        driver.start(PLAIN).send("USER u\r\nPASS p\r\n");
        String out = driver.output();
        assertTrue(out.contains("+OK maildrop has"), out);
        return driver;
    }

    private static StoreDriver withMessages(String... contents) {
        StoreDriver driver = new StoreDriver();
        driver.user("u", "p");
        for (String c : contents) {
            driver.message("u", c);
        }
        return driver;
    }

    @Test
    void pop01DeleThenDroppedConnectionDeletesNothing() {
        StoreDriver driver = loggedIn(withMessages("Subject: 1\r\n\r\nx\r\n"));
        driver.send("DELE 1\r\n");
        assertEquals("+OK message 1 deleted\r\n", driver.output());
        driver.eof();
        assertTrue(driver.closed);
        assertEquals(1, driver.count("u"));
        // Reconnect: the message is still there and the lock was given back.
        StoreDriver again = new StoreDriver(driver.store, 1024);
        again.start(PLAIN).send("USER u\r\nPASS p\r\nSTAT\r\n");
        assertTrue(again.output().endsWith("+OK 1 17\r\n"));
    }

    @Test
    void pop02PlusOkToQuitOnlyAfterTheDeletionsAreCommitted() {
        StoreDriver driver = withMessages("a\r\n", "b\r\n");
        Pop3ServerSession session = new Pop3ServerSession(PLAIN);
        List<Step<Pop3Event>> steps = new ArrayList<>();
        drain(session, steps);
        session.receive(bytes("USER u\r\nPASS p\r\n"));
        Step<Pop3Event> step = drain(session, steps);
        Pop3Event.CheckPassword check = (Pop3Event.CheckPassword) ((Step.Event<Pop3Event>) step).event();
        assertEquals("u", check.user());
        session.loginAccepted("u");
        assertInstanceOf(Pop3Event.OpenMaildrop.class, ((Step.Event<Pop3Event>) drain(session, steps)).event());
        session.maildropOpened(new Pop3Maildrop(1, List.of(new Pop3Maildrop.Message(1, 3), new Pop3Maildrop.Message(2, 3))));
        drain(session, steps);
        session.receive(bytes("DELE 2\r\nQUIT\r\n"));
        steps.clear();
        Step<Pop3Event> commit = drain(session, steps);
        assertEquals(new Pop3Event.Commit(List.of(2L)), ((Step.Event<Pop3Event>) commit).event());
        assertEquals(Pop3State.UPDATE, session.state());
        // G1: nothing is said until the application has made the deletion durable.
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        session.committed();
        assertEquals("+OK POP3 server signing off (1 message left)\r\n", text(session.next()));
        assertInstanceOf(Step.Close.class, session.next());
        assertTrue(driver.count("u") == 2); // this session was never connected to the store
    }

    @Test
    void pop03CommandOf256OctetsGetsErrAndStaysUsable() {
        StoreDriver driver = new StoreDriver();
        driver.start(PLAIN).send("NOOP " + "x".repeat(256 - 7) + "\r\nCAPA\r\n");
        String out = driver.output();
        assertTrue(out.startsWith("+OK POP3 server ready\r\n-ERR command line too long\r\n+OK Capability list follows"), out);
        assertFalse(driver.closed);
    }

    @Test
    void pop03TenMebibytesWithoutCrlfCloseAtTheHardCap() {
        StoreDriver driver = new StoreDriver();
        driver.start(PLAIN);
        driver.output();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        for (int sent = 0; sent < 10 * 1024 * 1024 && !driver.closed; sent += chunk.length) {
            driver.send(chunk);
        }
        assertTrue(driver.closed);
        assertEquals("-ERR command line too long\r\n-ERR command line too long, closing\r\n", driver.output());
    }

    @Test
    void pop04InvalidMessageNumbersGetErrAndTheSessionStaysUsable() {
        StoreDriver driver = loggedIn(withMessages("a\r\n"));
        driver.send("RETR 0\r\nRETR -1\r\nRETR 99999999999999999999\r\nRETR 1 2\r\nTOP 1 -1\r\n"
                + "DELE 1\r\nDELE 1\r\nRETR 1\r\nSTAT\r\n");
        String[] lines = StoreDriver.split(driver.output(), "\r\n");
        assertEquals(9, lines.length);
        for (int i = 0; i < 5; i++) {
            assertTrue(lines[i].startsWith("-ERR "), lines[i]);
        }
        assertEquals("+OK message 1 deleted", lines[5]);
        assertEquals("-ERR message 1 already deleted", lines[6]);
        assertEquals("-ERR message 1 already deleted", lines[7]);
        assertEquals("+OK 0 0", lines[8]);
    }

    @Test
    void pop05CommandsOutOfStateGetErrAndTheSessionStaysUsable() {
        StoreDriver driver = withMessages();
        driver.start(PLAIN).send("STAT\r\nPASS x\r\nUSER a\r\nUSER a\r\nNOOP\r\nCAPA\r\n");
        String[] lines = StoreDriver.split(driver.output(), "\r\n");
        assertEquals("-ERR not allowed before login", lines[1]);
        assertEquals("-ERR USER first", lines[2]);
        assertEquals("+OK send PASS", lines[3]);
        assertEquals("-ERR USER already given", lines[4]);
        assertEquals("-ERR not allowed before login", lines[5]);
        assertEquals("+OK Capability list follows", lines[6]);
    }

    @Test
    void pop06LinesStartingWithDotsGoOutStuffed() {
        StoreDriver driver = loggedIn(withMessages("Subject: dots\r\n\r\n.x\r\n.\r\n..\r\nend\r\n"));
        driver.send("RETR 1\r\n");
        assertEquals("+OK 33 octets\r\nSubject: dots\r\n\r\n..x\r\n..\r\n...\r\nend\r\n.\r\n", driver.output());
    }

    @Test
    void pop07SecondLoginToALockedMaildropGetsInUse() {
        StoreDriver first = loggedIn(withMessages("a\r\n"));
        StoreDriver second = new StoreDriver(first.store, 1024);
        second.start(PLAIN).send("USER u\r\nPASS p\r\nSTAT\r\n");
        String out = second.output();
        assertTrue(out.contains("-ERR [IN-USE] maildrop already locked\r\n-ERR not allowed before login\r\n"), out);
        assertFalse(second.closed);
        first.send("QUIT\r\n");
        second.send("USER u\r\nPASS p\r\n");
        assertTrue(second.output().endsWith("+OK maildrop has 1 messages (3 octets)\r\n"));
    }

    @Test
    void pop08UniqueIdsAreStableAcrossSessionsAndDeletionsAndVisibleAscii() {
        StoreDriver driver = loggedIn(withMessages("a\r\n", "b\r\n", "c\r\n"));
        driver.send("UIDL\r\n");
        String before = driver.output();
        driver.send("DELE 1\r\nQUIT\r\n");
        driver.output();
        StoreDriver again = loggedIn(new StoreDriver(driver.store, 1024));
        again.send("UIDL\r\n");
        String after = again.output();
        String[] b = StoreDriver.split(before, "\r\n");
        String[] a = StoreDriver.split(after, "\r\n");
        assertEquals(b[2].substring(2), a[1].substring(2)); // message 2 became message 1, same id
        assertEquals(b[3].substring(2), a[2].substring(2));
        for (String line : b) {
            if (Character.isDigit(line.charAt(0))) {
                String id = line.substring(line.indexOf(' ') + 1);
                assertTrue(id.length() >= 1 && id.length() <= 70);
                assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E));
            }
        }
    }

    @Test
    void pop09CleartextCapaHidesUserAndPlainAndUserGetsAuthErr() {
        StoreDriver driver = new StoreDriver();
        driver.user("u", "p");
        Pop3SessionSettings settings = Pop3SessionSettings.defaults().withTls(true, false)
                .withSasl(SaslServer.of(driver.store.authenticator(), SaslServerSettings.defaults("localhost")));
        driver.start(settings).send("CAPA\r\nUSER u\r\nPASS p\r\nAUTH PLAIN AHUAcA==\r\n");
        String out = driver.output();
        assertFalse(out.contains("\r\nUSER\r\n"), out);
        assertFalse(out.contains("PLAIN"), out);
        assertTrue(out.contains("\r\nSTLS\r\n"), out);
        assertTrue(out.contains("-ERR [AUTH] plaintext authentication disallowed without TLS\r\n"
                + "-ERR [AUTH] plaintext authentication disallowed without TLS\r\n"
                + "-ERR [AUTH] plaintext authentication disallowed without TLS\r\n"), out);
    }

    @Test
    void sec03AfterStlsUserAndPlainAreOffered() {
        StoreDriver driver = new StoreDriver();
        driver.user("u", "p");
        Pop3SessionSettings settings = Pop3SessionSettings.defaults().withTls(true, false)
                .withSasl(SaslServer.of(driver.store.authenticator(), SaslServerSettings.defaults("localhost")));
        driver.start(settings).send("STLS\r\n");
        assertEquals(1, driver.upgrades);
        driver.output();
        driver.send("CAPA\r\n");
        String out = driver.output();
        assertTrue(out.contains("\r\nUSER\r\n"), out);
        assertTrue(out.contains("PLAIN"), out);
        assertFalse(out.contains("STLS"), out);
    }

    @Test
    void pop11ApopIsOffByDefault() {
        StoreDriver driver = withMessages();
        driver.start(PLAIN).send("APOP u c4c9334bac560ecc979e58001b3e22fb\r\n");
        assertEquals("+OK POP3 server ready\r\n-ERR APOP not supported\r\n", driver.output());
        assertThrows(IllegalArgumentException.class, () -> PLAIN.withApop("<a@b> <c@d>"));
    }

    @Test
    void tls01PlaintextPipelinedAfterStlsIsNeverProcessed() {
        StoreDriver driver = withMessages();
        driver.start(Pop3SessionSettings.defaults().withTls(true, false)).send("STLS\r\nUSER victim\r\n");
        assertEquals("+OK POP3 server ready\r\n+OK begin TLS negotiation\r\n", driver.output());
        assertEquals(1, driver.upgrades);
        // The first command inside TLS starts from a clean state: no USER is pending.
        driver.send("PASS p\r\n");
        assertEquals("-ERR USER first\r\n", driver.output());
    }

    @Test
    void sec05UnknownUserAndWrongPasswordGetTheSameReply() {
        StoreDriver driver = withMessages();
        driver.start(PLAIN).send("USER nobody\r\nPASS p\r\nUSER u\r\nPASS wrong\r\n");
        String[] lines = StoreDriver.split(driver.output(), "\r\n");
        assertEquals("-ERR [AUTH] invalid user name or password", lines[2]);
        assertEquals(lines[2], lines[4]);
    }

    @Test
    void closesAfterMaxFailedLoginsButNotBefore() {
        StoreDriver driver = withMessages();
        driver.start(PLAIN.withLimits(Pop3Limits.defaults().withMaxFailedLogins(2)));
        driver.send("USER u\r\nPASS x\r\n");
        assertFalse(driver.closed);
        driver.send("USER u\r\nPASS y\r\n");
        assertTrue(driver.closed);
    }

    @Test
    void closesAfterMaxErrorsButNotBefore() {
        StoreDriver driver = withMessages();
        driver.start(PLAIN.withLimits(Pop3Limits.defaults().withMaxErrors(3)));
        driver.send("XYZZY\r\nXYZZY\r\n");
        assertFalse(driver.closed);
        driver.send("XYZZY\r\nNOOP\r\n");
        assertTrue(driver.closed);
        assertEquals(4, StoreDriver.split(driver.output(), "-ERR unknown command").length);
    }

    @Test
    void flt10RetrPullsOneChunkPerWriteAndWaitsBetweenChunks() {
        String body = "line of text\r\n".repeat(2000);
        StoreDriver driver = loggedIn(new StoreDriver(1000).withUser("u", "p", "Subject: big\r\n\r\n" + body));
        Pop3ServerSession session = driver.session;
        session.receive(bytes("RETR 1\r\n"));
        Step<Pop3Event> first = session.next();
        assertEquals(new Pop3Event.OpenContent(1), ((Step.Event<Pop3Event>) first).event());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        session.content(ByteBuffer.wrap(new byte[] {'a', '\r', '\n'}));
        assertTrue(text(session.next()).startsWith("+OK "));
        assertEquals("a\r\n", text(session.next()));
        // The session asks for the next chunk only when the transport asks it for a step.
        assertInstanceOf(Pop3Event.ReadContent.class, ((Step.Event<Pop3Event>) session.next()).event());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        session.contentEnd();
        assertEquals(".\r\n", text(session.next()));
        assertInstanceOf(Step.NeedInput.class, session.next());
    }

    @Test
    void flt09AutologoutSaysErrAndClosesWithoutDeleting() {
        StoreDriver driver = loggedIn(withMessages("a\r\n"));
        driver.send("DELE 1\r\n");
        driver.output();
        driver.session.receiveTimeout();
        driver.pump();
        assertEquals("-ERR autologout timer expired, closing\r\n", driver.output());
        assertTrue(driver.closed);
        assertEquals(1, driver.count("u"));
    }

    @Test
    void shutdownSaysSysTempAndCloses() {
        StoreDriver driver = loggedIn(withMessages("a\r\n"));
        driver.session.receiveShutdown();
        driver.pump();
        assertEquals("-ERR [SYS/TEMP] server shutting down\r\n", driver.output());
        assertTrue(driver.closed);
    }

    @Test
    void answeringWhatWasNotAskedThrows() {
        Pop3ServerSession session = new Pop3ServerSession(PLAIN);
        assertThrows(IllegalStateException.class, session::committed);
        assertThrows(IllegalStateException.class, () -> session.loginAccepted("x"));
    }

    private static Step<Pop3Event> drain(Pop3ServerSession session, List<Step<Pop3Event>> steps) {
        while (true) {
            Step<Pop3Event> step = session.next();
            steps.add(step);
            if (!(step instanceof Step.Write<Pop3Event>)) {
                return step;
            }
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Step<Pop3Event> step) {
        ByteBuffer b = ((Step.Write<Pop3Event>) step).bytes();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }
}
