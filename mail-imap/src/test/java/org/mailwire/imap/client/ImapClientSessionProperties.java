// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mailwire.core.protocol.Step;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.protocol.ImapClientSession;
import org.mailwire.imap.types.Tag;

/**
 * Properties of the client session: whatever a server sends gives events or a protocol error,
 * never another throwable (h11's fuzz invariant); and the events do not depend on how the input
 * is split.
 */
class ImapClientSessionProperties {

    private static final String ANSWER = "* OK [CAPABILITY IMAP4rev1 IDLE] ready\r\n"
            + "* 3 EXISTS\r\n* 1 FETCH (UID 9 FLAGS (\\Seen) BODY[] {12}\r\nhello world!)\r\n"
            + "* 2 EXPUNGE\r\nA1 OK done\r\n* SEARCH 1 2\r\nA2 NO [TRYCREATE] no\r\n";

    private static List<String> run(List<byte[]> segments) {
        ImapClientSession session = new ImapClientSession(ImapLimits.defaults().withMaxInMemoryLiteralSize(4));
        session.send(new ImapCommand.Noop(Tag.of("A1")));
        session.send(new ImapCommand.Noop(Tag.of("A2")));
        List<String> events = new ArrayList<>();
        for (byte[] segment : segments) {
            session.receive(ByteBuffer.wrap(segment));
            for (int guard = 0; guard < 100_000; guard++) {
                Step<ImapClientSession.Event> step = session.next();
                if (step instanceof Step.Event<ImapClientSession.Event> e) {
                    if (e.event() instanceof ImapClientSession.Event.LiteralChunk c) {
                        events.add("chunk " + StandardCharsets.ISO_8859_1.decode(c.chunk()));
                    } else {
                        events.add(e.event().toString());
                    }
                } else if (step instanceof Step.NeedInput<ImapClientSession.Event>
                        || step instanceof Step.Close<ImapClientSession.Event>) {
                    break;
                }
            }
        }
        // Chunks depend on the split by design; their concatenation does not.
        List<String> merged = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (String e : events) {
            if (e.startsWith("chunk ")) {
                literal.append(e.substring(6));
            } else {
                if (literal.length() > 0) {
                    merged.add("literal " + literal);
                    literal.setLength(0);
                }
                merged.add(e);
            }
        }
        return merged;
    }

    @Property
    void arbitraryServerBytesGiveEventsOrAProtocolErrorOnly(@ForAll("serverBytes") byte[] bytes) {
        run(List.of("* OK hi\r\n".getBytes(StandardCharsets.US_ASCII), bytes));
    }

    @Property
    void eventsDoNotDependOnTheSplit(@ForAll @IntRange(min = 1, max = 40) int size) {
        byte[] all = ANSWER.getBytes(StandardCharsets.US_ASCII);
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < all.length; i += size) {
            pieces.add(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
        }
        assertEquals(run(List.of(all)), run(pieces));
    }

    @Provide
    Arbitrary<byte[]> serverBytes() {
        Arbitrary<String> pieces = Arbitraries.of("* ", "A1 ", "A2 ", "OK ", "NO ", "BAD ", "BYE ", "+ ", "{5}\r\n",
                "{99999999999}\r\n", "~{3}\r\n", "(", ")", "FETCH ", "EXISTS", "\r\n", "\n", "\r", "[", "]", "\"",
                "\\", "\u0000", "1 ", "UID ", "BODY[] ", "VANISHED (EARLIER) 1:3", "CAPABILITY IMAP4rev1");
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
    }
}
