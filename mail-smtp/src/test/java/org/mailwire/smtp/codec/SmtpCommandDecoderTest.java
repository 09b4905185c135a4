// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.smtp.codec.MailParameters.Body;
import org.mailwire.smtp.codec.RcptParameters.Notify;
import org.mailwire.smtp.codec.SmtpCommand.Auth;
import org.mailwire.smtp.codec.SmtpCommand.Bdat;
import org.mailwire.smtp.codec.SmtpCommand.Ehlo;
import org.mailwire.smtp.codec.SmtpCommand.Expn;
import org.mailwire.smtp.codec.SmtpCommand.Helo;
import org.mailwire.smtp.codec.SmtpCommand.Help;
import org.mailwire.smtp.codec.SmtpCommand.Lhlo;
import org.mailwire.smtp.codec.SmtpCommand.Mail;
import org.mailwire.smtp.codec.SmtpCommand.Noop;
import org.mailwire.smtp.codec.SmtpCommand.Rcpt;
import org.mailwire.smtp.codec.SmtpCommand.Unknown;
import org.mailwire.smtp.codec.SmtpCommand.Vrfy;
import org.mailwire.smtp.codec.SmtpCommandDecoder.Command;
import org.mailwire.smtp.codec.SmtpCommandDecoder.Invalid;
import org.mailwire.smtp.codec.SmtpCommandDecoder.NeedInput;
import org.mailwire.smtp.codec.SmtpCommandDecoder.Result;

/**
 * Command decoding as valid and invalid tables (go-smtp {@code parse_test.go}), the RFC 5321
 * Appendix D scenarios, and the SMTP cases of SECURITY-CASES that concern the codec.
 */
class SmtpCommandDecoderTest {

    private static Mailbox box(String local, String domain) {
        return new Mailbox(local, domain);
    }

    static Stream<Arguments> validCommands() {
        return Stream.of(
                // RFC 5321 Appendix D.1, a typical transaction.
                Arguments.of("EHLO bar.com", new Ehlo("bar.com")),
                Arguments.of("MAIL FROM:<Smith@bar.com>", Mail.of(box("Smith", "bar.com"))),
                Arguments.of("RCPT TO:<Jones@foo.com>", Rcpt.of(box("Jones", "foo.com"))),
                Arguments.of("RCPT TO:<Green@foo.com>", Rcpt.of(box("Green", "foo.com"))),
                Arguments.of("RCPT TO:<Brown@foo.com>", Rcpt.of(box("Brown", "foo.com"))),
                Arguments.of("DATA", SmtpCommand.DATA),
                Arguments.of("QUIT", SmtpCommand.QUIT),
                // D.2 (relay), D.3 (VRFY then MAIL), D.4 (SEND is no longer a command).
                Arguments.of("EHLO foo.com", new Ehlo("foo.com")),
                Arguments.of("MAIL FROM:<JQP@bar.com>", Mail.of(box("JQP", "bar.com"))),
                Arguments.of("RCPT TO:<Jones@XYZ.COM>", Rcpt.of(box("Jones", "XYZ.COM"))),
                Arguments.of("VRFY Crispin", new Vrfy("Crispin")),
                Arguments.of("SEND FROM:<Smith@bar.com>", new Unknown("SEND")),
                Arguments.of("RSET", SmtpCommand.RSET),
                Arguments.of("RCPT TO:<Admin.MRC@foo.com>", Rcpt.of(box("Admin.MRC", "foo.com"))),
                // §4.1.1.3: a source route is accepted and ignored.
                Arguments.of("RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>", Rcpt.of(box("userc", "d.bar.org"))),
                Arguments.of("MAIL FROM:<@a.example:u@b.example>", Mail.of(box("u", "b.example"))),
                // Greetings.
                Arguments.of("HELO relay.example.org", new Helo("relay.example.org")),
                Arguments.of("ehlo Bar.COM", new Ehlo("Bar.COM")),
                Arguments.of("EHLO [192.0.2.1]", new Ehlo("[192.0.2.1]")),
                Arguments.of("EHLO [IPv6:2001:db8::1]", new Ehlo("[IPv6:2001:db8::1]")),
                Arguments.of("EHLO [IPv6:::ffff:192.0.2.1]", new Ehlo("[IPv6:::ffff:192.0.2.1]")),
                Arguments.of("LHLO lmtp.example", new Lhlo("lmtp.example")),
                // Paths.
                Arguments.of("MAIL FROM:<>", Mail.of(ReversePath.NULL)),
                Arguments.of("mail from:<a@b>", Mail.of(box("a", "b"))),
                Arguments.of("MAIL FROM:<\"john doe\"@example.org>", Mail.of(box("john doe", "example.org"))),
                Arguments.of("MAIL FROM:<\"a\\\"b\\\\c\"@example.org>", Mail.of(box("a\"b\\c", "example.org"))),
                Arguments.of("MAIL FROM:<\"ab\"@example.org>", Mail.of(box("ab", "example.org"))),
                Arguments.of("MAIL FROM:<\"a>b\"@example.org>", Mail.of(box("a>b", "example.org"))),
                Arguments.of("MAIL FROM:<a@[IPv6:::1]>", Mail.of(box("a", "[IPv6:::1]"))),
                Arguments.of("MAIL FROM:<a@[x-tag:abc]>", Mail.of(box("a", "[x-tag:abc]"))),
                Arguments.of("MAIL FROM:<a`|$b@x.example>", Mail.of(box("a`|$b", "x.example"))),
                Arguments.of("RCPT TO:<Postmaster>", Rcpt.of(ForwardPath.POSTMASTER)),
                Arguments.of("RCPT TO:<postmaster>", Rcpt.of(ForwardPath.POSTMASTER)),
                Arguments.of("RCPT TO:<postmaster@example.org>", Rcpt.of(box("postmaster", "example.org"))),
                // MAIL parameters.
                Arguments.of("MAIL FROM:<> SIZE=0", new Mail(ReversePath.NULL, MailParameters.NONE.withSize(0))),
                Arguments.of("MAIL FROM:<a@b> SIZE=1000 BODY=8BITMIME",
                        new Mail(box("a", "b"), MailParameters.NONE.withSize(1000).withBody(Body.EIGHT_BIT_MIME))),
                Arguments.of("MAIL FROM:<a@b> size=52428800 body=binarymime",
                        new Mail(box("a", "b"), MailParameters.NONE.withSize(50L << 20).withBody(Body.BINARY_MIME))),
                Arguments.of("MAIL FROM:<a@b> BODY=7BIT", new Mail(box("a", "b"), MailParameters.NONE.withBody(Body.SEVEN_BIT))),
                Arguments.of("MAIL FROM:<a@b> RET=HDRS ENVID=QQ314159",
                        new Mail(box("a", "b"), MailParameters.NONE.withRet(MailParameters.Ret.HDRS).withEnvelopeId("QQ314159"))),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+2Bb+20c", new Mail(box("a", "b"), MailParameters.NONE.withEnvelopeId("a+b c"))),
                Arguments.of("MAIL FROM:<a@b> AUTH=<>", new Mail(box("a", "b"), MailParameters.NONE.withAuth("<>"))),
                // RFC 4954 §5 example.
                Arguments.of("MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com",
                        new Mail(box("e=mc2", "example.com"), MailParameters.NONE.withAuth("e=mc2@example.com"))),
                Arguments.of("MAIL FROM:<jöe@bücher.example> SMTPUTF8",
                        new Mail(box("jöe", "bücher.example"), MailParameters.NONE.withSmtpUtf8(true))),
                Arguments.of("MAIL FROM:<\"j ö\"@example.org> SMTPUTF8",
                        new Mail(box("j ö", "example.org"), MailParameters.NONE.withSmtpUtf8(true))),
                // RCPT parameters (RFC 3461 §4).
                Arguments.of("RCPT TO:<b@c> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@c",
                        new Rcpt(box("b", "c"), RcptParameters.NONE.withNotify(EnumSet.of(Notify.SUCCESS, Notify.FAILURE))
                                .withOriginalRecipient(new OriginalRecipient("rfc822", "b@c")))),
                Arguments.of("RCPT TO:<b@c> NOTIFY=never", new Rcpt(box("b", "c"), RcptParameters.NONE.withNotify(Set.of(Notify.NEVER)))),
                Arguments.of("RCPT TO:<b@c> NOTIFY=DELAY,SUCCESS,FAILURE", new Rcpt(box("b", "c"),
                        RcptParameters.NONE.withNotify(EnumSet.of(Notify.DELAY, Notify.SUCCESS, Notify.FAILURE)))),
                Arguments.of("RCPT TO:<b@c> ORCPT=rfc822;a+2Bb@c",
                        new Rcpt(box("b", "c"), RcptParameters.NONE.withOriginalRecipient(new OriginalRecipient("rfc822", "a+b@c")))),
                // The rest.
                Arguments.of("RSET", SmtpCommand.RSET),
                Arguments.of("STARTTLS", SmtpCommand.STARTTLS),
                Arguments.of("starttls", SmtpCommand.STARTTLS),
                Arguments.of("NOOP", SmtpCommand.NOOP),
                Arguments.of("NOOP hello there", new Noop(Optional.of("hello there"))),
                Arguments.of("HELP", SmtpCommand.HELP),
                Arguments.of("HELP MAIL", new Help(Optional.of("MAIL"))),
                Arguments.of("EXPN Example-People", new Expn("Example-People")),
                Arguments.of("BDAT 1000", new Bdat(1000, false)),
                Arguments.of("BDAT 0 LAST", new Bdat(0, true)),
                Arguments.of("bdat 10 last", new Bdat(10, true)),
                Arguments.of("BDAT 9223372036854775807", new Bdat(Long.MAX_VALUE, false)),
                Arguments.of("AUTH PLAIN", new Auth("PLAIN", Optional.empty())),
                Arguments.of("AUTH PLAIN =", new Auth("PLAIN", Optional.of("="))),
                Arguments.of("AUTH plain dGVzdAB0ZXN0ADEyMzQ=", new Auth("PLAIN", Optional.of("dGVzdAB0ZXN0ADEyMzQ="))),
                Arguments.of("AUTH SCRAM-SHA-256", new Auth("SCRAM-SHA-256", Optional.empty())),
                Arguments.of("XCLIENT NAME=x", new Unknown("XCLIENT")),
                Arguments.of("X-FOO", new Unknown("X-FOO")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCommands")
    void decodesValidCommand(String line, SmtpCommand expected) {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        // RCPT with UTF-8 only inside an SMTPUTF8 transaction; the table has none without it.
        assertEquals(List.of(new Command(expected)), decodeAll(decoder, line + "\r\n"));
    }

    static Stream<Arguments> invalidCommands() {
        return Stream.of(
                Arguments.of("", SmtpDecodeError.UNRECOGNIZED, "500 5.5.2"),
                Arguments.of(" HELO x", SmtpDecodeError.UNRECOGNIZED, "500 5.5.2"),
                Arguments.of("1HELO x", SmtpDecodeError.UNRECOGNIZED, "500 5.5.2"),
                Arguments.of("HELO", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EHLO bad_name", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EHLO  x", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EHLO x.", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EHLO [192.0.2.256]", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EHLO [IPv6:1:2:3:4:5:6:7]", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EHLO\tx", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL TO:<a@b>", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL FROM:", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL FROM:a@b", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM: <a@b>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<a@b", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<a@b>x", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL FROM:<@a.example>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<a@>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<@b>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<\"\"@b>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<a b@c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7"),
                Arguments.of("MAIL FROM:<a@b> SIZE=1 SIZE=2", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE=", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SIZE", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> BODY=9BIT", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> SMTPUTF8=yes", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> RET=ALL", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+0ab", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=a+4", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ENVID=" + "x".repeat(101), SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> AUTH=a+00b", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> NOTIFY=NEVER", SmtpDecodeError.UNKNOWN_PARAMETER, "555 5.5.4"),
                Arguments.of("MAIL FROM:<a@b>  SIZE=1", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> ", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("MAIL FROM:<a@b> -X=1", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("RCPT", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("RCPT FROM:<a@b>", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("RCPT TO:<>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a@b..c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a@-b.c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a@b-.c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a@[300.1.1.1]>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a@[IPv6:1::2::3]>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a.@b.c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<.a@b.c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a..b@c>", SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3"),
                Arguments.of("RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("RCPT TO:<a@b> NOTIFY=SUCCESS,SUCCESS", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("RCPT TO:<a@b> NOTIFY=SOMETIMES", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("RCPT TO:<a@b> NOTIFY=", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("RCPT TO:<a@b> ORCPT=rfc822", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("RCPT TO:<a@b> ORCPT=;a@b", SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4"),
                Arguments.of("RCPT TO:<a@b> SIZE=10", SmtpDecodeError.UNKNOWN_PARAMETER, "555 5.5.4"),
                Arguments.of("DATA x", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("RSET now", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("QUIT now", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("STARTTLS x", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("VRFY", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("VRFY  x", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("EXPN", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("NOOP x\u0001", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("BDAT", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("BDAT -1", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("BDAT 10 FIRST", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("BDAT 10 LAST x", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("AUTH", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("AUTH PL@IN", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("AUTH ABCDEFGHIJKLMNOPQRSTU", SmtpDecodeError.SYNTAX, "501 5.5.4"),
                Arguments.of("AUTH PLAIN ", SmtpDecodeError.INVALID_BASE64, "501 5.5.2"),
                Arguments.of("AUTH PLAIN abc", SmtpDecodeError.INVALID_BASE64, "501 5.5.2"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidCommands")
    void refusesInvalidCommand(String line, SmtpDecodeError error, String codes) {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), line + "\r\n"), error, codes);
    }

    @Test
    void smtp05BareLfInCommandIsOneErrorAndNeverTwoCommands() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        List<Result> results = decodeAll(decoder, "MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n");
        assertEquals(1, results.size(), results.toString());
        assertInvalid(results, SmtpDecodeError.BARE_LINE_ENDING, "500 5.5.2");
        assertEquals(List.of(new Command(SmtpCommand.NOOP)), decodeAll(decoder, "NOOP\r\n"));
    }

    @Test
    void smtp05BareCrInCommandIsOneError() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        List<Result> results = decodeAll(decoder, "MAIL FROM:<a@b>\rRCPT TO:<c@d>\r\n");
        assertEquals(1, results.size(), results.toString());
        assertInvalid(results, SmtpDecodeError.BARE_LINE_ENDING, "500 5.5.2");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\n", "\r", "\n\r", "\r\r\n", "\r\u0000\n", "\n\n"})
    void smtp05EveryLineEndingButCrlfIsOneErrorAndNeverACommand(String ending) {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        List<Result> results = decodeAll(decoder, "NOOP" + ending + "QUIT" + ending + "RSET\r\n");
        assertTrue(results.stream().noneMatch(r -> r instanceof Command c && c.command() != SmtpCommand.QUIT
                && c.command() != SmtpCommand.RSET), results.toString());
        assertInvalid(results.subList(0, 1), SmtpDecodeError.BARE_LINE_ENDING, "500 5.5.2");
        assertEquals(List.of(new Command(SmtpCommand.NOOP)), decodeAll(decoder, "NOOP\r\n"));
    }

    @Test
    void smtp06OverlongLineGets500AndTheConnectionStaysUsable() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        List<Result> results = decodeAll(decoder, "EHLO " + "a".repeat(595) + "\r\nNOOP\r\n");
        assertEquals(2, results.size(), results.toString());
        assertInvalid(results.subList(0, 1), SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
        assertEquals(new Command(SmtpCommand.NOOP), results.get(1));
    }

    @Test
    void smtp07EndlessLineIsReportedOnceWithBoundedBuffering() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.addAll(decodeAll(decoder, ByteBuffer.wrap(chunk)));
        }
        assertEquals(1, results.size(), "one error for 4 MiB without CRLF");
        assertInvalid(results, SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
        assertTrue(decoder.midCommand());
        assertEquals(List.of(new Command(SmtpCommand.NOOP)), decodeAll(decoder, "\r\nNOOP\r\n"));
    }

    @Test
    void commandLineAtTheLimitIsDecodedAndOneOctetMoreIsTooLong() {
        String atLimit = "NOOP " + "x".repeat(512 - 2 - 5);
        assertEquals(512, atLimit.length() + 2);
        assertEquals(List.of(new Command(new Noop(Optional.of("x".repeat(505))))),
                decodeAll(SmtpCommandDecoder.of(), atLimit + "\r\n"));
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), atLimit + "x\r\n"), SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
    }

    @Test
    void configuredCommandLineLimitIsHonoured() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(SmtpLimits.defaults().withMaxCommandLine(4096), Set.of());
        String atLimit = "NOOP " + "x".repeat(4096 - 2 - 5);
        assertInstanceOf(Command.class, decodeAll(decoder, atLimit + "\r\n").get(0));
        assertInvalid(decodeAll(decoder, atLimit + "x\r\n"), SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
    }

    @Test
    void authLineAtTheAuthLimitOfRfc4954IsDecodedAndOneOctetMoreIsTooLong() {
        // "AUTH ABCD " is 10 octets, the response 12276 (a multiple of 4), the CRLF 2: 12288.
        String response = "QUFB".repeat(12276 / 4);
        String line = "AUTH ABCD " + response;
        assertEquals(12288, line.length() + 2);
        assertEquals(List.of(new Command(new Auth("ABCD", Optional.of(response)))),
                decodeAll(SmtpCommandDecoder.of(), line + "\r\n"));
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "AUTH ABCDE " + response + "\r\n"),
                SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
    }

    @Test
    void saslResponseAtTheAuthLimitIsFramedAndOneOctetMoreIsTooLong() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        String base64 = "QUFB".repeat(12284 / 4);
        assertEquals(new SmtpCommandDecoder.AuthResponse(base64), decoder.decodeAuthResponse(ascii(base64 + "\r\n")));
        // 12286 octets and the CRLF: framed (and refused as base64, its length not being a multiple of 4).
        assertInvalid(List.of(decoder.decodeAuthResponse(ascii(base64 + "QQ\r\n"))), SmtpDecodeError.INVALID_BASE64, "501 5.5.2");
        ByteBuffer tooLong = ascii(base64 + "QQQ\r\n");
        assertInvalid(List.of(decoder.decodeAuthResponse(tooLong)), SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
    }

    @Test
    void missingBracketsLeniencyStillNeedsAnAddress() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(SmtpLimits.defaults(), Set.of(SmtpCompliance.ALLOW_MISSING_ANGLE_BRACKETS));
        assertInvalid(decodeAll(decoder, "MAIL FROM: SIZE=1\r\n"), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7");
        assertEquals(List.of(new Command(Mail.of(ReversePath.NULL))), decodeAll(decoder, "MAIL FROM:<>\r\n"));
    }

    @Test
    void smtp09LocalPartOf64IsAcceptedAnd65Refused() {
        assertEquals(List.of(new Command(Mail.of(box("a".repeat(64), "x.example")))),
                decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<" + "a".repeat(64) + "@x.example>\r\n"));
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<" + "a".repeat(65) + "@x.example>\r\n"),
                SmtpDecodeError.LOCAL_PART_TOO_LONG, "501 5.1.7");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<" + "a".repeat(65) + "@x.example>\r\n"),
                SmtpDecodeError.LOCAL_PART_TOO_LONG, "501 5.1.3");
    }

    @Test
    void smtp09DomainOf255IsAcceptedAnd256Refused() {
        // With the default 256-octet path a 255-octet domain cannot occur in a path; loosen it.
        SmtpCommandDecoder loosePath = SmtpCommandDecoder.of(SmtpLimits.defaults().withAddressLimits(64, 255, 4096), Set.of());
        String d255 = domainOfLength(255);
        assertEquals(List.of(new Command(Rcpt.of(box("a", d255)))), decodeAll(loosePath, "RCPT TO:<a@" + d255 + ">\r\n"));
        assertEquals(List.of(new Command(new Ehlo(d255))), decodeAll(SmtpCommandDecoder.of(), "EHLO " + d255 + "\r\n"));
        assertInvalid(decodeAll(loosePath, "RCPT TO:<a@" + domainOfLength(256) + ">\r\n"),
                SmtpDecodeError.DOMAIN_TOO_LONG, "501 5.1.3");
        assertInvalid(decodeAll(loosePath, "EHLO " + domainOfLength(256) + "\r\n"), SmtpDecodeError.DOMAIN_TOO_LONG, "501 5.5.4");
    }

    @Test
    void smtp09LabelOf63IsAcceptedAnd64Refused() {
        assertInstanceOf(Command.class, decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<a@" + "b".repeat(63) + ".example>\r\n").get(0));
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<a@" + "b".repeat(64) + ".example>\r\n"),
                SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3");
    }

    @Test
    void smtp09PathOf256IsAcceptedAnd257Refused() {
        // "<" + 64 + "@" + 189 + ">" = 256 octets.
        String path256 = "<" + "a".repeat(64) + "@" + domainOfLength(189) + ">";
        assertEquals(256, path256.length());
        assertInstanceOf(Command.class, decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:" + path256 + "\r\n").get(0));
        String path257 = "<" + "a".repeat(64) + "@" + domainOfLength(190) + ">";
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:" + path257 + "\r\n"), SmtpDecodeError.PATH_TOO_LONG, "501 5.1.7");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:" + path257 + "\r\n"), SmtpDecodeError.PATH_TOO_LONG, "501 5.1.3");
    }

    @Test
    void smtp09TighterAddressLimitsAreHonoured() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(SmtpLimits.defaults().withAddressLimits(8, 20, 40), Set.of());
        assertInstanceOf(Command.class, decodeAll(decoder, "RCPT TO:<aaaaaaaa@bbbbbbbbbb.example>\r\n").get(0));
        assertInvalid(decodeAll(decoder, "RCPT TO:<aaaaaaaaa@b.example>\r\n"), SmtpDecodeError.LOCAL_PART_TOO_LONG, "501 5.1.3");
        assertInvalid(decodeAll(decoder, "RCPT TO:<a@bbbbbbbbbbbbbbbbb.example>\r\n"), SmtpDecodeError.DOMAIN_TOO_LONG, "501 5.1.3");
    }

    @Test
    void smtp13SizeThatIsNotANumberIsRejectedWith501() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> SIZE=abc\r\n"), SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4");
    }

    @Test
    void smtp13SizeOverflowIsRejectedWith552() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> SIZE=99999999999999999999\r\n"),
                SmtpDecodeError.SIZE_TOO_LARGE, "552 5.3.4");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> SIZE=18446744073709551617\r\n"),
                SmtpDecodeError.SIZE_TOO_LARGE, "552 5.3.4");
    }

    @Test
    void smtp13SizeAboveTheLimitIsRejectedWith552AndAtTheLimitAccepted() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> SIZE=52428801\r\n"), SmtpDecodeError.SIZE_TOO_LARGE, "552 5.3.4");
        assertEquals(List.of(new Command(new Mail(box("a", "b"), MailParameters.NONE.withSize(52428800)))),
                decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> SIZE=52428800\r\n"));
    }

    @Test
    void smtp13UnknownParameterIsRejectedWith555() {
        Invalid invalid = assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> FOO=bar\r\n"),
                SmtpDecodeError.UNKNOWN_PARAMETER, "555 5.5.4");
        assertTrue(invalid.reply().text().contains("FOO"), invalid.reply().text());
    }

    @Test
    void extensionParametersTheServerSupportsArePreserved() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(SmtpLimits.defaults(), Set.of(), Set.of("MT-PRIORITY", "REQUIRETLS"));
        assertEquals(List.of(new Command(new Mail(box("a", "b"), MailParameters.NONE.withSize(10)
                        .withExtension(EsmtpParameter.of("mt-priority", "3")).withExtension(EsmtpParameter.of("REQUIRETLS"))))),
                decodeAll(decoder, "MAIL FROM:<a@b> SIZE=10 mt-priority=3 REQUIRETLS\r\n"));
        assertInvalid(decodeAll(decoder, "MAIL FROM:<a@b> REQUIRETLS REQUIRETLS\r\n"), SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4");
        assertInvalid(decodeAll(decoder, "MAIL FROM:<a@b> FOO\r\n"), SmtpDecodeError.UNKNOWN_PARAMETER, "555 5.5.4");
    }

    @Test
    void smtp14NulInAddressIsRejected() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<a\u0000b@c>\r\n"), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<\"a\u0000b\"@c>\r\n"), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<\"a\\\u0000b\"@c>\r\n"), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.3");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a\u0007b@c>\r\n"), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7");
    }

    @Test
    void smtp14CrInsideAQuotedLocalPartNeverReachesTheParser() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<\"a\rb\"@c>\r\n"), SmtpDecodeError.BARE_LINE_ENDING, "500 5.5.2");
    }

    @Test
    void smtp14XtextEncodedLineFeedInOrcptIsRejected() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<b@c> ORCPT=rfc822;a+0Ab@c\r\n"),
                SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<b@c> ORCPT=rfc822;a+0Db@c\r\n"),
                SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<b@c> ORCPT=rfc822;a+00b@c\r\n"),
                SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@b> ENVID=x+0Ay\r\n"),
                SmtpDecodeError.INVALID_PARAMETER, "501 5.5.4");
    }

    @Test
    void smtp14ShellMetacharactersOutsideAtextAreRejected() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<`|;$(@x.example>\r\n"), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7");
    }

    @Test
    void smtp15UndecodableAuthInitialResponsesAreRejected() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "AUTH PLAIN ====\r\n"), SmtpDecodeError.INVALID_BASE64, "501 5.5.2");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "AUTH PLAIN A===\r\n"), SmtpDecodeError.INVALID_BASE64, "501 5.5.2");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "AUTH PLAIN " + "QUFB".repeat(100 * 1024 / 4) + "\r\n"),
                SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
    }

    @Test
    void smtp15SaslResponsesAreBase64EmptyOrCancel() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        assertEquals(new Command(new Auth("LOGIN", Optional.empty())), decoder.decode(ascii("AUTH LOGIN\r\n")));
        assertEquals(new SmtpCommandDecoder.AuthResponse("dXNlcg=="), decoder.decodeAuthResponse(ascii("dXNlcg==\r\n")));
        assertEquals(new SmtpCommandDecoder.AuthResponse(""), decoder.decodeAuthResponse(ascii("\r\n")));
        SmtpCommandDecoder.Result cancel = decoder.decodeAuthResponse(ascii("*\r\n"));
        assertTrue(((SmtpCommandDecoder.AuthResponse) cancel).isCancel());
        assertInvalid(List.of(decoder.decodeAuthResponse(ascii("====\r\n"))), SmtpDecodeError.INVALID_BASE64, "501 5.5.2");
        assertInvalid(List.of(decoder.decodeAuthResponse(ascii("=\r\n"))), SmtpDecodeError.INVALID_BASE64, "501 5.5.2");
        ByteBuffer tooLong = ascii("QUFB".repeat(4000) + "\r\n");
        assertInvalid(List.of(decoder.decodeAuthResponse(tooLong)), SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
        assertInstanceOf(NeedInput.class, decoder.decodeAuthResponse(tooLong));
        assertFalse(tooLong.hasRemaining());
        assertInstanceOf(NeedInput.class, decoder.decodeAuthResponse(ascii("QUFB")));
        assertEquals(new SmtpCommandDecoder.AuthResponse("QUFBQUFB"), decoder.decodeAuthResponse(ascii("QUFB\r\n")));
        assertEquals(new Command(SmtpCommand.NOOP), decoder.decode(ascii("NOOP\r\n")));
    }

    @Test
    void smtp17BdatSizesAreCheckedWithoutOverflow() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "BDAT abc\r\n"), SmtpDecodeError.SYNTAX, "501 5.5.4");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "BDAT 99999999999999999999\r\n"), SmtpDecodeError.CHUNK_TOO_LARGE, "552 5.3.4");
        assertEquals(List.of(new Command(new Bdat(0, true))), decodeAll(SmtpCommandDecoder.of(), "BDAT 0 LAST\r\n"));
    }

    @Test
    void smtp22EhloWithoutArgumentIsRejectedWith501() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "EHLO\r\n"), SmtpDecodeError.SYNTAX, "501 5.5.4");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "EHLO \r\n"), SmtpDecodeError.SYNTAX, "501 5.5.4");
    }

    @Test
    void smtp22EhloWithSpacesAndNulIsRejectedWith501UnderALongerLineLimit() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(SmtpLimits.defaults().withMaxCommandLine(4096), Set.of());
        assertInvalid(decodeAll(decoder, "EHLO" + " ".repeat(1000) + "\u0000\r\n"), SmtpDecodeError.SYNTAX, "501 5.5.4");
        assertEquals(List.of(new Command(SmtpCommand.NOOP)), decodeAll(decoder, "NOOP\r\n"));
    }

    @Test
    void smtp22EhloWithSpacesAndNulIsTooLongUnderTheDefaultLimit() {
        // 1007 octets: the 512-octet limit answers first, with 500 5.5.2 (RFC 5321 §4.5.3.1.10).
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        assertInvalid(decodeAll(decoder, "EHLO" + " ".repeat(1000) + "\u0000\r\n"), SmtpDecodeError.LINE_TOO_LONG, "500 5.5.2");
        assertEquals(List.of(new Command(SmtpCommand.NOOP)), decodeAll(decoder, "NOOP\r\n"));
    }

    @Test
    void smtp23Utf8RecipientWithoutSmtpUtf8IsRejectedWith553() {
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "RCPT TO:<jöe@x.example>\r\n"), SmtpDecodeError.UTF8_WITHOUT_SMTPUTF8, "553 5.6.7");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<jöe@x.example>\r\n"), SmtpDecodeError.UTF8_WITHOUT_SMTPUTF8, "553 5.6.7");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), "MAIL FROM:<a@bücher.example> SIZE=1\r\n"),
                SmtpDecodeError.UTF8_WITHOUT_SMTPUTF8, "553 5.6.7");
    }

    @Test
    void smtp23Utf8RecipientIsAcceptedInsideAnSmtpUtf8TransactionOnly() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        List<Result> results = decodeAll(decoder,
                "MAIL FROM:<a@x.example> SMTPUTF8\r\nRCPT TO:<jöe@x.example>\r\nRSET\r\nRCPT TO:<jöe@x.example>\r\n");
        assertEquals(new Command(Rcpt.of(box("jöe", "x.example"))), results.get(1));
        assertInvalid(results.subList(3, 4), SmtpDecodeError.UTF8_WITHOUT_SMTPUTF8, "553 5.6.7");
        decoder.smtpUtf8InForce(true);
        assertInstanceOf(Command.class, decodeAll(decoder, "RCPT TO:<jöe@x.example>\r\n").get(0));
        decoder.smtpUtf8InForce(false);
        assertInvalid(decodeAll(decoder, "RCPT TO:<jöe@x.example>\r\n"), SmtpDecodeError.UTF8_WITHOUT_SMTPUTF8, "553 5.6.7");
    }

    @Test
    void malformedUtf8InAddressIsASyntaxErrorEvenWithSmtpUtf8() {
        byte[] line = concat("MAIL FROM:<a", new byte[] {(byte) 0xC3, (byte) 0x28}, "@b> SMTPUTF8\r\n");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), ByteBuffer.wrap(line)), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7");
        byte[] nextLine = concat("MAIL FROM:<a", new byte[] {(byte) 0xC2, (byte) 0x85}, "@b> SMTPUTF8\r\n");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), ByteBuffer.wrap(nextLine)), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7");
        byte[] overlong = concat("MAIL FROM:<a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "@b> SMTPUTF8\r\n");
        assertInvalid(decodeAll(SmtpCommandDecoder.of(), ByteBuffer.wrap(overlong)), SmtpDecodeError.INVALID_ADDRESS, "501 5.1.7");
    }

    private static final String PIPELINED_GROUP = "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@y>\r\nDATA\r\n";

    @Test
    void smtp24PipelinedGroupDecodesInOrder() {
        assertEquals(List.of(new Command(Mail.of(box("a", "x"))), new Command(Rcpt.of(box("b", "y"))),
                        new Command(Rcpt.of(box("c", "y"))), new Command(SmtpCommand.DATA)),
                decodeAll(SmtpCommandDecoder.of(), PIPELINED_GROUP));
    }

    @Test
    void smtp24PipelinedGroupSplitAtEveryByteGivesTheSameCommands() {
        byte[] bytes = PIPELINED_GROUP.getBytes(StandardCharsets.US_ASCII);
        List<Result> whole = decodeAll(SmtpCommandDecoder.of(), ByteBuffer.wrap(bytes));
        for (int split = 0; split <= bytes.length; split++) {
            SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
            List<Result> results = new ArrayList<>(decodeAll(decoder, ByteBuffer.wrap(bytes, 0, split)));
            results.addAll(decodeAll(decoder, ByteBuffer.wrap(bytes, split, bytes.length - split)));
            assertEquals(whole, results, "split at " + split);
        }
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        List<Result> oneByOne = new ArrayList<>();
        for (byte b : bytes) {
            oneByOne.addAll(decodeAll(decoder, ByteBuffer.wrap(new byte[] {b})));
        }
        assertEquals(whole, oneByOne);
    }

    @Test
    void needInputUntilTheLineIsComplete() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        assertFalse(decoder.midCommand());
        assertInstanceOf(NeedInput.class, decoder.decode(ascii("NOOP\r")));
        assertTrue(decoder.midCommand());
        assertEquals(new Command(SmtpCommand.NOOP), decoder.decode(ascii("\n")));
        assertFalse(decoder.midCommand());
    }

    @Test
    void resetDropsAPartialLine() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of();
        decoder.decode(ascii("MAIL FROM:<a@b> SMTPUTF8\r\nRCPT TO:<x"));
        assertTrue(decoder.smtpUtf8InForce());
        decoder.decode(ascii("RCPT TO:<x"));
        decoder.reset();
        assertFalse(decoder.smtpUtf8InForce());
        assertEquals(List.of(new Command(SmtpCommand.QUIT)), decodeAll(decoder, "QUIT\r\n"));
    }

    @ParameterizedTest
    @EnumSource(SmtpCompliance.class)
    void everyComplianceValueIsOffByDefaultAndWorksWhenOn(SmtpCompliance compliance) {
        String input = switch (compliance) {
            case ALLOW_BARE_LF_IN_COMMANDS -> "MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n";
            case ALLOW_SPACE_AFTER_COLON -> "MAIL FROM: <a@b>\r\nRCPT TO:  <c@d>\r\n";
            case ALLOW_MISSING_ANGLE_BRACKETS -> "MAIL FROM:a@b SIZE=10\r\nRCPT TO:c@d\r\n";
            case ALLOW_TRAILING_WHITESPACE -> "MAIL FROM:<a@b> \r\nRCPT TO:<c@d>\t \r\n";
        };
        List<Result> strict = decodeAll(SmtpCommandDecoder.of(), input);
        assertTrue(strict.stream().anyMatch(r -> r instanceof Invalid), strict.toString());
        List<Result> lenient = decodeAll(SmtpCommandDecoder.of(SmtpLimits.defaults(), Set.of(compliance)), input);
        MailParameters parameters = compliance == SmtpCompliance.ALLOW_MISSING_ANGLE_BRACKETS
                ? MailParameters.NONE.withSize(10) : MailParameters.NONE;
        assertEquals(List.of(new Command(new Mail(box("a", "b"), parameters)), new Command(Rcpt.of(box("c", "d")))), lenient);
    }

    @Test
    void bareLfLeniencyStillRefusesABareCr() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(SmtpLimits.defaults(), Set.of(SmtpCompliance.ALLOW_BARE_LF_IN_COMMANDS));
        assertInvalid(decodeAll(decoder, "NOOP\rQUIT\r\n"), SmtpDecodeError.BARE_LINE_ENDING, "500 5.5.2");
    }

    @Test
    void invalidCarriesAnExceptionWithTheReply() {
        Invalid invalid = (Invalid) decodeAll(SmtpCommandDecoder.of(), "HELO\r\n").get(0);
        assertEquals(invalid.reply(), invalid.toException().reply());
    }

    // ---- helpers

    static List<Result> decodeAll(SmtpCommandDecoder decoder, String input) {
        return decodeAll(decoder, ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** Decodes until the input is used up; the final NeedInput is not listed. */
    static List<Result> decodeAll(SmtpCommandDecoder decoder, ByteBuffer input) {
        List<Result> results = new ArrayList<>();
        while (true) {
            Result result = decoder.decode(input);
            if (result instanceof NeedInput) {
                assertFalse(input.hasRemaining(), "NeedInput with input left");
                return results;
            }
            results.add(result);
        }
    }

    private static Invalid assertInvalid(List<Result> results, SmtpDecodeError error, String codes) {
        assertEquals(1, results.size(), results.toString());
        Invalid invalid = assertInstanceOf(Invalid.class, results.get(0));
        assertEquals(error, invalid.error(), invalid.toString());
        SmtpReply reply = invalid.reply();
        assertEquals(codes, reply.code() + " " + reply.status().orElseThrow(), reply.toString());
        return invalid;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.US_ASCII);
        byte[] z = c.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }

    /** A valid domain of exactly {@code length} octets: labels of up to 63, dots between. */
    static String domainOfLength(int length) {
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            if (out.length() > 0) {
                out.append('.');
            }
            int label = Math.min(63, length - out.length());
            if (label == 0 || length - out.length() - label == 1) {
                // Never leave room for a lone dot at the end: shorten this label by one.
                label = Math.max(1, label - 1);
            }
            out.append("d".repeat(label));
        }
        return out.toString();
    }
}
