// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers both ways (imap-codec's KAT-inverse): every command and reply line of the RFC
 * 5321 Appendix D.1 transaction, and of RFC 4954 §4's AUTH example, decodes and encodes back to
 * the same octets.
 */
class SmtpCodecExamplesTest {

    /** RFC 5321 Appendix D.1 without the message content; "C: " lines are commands. */
    private static final List<String> RFC5321_D1 = List.of(
            "S: 220 foo.com Simple Mail Transfer Service Ready",
            "C: EHLO bar.com",
            "S: 250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP",
            "C: MAIL FROM:<Smith@bar.com>",
            "S: 250 OK",
            "C: RCPT TO:<Jones@foo.com>",
            "S: 250 OK",
            "C: RCPT TO:<Green@foo.com>",
            "S: 550 No such user here",
            "C: RCPT TO:<Brown@foo.com>",
            "S: 250 OK",
            "C: DATA",
            "S: 354 Start mail input; end with <CRLF>.<CRLF>",
            "S: 250 OK",
            "C: QUIT",
            "S: 221 foo.com Service closing transmission channel");

    /** RFC 4954 §4 and §5 examples, with enhanced codes as RFC 4954 §6 gives them. */
    private static final List<String> RFC4954 = List.of(
            "C: EHLO jgm.example.com",
            "S: 250-smtp.example.com\r\n250 AUTH GSSAPI DIGEST-MD5 PLAIN",
            "C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=",
            "S: 235 2.7.0 Authentication successful",
            "C: MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com",
            "S: 250 OK",
            "S: 535 5.7.8 Authentication credentials invalid",
            "S: 538 5.7.11 Encryption required for requested authentication mechanism");

    @Test
    void rfc5321AppendixD1DecodesAndEncodesToTheSameOctets() {
        checkBothWays(RFC5321_D1);
    }

    @Test
    void rfc4954ExamplesDecodeAndEncodeToTheSameOctets() {
        checkBothWays(RFC4954);
    }

    private static void checkBothWays(List<String> transcript) {
        SmtpCommandDecoder commands = SmtpCommandDecoder.of();
        SmtpCommandEncoder commandEncoder = new SmtpCommandEncoder();
        SmtpReplyDecoder replies = SmtpReplyDecoder.of();
        SmtpReplyEncoder replyEncoder = new SmtpReplyEncoder();
        for (String line : transcript) {
            byte[] wire = (line.substring(3) + "\r\n").getBytes(StandardCharsets.UTF_8);
            if (line.startsWith("C: ")) {
                SmtpCommandDecoder.Command command =
                        assertInstanceOf(SmtpCommandDecoder.Command.class, commands.decode(ByteBuffer.wrap(wire)), line);
                assertEquals(line.substring(3), command.command().toString());
                assertEquals(ByteBuffer.wrap(wire), commandEncoder.encode(command.command()), line);
            } else {
                SmtpReplyDecoder.Reply reply =
                        assertInstanceOf(SmtpReplyDecoder.Reply.class, replies.decode(ByteBuffer.wrap(wire)), line);
                assertEquals(line.substring(3), reply.reply().toString());
                assertEquals(ByteBuffer.wrap(wire), replyEncoder.encode(reply.reply()), line);
            }
        }
    }
}
