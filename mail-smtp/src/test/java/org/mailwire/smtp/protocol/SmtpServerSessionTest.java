// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwire.core.codec.BareLineEndingPolicy;
import org.mailwire.core.protocol.Step;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.codec.SmtpReply;

/** The session-level cases of SECURITY-CASES §1 and §10, each named after its id. */
class SmtpServerSessionTest {

    private static final String ENVELOPE = "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@example.org>\r\n";

    private static SessionHarness strict() {
        return new SessionHarness(SmtpSessionSettings.defaults("foo.com"));
    }

    /** Feeds {@code script} whole, then one byte at a time, and checks both runs agree. */
    private static SessionHarness runBothWays(SmtpSessionSettings settings, String script) {
        SessionHarness whole = new SessionHarness(settings);
        whole.feed(script);
        whole.eof();
        SessionHarness bytewise = new SessionHarness(settings);
        for (byte b : script.getBytes(StandardCharsets.UTF_8)) {
            bytewise.feed(new byte[] {b});
        }
        bytewise.eof();
        assertEquals(whole.output(), bytewise.output());
        assertEquals(whole.messages.size(), bytewise.messages.size());
        return whole;
    }

    @Test
    void smtp01BareLfEndOfDataIsNeverAMessageBoundary() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE
                + "DATA\r\nSubject: a\r\n\r\nbody\n.\nMAIL FROM:<ceo@bank.example>\r\nRCPT TO:<v@example.org>\r\nDATA\r\nx\r\n.\r\n");
        assertEquals(0, h.messages.size());
        assertTrue(h.closed);
        assertEquals(List.of(220, 250, 250, 250, 354, 500), h.codes());
        assertEquals(1, h.aborted);
    }

    @Test
    void smtp01BareLfIsContentWhenKeptAsData() {
        SmtpSessionSettings keep = SmtpSessionSettings.defaults("foo.com").withDataLineEndings(BareLineEndingPolicy.KEEP_AS_DATA);
        SessionHarness h = runBothWays(keep, ENVELOPE
                + "DATA\r\nSubject: a\r\n\r\nbody\n.\nMAIL FROM:<ceo@bank.example>\r\n.\r\nQUIT\r\n");
        assertEquals(1, h.messages.size());
        assertEquals("Subject: a\r\n\r\nbody\n.\nMAIL FROM:<ceo@bank.example>\r\n",
                new String(h.messages.get(0), StandardCharsets.US_ASCII));
        assertEquals(List.of(220, 250, 250, 250, 354, 250, 221), h.codes());
    }

    static Stream<String> endOfDataVariants() {
        return Stream.of("\n.\r\n", "\r\n.\n", "\r.\r", "\r\n.\r", "\r.\r\n", "\n.\n");
    }

    @ParameterizedTest
    @MethodSource("endOfDataVariants")
    void smtp02OnlyCrLfDotCrLfEndsData(String variant) {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE
                + "DATA\r\nx" + variant + "MAIL FROM:<s@x.example>\r\nRCPT TO:<v@example.org>\r\nDATA\r\ny\r\n.\r\n");
        assertEquals(0, h.messages.size());
        assertTrue(h.closed);
        assertEquals(500, h.codes().get(h.codes().size() - 1));
    }

    @ParameterizedTest
    @MethodSource("endOfDataVariants")
    void smtp02VariantsAreContentWhenKeptAsData(String variant) {
        SmtpSessionSettings keep = SmtpSessionSettings.defaults("foo.com").withDataLineEndings(BareLineEndingPolicy.KEEP_AS_DATA);
        SessionHarness h = runBothWays(keep, ENVELOPE + "DATA\r\nx" + variant + "MAIL FROM:<s@x.example>\r\n.\r\n");
        assertEquals(1, h.messages.size());
        assertEquals(List.of(220, 250, 250, 250, 354, 250), h.codes());
    }

    @Test
    void smtp03EmptyBodyIsAnEmptyMessage() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "DATA\r\n.\r\n");
        assertEquals(1, h.messages.size());
        assertEquals(0, h.messages.get(0).length);
    }

    @Test
    void smtp04DotStuffingIsRemoved() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "DATA\r\n..x\r\n..\r\n...\r\n.\r\n");
        assertEquals(".x\r\n.\r\n..\r\n", new String(h.messages.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void smtp10RecipientsPastTheLimitGet452AndDataStillWorks() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withLimits(SmtpLimits.defaults().withMaxRecipients(100));
        StringBuilder script = new StringBuilder("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        for (int i = 0; i < 105; i++) {
            script.append("RCPT TO:<r").append(i).append("@example.org>\r\n");
        }
        script.append("DATA\r\nhi\r\n.\r\n");
        SessionHarness h = runBothWays(settings, script.toString());
        List<Integer> codes = h.codes();
        assertEquals(Collections.nCopies(100, 250), codes.subList(3, 103));
        assertEquals(Collections.nCopies(5, 452), codes.subList(103, 108));
        assertTrue(h.output().contains("452 4.5.3 "));
        assertEquals(List.of(354, 250), codes.subList(108, 110));
        assertEquals(1, h.messages.size());
        assertEquals(100, ((SmtpEvent.MessageStart) h.events.stream().filter(e -> e instanceof SmtpEvent.MessageStart)
                .findFirst().orElseThrow()).recipients().size());
    }

    @Test
    void smtp11CommandsOutOfSequenceGet503AndTheSessionStaysUsable() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"),
                "EHLO c.example\r\nRCPT TO:<b@example.org>\r\nMAIL FROM:<a@c.example>\r\nDATA\r\n"
                        + "MAIL FROM:<a@c.example>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nx\r\n.\r\nBDAT 3 LAST\r\nabcNOOP\r\n");
        assertEquals(List.of(220, 250, 503, 250, 503, 503, 250, 354, 250, 503, 250), h.codes());
        assertTrue(h.output().contains("503 5.5.1 "));
        assertEquals(1, h.messages.size());
    }

    @Test
    void smtp12ClosesWith421AfterTheHardErrorLimit() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), "XYZZY\r\n".repeat(25));
        List<Integer> codes = h.codes();
        assertEquals(Collections.nCopies(SmtpSessionSettings.DEFAULT_MAX_ERRORS - 1, 500), codes.subList(1, codes.size() - 1));
        assertTrue(h.output().endsWith("421 4.7.0 Too many errors, closing connection\r\n"));
        assertTrue(h.closed);
        // Postfix's error sleep: every error past the soft limit (10) waits, up to the hard limit.
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19), h.pauses);
    }

    @Test
    void smtp12ErrorPauseHoldsTheReplyAndTheInputUntilResumed() {
        SmtpServerSession session = new SmtpServerSession(SmtpSessionSettings.defaults("foo.com").withErrorLimits(1, 20, 3));
        assertInstanceOf(Step.Write.class, session.next());
        session.receive(ByteBuffer.wrap("XYZZY\r\nXYZZY\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("500 5.5.2 Syntax error, command unrecognized\r\n", written(session.next()));
        Step<SmtpEvent> pause = session.next();
        assertEquals(new SmtpEvent.ErrorPause(2), ((Step.Event<SmtpEvent>) pause).event());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        session.resume();
        assertEquals("500 5.5.2 Syntax error, command unrecognized\r\n", written(session.next()));
        assertEquals("250 2.0.0 OK\r\n", written(session.next()));
        assertThrows(IllegalStateException.class, session::resume);
    }

    @Test
    void smtp12TimeoutDuringAnErrorPauseDropsTheHeldReply() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withErrorLimits(0, 20, 3));
        SmtpServerSession session = h.session;
        session.next();
        session.receive(ByteBuffer.wrap("XYZZY\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(Step.Event.class, session.next());
        session.receiveTimeout();
        session.resume();
        assertEquals("421 4.4.2 Timeout, closing connection\r\n", written(session.next()));
        assertInstanceOf(Step.Close.class, session.next());
    }

    private static String written(Step<SmtpEvent> step) {
        ByteBuffer bytes = assertInstanceOf(Step.Write.class, step).bytes();
        return StandardCharsets.US_ASCII.decode(bytes).toString();
    }

    @Test
    void sec05ThirdFailedAuthenticationCloses() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withTls(false, true).withSasl(SessionHarness.sasl(false));
        String wrong = java.util.Base64.getEncoder().encodeToString("\0alice@example.org\0wrong".getBytes(StandardCharsets.UTF_8));
        String nobody = java.util.Base64.getEncoder().encodeToString("\0nobody@example.org\0secret".getBytes(StandardCharsets.UTF_8));
        SessionHarness h = runBothWays(settings, "EHLO c.example\r\nAUTH PLAIN " + wrong + "\r\nAUTH PLAIN " + nobody
                + "\r\nAUTH PLAIN " + wrong + "\r\nNOOP\r\n");
        List<String> lines = h.replyLines();
        // Unknown user and wrong password get the same reply (SEC-05), and the third failure ends it.
        assertEquals(List.of("535 5.7.8 Authentication credentials invalid", "535 5.7.8 Authentication credentials invalid",
                "535 5.7.8 Authentication credentials invalid", "421 4.7.0 Too many failed authentications, closing connection"),
                lines.subList(lines.size() - 4, lines.size()));
        assertTrue(h.closed);
    }

    @Test
    void sec05FailedAuthenticationLimitIsConfigurable() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withTls(false, true)
                .withSasl(SessionHarness.sasl(false)).withErrorLimits(10, 20, 1);
        String wrong = java.util.Base64.getEncoder().encodeToString("\0alice@example.org\0wrong".getBytes(StandardCharsets.UTF_8));
        SessionHarness h = runBothWays(settings, "EHLO c.example\r\nAUTH PLAIN " + wrong + "\r\nNOOP\r\n");
        assertTrue(h.output().endsWith("535 5.7.8 Authentication credentials invalid\r\n"
                + "421 4.7.0 Too many failed authentications, closing connection\r\n"), h.output());
    }

    @Test
    void sec06GuessedRecipientsAreTarpittedThenClosed() {
        StringBuilder script = new StringBuilder("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        for (int i = 0; i < 50; i++) {
            script.append("RCPT TO:<unknown@example.org>\r\n");
        }
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), script.toString());
        List<Integer> codes = h.codes();
        assertEquals(Collections.nCopies(SmtpSessionSettings.DEFAULT_MAX_ERRORS - 1, 550), codes.subList(3, codes.size() - 1));
        assertEquals(421, codes.get(codes.size() - 1));
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19), h.pauses);
        assertTrue(h.closed);
    }

    @Test
    void smtp15MalformedAuthLinesAreRefusedWithoutEvaluation() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withTls(false, true).withSasl(SessionHarness.sasl(false));
        String big = "QUFB".repeat(100 * 1024 / 4);
        SessionHarness h = runBothWays(settings, "EHLO c.example\r\nAUTH PLAIN ====\r\nAUTH PLAIN A===\r\nAUTH PLAIN " + big
                + "\r\nAUTH PLAIN dXNlcg==\r\nAUTH LOGIN\r\n*\r\nNOOP\r\n");
        List<Integer> codes = h.codes();
        assertEquals(220, codes.get(0));
        assertEquals(250, codes.get(1));
        assertEquals(501, codes.get(2));
        assertEquals(501, codes.get(3));
        assertTrue(codes.get(4) == 500 || codes.get(4) == 501);
        assertEquals(535, codes.get(5));
        assertEquals(List.of(334, 501, 250), codes.subList(6, 9));
        assertTrue(h.events.stream().filter(e -> e instanceof SmtpEvent.AuthenticationStep).count() == 1,
                "only the well-formed base64 reaches the exchange");
    }

    @Test
    void smtp16EachAuthStartsFromACleanExchangeAndRepeatedAuthIs503() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withTls(false, true).withSasl(SessionHarness.sasl(false));
        SessionHarness h = runBothWays(settings, "EHLO c.example\r\nAUTH SCRAM-SHA-256 bm9wZSBub3Bl\r\n"
                + "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n");
        assertEquals(List.of(220, 250, 535, 235, 503), h.codes());
        List<SmtpEvent.AuthenticationStep> steps = new ArrayList<>();
        h.events.forEach(e -> {
            if (e instanceof SmtpEvent.AuthenticationStep s) {
                steps.add(s);
            }
        });
        assertEquals(2, steps.size());
        assertTrue(steps.get(0).exchange() != steps.get(1).exchange());
    }

    @Test
    void smtp16AuthInsideATransactionIs503() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withTls(false, true).withSasl(SessionHarness.sasl(false));
        SessionHarness h = runBothWays(settings, "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n");
        assertEquals(List.of(220, 250, 250, 503), h.codes());
    }

    @Test
    void smtp17TruncatedChunkGivesNoMessage() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "BDAT 10 LAST\r\n12345");
        assertEquals(0, h.messages.size());
        assertEquals(1, h.aborted);
        assertTrue(h.closed);
    }

    @Test
    void smtp17BadChunkSizesAndAnEmptyLastChunk() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "BDAT abc\r\nBDAT 0 LAST\r\n");
        assertEquals(List.of(220, 250, 250, 250, 501, 250), h.codes());
        assertEquals(1, h.messages.size());
        assertEquals(0, h.messages.get(0).length);
        SessionHarness overflow = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "BDAT 99999999999999999999\r\nNOOP\r\n");
        assertEquals(552, overflow.codes().get(overflow.codes().size() - 1));
        assertTrue(overflow.closed);
    }

    @Test
    void resetOrGreetingBeforeAnyRecipientEndsTheTransaction() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"),
                "EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRSET\r\nMAIL FROM:<a@c.example>\r\nEHLO c.example\r\nRCPT TO:<b@example.org>\r\n");
        assertEquals(List.of(220, 250, 250, 250, 250, 250, 503), h.codes());
    }

    @Test
    void resetBetweenChunksAbortsThePartialMessage() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "BDAT 3\r\nabcRSET\r\nBDAT 1 LAST\r\nx");
        assertEquals(List.of(220, 250, 250, 250, 250, 250, 503), h.codes());
        assertEquals(1, h.aborted);
        assertEquals(0, h.messages.size());
    }

    @Test
    void smtp18ChunkContentIsOpaque() {
        String chunk = "a\r\n.\r\nMAIL FROM:<x@y.example>\r\nbare\nlf\r";
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"),
                ENVELOPE + "BDAT " + chunk.length() + " LAST\r\n" + chunk + "QUIT\r\n");
        assertEquals(1, h.messages.size());
        assertEquals(chunk, new String(h.messages.get(0), StandardCharsets.US_ASCII));
        assertEquals(List.of(220, 250, 250, 250, 250, 221), h.codes());
    }

    @Test
    void smtp19NulBytesAreStoredByteExact() {
        SessionHarness h = runBothWays(SmtpSessionSettings.defaults("foo.com"), ENVELOPE + "DATA\r\nSub\0ject: x\r\n\r\nb\0dy\r\n.\r\n");
        assertArrayEquals("Sub\0ject: x\r\n\r\nb\0dy\r\n".getBytes(StandardCharsets.US_ASCII), h.messages.get(0));
    }

    @Test
    void smtp24PipelinedGroupIsAnsweredInOrderInAnySegmentation() {
        String script = "EHLO c.example\r\nMAIL FROM:<a@x.example>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n";
        SessionHarness whole = runBothWays(SmtpSessionSettings.defaults("foo.com"), script);
        assertEquals(List.of(220, 250, 250, 250, 250, 354), whole.codes());
        byte[] bytes = script.getBytes(StandardCharsets.US_ASCII);
        for (int at = 1; at < bytes.length; at++) {
            SessionHarness split = strict();
            split.feed(java.util.Arrays.copyOfRange(bytes, 0, at));
            split.feed(java.util.Arrays.copyOfRange(bytes, at, bytes.length));
            assertEquals(whole.output(), split.output(), "split at " + at);
        }
    }

    @Test
    void smtp26QuitGets221ThenClose() {
        SessionHarness h = strict();
        h.feed("QUIT\r\nNOOP\r\n");
        assertEquals("220 foo.com ESMTP Service ready\r\n221 2.0.0 Bye\r\n", h.output());
        assertTrue(h.closed);
    }

    @Test
    void messageTooLargeGets552AfterTheTerminatorAndTheConnectionStaysUsable() {
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com").withLimits(SmtpLimits.defaults().withMaxMessageSize(10));
        SessionHarness h = runBothWays(settings, ENVELOPE + "DATA\r\n0123456789\r\n.\r\nNOOP\r\n" + "MAIL FROM:<a@c.example>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n0123456\r\n.\r\n");
        assertTrue(h.output().contains("552 5.3.4 "));
        assertEquals(List.of(220, 250, 250, 250, 354, 552, 250, 250, 250, 354, 250), h.codes());
        assertEquals(1, h.messages.size());
    }

    @Test
    void timeoutSays421AndCloses() {
        SessionHarness h = strict();
        h.feed("EHLO c.example\r\nMAIL FROM:<a");
        h.session.receiveTimeout();
        h.pump();
        assertTrue(h.output().endsWith("421 4.4.2 Timeout, closing connection\r\n"));
        assertTrue(h.closed);
    }

    @Test
    void shutdownSays421AndCloses() {
        SessionHarness h = strict();
        h.feed("EHLO c.example\r\n");
        h.session.receiveShutdown();
        h.pump();
        assertTrue(h.output().endsWith("421 4.3.2 Service shutting down\r\n"));
        assertTrue(h.closed);
    }

    @Test
    void needInputTellsWhenACommandIsUnderWay() {
        SmtpServerSession session = new SmtpServerSession(SmtpSessionSettings.defaults("foo.com"));
        assertInstanceOf(Step.Write.class, session.next());
        assertEquals(new Step.NeedInput<>(false), session.next());
        session.receive(ByteBuffer.wrap("NOO".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(new Step.NeedInput<>(true), session.next());
        session.receive(ByteBuffer.wrap("P\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(Step.Write.class, session.next());
        assertEquals(new Step.NeedInput<>(false), session.next());
    }

    @Test
    void awaitsTheApplicationAndReadsNothingMeanwhile() {
        SmtpServerSession session = new SmtpServerSession(SmtpSessionSettings.defaults("foo.com"));
        session.next();
        session.next();
        ByteBuffer input = ByteBuffer.wrap("EHLO c\r\nMAIL FROM:<a@c.example>\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        session.receive(input);
        assertInstanceOf(Step.Write.class, session.next());
        assertInstanceOf(Step.Event.class, session.next());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        assertInstanceOf(Step.AwaitApplication.class, session.next());
        assertEquals(6, input.remaining());
        assertThrows(IllegalStateException.class, () -> session.acceptMessage(b -> { }));
        session.answer(SmtpReply.SENDER_OK);
        assertInstanceOf(Step.Write.class, session.next());
        assertInstanceOf(Step.Write.class, session.next());
        assertEquals(new Step.NeedInput<>(false), session.next());
        assertThrows(IllegalStateException.class, () -> session.answer(SmtpReply.OK));
    }

    @Test
    void startTlsDropsPipelinedPlaintextAndResetsTheSession() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withTls(true, false));
        h.feed("EHLO c.example\r\nSTARTTLS\r\nMAIL FROM:<x@y.example>\r\n");
        assertEquals(1, h.upgrades);
        assertTrue(h.output().endsWith("220 2.0.0 Ready to start TLS\r\n"));
        h.feed("MAIL FROM:<x@y.example>\r\n");
        assertTrue(h.output().endsWith("503 5.5.1 Send EHLO or HELO first\r\n"));
        assertEquals(SmtpState.READY, h.session.state());
        assertTrue(h.session.context().secure());
    }

    @Test
    void sec03NoPlaintextAuthBeforeTls() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withTls(true, false)
                .withSasl(SessionHarness.sasl(false)));
        h.feed("EHLO c.example\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n");
        assertFalse(h.output().contains("PLAIN LOGIN"));
        assertTrue(h.output().endsWith("538 5.7.11 Encryption required for requested authentication mechanism\r\n"));
        assertTrue(h.events.isEmpty(), "credentials never evaluated");
    }

    @Test
    void sec04SubmissionNeedsTlsBeforeMail() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withTls(true, false)
                .withRequirements(true, true));
        h.feed("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        assertTrue(h.output().endsWith("530 5.7.0 Must issue a STARTTLS command first\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VRFY root\r\n", "EXPN staff\r\n"})
    void sec06VrfyAndExpnRevealNothing(String command) {
        SessionHarness h = strict();
        h.feed("EHLO c.example\r\n" + command);
        String out = h.output();
        assertTrue(out.endsWith("252 2.5.2 Cannot VRFY user, but will accept message\r\n")
                || out.endsWith("502 5.5.1 Command not implemented\r\n"));
    }

    @Test
    void ehloAdvertisesOnlyWhatIsEnabled() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withExtensions(false, false));
        h.feed("EHLO c.example\r\nMAIL FROM:<a@c.example> SMTPUTF8\r\n");
        assertFalse(h.output().contains("CHUNKING"));
        assertFalse(h.output().contains("SMTPUTF8\r\n250"));
        assertFalse(h.output().contains("STARTTLS"));
        assertFalse(h.output().contains("AUTH"));
        assertTrue(h.output().endsWith("555 5.5.4 Parameter not supported\r\n"));
    }
}
