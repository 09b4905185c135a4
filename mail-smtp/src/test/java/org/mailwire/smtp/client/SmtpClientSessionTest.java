// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwire.core.protocol.Step;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.protocol.SmtpClientEvent;
import org.mailwire.smtp.protocol.SmtpClientSession;

/** The sans-IO client session and the client's value types, without sockets. */
class SmtpClientSessionTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<SmtpClientEvent> events = new ArrayList<>();
    private final List<Step<SmtpClientEvent>> others = new ArrayList<>();

    /** Runs the session until it needs input or the application; returns the last step. */
    private Step<SmtpClientEvent> drive(SmtpClientSession s) {
        while (true) {
            Step<SmtpClientEvent> step = s.next();
            if (step instanceof Step.Write<SmtpClientEvent> w) {
                ByteBuffer b = w.bytes();
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                out.writeBytes(copy);
            } else if (step instanceof Step.Event<SmtpClientEvent> e) {
                events.add(e.event());
            } else if (step instanceof Step.UpgradeTls<SmtpClientEvent>) {
                others.add(step);
            } else {
                if (step instanceof Step.Close<SmtpClientEvent>) {
                    others.add(step);
                }
                return step;
            }
        }
    }

    private Step<SmtpClientEvent> feed(SmtpClientSession s, String text) {
        s.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        return drive(s);
    }

    private String written() {
        String text = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return text;
    }

    @Test
    void commandsWaitForTheGreeting() {
        SmtpClientSession s = new SmtpClientSession();
        s.send(new SmtpCommand.Ehlo("bar.com"));
        assertInstanceOf(Step.NeedInput.class, drive(s));
        assertEquals("", written());
        feed(s, "220 foo.com ready\r\n");
        assertEquals("EHLO bar.com\r\n", written());
        assertInstanceOf(SmtpClientEvent.Greeting.class, events.get(0));
    }

    @Test
    void tls03BytesAfterThe220ToStartTlsAreDroppedBeforeTheUpgrade() {
        SmtpClientSession s = new SmtpClientSession();
        feed(s, "220 foo.com ready\r\n");
        s.send(SmtpCommand.STARTTLS);
        s.send(new SmtpCommand.Ehlo("bar.com"));
        drive(s);
        assertEquals("STARTTLS\r\n", written(), "nothing follows STARTTLS before its reply");
        ByteBuffer in = ByteBuffer.wrap("220 go ahead\r\n250-fake\r\n250 AUTH PLAIN\r\n".getBytes(StandardCharsets.US_ASCII));
        s.receive(in);
        drive(s);
        assertFalse(in.hasRemaining(), "the injected replies were consumed and dropped");
        assertEquals(1, others.size());
        assertInstanceOf(Step.UpgradeTls.class, others.get(0));
        assertEquals("EHLO bar.com\r\n", written(), "EHLO follows the upgrade");
        // Inside TLS the real reply is the one that counts.
        feed(s, "250 foo.com\r\n");
        SmtpClientEvent.Reply r = assertInstanceOf(SmtpClientEvent.Reply.class, events.get(events.size() - 1));
        assertEquals(List.of("foo.com"), r.reply().lines());
    }

    @Test
    void nothingIsWrittenAfterDataUntilItsReplyAndTheContentEnds() {
        SmtpClientSession s = new SmtpClientSession();
        feed(s, "220 foo.com\r\n");
        s.send(SmtpCommand.DATA);
        s.send(SmtpCommand.QUIT);
        drive(s);
        assertEquals("DATA\r\n", written());
        assertInstanceOf(Step.AwaitApplication.class, feed(s, "354 go\r\n"));
        assertInstanceOf(SmtpClientEvent.ContentRequest.class, events.get(events.size() - 1));
        s.content(ByteBuffer.wrap(".x\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalStateException.class, s::contentEnd, "one answer per request");
        drive(s);
        s.contentEnd();
        drive(s);
        // RFC 2920 §3.1: a command may follow the end of data in the same group.
        assertEquals("..x\r\n.\r\nQUIT\r\n", written());
        feed(s, "250 ok\r\n");
        assertInstanceOf(SmtpClientEvent.DataReply.class, events.get(events.size() - 1));
    }

    @Test
    void contentAnswersWithoutARequestAreMisuse() {
        SmtpClientSession s = new SmtpClientSession();
        assertThrows(IllegalStateException.class, () -> s.content(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, s::contentEnd);
        assertThrows(IllegalStateException.class, s::contentFailed);
        assertThrows(IllegalStateException.class, () -> s.sendSaslResponse("AA=="));
    }

    @Test
    void contentFailedClosesRatherThanEndTheMessage() {
        SmtpClientSession s = new SmtpClientSession();
        feed(s, "220 foo.com\r\n");
        s.send(SmtpCommand.DATA);
        drive(s);
        feed(s, "354 go\r\n");
        s.content(ByteBuffer.wrap("partial".getBytes(StandardCharsets.US_ASCII)));
        drive(s);
        s.contentFailed();
        assertInstanceOf(Step.Close.class, drive(s));
        assertEquals("DATA\r\npartial", written(), "no terminating dot for a truncated message");
    }

    @Test
    void binaryBdatSendsOctetsUnchanged() {
        SmtpClientSession s = new SmtpClientSession();
        feed(s, "220 foo.com\r\n");
        s.startBdat(true, true);
        drive(s);
        s.content(ByteBuffer.wrap(new byte[] {'a', '\n', 0, '\r'}));
        drive(s);
        s.contentEnd();
        drive(s);
        assertEquals("BDAT 4\r\na\n\0\rBDAT 0 LAST\r\n", written());
    }

    @Test
    void saslResponseWithLineBreaksIsRefused() {
        SmtpClientSession s = new SmtpClientSession();
        feed(s, "220 foo.com\r\n");
        s.send(new SmtpCommand.Auth("LOGIN", java.util.Optional.empty()));
        drive(s);
        feed(s, "334 VXNlcm5hbWU6\r\n");
        assertThrows(IllegalArgumentException.class, () -> s.sendSaslResponse("AA==\r\nRCPT TO:<x@y>"));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101})
    void replyOfMaxReplyLinesIsReadOneMoreIsAProtocolError(int lines) {
        SmtpClientSession s = new SmtpClientSession(SmtpLimits.defaults());
        StringBuilder reply = new StringBuilder();
        for (int i = 1; i < lines; i++) {
            reply.append("250-line").append(i).append("\r\n");
        }
        reply.append("250 last\r\n");
        s.send(SmtpCommand.NOOP);
        feed(s, "220 foo.com\r\n");
        feed(s, reply.toString());
        SmtpClientEvent last = events.get(events.size() - 1);
        if (lines <= SmtpLimits.defaults().maxReplyLines()) {
            assertEquals(lines, assertInstanceOf(SmtpClientEvent.Reply.class, last).reply().lines().size());
        } else {
            assertInstanceOf(SmtpClientEvent.ProtocolError.class, last);
            assertTrue(s.isFinished());
        }
    }

    @Test
    void endOfStreamWithRepliesDueIsAProtocolError() {
        SmtpClientSession s = new SmtpClientSession();
        feed(s, "220 foo.com\r\n");
        s.send(SmtpCommand.NOOP);
        drive(s);
        s.receiveEof();
        assertInstanceOf(Step.Close.class, drive(s));
        assertInstanceOf(SmtpClientEvent.ProtocolError.class, events.get(events.size() - 1));
    }

    @Test
    void chunkSizeLimitsAreCheckedAtAndPastThem() {
        SmtpClientSettings d = SmtpClientSettings.defaults();
        assertEquals(1024, d.withChunkSize(1024).chunkSize());
        assertThrows(IllegalArgumentException.class, () -> d.withChunkSize(1023));
        assertEquals(16 << 20, d.withChunkSize(16 << 20).chunkSize());
        assertThrows(IllegalArgumentException.class, () -> d.withChunkSize((16 << 20) + 1));
    }

    @Test
    void timeoutsDefaultToRfc5321AndMustBePositive() {
        SmtpClientTimeouts t = SmtpClientTimeouts.defaults();
        assertEquals(Duration.ofMinutes(5), t.greeting());
        assertEquals(Duration.ofMinutes(5), t.mail());
        assertEquals(Duration.ofMinutes(5), t.rcpt());
        assertEquals(Duration.ofMinutes(2), t.dataInitiation());
        assertEquals(Duration.ofMinutes(3), t.dataBlock());
        assertEquals(Duration.ofMinutes(10), t.dataTermination());
        assertEquals(Duration.ofMinutes(10), t.longest());
        assertThrows(IllegalArgumentException.class, () -> SmtpClientTimeouts.uniform(Duration.ZERO));
    }

    @Test
    void capabilitiesAreParsedFromTheEhloReply() {
        SmtpCapabilities c = SmtpCapabilities.parse(SmtpReply.ofLines(250, List.of("mx.example greets you",
                "pipelining", "SIZE 35882577", "AUTH  PLAIN   LOGIN", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING", "")));
        assertEquals("mx.example", c.serverName());
        assertTrue(c.pipelining() && c.eightBitMime() && c.dsn() && c.smtpUtf8() && c.chunking());
        assertFalse(c.startTls() || c.binaryMime());
        assertEquals(35882577, c.maxSize().orElseThrow());
        assertEquals(List.of("PLAIN", "LOGIN"), c.authMechanisms());
        assertTrue(SmtpCapabilities.parse(SmtpReply.ofLines(250, List.of("x", "SIZE 0"))).maxSize().isEmpty(),
                "SIZE 0 means no fixed limit (RFC 1870 §4)");
        assertTrue(SmtpCapabilities.parse(SmtpReply.ofLines(250, List.of("x", "SIZE 1x"))).maxSize().isEmpty());
        assertFalse(SmtpCapabilities.NONE.extended());
        assertEquals(List.of("LOGIN", "PLAIN"), SmtpCapabilities.parse(SmtpReply.ofLines(250,
                List.of("old.example", "AUTH=LOGIN PLAIN"))).authMechanisms(), "the pre-RFC 4954 form");
    }

    @Test
    void transactionValuesRefuseMisuse() {
        assertThrows(IllegalArgumentException.class, () -> SmtpTransaction.builder().from("a@b.example")
                .content(new byte[0]).build(), "no recipient");
        assertThrows(IllegalStateException.class, () -> SmtpTransaction.builder().to("a@b.example").build());
        assertThrows(IllegalArgumentException.class, () -> SmtpTransaction.builder().from("a@b.example\r\nRCPT TO:<x@y>"),
                "SMTPC-01: no command injection through an address");
        assertThrows(IllegalArgumentException.class, () -> SmtpTransaction.builder().from("a@b.example").to("c@d.example")
                .envelopeId("x".repeat(101)).content(new byte[1]).build());
        assertThrows(IllegalArgumentException.class, () -> SmtpClient.builder().heloName("bad\r\nname"));
        assertThrows(IllegalArgumentException.class, () -> MessageContent.of(java.io.InputStream.nullInputStream(), -1));
    }
}
