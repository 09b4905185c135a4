// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the session: the same replies and messages however the input is split, and
 * arbitrary bytes never make it throw (h11's fuzz invariant).
 */
class SmtpServerSessionProperties {

    private static final List<String> PIECES = List.of(
            "EHLO c.example\r\n", "HELO c.example\r\n", "MAIL FROM:<a@c.example>\r\n", "MAIL FROM:<>\r\n",
            "RCPT TO:<b@example.org>\r\n", "RCPT TO:<unknown@example.org>\r\n", "RCPT TO:<x@elsewhere.example>\r\n",
            "DATA\r\n", "line\r\n", "..dot\r\n", ".\r\n", "bare\nlf\r\n", "BDAT 5\r\nab\r\nc", "BDAT 0 LAST\r\n",
            "BDAT 3 LAST\r\n.\r\n", "RSET\r\n", "NOOP\r\n", "VRFY x\r\n", "XYZZY\r\n", "AUTH PLAIN =\r\n",
            "QUIT\r\n", "\r\n", "AUTH LOGIN\r\n", "YWxpY2VAZXhhbXBsZS5vcmc=\r\n", "c2VjcmV0\r\n", "*\r\n",
            "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n", "AUTH SCRAM-SHA-256 =\r\n", "MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n");

    @Provide
    Arbitrary<String> scripts() {
        return Arbitraries.of(PIECES).list().ofMaxSize(30).map(l -> String.join("", l));
    }

    /**
     * With STARTTLS: what follows it in the same read is dropped and what comes in a later read
     * is taken as sent inside TLS, so these scripts are for the fuzz invariant only.
     */
    @Provide
    Arbitrary<String> scriptsWithStartTls() {
        List<String> pieces = new java.util.ArrayList<>(PIECES);
        pieces.add("STARTTLS\r\n");
        return Arbitraries.of(pieces).list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void repliesDoNotDependOnHowInputIsSplit(@ForAll("scripts") String script, @ForAll @IntRange(min = 1, max = 40) int chunk) {
        assertSplitInvariant(this::harness, script, chunk);
    }

    /** Runs {@code script} whole, in chunks of {@code chunk} octets and one octet at a time; all must agree. */
    private static void assertSplitInvariant(java.util.function.Supplier<SessionHarness> harness, String script, int chunk) {
        byte[] bytes = script.getBytes(StandardCharsets.US_ASCII);
        SessionHarness whole = harness.get();
        whole.feed(bytes);
        whole.eof();
        for (int size : new int[] {chunk, 1}) {
            SessionHarness split = harness.get();
            for (int at = 0; at < bytes.length; at += size) {
                split.feed(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)));
            }
            split.eof();
            assertEquals(whole.output(), split.output());
            assertEquals(whole.messages.size(), split.messages.size());
            for (int i = 0; i < whole.messages.size(); i++) {
                assertEquals(Arrays.toString(whole.messages.get(i)), Arrays.toString(split.messages.get(i)));
            }
        }
    }

    private static final List<String> LMTP_PIECES = List.of(
            "LHLO c.example\r\n", "EHLO c.example\r\n", "MAIL FROM:<a@c.example>\r\n", "RCPT TO:<b@example.org>\r\n",
            "RCPT TO:<full@example.org>\r\n", "RCPT TO:<unknown@example.org>\r\n", "DATA\r\n", "line\r\n", ".\r\n",
            "BDAT 4\r\nab\r\n", "BDAT 2 LAST\r\n.\r\n", "RSET\r\n", "NOOP\r\n", "QUIT\r\n", "XYZZY\r\n");

    @Provide
    Arbitrary<String> lmtpScripts() {
        return Arbitraries.of(LMTP_PIECES).list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void lmtpRepliesDoNotDependOnHowInputIsSplit(@ForAll("lmtpScripts") String script,
            @ForAll @IntRange(min = 1, max = 40) int chunk) {
        assertSplitInvariant(SmtpServerSessionProperties::lmtpHarness, script, chunk);
    }

    private static SessionHarness lmtpHarness() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withLmtp(true));
        h.overQuota.add("full");
        return h;
    }

    @Property(tries = 300)
    void arbitraryBytesGiveRepliesNeverExceptions(@ForAll @Size(max = 2000) byte[] noise, @ForAll("scriptsWithStartTls") String prefix) {
        SessionHarness h = harness();
        h.feed(prefix.getBytes(StandardCharsets.US_ASCII));
        h.feed(noise);
        h.eof();
    }

    // Plaintext AUTH allowed here so that the SASL paths run without TLS.
    private final org.mailwire.core.sasl.SaslServer sasl = SessionHarness.sasl(true);

    private SessionHarness harness() {
        return new SessionHarness(SmtpSessionSettings.defaults("foo.com").withTls(true, false).withSasl(sasl));
    }
}
