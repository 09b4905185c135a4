// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.smtp.codec.SmtpReplyDecoder.Malformed;
import org.mailwire.smtp.codec.SmtpReplyDecoder.NeedInput;
import org.mailwire.smtp.codec.SmtpReplyDecoder.Problem;
import org.mailwire.smtp.codec.SmtpReplyDecoder.Reply;
import org.mailwire.smtp.codec.SmtpReplyDecoder.Result;

/** Reply decoding: single and multi-line replies, enhanced codes, and what a hostile server sends. */
class SmtpReplyDecoderTest {

    static Stream<Arguments> validReplies() {
        return Stream.of(
                Arguments.of("220 foo.com Simple Mail Transfer Service Ready\r\n",
                        SmtpReply.of(220, "foo.com Simple Mail Transfer Service Ready")),
                Arguments.of("250 OK\r\n", SmtpReply.of(250, "OK")),
                Arguments.of("250\r\n", SmtpReply.of(250, "")),
                Arguments.of("250 \r\n", SmtpReply.of(250, "")),
                Arguments.of("354 Start mail input; end with <CRLF>.<CRLF>\r\n", SmtpReply.START_MAIL_INPUT),
                Arguments.of("250 2.1.0 Sender OK\r\n", SmtpReply.of(250, "2.1.0", "Sender OK")),
                Arguments.of("550 5.1.1 User unknown\r\n", SmtpReply.of(550, "5.1.1", "User unknown")),
                Arguments.of("421 4.4.2 Timeout, closing connection\r\n", SmtpReply.TIMEOUT),
                Arguments.of("250 2.0.0\r\n", SmtpReply.of(250, "2.0.0", "")),
                Arguments.of("552 5.3.4 Message size exceeds fixed maximum message size\r\n", SmtpReply.MESSAGE_TOO_LARGE),
                // A status of another class is just text (RFC 3463 §3.1: the class matches the code).
                Arguments.of("250 5.0.0 looks like a status\r\n", SmtpReply.of(250, "5.0.0 looks like a status")),
                Arguments.of("250 2.0.0x\r\n", SmtpReply.of(250, "2.0.0x")),
                Arguments.of("250 2.1000.0 x\r\n", SmtpReply.of(250, "2.1000.0 x")),
                // RFC 5321 §4.2.1's multi-line example, with code 250 (SMTP uses no 1yz codes).
                Arguments.of("250-First line\r\n250-Second line\r\n250-234 Text beginning with numbers\r\n250 The last line\r\n",
                        SmtpReply.ofLines(250, List.of("First line", "Second line", "234 Text beginning with numbers",
                                "The last line"))),
                // RFC 5321 Appendix D.1 / RFC 1869: the EHLO reply.
                Arguments.of("250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP\r\n",
                        SmtpReply.ofLines(250, List.of("foo.com greets bar.com", "8BITMIME", "SIZE", "DSN", "HELP"))),
                Arguments.of("250-a\r\n250-\r\n250 b\r\n", SmtpReply.ofLines(250, List.of("a", "", "b"))),
                // RFC 2034 §4: the status repeated on each line is removed from each.
                Arguments.of("550-5.7.1 Relaying denied\r\n550 5.7.1 See https://example.org\r\n",
                        SmtpReply.of(550, EnhancedStatus.parse("5.7.1"), List.of("Relaying denied", "See https://example.org"))),
                Arguments.of("550-5.7.1 Relaying denied\r\n550 see the FAQ\r\n",
                        SmtpReply.of(550, EnhancedStatus.parse("5.7.1"), List.of("Relaying denied", "see the FAQ"))),
                Arguments.of("250 Ünïcödé text\r\n", SmtpReply.of(250, "Ünïcödé text")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("validReplies")
    void decodesValidReply(String input, SmtpReply expected) {
        assertEquals(List.of(new Reply(expected)), decodeAll(SmtpReplyDecoder.of(), input));
    }

    static Stream<Arguments> malformedReplies() {
        return Stream.of(
                Arguments.of("HTTP/1.1 200 OK\r\n", Problem.BAD_CODE),
                Arguments.of("25\r\n", Problem.BAD_CODE),
                Arguments.of("\r\n", Problem.BAD_CODE),
                Arguments.of("199 below range\r\n", Problem.BAD_CODE),
                Arguments.of("600 above range\r\n", Problem.BAD_CODE),
                Arguments.of("-50 negative\r\n", Problem.BAD_CODE),
                Arguments.of("2a0 letters\r\n", Problem.BAD_CODE),
                Arguments.of("250x\r\n", Problem.BAD_SEPARATOR),
                Arguments.of("2500 four digits\r\n", Problem.BAD_SEPARATOR),
                Arguments.of("250-a\r\n251 b\r\n", Problem.CODE_MISMATCH),
                Arguments.of("250-a\r\n550 b\r\n", Problem.CODE_MISMATCH),
                Arguments.of("250 a\nb\r\n", Problem.BARE_LINE_ENDING),
                Arguments.of("250 a\rb\r\n", Problem.BARE_LINE_ENDING),
                Arguments.of("250 a\u0000b\r\n", Problem.BAD_TEXT));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformedReplies")
    void refusesMalformedReply(String input, Problem problem) {
        assertEquals(List.of(new Malformed(problem)), decodeAll(SmtpReplyDecoder.of(), input));
    }

    @Test
    void replyLineAtTheLimitIsDecodedAndOneOctetMoreIsMalformed() {
        String text = "x".repeat(512 - 2 - 4);
        assertEquals(List.of(new Reply(SmtpReply.of(250, text))), decodeAll(SmtpReplyDecoder.of(), "250 " + text + "\r\n"));
        assertEquals(List.of(new Malformed(Problem.LINE_TOO_LONG)), decodeAll(SmtpReplyDecoder.of(), "250 " + text + "x\r\n"));
    }

    @Test
    void replyOfMaxLinesIsDecodedAndOneLineMoreIsMalformed() {
        String hundred = "250-x\r\n".repeat(99) + "250 x\r\n";
        Reply reply = assertInstanceOf(Reply.class, decodeAll(SmtpReplyDecoder.of(), hundred).get(0));
        assertEquals(100, reply.reply().lines().size());
        String more = "250-x\r\n".repeat(100) + "250 x\r\n";
        assertEquals(List.of(new Malformed(Problem.TOO_MANY_LINES)), decodeAll(SmtpReplyDecoder.of(), more));
    }

    @Test
    void endlessContinuationLinesAreCutAtTheLimitNotBuffered() {
        // Netty's reply decoder bounds each line but not their number; this one stops at 100.
        SmtpReplyDecoder decoder = SmtpReplyDecoder.of(SmtpLimits.defaults().withReplyLimits(512, 10));
        List<Result> results = decodeAll(decoder, "250-x\r\n".repeat(10_000));
        assertEquals(List.of(new Malformed(Problem.TOO_MANY_LINES)), results);
    }

    @Test
    void malformedReplyPoisonsTheDecoderUntilReset() {
        SmtpReplyDecoder decoder = SmtpReplyDecoder.of();
        assertEquals(new Malformed(Problem.BAD_CODE), decoder.decode(ascii("garbage\r\n250 OK\r\n")));
        assertEquals(new Malformed(Problem.BAD_CODE), decoder.decode(ascii("250 OK\r\n")));
        decoder.reset();
        assertEquals(new Reply(SmtpReply.of(250, "OK")), decoder.decode(ascii("250 OK\r\n")));
    }

    @Test
    void pipelinedRepliesComeOutOneAtATimeWhateverTheSplit() {
        String input = "250 2.1.0 OK\r\n250-2.1.5 OK\r\n250 2.1.5 more\r\n354 go ahead\r\n";
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        List<Result> whole = decodeAll(SmtpReplyDecoder.of(), ByteBuffer.wrap(bytes));
        assertEquals(3, whole.size());
        for (int split = 0; split <= bytes.length; split++) {
            SmtpReplyDecoder decoder = SmtpReplyDecoder.of();
            List<Result> results = new ArrayList<>(decodeAll(decoder, ByteBuffer.wrap(bytes, 0, split)));
            results.addAll(decodeAll(decoder, ByteBuffer.wrap(bytes, split, bytes.length - split)));
            assertEquals(whole, results, "split at " + split);
        }
    }

    @Test
    void midReplyIsTrueBetweenTheFirstOctetAndTheLastLine() {
        SmtpReplyDecoder decoder = SmtpReplyDecoder.of();
        assertFalse(decoder.midReply());
        assertInstanceOf(NeedInput.class, decoder.decode(ascii("250-a\r\n")));
        assertTrue(decoder.midReply());
        assertInstanceOf(Reply.class, decoder.decode(ascii("250 b\r\n")));
        assertFalse(decoder.midReply());
    }

    @Test
    void replyClassesAreReported() {
        assertTrue(SmtpReply.OK.isPositive());
        assertTrue(SmtpReply.START_MAIL_INPUT.isPositive());
        assertTrue(SmtpReply.TIMEOUT.isTransient());
        assertFalse(SmtpReply.TIMEOUT.isPermanent());
        assertTrue(SmtpReply.MESSAGE_TOO_LARGE.isPermanent());
        assertEquals(Optional.of(new EnhancedStatus(5, 3, 4)), SmtpReply.MESSAGE_TOO_LARGE.status());
    }

    static List<Result> decodeAll(SmtpReplyDecoder decoder, String input) {
        return decodeAll(decoder, ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** Decodes until the input is used up or the decoder is poisoned; a final NeedInput is not listed. */
    static List<Result> decodeAll(SmtpReplyDecoder decoder, ByteBuffer input) {
        List<Result> results = new ArrayList<>();
        while (true) {
            Result result = decoder.decode(input);
            if (result instanceof NeedInput) {
                assertFalse(input.hasRemaining(), "NeedInput with input left");
                return results;
            }
            results.add(result);
            if (result instanceof Malformed) {
                return results;
            }
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
