// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.sasl.Exchanges.ascii;
import static org.mailwire.core.sasl.Exchanges.base64;
import static org.mailwire.core.sasl.Exchanges.now;
import static org.mailwire.core.sasl.Exchanges.text;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.Secret;

class OAuthTest {

    // RFC 7628 §4.1: the IMAP example's initial client response, base64 as printed in the RFC.
    private static final String RFC7628_INITIAL = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1"
            + "dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB";
    private static final String TOKEN = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";
    // RFC 7628 §4.3: the server's error challenge, decoded.
    private static final String RFC7628_ERROR = "{\"status\":\"invalid_token\",\"scope\":\"example_scope\","
            + "\"openid-configuration\":\"https://example.com/.well-known/openid-configuration\"}";

    private final TestAuthenticator authenticator = TestAuthenticator.all().token(TOKEN, "user@example.com");

    private SaslServerExchange server(SaslMechanism mechanism) {
        return SaslServer.of(authenticator, SaslServerSettings.defaults("server.example.com"))
                .newExchange(mechanism, true).orElseThrow();
    }

    @Test
    void oauthBearerClientReproducesRfc7628Example() {
        SaslClient client = SaslClient.oauthBearer("user@example.com", "server.example.com", 143, Secret.of(TOKEN));
        byte[] initial = client.initialResponse().orElseThrow();
        assertArrayEquals(base64(RFC7628_INITIAL), initial);
        assertEquals("n,a=user@example.com,\u0001host=server.example.com\u0001port=143\u0001auth=Bearer " + TOKEN
                + "\u0001\u0001", text(initial));
    }

    @Test
    void oauthBearerServerAcceptsRfc7628Example() {
        SaslServerStep step = now(server(SaslMechanism.OAUTHBEARER).evaluateResponse(base64(RFC7628_INITIAL)));
        assertEquals(SaslIdentity.of("user@example.com"), assertInstanceOf(SaslServerStep.Success.class, step).identity());
    }

    @Test
    void oauthBearerClientAnswersErrorChallengeWithCtrlA() throws SaslException {
        // RFC 7628 §4.3: S: error JSON; C: AQ== (a single 0x01).
        SaslClient client = SaslClient.oauthBearer("user@example.com", "server.example.com", 143, Secret.of(TOKEN));
        client.initialResponse();
        assertArrayEquals(base64("AQ=="), client.evaluateChallenge(ascii(RFC7628_ERROR)));
        assertEquals(RFC7628_ERROR, text(client.errorChallenge().orElseThrow()));
        assertThrows(SaslException.class, () -> client.verifySuccess(Optional.empty()));
    }

    @Test
    void oauthBearerServerFailsBadTokenWithErrorChallenge() throws SaslException {
        SaslClient client = SaslClient.oauthBearer("user@example.com", "server.example.com", 143, Secret.of("expired"));
        SaslServerStep step = Exchanges.run(client, server(SaslMechanism.OAUTHBEARER));
        SaslServerStep.Failure failure = assertInstanceOf(SaslServerStep.Failure.class, step);
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, failure.reason());
        String error = text(failure.errorChallenge().orElseThrow());
        assertTrue(error.contains("\"status\":\"invalid_token\""), error);
        // The protocol relays the error; the client's dummy answer ends the attempt.
        assertArrayEquals(new byte[] {1}, client.evaluateChallenge(failure.errorChallenge().orElseThrow()));
    }

    @Test
    void oauthBearerWithoutAuthzidHostOrPort() throws SaslException {
        SaslClient client = SaslClient.oauthBearer("", "", 0, Secret.of(TOKEN));
        assertEquals("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001", text(client.initialResponse().orElseThrow()));
        SaslServerStep step = now(server(SaslMechanism.OAUTHBEARER).evaluateResponse(
                ascii("n,,\u0001auth=Bearer " + TOKEN + "\u0001\u0001")));
        assertEquals(SaslIdentity.of("user@example.com"), assertInstanceOf(SaslServerStep.Success.class, step).identity());
    }

    @Test
    void xoauth2ClientProducesGoogleFormat() {
        SaslClient client = SaslClient.xoauth2("user@example.com", Secret.of(TOKEN));
        assertEquals("user=user@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001",
                text(client.initialResponse().orElseThrow()));
    }

    @Test
    void xoauth2RoundTripAndErrorChallengeGetsEmptyAnswer() throws SaslException {
        assertInstanceOf(SaslServerStep.Success.class,
                Exchanges.run(SaslClient.xoauth2("user@example.com", Secret.of(TOKEN)), server(SaslMechanism.XOAUTH2)));
        SaslClient client = SaslClient.xoauth2("user@example.com", Secret.of("bad"));
        SaslServerStep.Failure failure = assertInstanceOf(SaslServerStep.Failure.class,
                Exchanges.run(client, server(SaslMechanism.XOAUTH2)));
        assertEquals(0, client.evaluateChallenge(failure.errorChallenge().orElseThrow()).length);
        assertTrue(client.errorChallenge().isPresent());
    }

    @Test
    void tokenForAnotherUserIsAuthorizationDenied() {
        SaslServerStep step = now(server(SaslMechanism.XOAUTH2).evaluateResponse(
                ascii("user=boss@example.com\u0001auth=Bearer " + TOKEN + "\u0001\u0001")));
        SaslServerStep.Failure failure = assertInstanceOf(SaslServerStep.Failure.class, step);
        assertEquals(SaslFailureReason.AUTHORIZATION_DENIED, failure.reason());
        assertTrue(failure.errorChallenge().isPresent());
    }

    static Stream<String> malformedOAuthBearer() {
        return Stream.of("", "n,,", "n,,\u0001", "n,,\u0001auth=Bearer x\u0001", "n,,\u0001auth=Bearer x",
                "p=tls-unique,,\u0001auth=Bearer x\u0001\u0001", "n,a=,\u0001auth=Bearer x\u0001\u0001",
                "n,,\u0001host=h\u0001\u0001", "n,,\u0001auth=Basic x\u0001\u0001", "n,,\u0001auth=Bearer \u0001\u0001",
                "n,,\u0001auth=Bearer x y\u0001\u0001", "n,,\u0001auth=Bearer x\u0001auth=Bearer y\u0001\u0001",
                "n,,\u0001auth=Bearer x\u0001\u0001junk", "n,,\u00011uth=Bearer x\u0001\u0001",
                "n,,\u0001=Bearer x\u0001\u0001", "n,,\u0001auth=Bear\u0000er x\u0001\u0001");
    }

    @ParameterizedTest
    @MethodSource("malformedOAuthBearer")
    void malformedOAuthBearerIsMalformedWithoutErrorChallenge(String message) {
        SaslServerStep step = now(server(SaslMechanism.OAUTHBEARER).evaluateResponse(ascii(message)));
        SaslServerStep.Failure failure = assertInstanceOf(SaslServerStep.Failure.class, step);
        assertEquals(SaslFailureReason.MALFORMED, failure.reason());
        assertTrue(failure.errorChallenge().isEmpty());
        assertFalse(authenticator.calls.containsKey("verifyBearerToken"));
    }

    @Test
    void xoauth2WithoutUserIsMalformed() {
        SaslServerStep step = now(server(SaslMechanism.XOAUTH2).evaluateResponse(
                ascii("auth=Bearer " + TOKEN + "\u0001\u0001")));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void clientRefusesTokensAndUsersThatWouldBreakTheFraming() {
        assertThrows(IllegalArgumentException.class, () -> SaslClient.xoauth2("u", Secret.of("a\u0001b")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.xoauth2("u\u0001", Secret.of("ab")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.oauthBearer("u", "h\u0001", 1, Secret.of("ab")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.oauthBearer("u", "h", 1, Secret.of("")));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.oauthBearer("u", "h", 1, Secret.of("=ab")));
    }

    @Test
    void oauthBearerEscapesCommaAndEqualsInAuthzid() {
        SaslClient client = SaslClient.oauthBearer("a,b=c", "", 0, Secret.of("t"));
        assertTrue(text(client.initialResponse().orElseThrow()).startsWith("n,a=a=2Cb=3Dc,\u0001"));
    }
}
