// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.sasl.Exchanges.ascii;
import static org.mailwire.core.sasl.Exchanges.now;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.Secret;

class PlainTest {

    private static final SaslServerSettings SETTINGS = SaslServerSettings.defaults("mail.example.test");

    private final TestAuthenticator authenticator = TestAuthenticator.all()
            .user("tim", "tanstaaftanstaaf")
            .user("Kurt", "xipj3plmq");

    private SaslServerExchange server() {
        return SaslServer.of(authenticator, SETTINGS).newExchange(SaslMechanism.PLAIN, true).orElseThrow();
    }

    @Test
    void clientEncodesRfc4616Example() {
        // RFC 4616 §4: "\0tim\0tanstaaftanstaaf"
        SaslClient client = SaslClient.plain("tim", Secret.of("tanstaaftanstaaf"));
        assertArrayEquals(ascii("\0tim\0tanstaaftanstaaf"), client.initialResponse().orElseThrow());
        assertTrue(client.isComplete());
    }

    @Test
    void clientEncodesRfc4616ProxyExample() {
        // RFC 4616 §4: "Ursel\0Kurt\0xipj3plmq"
        SaslClient client = SaslClient.plain("Ursel", "Kurt", Secret.of("xipj3plmq"));
        assertArrayEquals(ascii("Ursel\0Kurt\0xipj3plmq"), client.initialResponse().orElseThrow());
    }

    @Test
    void serverAcceptsRfc4616Example() {
        SaslServerStep step = now(server().evaluateResponse(ascii("\0tim\0tanstaaftanstaaf")));
        SaslServerStep.Success success = assertInstanceOf(SaslServerStep.Success.class, step);
        assertEquals(SaslIdentity.of("tim"), success.identity());
        assertTrue(success.additionalData().isEmpty());
    }

    @Test
    void serverRefusesRfc4616ProxyExampleWithoutGrant() {
        // RFC 4616 §4: "Not authorized to requested authorization identity".
        SaslServerStep step = now(server().evaluateResponse(ascii("Ursel\0Kurt\0xipj3plmq")));
        assertEquals(SaslFailureReason.AUTHORIZATION_DENIED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void serverAllowsProxyWhenAuthenticatorGrantsIt() {
        authenticator.proxy("Kurt", "Ursel");
        SaslServerStep step = now(server().evaluateResponse(ascii("Ursel\0Kurt\0xipj3plmq")));
        SaslIdentity identity = assertInstanceOf(SaslServerStep.Success.class, step).identity();
        assertEquals(new SaslIdentity("Kurt", "Ursel"), identity);
        assertTrue(identity.isProxy());
    }

    @Test
    void authzidEqualToAuthcidIsNoProxy() {
        SaslServerStep step = now(server().evaluateResponse(ascii("tim\0tim\0tanstaaftanstaaf")));
        assertEquals(SaslIdentity.of("tim"), assertInstanceOf(SaslServerStep.Success.class, step).identity());
    }

    @Test
    void roundTripSucceedsWithAndWithoutInitialResponse() throws SaslException {
        assertInstanceOf(SaslServerStep.Success.class,
                Exchanges.run(SaslClient.plain("tim", Secret.of("tanstaaftanstaaf")), server()));
        // No initial response: the server's empty challenge (RFC 4422 §5) gets the same message.
        SaslClient client = SaslClient.plain("tim", Secret.of("tanstaaftanstaaf"));
        SaslServerExchange exchange = server();
        byte[] challenge = exchange.initialChallenge();
        assertEquals(0, challenge.length);
        SaslServerStep step = now(exchange.evaluateResponse(client.evaluateChallenge(challenge)));
        assertInstanceOf(SaslServerStep.Success.class, step);
        client.verifySuccess(Optional.empty());
    }

    @Test
    void wrongPasswordIsInvalidCredentials() throws SaslException {
        SaslServerStep step = Exchanges.run(SaslClient.plain("tim", Secret.of("wrong")), server());
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void unknownUserLooksLikeWrongPassword() {
        SaslServerStep step = now(server().evaluateResponse(ascii("\0nobody\0tanstaaftanstaaf")));
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    /** SECURITY-CASES SMTP-15 and RFC 4616 §2 grammar violations. */
    static Stream<byte[]> malformedMessages() {
        return Stream.of(
                ascii("user"),                          // no NULs (SMTP-15)
                new byte[0],                            // empty (an AUTH PLAIN = initial response)
                ascii("\0tim"),                         // one NUL
                ascii("\0\0tanstaaftanstaaf"),          // empty authcid
                ascii("\0tim\0"),                       // empty password
                ascii("\0tim\0tanstaaf\0extra"),        // three NULs
                new byte[] {0, 't', (byte) 0xC3, 0, 'p'}, // authcid not UTF-8
                new byte[] {(byte) 0xFF, 0, 't', 0, 'p'}, // authzid not UTF-8
                new byte[] {0, 't', 0, (byte) 0xED, (byte) 0xA0, (byte) 0x80}); // password: UTF-8 surrogate
    }

    @ParameterizedTest
    @MethodSource("malformedMessages")
    void malformedMessagesAreMalformedAndNeverReachTheAuthenticator(byte[] message) {
        SaslServerStep step = now(server().evaluateResponse(message));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
        assertFalse(authenticator.calls.containsKey("verifyPassword"));
    }

    @Test
    void messageAtTheLimitIsEvaluatedOnePastIsMalformed() {
        int limit = SaslServerSettings.DEFAULT_MAX_MESSAGE_LENGTH;
        byte[] atLimit = new byte[limit];
        Arrays.fill(atLimit, (byte) 'x');
        byte[] prefix = ascii("\0tim\0");
        System.arraycopy(prefix, 0, atLimit, 0, prefix.length);
        SaslServerStep step = now(server().evaluateResponse(atLimit));
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());

        byte[] pastLimit = Arrays.copyOf(atLimit, limit + 1);
        pastLimit[limit] = 'x';
        step = now(server().evaluateResponse(pastLimit));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void hugeInputOfHundredKibIsMalformedWithoutParsing() {
        // SMTP-15: AUTH PLAIN + 100 KiB.
        SaslServerStep step = now(server().evaluateResponse(new byte[100 * 1024]));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
        assertFalse(authenticator.calls.containsKey("verifyPassword"));
    }

    @Test
    void serverPreparesIdentityAndPasswordWithSaslPrep() {
        // RFC 4616 §2: U+2168 ROMAN NUMERAL NINE prepares to "IX".
        TestAuthenticator prepared = TestAuthenticator.all().user("IX", "pencil");
        SaslServerExchange exchange = SaslServer.of(prepared, SETTINGS).newExchange(SaslMechanism.PLAIN, true).orElseThrow();
        SaslServerStep step = now(exchange.evaluateResponse(ascii("\0\u2168\0pen\u00ADcil")));
        assertEquals(SaslIdentity.of("IX"), assertInstanceOf(SaslServerStep.Success.class, step).identity());
    }

    @Test
    void clientRefusesNulsAndEmptyUser() {
        assertThrows(IllegalArgumentException.class, () -> SaslClient.plain("", Secret.of("p")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.plain("a\0b", Secret.of("p")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.plain("a", Secret.of("p\0")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.plain("x\0", "a", Secret.of("p")));
    }

    @Test
    void clientRejectsNonEmptyFirstChallengeAndAnyLaterOne() throws SaslException {
        SaslClient client = SaslClient.plain("tim", Secret.of("tanstaaftanstaaf"));
        SaslException e = assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii("hi")));
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, e.reason());
        assertThrows(IllegalStateException.class, () -> client.evaluateChallenge(new byte[0]));

        SaslClient other = SaslClient.plain("tim", Secret.of("tanstaaftanstaaf"));
        other.initialResponse();
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE,
                assertThrows(SaslException.class, () -> other.evaluateChallenge(new byte[0])).reason());
    }

    @Test
    void clientRefusesSuccessBeforeItSpoke() {
        SaslClient client = SaslClient.plain("tim", Secret.of("tanstaaftanstaaf"));
        assertThrows(SaslException.class, () -> client.verifySuccess(Optional.empty()));
    }

    @Test
    void secondInitialResponseIsMisuse() {
        SaslClient client = SaslClient.plain("tim", Secret.of("tanstaaftanstaaf"));
        client.initialResponse();
        assertThrows(IllegalStateException.class, client::initialResponse);
    }
}
