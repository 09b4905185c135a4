// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.imap.codec.FramerTranscript.whole;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImapFramerTest {

    /** The message of the APPEND example, RFC 9051 §6.3.12: 326 octets. */
    private static final String APPEND_MESSAGE = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
            + "From: Fred Foobar <foobar@Blurdybloop.example>\r\n"
            + "Subject: afternoon meeting\r\n"
            + "To: mooch@owatagu.siam.edu.example\r\n"
            + "Message-Id: <B27397-0100000@Blurdybloop.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
            + "\r\n"
            + "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

    private static ImapFramer server() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        return framer;
    }

    private static ImapFramer preAuthServer() {
        return ImapFramer.forCommands(ImapLimits.defaults());
    }

    private static String escaped(String s) {
        return FramerTranscript.escape(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void framesTheAppendExampleOfRfc9051() {
        assertEquals(326, APPEND_MESSAGE.length());
        List<String> events = whole(server(), "A003 APPEND saved-messages (\\Seen) {326}\r\n" + APPEND_MESSAGE + "\r\n");
        assertEquals(List.of("+ 326", "LINE A003 APPEND saved-messages (\\Seen) {326}[" + escaped(APPEND_MESSAGE) + "]"),
                events);
    }

    @Test
    void framesLoginWithTwoLiteralsOfRfc3501() {
        // RFC 3501 §6.2.3 and RFC 9051 §4.3: "A001 LOGIN {11}" ... "FRED FOOBAR {7}" ... "fat man".
        List<String> events = whole(preAuthServer(), "A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n");
        assertEquals(List.of("+ 11", "+ 7", "LINE A001 LOGIN {11}[FRED FOOBAR] {7}[fat man]"), events);
    }

    @Test
    void keepsCrLfInsideALiteral() {
        List<String> events = whole(server(), "a APPEND x {6}\r\na\r\nb\r\n\r\nb NOOP\r\n");
        assertEquals(List.of("+ 6", "LINE a APPEND x {6}[a\\r\\nb\\r\\n]", "LINE b NOOP"), events);
    }

    @Test
    void framesTextLinesAndKeepsWhatFollows() {
        ImapFramer framer = server();
        ByteBuffer input = ByteBuffer.wrap("a NOOP\r\nb CAPA".getBytes(StandardCharsets.US_ASCII));
        ImapFrame.Line line = assertInstanceOf(ImapFrame.Line.class, framer.next(input));
        assertEquals("LINE a NOOP", FramerTranscript.render(line));
        assertEquals(8, input.position());
        assertFalse(framer.midCommand());
        assertEquals(ImapFrame.NEED_INPUT, framer.next(input));
        assertTrue(framer.midCommand());
    }

    @Test
    void nonSynchronizingLiteralNeedsNoContinuationAndThePipelinedCommandSurvives() {
        // SECURITY-CASES IMAP-07, apache/james-project#3144.
        List<String> events = whole(server(), "a APPEND INBOX {5+}\r\nhello\r\nb NOOP\r\n");
        assertEquals(List.of("LINE a APPEND INBOX {5+}[hello]", "LINE b NOOP"), events);
    }

    @Test
    void literalMinusAcceptsNonSynchronizingLiteralsUpTo4096() {
        String data = "x".repeat(4096);
        List<String> events = whole(server(), "a APPEND INBOX {4096+}\r\n" + data + "\r\n");
        assertEquals(List.of("LINE a APPEND INBOX {4096+}[" + data + "]"), events);
    }

    @Test
    void literalMinusRefusesANonSynchronizingLiteralOf4097AndSkipsIt() {
        String data = "x".repeat(4097);
        List<String> events = whole(server(), "a APPEND INBOX {4097+}\r\n" + data + "\r\nb NOOP\r\n");
        assertEquals(List.of("LiteralTooLarge a 4097+", "LINE b NOOP"), events);
    }

    @Test
    void oversizedNonSynchronizingLiteralIsNeverReadAsCommands() {
        // SECURITY-CASES IMAP-03, net-imap#701: the skipped octets hold a command of their own.
        String data = "\r\nb LOGOUT\r\n" + "y".repeat(5000 - 12);
        List<String> events = whole(server(), "a APPEND INBOX {5000+}\r\n" + data + "\r\nc NOOP\r\n");
        assertEquals(List.of("LiteralTooLarge a 5000+", "LINE c NOOP"), events);
    }

    @Test
    void literalPlusRaisesTheNonSynchronizingCap() {
        ImapFramer framer = ImapFramer.forCommands(
                ImapLimits.defaults().withMaxNonSyncLiteralSize(Long.MAX_VALUE));
        framer.useAuthenticatedLimits();
        String data = "z".repeat(5000);
        assertEquals(List.of("LINE a APPEND INBOX {5000+}[" + data + "]"),
                whole(framer, "a APPEND INBOX {5000+}\r\n" + data + "\r\n"));
    }

    static Stream<Arguments> hugeSynchronizingSizes() {
        return Stream.of(
                Arguments.of("4294967296", 4294967296L),
                Arguments.of("18446744073709551616", Long.MAX_VALUE),
                Arguments.of("99999999999999999999", Long.MAX_VALUE),
                Arguments.of("9223372036854775807", Long.MAX_VALUE),
                Arguments.of("9223372036854775808", Long.MAX_VALUE));
    }

    @ParameterizedTest
    @MethodSource("hugeSynchronizingSizes")
    void hugeSynchronizingLiteralIsRefusedWithoutContinuationAndTheNextCommandIsRead(String digits, long size) {
        // SECURITY-CASES IMAP-01, net-imap#681, c-client CVE-2003-0297: never wraps to a small size.
        for (ImapFramer framer : List.of(preAuthServer(), server())) {
            List<String> events = whole(framer, "a LOGIN {" + digits + "}\r\nb NOOP\r\n");
            assertEquals(List.of("LiteralTooLarge a " + size, "LINE b NOOP"), events);
        }
    }

    @Test
    void hugeNonSynchronizingLiteralClosesTheConnection() {
        ImapFramer framer = server();
        List<String> events = whole(framer, "a LOGIN {99999999999999999999+}\r\nb NOOP\r\n");
        assertEquals(List.of("LiteralTooLarge a " + Long.MAX_VALUE + "+ CLOSE"), events);
        assertTrue(framer.closed());
        assertEquals(List.of(), whole(framer, "c NOOP\r\n"));
    }

    @Test
    void nonSynchronizingLiteralTooLargeToSkipClosesTheConnection() {
        ImapLimits limits = ImapLimits.defaults().withMaxDiscardedLiteralSize(100);
        ImapFramer framer = ImapFramer.forCommands(limits);
        assertEquals(List.of("LiteralTooLarge a 5000+ CLOSE"), whole(framer, "a LOGIN {5000+}\r\n"));
        ImapFramer atLimit = ImapFramer.forCommands(limits.withMaxNonSyncLiteralSize(0));
        assertEquals(List.of("LiteralTooLarge a 100+", "LINE b NOOP"),
                whole(atLimit, "a LOGIN {100+}\r\n" + "q".repeat(100) + "\r\nb NOOP\r\n"));
        ImapFramer pastLimit = ImapFramer.forCommands(limits.withMaxNonSyncLiteralSize(0));
        assertEquals(List.of("LiteralTooLarge a 101+ CLOSE"),
                whole(pastLimit, "a LOGIN {101+}\r\n" + "q".repeat(101) + "\r\nb NOOP\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{-1}", "{}", "{1a}", "{+}", "{5-}", "{ 5}", "{5}x", "x{5 }"})
    void textThatIsNoLiteralAnnouncementStaysText(String end) {
        assertEquals(List.of("LINE a LOGIN " + end), whole(preAuthServer(), "a LOGIN " + end + "\r\n"));
    }

    @Test
    void preAuthLiteralLimitIs8192() {
        // SECURITY-CASES IMAP-02.
        assertEquals(List.of("+ 8192"), whole(preAuthServer(), "a LOGIN {8192}\r\n"));
        assertEquals(List.of("LiteralTooLarge a 8193", "LINE b NOOP"),
                whole(preAuthServer(), "a LOGIN {8193}\r\nb NOOP\r\n"));
        assertEquals(List.of("LiteralTooLarge a 100000"), whole(preAuthServer(), "a LOGIN {100000}\r\n"));
    }

    @Test
    void postAuthLiteralLimitApplies() {
        ImapLimits limits = ImapLimits.defaults().withMaxLiteralSizes(10, 20).withMaxInMemoryLiteralSize(100);
        ImapFramer framer = ImapFramer.forCommands(limits);
        assertEquals(List.of("LiteralTooLarge a 11"), whole(framer, "a LOGIN {11}\r\n"));
        framer.useAuthenticatedLimits();
        assertEquals(List.of("+ 20"), whole(framer, "a APPEND x {20}\r\n"));
        framer.reset();
        assertEquals(List.of("LiteralTooLarge a 21"), whole(framer, "a APPEND x {21}\r\n"));
    }

    @Test
    void lineAtTheLimitIsFramedAndOneOctetMoreIsRefused() {
        ImapLimits limits = ImapLimits.defaults().withMaxLineLength(64);
        String atLimit = "a NOOP " + "x".repeat(64 - 2 - 7);
        assertEquals(62, atLimit.length());
        assertEquals(List.of("LINE " + atLimit), whole(ImapFramer.forCommands(limits), atLimit + "\r\n"));
        assertEquals(List.of("LineTooLong a", "LINE b NOOP"),
                whole(ImapFramer.forCommands(limits), atLimit + "y\r\nb NOOP\r\n"));
    }

    @Test
    void defaultLineLimitIs8192() {
        String atLimit = "a NOOP " + "x".repeat(8192 - 2 - 7);
        assertEquals(List.of("LINE " + atLimit), whole(server(), atLimit + "\r\n"));
        assertEquals(List.of("LineTooLong a", "LINE b NOOP"), whole(server(), atLimit + "y\r\nb NOOP\r\n"));
    }

    @Test
    void lineTooLongIsReportedBeforeItsEndAndMemoryStaysBounded() {
        // SECURITY-CASES IMAP-05: 1 MiB without CRLF; the failure comes at the first octet past.
        ImapFramer framer = server();
        byte[] flood = new byte[1 << 20];
        java.util.Arrays.fill(flood, (byte) 'A');
        ByteBuffer input = ByteBuffer.wrap(flood);
        assertInstanceOf(ImapFrame.LineTooLong.class, framer.next(input));
        // The octet past the limit is left for the discarding that follows.
        assertEquals(8190, input.position());
        assertEquals(ImapFrame.NEED_INPUT, framer.next(input));
        assertTrue(framer.midCommand());
        assertEquals(List.of("LINE b NOOP"), whole(framer, "\r\nb NOOP\r\n"));
    }

    @Test
    void lineTooLongThatEndsInASkippableNonSynchronizingLiteralSkipsIt() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxLineLength(32));
        String events = String.join("|", whole(framer,
                "a APPEND " + "x".repeat(40) + " {12+}\r\n\r\nb LOGOUT\r\n\r\nc NOOP\r\n"));
        assertEquals("LineTooLong a|LINE c NOOP", events);
    }

    @Test
    void lineTooLongThatEndsInAnUnskippableNonSynchronizingLiteralCloses() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxLineLength(32));
        List<String> events = whole(framer, "a APPEND " + "x".repeat(40) + " {70000+}\r\nb NOOP\r\n");
        assertEquals(List.of("LineTooLong a", "LiteralTooLarge a 70000+ CLOSE"), events);
    }

    @Test
    void lineTooLongThatEndsInASynchronizingLiteralEndsTheCommand() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxLineLength(32));
        List<String> events = whole(framer, "a APPEND " + "x".repeat(40) + " {5}\r\nb NOOP\r\n");
        assertEquals(List.of("LineTooLong a", "LINE b NOOP"), events);
    }

    @Test
    void braceInsideAQuotedStringIsNoLiteral() {
        assertEquals(List.of("LINE a SELECT \"x {5}\""), whole(server(), "a SELECT \"x {5}\"\r\n"));
        // Unterminated: the announcement is inside the string, so this is one (bad) line.
        assertEquals(List.of("LINE a LOGIN \"x {5}"), whole(server(), "a LOGIN \"x {5}\r\n"));
        assertEquals(List.of("LINE a LOGIN \"x\\\" {5}"), whole(server(), "a LOGIN \"x\\\" {5}\r\n"));
        // An escaped backslash closes nothing; the quote after it does, so this is a literal.
        assertEquals(List.of("+ 5", "LINE a LOGIN \"x\\\\\" {5}[hello]"),
                whole(server(), "a LOGIN \"x\\\\\" {5}\r\nhello\r\n"));
    }

    @Test
    void literal8IsRecognisedAndMayHoldNul() {
        List<String> events = whole(server(), "a APPEND x ~{3}\r\na\0b\r\n");
        assertEquals(List.of("+ 3 binary", "LINE a APPEND x ~{3}[a\\x00b]"), events);
        assertEquals(List.of("LINE a APPEND x ~{3+}[a\\x00b]"), whole(server(), "a APPEND x ~{3+}\r\na\0b\r\n"));
    }

    @Test
    void nulInAPlainLiteralIsMalformedAndTheRestOfTheCommandIsSkipped() {
        List<String> events = whole(server(), "a APPEND x {3}\r\na\0b (x {2+}\r\nzz\r\nb NOOP\r\n");
        assertEquals(List.of("+ 3", "Malformed a NUL_IN_LITERAL", "LINE b NOOP"), events);
    }

    @Test
    void nulInAQuotedStringIsMalformed() {
        // SECURITY-CASES IMAP-09, Dovecot CVE-2019-11500.
        assertEquals(List.of("Malformed a NUL_IN_LINE", "LINE b NOOP"),
                whole(preAuthServer(), "a LOGIN \"u\0\" p\r\nb NOOP\r\n"));
    }

    @Test
    void bareLineEndingsAreMalformedAndSkippedToTheNextCrLf() {
        assertEquals(List.of("Malformed a BARE_LF", "LINE c NOOP"), whole(server(), "a NOOP\nb LOGOUT\r\nc NOOP\r\n"));
        assertEquals(List.of("Malformed a BARE_CR", "LINE c NOOP"), whole(server(), "a NOOP\rb LOGOUT\r\nc NOOP\r\n"));
        assertEquals(List.of("Malformed a BARE_CR", "LINE c NOOP"), whole(server(), "a NOOP\r\r\nc NOOP\r\n"));
        // A bare line ending breaks an announcement: "{5+" LF "}" announces nothing to skip.
        assertEquals(List.of("Malformed a BARE_LF", "LINE c NOOP"), whole(server(), "a X {5+\n}\r\nc NOOP\r\n"));
        // After one, discarding still finds a real announcement at the end of the line: the
        // literal "b X" CRLF and the line ")" after it belong to the failed command.
        assertEquals(List.of("Malformed a BARE_LF", "LINE c NOOP"),
                whole(server(), "a X\n {5+}\r\nb X\r\n)\r\nc NOOP\r\n"));
    }

    @Test
    void rejectedSynchronizingLiteralEndsTheCommand() {
        List<String> events = FramerTranscript.run(server(),
                "a APPEND x {5}\r\nb NOOP\r\n".getBytes(StandardCharsets.US_ASCII), new int[0],
                FramerTranscript.Answer.REJECT);
        assertEquals(List.of("+ 5", "LINE b NOOP"), events);
    }

    @Test
    void largeLiteralsAreStreamedToTheSink() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxInMemoryLiteralSize(4));
        framer.useAuthenticatedLimits();
        List<String> events = whole(framer, "a APPEND x {6}\r\nab\r\ncd\r\nb APPEND y {6+}\r\nefghij (x)\r\n");
        assertEquals(List.of("+ 6", "START 6", "SINK ab\\r\\ncd", "LINE a APPEND x {6}<streamed>",
                "START 6", "SINK efghij", "LINE b APPEND y {6+}<streamed> (x)"), events);
    }

    @Test
    void literalAtTheInMemoryLimitStaysInMemoryAndOneOctetMoreIsStreamed() {
        ImapFramer framer = ImapFramer.forCommands(ImapLimits.defaults().withMaxInMemoryLiteralSize(4));
        framer.useAuthenticatedLimits();
        assertEquals(List.of("LINE a APPEND x {4+}[abcd]", "START 5", "SINK abcde", "LINE b APPEND x {5+}<streamed>"),
                whole(framer, "a APPEND x {4+}\r\nabcd\r\nb APPEND x {5+}\r\nabcde\r\n"));
    }

    @Test
    void commandAtTheSizeLimitIsFramedAndOneOctetMoreIsRefused() {
        // "a NOOP" holds 6 octets of text plus the 32 every fragment counts.
        ImapLimits limits = ImapLimits.defaults().withMaxLineLength(38).withMaxCommandSize(38);
        assertEquals(List.of("LINE a NOOP", "CommandTooLarge a", "LINE b NOOP"),
                whole(ImapFramer.forCommands(limits), "a NOOP\r\na NOOPx\r\nb NOOP\r\n"));
    }

    @Test
    void zeroLengthLiteralsWork() {
        assertEquals(List.of("+ 0", "LINE a LOGIN {0}[] {0+}[] x"), whole(server(), "a LOGIN {0}\r\n {0+}\r\n x\r\n"));
    }

    @Test
    void commandSizeBoundsManySmallLiterals() {
        ImapLimits limits = ImapLimits.defaults().withMaxCommandSize(8192);
        StringBuilder command = new StringBuilder("a APPEND x");
        for (int i = 0; i < 200; i++) {
            command.append(" {40+}\r\n").append("m".repeat(40));
        }
        command.append("\r\nb NOOP\r\n");
        ImapFramer framer = ImapFramer.forCommands(limits);
        framer.useAuthenticatedLimits();
        List<String> events = whole(framer, command.toString());
        assertEquals(List.of("CommandTooLarge a", "LINE b NOOP"), events);
    }

    @Test
    void responsesCarryLiteralsWithoutContinuation() {
        ImapFramer framer = ImapFramer.forResponses(ImapLimits.defaults());
        assertEquals(List.of("LINE * 1 FETCH (BODY[] {5}[hello])", "LINE a OK done"),
                whole(framer, "* 1 FETCH (BODY[] {5}\r\nhello)\r\na OK done\r\n"));
        assertEquals(List.of("Malformed - NON_SYNC_LITERAL_IN_RESPONSE", "LINE a OK"),
                whole(framer, "* 1 FETCH (BODY[] {5+}\r\nhello)\r\na OK\r\n"));
    }

    @Test
    void responseLiteralOverTheLimitClosesUnlessSkippable() {
        // SECURITY-CASES IMAP-14: never pre-allocate 2 GB.
        ImapFramer framer = ImapFramer.forResponses(ImapLimits.defaults().withMaxLiteralSizes(8192, 1000));
        assertEquals(List.of("LiteralTooLarge - 2147483647 CLOSE"),
                whole(framer, "* 1 FETCH (BODY[] {2147483647}\r\nabc"));
    }

    @Test
    void unansweredContinuationIsApplicationMisuse() {
        ImapFramer framer = server();
        ByteBuffer input = ByteBuffer.wrap("a LOGIN {5}\r\n".getBytes(StandardCharsets.US_ASCII));
        assertInstanceOf(ImapFrame.ContinuationRequired.class, framer.next(input));
        assertThrows(IllegalStateException.class, () -> framer.next(input));
        assertThrows(IllegalStateException.class, () -> framer.streamLiteral(c -> { }));
        framer.acceptLiteral();
        assertThrows(IllegalStateException.class, framer::acceptLiteral);
    }

    @Test
    void failuresCarryTheTagOnlyWhenItIsValid() {
        assertEquals(List.of("LiteralTooLarge - 9000"), whole(preAuthServer(), "+ LOGIN {9000}\r\n"));
        assertEquals(List.of("LiteralTooLarge - 9000"), whole(preAuthServer(), "{9000}\r\n"));
    }

    @Test
    void resetDropsTheCommandUnderWay() {
        ImapFramer framer = server();
        assertEquals(List.of(), whole(framer, "a STARTTLS\r"));
        framer.reset();
        assertFalse(framer.midCommand());
        assertEquals(List.of("LINE b NOOP"), whole(framer, "b NOOP\r\n"));
    }

    @Test
    void emptyLineIsALine() {
        assertEquals(List.of("LINE ", "LINE a NOOP"), whole(server(), "\r\na NOOP\r\n"));
    }
}
