// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwire.core.protocol.Step;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Quota;
import org.mailwire.store.UserMailboxes;

/** Session behaviour beyond the transcripts: streaming, quota, spooling, events, state. */
class ImapServerSessionTest {

    private ImapDriver driver;

    @org.junit.jupiter.api.BeforeEach
    void setUp() throws Exception {
        driver = new ImapDriver();
        driver.user("fred", "pw");
    }

    private static String bigMessage(int lines) {
        StringBuilder sb = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < lines; i++) {
            sb.append("line ").append(i).append(" of a large message body, padded to a decent length\r\n");
        }
        return sb.toString();
    }

    @Test
    void largeBodyIsStreamedInChunksAndArrivesWhole() throws Exception {
        String message = bigMessage(6000); // about 400 KB, past the 64 KiB in-memory limit
        driver.append("fred", UserMailboxes.INBOX, message, Flags.none(), ImapTranscriptTest.DATE);
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        c.send("a LOGIN fred pw\r\nb SELECT INBOX\r\n");
        c.take();
        ImapServerSession session = c.session;
        session.receive(ByteBuffer.wrap("f FETCH 1 (UID BODY.PEEK[])\r\n".getBytes(StandardCharsets.US_ASCII)));
        List<Integer> writes = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        while (true) {
            Step<ImapEvent> step = session.next();
            if (step instanceof Step.Write<ImapEvent> w) {
                ByteBuffer b = w.bytes();
                writes.add(b.remaining());
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                out.append(new String(copy, StandardCharsets.UTF_8));
            } else if (step instanceof Step.Event<ImapEvent> e) {
                ImapEvent.Blocking blocking = (ImapEvent.Blocking) e.event();
                session.workDone(blocking.work().run());
            } else {
                break;
            }
        }
        String expected = "* 1 FETCH (UID 1 BODY[] {" + message.length() + "}\r\n" + message + ")\r\nf OK FETCH completed\r\n";
        assertEquals(expected, out.toString());
        assertTrue(writes.size() > 20, "streamed in chunks: " + writes.size());
        assertTrue(writes.stream().allMatch(n -> n <= 16 * 1024 + 64), writes.toString());
    }

    @Test
    void largeAppendGoesThroughTheSpoolAndIsStored() throws Exception {
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        c.send("a LOGIN fred pw\r\n");
        c.take();
        String message = bigMessage(3000);
        c.send("b APPEND INBOX {" + message.length() + "}\r\n");
        assertEquals("+ Ready for literal data\r\n", c.take());
        byte[] bytes = (message + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length; i += 7000) {
            c.send(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7000)));
        }
        assertTrue(c.take().startsWith("b OK [APPENDUID"));
        var inbox = driver.store.mailboxes("fred").open(UserMailboxes.INBOX);
        try (var in = inbox.openContent(inbox.messages().get(0).uid())) {
            assertEquals(message, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void appendOverQuotaIsNoOverQuota() throws Exception {
        driver = new ImapDriver(MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1)
                .withDefaultQuota(Quota.of(100, Quota.UNLIMITED))));
        driver.user("fred", "pw");
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        c.send("a LOGIN fred pw\r\n");
        c.take();
        c.send("b APPEND INBOX {200+}\r\n" + "x".repeat(200) + "\r\n");
        assertEquals("b NO [OVERQUOTA] Quota exceeded\r\n", c.take());
        c.send("c GETQUOTAROOT INBOX\r\n");
        assertEquals("* QUOTAROOT INBOX \"\"\r\n* QUOTA \"\" (STORAGE 0 0)\r\nc OK GETQUOTAROOT completed\r\n",
                c.take());
    }

    @Test
    void changesWaitForTheSelectedSessionsNextCommand() throws Exception {
        ImapDriver.Client a = driver.open("a", driver.plaintextSettings());
        a.send("1 LOGIN fred pw\r\n2 SELECT INBOX\r\n");
        a.take();
        driver.append("fred", UserMailboxes.INBOX, "x\r\n", Flags.none(), ImapTranscriptTest.DATE);
        driver.pumpAll();
        assertEquals("", a.take(), "nothing unsolicited outside IDLE");
        a.send("3 CHECK\r\n");
        assertEquals("* 1 EXISTS\r\n3 OK CHECK completed\r\n", a.take());
    }

    @Test
    void unselectDropsLateEventsOfTheOldSelection() throws Exception {
        ImapDriver.Client a = driver.open("a", driver.plaintextSettings());
        a.send("1 LOGIN fred pw\r\n2 SELECT INBOX\r\n");
        a.take();
        driver.append("fred", UserMailboxes.INBOX, "x\r\n", Flags.none(), ImapTranscriptTest.DATE);
        a.send("3 UNSELECT\r\n4 NOOP\r\n");
        assertEquals("3 OK UNSELECT completed\r\n4 OK NOOP completed\r\n", a.take());
        assertEquals(ImapState.AUTHENTICATED, a.session.state());
        assertFalse(a.closed);
    }

    @Test
    void statesFollowTheDiagram() throws Exception {
        ImapDriver.Client a = driver.open("a", driver.plaintextSettings());
        assertEquals(ImapState.NOT_AUTHENTICATED, a.session.state());
        a.send("1 LOGIN fred pw\r\n");
        assertEquals(ImapState.AUTHENTICATED, a.session.state());
        assertEquals("fred", a.session.user().orElseThrow());
        a.send("2 SELECT INBOX\r\n");
        assertEquals(ImapState.SELECTED, a.session.state());
        a.send("3 SELECT nosuch\r\n");
        assertEquals(ImapState.AUTHENTICATED, a.session.state());
        a.send("4 LOGOUT\r\n");
        assertEquals(ImapState.LOGOUT, a.session.state());
        assertTrue(a.closed);
    }

    @Test
    void scramSha256WithInitialResponseEndsWithTheServerProof() throws Exception {
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        c.take();
        var b64 = java.util.Base64.getEncoder();
        var unb64 = java.util.Base64.getDecoder();
        org.mailwire.core.sasl.SaslClient sasl = org.mailwire.core.sasl.SaslClient.scramSha256("fred",
                org.mailwire.core.Secret.of("pw"));
        c.send("a AUTHENTICATE SCRAM-SHA-256 " + b64.encodeToString(sasl.initialResponse().orElseThrow()) + "\r\n");
        String serverFirst = c.take();
        assertTrue(serverFirst.startsWith("+ "), serverFirst);
        byte[] clientFinal = sasl.evaluateChallenge(unb64.decode(serverFirst.substring(2).trim()));
        c.send(b64.encodeToString(clientFinal) + "\r\n");
        String serverFinal = c.take();
        assertTrue(serverFinal.startsWith("+ "), serverFinal);
        sasl.verifySuccess(java.util.Optional.of(unb64.decode(serverFinal.substring(2).trim())));
        c.send("\r\n");
        assertTrue(c.take().startsWith("a OK [CAPABILITY"));
        assertEquals(ImapState.AUTHENTICATED, c.session.state());
    }

    @Test
    void scramWithAWrongPasswordFails() throws Exception {
        ImapDriver.Client c = driver.open("c", driver.plaintextSettings());
        c.take();
        var b64 = java.util.Base64.getEncoder();
        org.mailwire.core.sasl.SaslClient sasl = org.mailwire.core.sasl.SaslClient.scramSha256("fred",
                org.mailwire.core.Secret.of("wrong"));
        c.send("a AUTHENTICATE SCRAM-SHA-256\r\n");
        assertEquals("+ \r\n", c.take());
        c.send(b64.encodeToString(sasl.initialResponse().orElseThrow()) + "\r\n");
        String serverFirst = c.take();
        byte[] clientFinal = sasl.evaluateChallenge(java.util.Base64.getDecoder().decode(serverFirst.substring(2).trim()));
        c.send(b64.encodeToString(clientFinal) + "\r\n");
        assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed\r\n", c.take());
        assertEquals(ImapState.NOT_AUTHENTICATED, c.session.state());
    }
}
