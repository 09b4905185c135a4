// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.protocol.Step;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandDecoder;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapFramer;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.protocol.ImapClientSession;

/**
 * Replays {@code src/test/resources/transcripts/imap-client/*.txt} through an
 * {@link ImapClientSession} with no sockets, from the client's side. {@code C:} lines are what
 * the session must have written, octet for octet, before the next server line is fed; the first
 * line of each command is parsed with the server-side decoder and queued with
 * {@link ImapClientSession#send}, so commands written before any {@code S:} line are pipelined.
 * A {@code C:} line answering a challenge goes through
 * {@link ImapClientSession#sendAuthenticationResponse}, {@code C: DONE} through
 * {@link ImapClientSession#done()}. {@code S:} lines are fed one segment each; {@code S+} lines
 * share a segment with the line after them. {@code T: upgrade} expects the TLS upgrade step.
 * Every transcript must end with every command completed and no protocol error.
 */
class ImapClientSessionTranscriptTest {

    private static final String[] NAMES = {
        "01-rfc3501-8-sample-session.txt",
        "02-rfc9051-6-3-12-append-synchronizing.txt",
        "03-rfc7888-append-literal-plus.txt",
        "04-rfc9051-6-2-2-authenticate.txt",
        "05-rfc4959-sasl-ir.txt",
        "06-rfc2177-idle.txt",
        "07-rfc9051-5-5-pipelining.txt",
        "08-rfc7162-3-2-5-qresync-select.txt",
        "09-rfc9051-6-3-mailbox-commands.txt",
        "10-starttls-injection.txt",
    };

    static Stream<Arguments> transcripts() {
        return Stream.of(NAMES).flatMap(n -> Stream.of(Arguments.of(n, false), Arguments.of(n, true)));
    }

    /** Runs the session until it needs input, recording what it writes and reports. */
    private static final class Pump {
        final ImapClientSession session = new ImapClientSession(ImapLimits.defaults());
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final List<ImapClientSession.Event> events = new ArrayList<>();
        boolean upgraded;
        boolean closed;
        boolean challenge;
        boolean idling;

        void run() {
            for (int guard = 0; guard < 100_000; guard++) {
                Step<ImapClientSession.Event> step = session.next();
                if (step instanceof Step.Write<ImapClientSession.Event> w) {
                    ByteBuffer b = w.bytes();
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    written.writeBytes(copy);
                } else if (step instanceof Step.Event<ImapClientSession.Event> e) {
                    events.add(e.event());
                    challenge |= e.event() instanceof ImapClientSession.Event.Challenge;
                    idling |= e.event() instanceof ImapClientSession.Event.Idling;
                    if (e.event() instanceof ImapClientSession.Event.ProtocolError p) {
                        throw new AssertionError("protocol error: " + p);
                    }
                } else if (step instanceof Step.UpgradeTls<ImapClientSession.Event>) {
                    upgraded = true;
                    return;
                } else if (step instanceof Step.Close<ImapClientSession.Event>) {
                    closed = true;
                    return;
                } else {
                    return;
                }
            }
            throw new AssertionError("the session never asked for input");
        }
    }

    @ParameterizedTest(name = "{0} byte at a time: {1}")
    @MethodSource("transcripts")
    void replaysFromTheClientsSide(String name, boolean byteAtATime) throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/transcripts/imap-client/" + name)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Pump pump = new Pump();
        StringBuilder expected = new StringBuilder();
        int continuationLines = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String text = line.substring(3);
            if (line.startsWith("C: ")) {
                if (continuationLines > 0) {
                    continuationLines--;
                } else if (pump.challenge) {
                    pump.challenge = false;
                    pump.session.sendAuthenticationResponse(text);
                } else if (pump.idling && text.equals("DONE")) {
                    pump.idling = false;
                    pump.session.done();
                } else {
                    int[] used = new int[1];
                    pump.session.send(command(lines, i, used));
                    continuationLines = used[0] - 1;
                }
                expected.append(text).append("\r\n");
            } else if (line.startsWith("S: ") || line.startsWith("S+ ")) {
                pump.run();
                assertEquals(expected.toString(), pump.written.toString(StandardCharsets.UTF_8), name + " before: " + line);
                StringBuilder segment = new StringBuilder(text).append("\r\n");
                while (line.startsWith("S+ ")) {
                    line = lines.get(++i);
                    segment.append(line.substring(3)).append("\r\n");
                }
                byte[] bytes = segment.toString().getBytes(StandardCharsets.UTF_8);
                if (byteAtATime && segment.indexOf("\r\n") == segment.length() - 2) {
                    // Split invariance: the same writes and events whatever the segmentation.
                    for (byte b : bytes) {
                        pump.session.receive(ByteBuffer.wrap(new byte[] {b}));
                        pump.run();
                    }
                } else {
                    pump.session.receive(ByteBuffer.wrap(bytes));
                    pump.run();
                }
            } else if (line.startsWith("T: ")) {
                assertTrue(pump.upgraded, name + ": no TLS upgrade");
            } else {
                throw new AssertionError("bad transcript line: " + line);
            }
        }
        pump.run();
        assertEquals(expected.toString(), pump.written.toString(StandardCharsets.UTF_8), name);
        assertTrue(pump.session.isIdle(), name + ": commands left outstanding");
        long completions = pump.events.stream().filter(e -> e instanceof ImapClientSession.Event.Completed).count();
        assertTrue(completions > 0, name + ": nothing completed");
    }

    /** Parses the command starting at line {@code from}, with the C: lines of its literals. */
    private static ImapCommand command(List<String> lines, int from, int[] used) {
        ImapLimits limits = ImapLimits.defaults();
        ImapFramer framer = ImapFramer.forCommands(limits);
        framer.useAuthenticatedLimits();
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("C: ")) {
                continue;
            }
            used[0]++;
            ByteBuffer in = ByteBuffer.wrap((lines.get(i).substring(3) + "\r\n").getBytes(StandardCharsets.UTF_8));
            while (true) {
                ImapFrame frame = framer.next(in);
                if (frame instanceof ImapFrame.ContinuationRequired) {
                    framer.acceptLiteral();
                } else if (frame instanceof ImapFrame.Line l) {
                    ImapCommandDecoder.Result r = ImapCommandDecoder.of(false, limits, true).decode(l);
                    if (r instanceof ImapCommandDecoder.Result.Decoded d) {
                        return d.command();
                    }
                    throw new AssertionError("transcript command does not decode: " + r);
                } else if (frame == ImapFrame.NEED_INPUT) {
                    break;
                } else {
                    throw new AssertionError("transcript command does not frame: " + frame);
                }
            }
        }
        throw new AssertionError("unterminated command at line " + (from + 1));
    }
}
