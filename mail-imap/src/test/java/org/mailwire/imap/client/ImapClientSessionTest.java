// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.core.protocol.Step;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.protocol.ImapClientSession;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Tag;

/** Examples of the client session's rules that transcripts do not show well. */
class ImapClientSessionTest {

    private final List<ImapClientSession.Event> events = new ArrayList<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean closed;

    private void pump(ImapClientSession session) {
        for (int guard = 0; guard < 100_000; guard++) {
            Step<ImapClientSession.Event> step = session.next();
            if (step instanceof Step.Write<ImapClientSession.Event> w) {
                byte[] b = new byte[w.bytes().remaining()];
                w.bytes().get(b);
                written.writeBytes(b);
            } else if (step instanceof Step.Event<ImapClientSession.Event> e) {
                events.add(e.event());
            } else {
                closed |= step instanceof Step.Close<ImapClientSession.Event>;
                return;
            }
        }
        throw new AssertionError("no end");
    }

    private void feed(ImapClientSession session, String text) {
        session.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
        pump(session);
    }

    private String written() {
        String s = written.toString(StandardCharsets.ISO_8859_1);
        written.reset();
        return s;
    }

    private ImapClientSession greeted(ImapLimits limits) {
        ImapClientSession session = new ImapClientSession(limits);
        feed(session, "* OK ready\r\n");
        return session;
    }

    @Test
    void commandsQueuedBeforeTheGreetingWaitForIt() {
        ImapClientSession session = new ImapClientSession(ImapLimits.defaults());
        session.send(new ImapCommand.Noop(Tag.of("A1")));
        pump(session);
        assertEquals("", written());
        feed(session, "* OK hi\r\n");
        assertEquals("A1 NOOP\r\n", written());
        assertInstanceOf(ImapClientSession.Event.Greeting.class, events.get(0));
    }

    @Test
    void streamedAppendSendsTheSourceAfterTheContinuationInChunks() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        byte[] message = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        int[] calls = {0};
        ImapClientSession.LiteralSource source = new ImapClientSession.LiteralSource() {
            int at;

            @Override
            public long size() {
                return message.length;
            }

            @Override
            public ByteBuffer next() {
                calls[0]++;
                int n = Math.min(5, message.length - at);
                ByteBuffer b = ByteBuffer.wrap(message, at, n).slice();
                at += n;
                return b;
            }
        };
        session.send(new ImapCommand.Append(Tag.of("A2"), MailboxName.INBOX, List.of(), Optional.empty(),
                new Fragment.StreamedLiteral(message.length, true, false)), source);
        session.send(new ImapCommand.Noop(Tag.of("A3")));
        pump(session);
        assertEquals("A2 APPEND INBOX {" + message.length + "}\r\n", written());
        assertEquals(0, calls[0]);
        feed(session, "+ go ahead\r\n");
        assertEquals(new String(message, StandardCharsets.US_ASCII) + "\r\nA3 NOOP\r\n", written());
        assertEquals((message.length + 4) / 5, calls[0]);
        feed(session, "A2 OK [APPENDUID 1 9] done\r\nA3 OK done\r\n");
        assertTrue(session.isIdle());
    }

    @Test
    void refusedLiteralEndsTheCommandAndLetsTheNextOneGo() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        session.send(new ImapCommand.Append(Tag.of("A1"), MailboxName.INBOX, List.of(), Optional.empty(),
                Fragment.Literal.of("hi\r\n".getBytes(StandardCharsets.US_ASCII), true, false)));
        session.send(new ImapCommand.Noop(Tag.of("A2")));
        pump(session);
        assertEquals("A1 APPEND INBOX {4}\r\n", written());
        feed(session, "A1 NO [TOOBIG] too big\r\n");
        assertEquals("A2 NOOP\r\n", written());
        ImapClientSession.Event.Completed c = (ImapClientSession.Event.Completed) events.get(events.size() - 1);
        assertEquals(ImapResponse.Kind.NO, c.status().kind());
    }

    @Test
    void doneBeforeIdleIsAcceptedIsSentRightAfterTheContinuation() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        session.send(new ImapCommand.Idle(Tag.of("A1")));
        pump(session);
        assertEquals("A1 IDLE\r\n", written());
        session.done();
        pump(session);
        assertEquals("", written());
        feed(session, "+ idling\r\n");
        assertEquals("DONE\r\n", written());
        feed(session, "A1 OK done\r\n");
        assertTrue(session.isIdle());
    }

    @Test
    void nothingFollowsStartTlsUntilItCompletes() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        session.send(new ImapCommand.StartTls(Tag.of("A1")));
        session.send(new ImapCommand.Capability(Tag.of("A2")));
        pump(session);
        assertEquals("A1 STARTTLS\r\n", written());
    }

    @Test
    void largeLiteralArrivesAsChunksNeverWhole() {
        ImapClientSession session = greeted(ImapLimits.defaults().withMaxInMemoryLiteralSize(10));
        session.send(new ImapCommand.Noop(Tag.of("A1")));
        pump(session);
        written();
        feed(session, "* 1 FETCH (BODY[] {30}\r\n0123456789");
        feed(session, "0123456789");
        feed(session, "0123456789)\r\nA1 OK done\r\n");
        long chunks = events.stream().filter(e -> e instanceof ImapClientSession.Event.LiteralChunk).count();
        assertEquals(3, chunks);
        assertTrue(events.stream().anyMatch(e -> e instanceof ImapClientSession.Event.LiteralStart s && s.size() == 30));
        assertTrue(session.isIdle());
    }

    @Test
    void endOfInputInTheMiddleOfAResponseIsAClosedError() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        session.send(new ImapCommand.Noop(Tag.of("A1")));
        pump(session);
        feed(session, "* 1 FETCH (FLA");
        session.receiveEof();
        pump(session);
        ImapClientSession.Event.ProtocolError e = (ImapClientSession.Event.ProtocolError) events.get(events.size() - 1);
        assertEquals(ImapClientSession.Event.Kind.CLOSED, e.kind());
        assertTrue(closed);
    }

    @Test
    void taggedResponseToNoCommandIsMalformed() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        feed(session, "Z9 OK who asked\r\n");
        ImapClientSession.Event.ProtocolError e = (ImapClientSession.Event.ProtocolError) events.get(events.size() - 1);
        assertEquals(ImapClientSession.Event.Kind.MALFORMED, e.kind());
        assertTrue(closed);
    }

    @Test
    void lineAtTheLimitIsReadAndOnePastIsTooLarge() {
        ImapLimits limits = ImapLimits.defaults().withMaxLineLength(64);
        ImapClientSession session = greeted(limits);
        String atLimit = "* OK " + "a".repeat(64 - 2 - 5);
        feed(session, atLimit + "\r\n");
        assertTrue(events.get(events.size() - 1) instanceof ImapClientSession.Event.Untagged);
        feed(session, "* OK " + "a".repeat(64 - 2 - 5 + 1) + "\r\n");
        ImapClientSession.Event.ProtocolError e = (ImapClientSession.Event.ProtocolError) events.get(events.size() - 1);
        assertEquals(ImapClientSession.Event.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void aTagInUseIsRefused() {
        ImapClientSession session = greeted(ImapLimits.defaults());
        session.send(new ImapCommand.Noop(Tag.of("A1")));
        assertThrows(IllegalArgumentException.class, () -> session.send(new ImapCommand.Noop(Tag.of("A1"))));
    }

    @Test
    void greetingThatIsNotAStatusIsMalformed() {
        ImapClientSession session = new ImapClientSession(ImapLimits.defaults());
        feed(session, "* 3 EXISTS\r\n");
        assertInstanceOf(ImapClientSession.Event.ProtocolError.class, events.get(0));
    }
}
