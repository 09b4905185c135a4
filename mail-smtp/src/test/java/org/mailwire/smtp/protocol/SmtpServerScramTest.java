// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslClient;

/**
 * SCRAM through the server session with the core's SCRAM client: the server's final message
 * ({@code v=}, its proof of the password) goes as a last {@code 334} and {@code 235} follows the
 * client's empty answer (RFC 4954 §4, RFC 5802 §5). Found by the SMTP client, which refuses a
 * SCRAM success without the server's proof.
 */
class SmtpServerScramTest {

    private static SessionHarness harness() {
        SessionHarness h = new SessionHarness(SmtpSessionSettings.defaults("foo.com").withTls(false, true)
                .withSasl(SessionHarness.sasl(false)));
        h.feed("EHLO c.example\r\n");
        return h;
    }

    private static String lastLine(SessionHarness h) {
        String[] lines = h.output.toString(StandardCharsets.UTF_8).split("\r\n");
        return lines[lines.length - 1];
    }

    private static byte[] challenge(SessionHarness h) {
        String line = lastLine(h);
        assertTrue(line.startsWith("334 "), line);
        return Base64.getDecoder().decode(line.substring(4));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Runs SCRAM-SHA-256 up to the server's final 334 and returns the client. */
    private static SaslClient upToFinalChallenge(SessionHarness h) throws Exception {
        SaslClient scram = SaslClient.scramSha256("alice@example.org", Secret.of("secret"));
        h.feed("AUTH SCRAM-SHA-256 " + b64(scram.initialResponse().orElseThrow()) + "\r\n");
        h.feed(b64(scram.evaluateChallenge(challenge(h))) + "\r\n");
        byte[] serverFinal = challenge(h);
        assertTrue(new String(serverFinal, StandardCharsets.US_ASCII).startsWith("v="));
        scram.evaluateChallenge(serverFinal); // checks the server's signature
        return scram;
    }

    @Test
    void scramServerSignatureGoesAsAFinalChallengeBefore235() throws Exception {
        SessionHarness h = harness();
        SaslClient scram = upToFinalChallenge(h);
        h.feed("\r\n");
        assertEquals("235 2.7.0 Authentication successful", lastLine(h));
        scram.verifySuccess(Optional.empty());
        assertTrue(scram.isComplete());
    }

    @Test
    void cancelAtTheFinalChallengeLeavesTheClientUnauthenticated() throws Exception {
        SessionHarness h = harness();
        upToFinalChallenge(h);
        h.feed("*\r\n");
        assertTrue(lastLine(h).startsWith("501 "), lastLine(h));
        // A later exchange's empty answer must not revive the cancelled success.
        h.feed("AUTH LOGIN\r\n");
        h.feed("\r\n");
        assertTrue(!lastLine(h).startsWith("235"), lastLine(h));
    }

    @Test
    void nonEmptyAnswerToTheFinalChallengeFails() throws Exception {
        SessionHarness h = harness();
        upToFinalChallenge(h);
        h.feed("AAAA\r\n");
        assertTrue(lastLine(h).startsWith("535 "), lastLine(h));
    }
}
