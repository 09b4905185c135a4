// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The IMAP rows of {@code SECURITY-CASES.md} that concern the codec (IMAP-01 to 05, 09, 10,
 * 12, 14), each replayed through the framer and the decoder as a server or client would: what
 * comes out is a typed failure or a {@code Bad} with the tag to answer, never a continuation
 * request for a hostile literal, never a command taken from inside a literal, and the next
 * command still decodes.
 */
class ImapSecurityCasesTest {

    /** Frames and decodes like a server: "CMD Name", "BAD tag", "+ n", or the failure. */
    private static List<String> serve(String input, boolean authenticated, boolean utf8) {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        if (authenticated) {
            framer.useAuthenticatedLimits();
        }
        ImapCommandDecoder decoder = ImapCommandDecoder.of(utf8, ImapLimits.defaults(), authenticated);
        List<String> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1));
        for (int guard = 0; guard < 10_000; guard++) {
            ImapFrame frame = framer.next(in);
            if (frame instanceof ImapFrame.NeedInput) {
                return out;
            } else if (frame instanceof ImapFrame.ContinuationRequired c) {
                out.add("+ " + c.size());
                framer.acceptLiteral();
            } else if (frame instanceof ImapFrame.LiteralStart start) {
                out.add("START " + start.size());
                framer.streamLiteral(chunk -> chunk.position(chunk.limit()));
            } else if (frame instanceof ImapFrame.Line line) {
                ImapCommandDecoder.Result r = decoder.decode(line);
                out.add(r instanceof ImapCommandDecoder.Result.Decoded d
                        ? "CMD " + d.command().getClass().getSimpleName()
                        : "BAD " + ((ImapCommandDecoder.Result.Bad) r).tag().map(Object::toString).orElse("*"));
            } else {
                out.add(FramerTranscript.render(frame));
                if (framer.closed()) {
                    return out;
                }
            }
        }
        throw new AssertionError("no progress");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967296", "18446744073709551616", "99999999999999999999"})
    void imap01HugeLiteralSizesGetNoContinuationAndTheSessionGoesOn(String size) {
        for (boolean authenticated : new boolean[] {false, true}) {
            List<String> out = serve("a LOGIN {" + size + "}\r\nb NOOP\r\n", authenticated, true);
            assertTrue(out.get(0).startsWith("LiteralTooLarge a "), out::toString);
            assertEquals("CMD Noop", out.get(1));
            assertEquals(2, out.size());
        }
    }

    @Test
    void imap01NegativeLiteralSizeIsABadCommand() {
        assertEquals(List.of("BAD a", "CMD Noop"), serve("a LOGIN {-1}\r\nb NOOP\r\n", false, true));
    }

    @Test
    void imap02PreAuthLiteralCapIsEightKibibytes() {
        assertEquals(List.of("LiteralTooLarge a 100000", "CMD Noop"),
                serve("a LOGIN {100000}\r\nb NOOP\r\n", false, true));
        assertEquals("+ 8192", serve("a LOGIN {8192}\r\n", false, true).get(0));
        assertEquals("LiteralTooLarge a 8193", serve("a LOGIN {8193}\r\n", false, true).get(0));
        // After authentication the same size is an ordinary APPEND literal.
        assertEquals("+ 100000", serve("a APPEND INBOX {100000}\r\n", true, true).get(0));
    }

    @Test
    void imap03NonSynchronizingLiteralOverLiteralMinusIsSkippedNotExecuted() {
        String body = "x".repeat(2000) + "\r\nb LOGOUT\r\n" + "y".repeat(5000 - 2012);
        List<String> out = serve("a APPEND INBOX {5000+}\r\n" + body + "\r\nc NOOP\r\n", true, true);
        assertEquals(List.of("LiteralTooLarge a 5000+", "CMD Noop"), out);
        assertFalse(out.contains("CMD Logout"));
    }

    @Test
    void imap04HundredThousandParenthesesAreRefusedBeforeAndAfterLogin() {
        String deep = "(".repeat(100_000) + ")".repeat(100_000);
        for (boolean authenticated : new boolean[] {false, true}) {
            List<String> fetch = serve("a FETCH 1 " + deep + "\r\nb NOOP\r\n", authenticated, true);
            assertTrue(fetch.get(0).startsWith("LineTooLong a"), fetch::toString);
            assertEquals("CMD Noop", fetch.get(fetch.size() - 1));
        }
        // Within the line limit the nesting limits answer: 129 levels in SEARCH, 2 before login.
        String search = "a SEARCH " + "(".repeat(129) + "ALL" + ")".repeat(129) + "\r\nb NOOP\r\n";
        assertEquals(List.of("BAD a", "CMD Noop"), serve(search, true, true));
        assertEquals(List.of("BAD a", "CMD Noop"), serve("a ID ((\"x\" \"y\"))\r\nb NOOP\r\n", false, true));
        assertEquals(List.of("BAD a", "CMD Noop"), serve("a SEARCH " + "NOT ".repeat(200) + "ALL\r\nb NOOP\r\n",
                true, true));
    }

    @Test
    void imap05HundredMebibytesWithoutCrlfAreCountedNotStored() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        List<ImapFrame> frames = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            while (in.hasRemaining()) {
                ImapFrame f = framer.next(in);
                if (!(f instanceof ImapFrame.NeedInput)) {
                    frames.add(f);
                }
            }
        }
        assertEquals(1, frames.size(), frames::toString);
        assertInstanceOf(ImapFrame.LineTooLong.class, frames.get(0));
        ImapFrame next = framer.next(ByteBuffer.wrap("\r\nb NOOP\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("LINE b NOOP", FramerTranscript.render(next));
    }

    @Test
    void imap09NulUnterminatedQuotesAndEightBitQuotedWithoutUtf8AreBad() {
        assertEquals(List.of("Malformed a NUL_IN_LINE", "CMD Noop"), serve("a LOGIN \"u\0\" p\r\nb NOOP\r\n", false, true));
        assertEquals(List.of("BAD a", "CMD Noop"), serve("a LOGIN \"u\\\r\nb NOOP\r\n", false, true));
        assertEquals(List.of("BAD a", "CMD Noop"), serve("a LOGIN \"\u00e9\" p\r\nb NOOP\r\n", false, false));
        assertEquals(List.of("BAD a"), serve("a LOGIN \"\u00e9\" p\r\n", false, true));
        assertEquals(List.of("CMD Login"), serve("a LOGIN \"\u00c3\u00a9\" p\r\n", false, true));
    }

    @Test
    void imap10EmptyLinesBadTagsAndUnknownCommandsAreBadAndTheSessionGoesOn() {
        assertEquals(List.of("BAD *", "BAD *", "BAD *", "BAD a", "CMD Noop"),
                serve("\r\n+ NOOP\r\n* NOOP\r\na FOO\r\nb NOOP\r\n", false, true));
    }

    @Test
    void imap12HostileMailboxNamesAreRefusedOrKeptVerbatimForTheStoreToJudge() {
        assertEquals(List.of("Malformed a NUL_IN_LINE"), serve("a CREATE \"x\0y\"\r\n", true, true));
        assertEquals(List.of("BAD a"), serve("a CREATE &Jjo\r\n", true, false));
        // A path is a name like any other here; the store refuses what it must (SECURITY-CASES
        // IMAP-12 "nothing outside the user's store touched" is the store's test).
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        ImapFrame.Line line = assertInstanceOf(ImapFrame.Line.class,
                framer.next(ByteBuffer.wrap("a CREATE ../../etc\r\n".getBytes(StandardCharsets.US_ASCII))));
        ImapCommand.Create create = assertInstanceOf(ImapCommand.Create.class, assertInstanceOf(
                ImapCommandDecoder.Result.Decoded.class, ImapCommandDecoder.of(true).decode(line)).command());
        assertEquals("../../etc", create.mailbox().name());
        // 10 000 characters fit a line; 70 000 do not.
        assertEquals(List.of("CMD Create"), serve("a CREATE " + "n".repeat(8000) + "\r\n", true, true));
        assertTrue(serve("a CREATE " + "n".repeat(70_000) + "\r\n", true, true).get(0).startsWith("LineTooLong"));
    }

    @Test
    void imap14HugeBodyLiteralIsStreamedOrRefusedNeverPreallocated() {
        // Over the response literal limit: refused at the announcement.
        ImapFramer small = ImapFramer.forResponses(ImapLimits.defaults().withMaxLiteralSizes(8192, 1_000_000));
        assertEquals("LiteralTooLarge - 2147483647 CLOSE", FramerTranscript.render(small.next(ByteBuffer.wrap(
                "* 1 FETCH (BODY[] {2147483647}\r\n".getBytes(StandardCharsets.US_ASCII)))));
        // Under it: the literal starts streaming before its octets arrive, and a slow drip of one
        // octet at a time goes to the sink as it comes.
        ImapFramer framer = ImapFramer.forResponses(ImapLimits.defaults());
        ImapFrame start = framer.next(ByteBuffer.wrap("* 1 FETCH (BODY[] {200000}\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(ImapFrame.LiteralStart.class, start);
        long[] received = new long[1];
        framer.streamLiteral(chunk -> {
            received[0] += chunk.remaining();
            chunk.position(chunk.limit());
        });
        for (int i = 0; i < 1000; i++) {
            assertEquals(ImapFrame.NEED_INPUT, framer.next(ByteBuffer.wrap(new byte[] {'x'})));
        }
        assertEquals(1000, received[0]);
    }
}
