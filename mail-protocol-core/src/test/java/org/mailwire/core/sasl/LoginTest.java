// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.sasl.Exchanges.ascii;
import static org.mailwire.core.sasl.Exchanges.now;
import static org.mailwire.core.sasl.Exchanges.text;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;

class LoginTest {

    private final TestAuthenticator authenticator = TestAuthenticator.all().user("tim", "tanstaaftanstaaf");

    private SaslServerExchange server() {
        return SaslServer.of(authenticator, SaslServerSettings.defaults("h")).newExchange(SaslMechanism.LOGIN, true)
                .orElseThrow();
    }

    @Test
    void serverAsksUsernameThenPassword() {
        // draft-murchison-sasl-login §2: "Username:" then "Password:".
        SaslServerExchange exchange = server();
        assertTrue(exchange.needsInitialChallenge());
        assertEquals("Username:", text(exchange.initialChallenge()));
        SaslServerStep second = now(exchange.evaluateResponse(ascii("tim")));
        assertEquals("Password:", text(assertInstanceOf(SaslServerStep.Challenge.class, second).challenge()));
        SaslServerStep last = now(exchange.evaluateResponse(ascii("tanstaaftanstaaf")));
        assertEquals(SaslIdentity.of("tim"), assertInstanceOf(SaslServerStep.Success.class, last).identity());
    }

    @Test
    void clientAnswersUsernameThenPassword() throws SaslException {
        SaslClient client = SaslClient.login("tim", Secret.of("tanstaaftanstaaf"));
        assertTrue(client.initialResponse().isEmpty());
        assertEquals("tim", text(client.evaluateChallenge(ascii("Username:"))));
        assertEquals("tanstaaftanstaaf", text(client.evaluateChallenge(ascii("Password:"))));
        assertTrue(client.isComplete());
        client.verifySuccess(Optional.empty());
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE,
                assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii("More:"))).reason());
    }

    @Test
    void roundTripAndWrongPassword() throws SaslException {
        assertInstanceOf(SaslServerStep.Success.class,
                Exchanges.run(SaslClient.login("tim", Secret.of("tanstaaftanstaaf")), server()));
        SaslServerStep step = Exchanges.run(SaslClient.login("tim", Secret.of("wrong")), server());
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void usernameAsInitialResponseSkipsTheFirstChallenge() {
        SaslServerExchange exchange = server();
        SaslServerStep step = now(exchange.evaluateResponse(ascii("tim")));
        assertEquals("Password:", text(assertInstanceOf(SaslServerStep.Challenge.class, step).challenge()));
        assertThrows(IllegalStateException.class, exchange::initialChallenge);
    }

    @Test
    void emptyOrNonUtf8UsernameIsMalformed() {
        for (byte[] name : new byte[][] {new byte[0], {(byte) 0xC0, (byte) 0x80}, ascii("a\0b")}) {
            SaslServerExchange exchange = server();
            exchange.initialChallenge();
            SaslServerStep step = now(exchange.evaluateResponse(name));
            assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
        }
    }

    @Test
    void emptyPasswordIsInvalidCredentialsWithoutAskingTheAuthenticator() {
        SaslServerExchange exchange = server();
        now(exchange.evaluateResponse(ascii("tim")));
        SaslServerStep step = now(exchange.evaluateResponse(new byte[0]));
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
        assertTrue(!authenticator.calls.containsKey("verifyPassword"));
    }
}
