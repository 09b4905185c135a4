// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.sasl.Exchanges.ascii;
import static org.mailwire.core.sasl.Exchanges.now;
import static org.mailwire.core.sasl.Exchanges.text;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.Secret;

class CramMd5Test {

    // RFC 2195 §2 example.
    private static final String CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";
    private static final String RESPONSE = "tim b913a602c7eda7a495b4e6e7334d3890";

    private final TestAuthenticator authenticator = TestAuthenticator.all().user("tim", "tanstaaftanstaaf");

    private SaslServerExchange server() {
        SaslServerSettings settings = SaslServerSettings.defaults("postoffice.reston.mci.net")
                .withNonces(() -> "1896.697170952");
        return SaslServer.of(authenticator, settings).newExchange(SaslMechanism.CRAM_MD5, false).orElseThrow();
    }

    @Test
    void clientAnswersRfc2195Example() throws SaslException {
        SaslClient client = SaslClient.cramMd5("tim", Secret.of("tanstaaftanstaaf"));
        assertTrue(client.initialResponse().isEmpty());
        assertEquals(RESPONSE, text(client.evaluateChallenge(ascii(CHALLENGE))));
        assertTrue(client.isComplete());
        client.verifySuccess(Optional.empty());
    }

    @Test
    void serverReproducesRfc2195Example() {
        SaslServerExchange exchange = server();
        assertTrue(exchange.needsInitialChallenge());
        assertEquals(CHALLENGE, text(exchange.initialChallenge()));
        SaslServerStep step = now(exchange.evaluateResponse(ascii(RESPONSE)));
        assertEquals(SaslIdentity.of("tim"), assertInstanceOf(SaslServerStep.Success.class, step).identity());
    }

    @Test
    void roundTripWithRandomChallenge() throws SaslException {
        SaslServerExchange exchange = SaslServer.of(authenticator, SaslServerSettings.defaults("mail.example.test"))
                .newExchange(SaslMechanism.CRAM_MD5, false).orElseThrow();
        SaslServerStep step = Exchanges.run(SaslClient.cramMd5("tim", Secret.of("tanstaaftanstaaf")), exchange);
        assertInstanceOf(SaslServerStep.Success.class, step);
    }

    @Test
    void wrongSecretIsInvalidCredentials() throws SaslException {
        SaslServerStep step = Exchanges.run(SaslClient.cramMd5("tim", Secret.of("nope")), server());
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void unknownUserIsInvalidCredentials() {
        SaslServerExchange exchange = server();
        exchange.initialChallenge();
        SaslServerStep step = now(exchange.evaluateResponse(ascii("ghost b913a602c7eda7a495b4e6e7334d3890")));
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void initialResponseIsMalformed() {
        // RFC 4954 §4: CRAM-MD5 is server-first, so an initial response cannot be valid.
        SaslServerStep step = now(server().evaluateResponse(ascii(RESPONSE)));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    static Stream<String> malformedResponses() {
        return Stream.of("", "tim", " b913a602c7eda7a495b4e6e7334d3890", "tim B913A602C7EDA7A495B4E6E7334D3890",
                "tim b913a602c7eda7a495b4e6e7334d389", "tim b913a602c7eda7a495b4e6e7334d3890 ",
                "t\u0001m b913a602c7eda7a495b4e6e7334d3890", "tim zz13a602c7eda7a495b4e6e7334d3890");
    }

    @ParameterizedTest
    @MethodSource("malformedResponses")
    void malformedResponseIsMalformed(String response) {
        SaslServerExchange exchange = server();
        exchange.initialChallenge();
        SaslServerStep step = now(exchange.evaluateResponse(ascii(response)));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
        assertFalse(authenticator.calls.containsKey("sharedSecret"));
    }

    @Test
    void notOfferedWhenAuthenticatorKeepsNoPlaintextSecrets() {
        Authenticator scramOnly = () -> java.util.Set.of(SaslMechanism.SCRAM_SHA_256);
        SaslServer server = SaslServer.of(scramOnly, SaslServerSettings.defaults("h"));
        assertEquals(java.util.List.of(SaslMechanism.SCRAM_SHA_256), server.mechanisms(true));
        assertTrue(server.newExchange("CRAM-MD5", true).isEmpty());
    }

    @Test
    void clientRejectsEmptyAndSecondChallenge() throws SaslException {
        SaslClient client = SaslClient.cramMd5("tim", Secret.of("tanstaaftanstaaf"));
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE,
                assertThrows(SaslException.class, () -> client.evaluateChallenge(new byte[0])).reason());
        SaslClient other = SaslClient.cramMd5("tim", Secret.of("tanstaaftanstaaf"));
        other.evaluateChallenge(ascii(CHALLENGE));
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE,
                assertThrows(SaslException.class, () -> other.evaluateChallenge(ascii(CHALLENGE))).reason());
    }

    @Test
    void emptySecretUsesTheHmacOfAnEmptyKey() throws SaslException {
        // RFC 2104 §2 pads an empty key with zeros like any short key; the JDK refuses empty keys.
        // HMAC-MD5("", "") = 74e6f729... is the well-known empty-input value.
        assertEquals("74e6f7298a9c2d168935f58c001bad88", Wire.hex(Wire.hmac("HmacMD5", new byte[0], new byte[0])));
        SaslClient client = SaslClient.cramMd5("tim", Secret.of(""));
        String expected = "tim " + Wire.hex(Wire.hmac("HmacMD5", new byte[0], ascii(CHALLENGE)));
        assertEquals(expected, text(client.evaluateChallenge(ascii(CHALLENGE))));
    }
}
