// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mailwire.core.protocol.Step;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.codec.SmtpReplyEncoder;
import org.mailwire.smtp.protocol.SmtpClientEvent;
import org.mailwire.smtp.protocol.SmtpClientSession;
import org.mailwire.smtp.server.SmtpServer;

/**
 * Properties of the client: replies decode the same however the bytes are split; arbitrary bytes
 * from a server give replies or a protocol error, nothing else (h11's fuzz invariant); arbitrary
 * message bodies, dot-stuffed on the fly, reach our own server byte for byte (CRLF-normalised).
 */
class SmtpClientProperties {

    private static SmtpServer server;
    private static RecordingHandler handler;
    private static SmtpConnection dataConnection;
    private static SmtpConnection bdatConnection;

    @BeforeContainer
    static void startServer() throws IOException {
        handler = new RecordingHandler();
        server = SmtpClientIT.server(handler).start();
        SmtpClient.Builder b = SmtpClient.builder().tlsMode(TlsMode.NONE).heloName("client.example.test");
        dataConnection = b.settings(SmtpClientSettings.defaults().withChunking(false)).build()
                .connect(server.address(), "localhost").join();
        bdatConnection = b.settings(SmtpClientSettings.defaults().withChunkSize(1024)).build()
                .connect(server.address(), "localhost").join();
    }

    @AfterContainer
    static void stopServer() {
        dataConnection.close();
        bdatConnection.close();
        server.close();
    }

    @Provide
    Arbitrary<SmtpReply> replies() {
        Arbitrary<Integer> codes = Arbitraries.integers().between(200, 599);
        Arbitrary<String> text = Arbitraries.strings().withChars("abcXYZ 019-_.,:;<>()[]é").ofMinLength(1).ofMaxLength(60)
                .filter(s -> !s.isBlank() && Character.isLetter(s.charAt(0)));
        Arbitrary<List<String>> lines = text.list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(codes, Arbitraries.of(true, false), lines).as((code, status, ls) -> {
            int k = code / 100;
            return status && k != 3 ? new SmtpReply(code, Optional.of(new EnhancedStatus(k, 1, 5)), ls)
                    : new SmtpReply(code, Optional.empty(), ls);
        });
    }

    @Provide
    Arbitrary<List<SmtpReply>> replyLists() {
        return replies().list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 200).list().ofMaxSize(30);
    }

    @Property(tries = 300)
    void repliesDecodeTheSameUnderAnySplit(@ForAll("replyLists") List<SmtpReply> replies, @ForAll("cuts") List<Integer> cuts) {
        SmtpClientSession session = new SmtpClientSession();
        for (int i = 0; i < replies.size(); i++) {
            session.send(SmtpCommand.NOOP);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes("220 server.example ready\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        SmtpReplyEncoder encoder = new SmtpReplyEncoder();
        for (SmtpReply r : replies) {
            ByteBuffer b = encoder.encode(r);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            wire.writeBytes(bytes);
        }
        List<SmtpClientEvent> events = feed(session, wire.toByteArray(), cuts);
        List<SmtpReply> decoded = new ArrayList<>();
        for (SmtpClientEvent e : events) {
            if (e instanceof SmtpClientEvent.Reply r) {
                assertEquals(SmtpCommand.NOOP, r.command());
                decoded.add(r.reply());
            } else {
                assertTrue(e instanceof SmtpClientEvent.Greeting, e.toString());
            }
        }
        assertEquals(replies, decoded);
    }

    @Provide
    Arbitrary<byte[]> serverBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.strings().withChars("0123456789 -\r\n25ok").ofMaxLength(300)
                        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Property(tries = 500)
    void anyServerBytesGiveRepliesOrAProtocolErrorNothingElse(@ForAll("serverBytes") byte[] bytes,
                                                              @ForAll("cuts") List<Integer> cuts) {
        SmtpClientSession session = new SmtpClientSession();
        session.send(SmtpCommand.NOOP);
        session.send(SmtpCommand.NOOP);
        List<SmtpClientEvent> events = feed(session, bytes, cuts);
        session.receiveEof();
        events.addAll(drain(session, new ByteArrayOutputStream()));
        long errors = events.stream().filter(e -> e instanceof SmtpClientEvent.ProtocolError).count();
        assertTrue(errors <= 1, events.toString());
        assertTrue(session.isFinished() || errors == 0, "a protocol error closes the session");
    }

    /** Feeds the bytes cut at the given lengths (the rest at once) and returns the events. */
    private static List<SmtpClientEvent> feed(SmtpClientSession session, byte[] bytes, List<Integer> cuts) {
        List<SmtpClientEvent> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.addAll(drain(session, out));
        int at = 0;
        int k = 0;
        while (at < bytes.length && !session.isFinished()) {
            int n = k < cuts.size() ? Math.min(cuts.get(k++), bytes.length - at) : bytes.length - at;
            ByteBuffer in = ByteBuffer.wrap(bytes, at, n);
            session.receive(in);
            events.addAll(drain(session, out));
            at += n;
        }
        return events;
    }

    private static List<SmtpClientEvent> drain(SmtpClientSession session, ByteArrayOutputStream out) {
        List<SmtpClientEvent> events = new ArrayList<>();
        while (true) {
            Step<SmtpClientEvent> step = session.next();
            if (step instanceof Step.Event<SmtpClientEvent> e) {
                events.add(e.event());
            } else if (step instanceof Step.Write<SmtpClientEvent> w) {
                ByteBuffer b = w.bytes();
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
            } else {
                return events;
            }
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        // Short lines (the server's line limit is 1000 octets), every line-ending shape, dots,
        // 8-bit octets and text that looks like commands.
        Arbitrary<String> pieces = Arbitraries.of("a", "b", ".", "..", "\r", "\n", "\r\n", " ", "é", "MAIL FROM:<x@y>",
                "\r\n.\r\n", "\n.\n", "\r.\r", "QUIT", "\t", "\0");
        return pieces.list().ofMaxSize(300).map(l -> String.join("", l).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 150)
    void arbitraryBodiesReachOurServerByteExact(@ForAll("bodies") byte[] body, @ForAll boolean chunking) {
        SmtpConnection c = chunking ? bdatConnection : dataConnection;
        int before = handler.messages.size();
        c.send(SmtpTransaction.builder().from("a@example.test").to("b@example.test").content(body).build())
                .orTimeout(20, TimeUnit.SECONDS).join();
        assertEquals(before + 1, handler.messages.size(), "exactly one message");
        assertArrayEquals(normalised(body), handler.messages.get(before).content());
    }

    /** What RFC 5321 §2.3.8 makes of content: every line ending CRLF, the last line ended. */
    static byte[] normalised(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < body.length && body[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > 0 && !(bytes.length >= 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n')) {
            out.write('\r');
            out.write('\n');
            bytes = out.toByteArray();
        }
        return bytes;
    }
}
