// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.smtp.codec.SmtpCommand.Auth;
import org.mailwire.smtp.codec.SmtpCommand.Ehlo;
import org.mailwire.smtp.codec.SmtpCommand.Mail;
import org.mailwire.smtp.codec.SmtpCommand.Noop;
import org.mailwire.smtp.codec.SmtpCommand.Rcpt;
import org.mailwire.smtp.codec.SmtpCommand.Unknown;
import org.mailwire.smtp.codec.SmtpCommand.Vrfy;

/** Values refuse to be built invalid (SECURITY-CASES SMTPC-01), and encode as RFC 5321 writes them. */
class SmtpValuesTest {

    static Stream<Supplier<Object>> injections() {
        return Stream.of(
                () -> Mailbox.parse("a@b>\r\nRCPT TO:<x@evil>"),
                () -> new Mailbox("x\nDATA", "example.org"),
                () -> new Mailbox("a\u0000b", "example.org"),
                () -> new Mailbox("a\rb", "example.org"),
                () -> new Mailbox("a\u0085b", "example.org"),
                () -> new Mailbox("a", "b\u0085c.example"),
                () -> new Mailbox("a\ud800", "example.org"),
                () -> new Mailbox("a", "example.org\r\nDATA"),
                () -> new Ehlo("client.example\r\nMAIL FROM:<x@y>"),
                () -> new Vrfy("x\r\nDATA"),
                () -> new Noop(Optional.of("x\u0000")),
                () -> new Auth("PLAIN\r\n", Optional.empty()),
                () -> new Auth("PLAIN", Optional.of("AAAA\r\nDATA")),
                () -> new Unknown("X\r\nDATA"),
                () -> EsmtpParameter.of("X-A", "b\r\nDATA"),
                () -> MailParameters.NONE.withEnvelopeId("id\r\n"),
                () -> MailParameters.NONE.withAuth("a@b\n"),
                () -> new OriginalRecipient("rfc822", "a\nb@c"),
                () -> SmtpReply.of(250, "OK\r\n250 forged"),
                () -> SmtpReply.of(250, "2.0.0", "OK\u0000"),
                () -> SmtpReply.ofLines(250, List.of("a", "b\nc")));
    }

    @ParameterizedTest
    @MethodSource("injections")
    void smtpc01ValuesWithCrLfOrNulCannotBeBuilt(Supplier<Object> construction) {
        assertThrows(IllegalArgumentException.class, construction::get);
    }

    @Test
    void repliesCannotBeBuiltOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(199, "x"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(600, "x"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(250, "5.0.0", "class differs"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(354, "2.0.0", "no status for 3yz"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(250, "2.0.0 reads as a status"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.ofLines(250, List.of()));
        assertThrows(IllegalArgumentException.class, () -> EnhancedStatus.parse("2.0"));
        assertThrows(IllegalArgumentException.class, () -> EnhancedStatus.parse("3.0.0"));
        assertThrows(IllegalArgumentException.class, () -> EnhancedStatus.parse("2.1000.0"));
    }

    @Test
    void mailboxQuotesItsLocalPartOnlyWhenNeeded() {
        assertEquals("alice@example.org", new Mailbox("alice", "example.org").toString());
        assertEquals("a.b+c@example.org", new Mailbox("a.b+c", "example.org").toString());
        assertEquals("\"john doe\"@example.org", new Mailbox("john doe", "example.org").toString());
        assertEquals("\"a\\\"b\\\\c\"@example.org", new Mailbox("a\"b\\c", "example.org").toString());
        assertEquals("\"a..b\"@example.org", new Mailbox("a..b", "example.org").toString());
        assertEquals(new Mailbox("john doe", "example.org"), Mailbox.parse("\"john doe\"@example.org"));
        assertEquals(new Mailbox("a\"b", "[192.0.2.1]"), Mailbox.parse("\"a\\\"b\"@[192.0.2.1]"));
    }

    @Test
    void commandsEncodeAsRfc5321WritesThem() {
        SmtpCommandEncoder encoder = new SmtpCommandEncoder();
        assertEquals("MAIL FROM:<\"a b\"@example.org> SIZE=10 BODY=8BITMIME ENVID=a+2Bb AUTH=<>\r\n",
                string(encoder.encode(new Mail(new Mailbox("a b", "example.org"), MailParameters.NONE.withSize(10)
                        .withBody(MailParameters.Body.EIGHT_BIT_MIME).withEnvelopeId("a+b").withAuth("<>")))));
        assertEquals("RCPT TO:<b@c> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;x+2By@c\r\n",
                string(encoder.encode(new Rcpt(new Mailbox("b", "c"), RcptParameters.NONE
                        .withNotify(Set.of(RcptParameters.Notify.DELAY, RcptParameters.Notify.SUCCESS))
                        .withOriginalRecipient(new OriginalRecipient("rfc822", "x+y@c"))))));
        assertEquals("MAIL FROM:<jöe@bücher.example> SMTPUTF8\r\n",
                string(encoder.encode(new Mail(new Mailbox("jöe", "bücher.example"), MailParameters.NONE.withSmtpUtf8(true)))));
        assertEquals("RCPT TO:<Postmaster>\r\n", string(encoder.encode(Rcpt.of(ForwardPath.POSTMASTER))));
        assertEquals("AUTH PLAIN =\r\n", string(encoder.encode(new Auth("plain", Optional.of("=")))));
        assertEquals("BDAT 0 LAST\r\n", string(encoder.encode(new SmtpCommand.Bdat(0, true))));
    }

    @Test
    void nonAsciiSenderRequiresSmtpUtf8() {
        assertThrows(IllegalArgumentException.class, () -> Mail.of(new Mailbox("jöe", "example.org")));
    }

    @Test
    void repliesEncodeWithHyphensUntilTheLastLine() {
        SmtpReplyEncoder encoder = new SmtpReplyEncoder();
        SmtpReply ehlo = SmtpReply.ofLines(250, List.of("mx.example greets you", "PIPELINING", "SIZE 52428800", "8BITMIME"));
        assertEquals("250-mx.example greets you\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250 8BITMIME\r\n",
                string(encoder.encode(ehlo)));
        assertEquals("550-5.7.1 Relaying denied\r\n550 5.7.1 See the FAQ\r\n",
                string(encoder.encode(SmtpReply.of(550, EnhancedStatus.parse("5.7.1"), List.of("Relaying denied", "See the FAQ")))));
        assertEquals("250\r\n", string(encoder.encode(SmtpReply.of(250, ""))));
        assertEquals("250 2.0.0\r\n", string(encoder.encode(SmtpReply.of(250, "2.0.0", ""))));
        SmtpReply reply = SmtpReply.of(250, "2.0.0", "Ünïcödé");
        assertEquals(SmtpReplyEncoder.encodedLength(reply), encoder.encode(reply).remaining());
    }

    @Test
    void encodingIntoAFullBufferWritesNothing() {
        ByteBuffer small = ByteBuffer.allocate(4);
        assertThrows(java.nio.BufferOverflowException.class, () -> new SmtpReplyEncoder().encode(SmtpReply.OK, small));
        assertThrows(java.nio.BufferOverflowException.class, () -> new SmtpCommandEncoder().encode(SmtpCommand.QUIT, small));
        assertEquals(0, small.position());
    }

    @Test
    void limitsRefuseValuesOutsideTheirRanges() {
        assertThrows(IllegalArgumentException.class, () -> SmtpLimits.defaults().withMaxCommandLine(511));
        assertThrows(IllegalArgumentException.class, () -> SmtpLimits.defaults().withMaxRecipients(99));
        assertThrows(IllegalArgumentException.class, () -> SmtpLimits.defaults().withAddressLimits(64, 256, 256));
        assertThrows(IllegalArgumentException.class, () -> SmtpLimits.defaults().withMaxMessageSize(0));
        assertEquals(100, SmtpLimits.defaults().withMaxRecipients(100).maxRecipients());
    }

    private static String string(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
