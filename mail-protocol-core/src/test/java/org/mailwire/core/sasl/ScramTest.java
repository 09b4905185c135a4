// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

class ScramTest {

    /** One RFC example exchange, user "user", password "pencil", i = 4096. */
    record Vector(ScramAlgorithm algorithm, String clientNonce, String serverNonce, String salt,
                  String clientFirst, String serverFirst, String clientFinal, String serverFinal) {
        @Override
        public String toString() {
            return algorithm.mechanism().mechanismName();
        }
    }

    /** RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256) examples, verbatim. */
    static Stream<Vector> vectors() {
        return Stream.of(
                new Vector(ScramAlgorithm.SHA_1, "fyko+d2lbbFgONRv9qkxdawL", "3rfcNHYJY1ZVvWVs7j", "QSXCR+Q6sek8bf92",
                        "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
                        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                        "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                        "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="),
                new Vector(ScramAlgorithm.SHA_256, "rOprNGfwEbeRWgbNEkqO", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                        "W22ZaJ0SNY7soEsUEjb6gQ==",
                        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
                        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    private static SaslClient client(Vector v) {
        return SaslClient.scram(v.algorithm(), "", "user", Secret.of("pencil"),
                SaslClientSettings.defaults().withNonces(v::clientNonce));
    }

    private static SaslServer server(Vector v, TestAuthenticator authenticator) {
        authenticator.scramUser("user", ScramCredentials.derive(v.algorithm(), Secret.of("pencil"), base64(v.salt()), 4096));
        return SaslServer.of(authenticator, SaslServerSettings.defaults("mail.example.test").withNonces(v::serverNonce));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void clientReproducesRfcExampleByteForByte(Vector v) throws SaslException {
        SaslClient client = client(v);
        assertEquals(v.algorithm().mechanism().mechanismName(), client.mechanismName());
        assertEquals(v.clientFirst(), text(client.initialResponse().orElseThrow()));
        assertEquals(v.clientFinal(), text(client.evaluateChallenge(ascii(v.serverFirst()))));
        assertFalse(client.isComplete());
        assertArrayEquals(new byte[0], client.evaluateChallenge(ascii(v.serverFinal())));
        assertTrue(client.isComplete());
        client.verifySuccess(Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void clientAcceptsServerSignatureAsSuccessData(Vector v) throws SaslException {
        SaslClient client = client(v);
        client.initialResponse();
        client.evaluateChallenge(ascii(v.serverFirst()));
        client.verifySuccess(Optional.of(ascii(v.serverFinal())));
        assertTrue(client.isComplete());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void serverReproducesRfcExampleByteForByte(Vector v) {
        SaslServerExchange exchange = server(v, TestAuthenticator.all())
                .newExchange(v.algorithm().mechanism(), false).orElseThrow();
        assertFalse(exchange.needsInitialChallenge());
        SaslServerStep first = now(exchange.evaluateResponse(ascii(v.clientFirst())));
        assertEquals(v.serverFirst(), text(assertInstanceOf(SaslServerStep.Challenge.class, first).challenge()));
        SaslServerStep last = now(exchange.evaluateResponse(ascii(v.clientFinal())));
        SaslServerStep.Success success = assertInstanceOf(SaslServerStep.Success.class, last);
        assertEquals(SaslIdentity.of("user"), success.identity());
        assertEquals(v.serverFinal(), text(success.additionalData().orElseThrow()));
        assertTrue(exchange.isComplete());
        assertThrows(IllegalStateException.class, () -> exchange.evaluateResponse(new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void derivedCredentialsMatchRfcKeys(Vector v) {
        ScramCredentials credentials = ScramCredentials.derive(v.algorithm(), Secret.of("pencil"), base64(v.salt()), 4096);
        assertEquals(v.algorithm().hashLength(), credentials.storedKey().length);
        assertFalse(credentials.toString().contains(java.util.Base64.getEncoder().encodeToString(credentials.serverKey())));
        assertEquals(credentials, ScramCredentials.derive(v.algorithm(), Secret.of("pencil"), base64(v.salt()), 4096));
        assertNotEquals(credentials, ScramCredentials.derive(v.algorithm(), Secret.of("pencil"), base64(v.salt()), 4097));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void wrongServerSignatureLeavesServerUnauthenticated(Vector v) throws SaslException {
        SaslClient client = client(v);
        client.initialResponse();
        client.evaluateChallenge(ascii(v.serverFirst()));
        String forged = v.serverFinal().substring(0, 2) + (v.serverFinal().charAt(2) == 'A' ? 'B' : 'A')
                + v.serverFinal().substring(3);
        SaslException e = assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii(forged)));
        assertEquals(SaslException.Reason.SERVER_NOT_AUTHENTICATED, e.reason());
        assertFalse(client.isComplete());
        assertThrows(IllegalStateException.class, () -> client.verifySuccess(Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void successWithoutServerSignatureLeavesServerUnauthenticated(Vector v) throws SaslException {
        SaslClient client = client(v);
        client.initialResponse();
        client.evaluateChallenge(ascii(v.serverFirst()));
        SaslException e = assertThrows(SaslException.class, () -> client.verifySuccess(Optional.empty()));
        assertEquals(SaslException.Reason.SERVER_NOT_AUTHENTICATED, e.reason());
    }

    @Test
    void successBeforeTheProofLeavesServerUnauthenticated() {
        SaslClient client = SaslClient.scramSha256("user", Secret.of("pencil"));
        client.initialResponse();
        assertEquals(SaslException.Reason.SERVER_NOT_AUTHENTICATED,
                assertThrows(SaslException.class, () -> client.verifySuccess(Optional.empty())).reason());
    }

    @Test
    void serverErrorIsReported() throws SaslException {
        Vector v = vectors().findFirst().orElseThrow();
        SaslClient client = client(v);
        client.initialResponse();
        client.evaluateChallenge(ascii(v.serverFirst()));
        assertEquals(SaslException.Reason.SERVER_ERROR,
                assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii("e=invalid-proof"))).reason());
    }

    @Test
    void serverNonceThatDoesNotExtendTheClientNonceIsRefused() {
        Vector v = vectors().findFirst().orElseThrow();
        SaslClient client = client(v);
        client.initialResponse();
        String tampered = "r=Xyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
        assertEquals(SaslException.Reason.NONCE_MISMATCH,
                assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii(tampered))).reason());
        SaslClient again = client(v);
        again.initialResponse();
        // The server must add its own part (RFC 5802 §5.1).
        assertEquals(SaslException.Reason.NONCE_MISMATCH, assertThrows(SaslException.class,
                () -> again.evaluateChallenge(ascii("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096"))).reason());
    }

    @Test
    void iterationCountBelowMinimumOrAboveMaximumIsRefused() {
        Vector v = vectors().findFirst().orElseThrow();
        for (String count : new String[] {"4095", "1", "1000001"}) {
            SaslClient client = client(v);
            client.initialResponse();
            String serverFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=" + count;
            assertEquals(SaslException.Reason.ITERATION_COUNT_OUT_OF_RANGE,
                    assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii(serverFirst))).reason(), count);
        }
    }

    static Stream<String> malformedServerFirsts() {
        return Stream.of("", "r=fyko+d2lbbFgONRv9qkxdawL3rfc", "m=ext,r=fyko+d2lbbFgONRv9qkxdawL3,s=QSXCR+Q6sek8bf92,i=4096",
                "r=fyko+d2lbbFgONRv9qkxdawL3,s=!!!!,i=4096", "r=fyko+d2lbbFgONRv9qkxdawL3,s=QSXCR+Q6sek8bf92,i=04096",
                "r=fyko+d2lbbFgONRv9qkxdawL3,s=QSXCR+Q6sek8bf92,i=99999999999", "r=fyko+d2lbbFgONRv9qkxdawL3,s=,i=4096",
                "r=fyko+d2lbbFgONRv9qkxdawL3,s=QSXCR+Q6sek8bf92,i=4096,", "s=QSXCR+Q6sek8bf92,r=fyko+d2lbbFgONRv9qkxdawL3,i=4096");
    }

    @ParameterizedTest
    @MethodSource("malformedServerFirsts")
    void malformedServerFirstIsMalformedChallenge(String serverFirst) {
        SaslClient client = client(vectors().findFirst().orElseThrow());
        client.initialResponse();
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE,
                assertThrows(SaslException.class, () -> client.evaluateChallenge(ascii(serverFirst))).reason());
    }

    @Test
    void clientEscapesCommaAndEqualsInUsername() {
        SaslClient client = SaslClient.scram(ScramAlgorithm.SHA_256, "a=b", "u,s=r", Secret.of("p"),
                SaslClientSettings.defaults().withNonces(() -> "nonce"));
        assertEquals("n,a=a=3Db,n=u=2Cs=3Dr,r=nonce", text(client.initialResponse().orElseThrow()));
    }

    @Test
    void clientSaslPrepsUsername() {
        SaslClient client = SaslClient.scram(ScramAlgorithm.SHA_1, "", "\u2168", Secret.of("p"),
                SaslClientSettings.defaults().withNonces(() -> "nonce"));
        assertEquals("n,,n=IX,r=nonce", text(client.initialResponse().orElseThrow()));
        assertThrows(IllegalArgumentException.class, () -> SaslClient.scramSha256("a\u0007", Secret.of("p")));
    }

    @Test
    void roundTripsWithRandomNoncesForBothHashes() throws SaslException {
        TestAuthenticator authenticator = TestAuthenticator.all().user("user", "pencil");
        SaslServer server = SaslServer.of(authenticator, SaslServerSettings.defaults("mail.example.test"));
        SaslServerStep sha256 = Exchanges.run(SaslClient.scramSha256("user", Secret.of("pencil")),
                server.newExchange(SaslMechanism.SCRAM_SHA_256, false).orElseThrow());
        assertEquals(SaslIdentity.of("user"), assertInstanceOf(SaslServerStep.Success.class, sha256).identity());
        SaslServerStep sha1 = Exchanges.run(SaslClient.scramSha1("user", Secret.of("pencil")),
                server.newExchange(SaslMechanism.SCRAM_SHA_1, false).orElseThrow());
        assertInstanceOf(SaslServerStep.Success.class, sha1);
    }

    @Test
    void wrongPasswordFailsAtTheProof() throws SaslException {
        Vector v = vectors().toList().get(1);
        SaslServerExchange exchange = server(v, TestAuthenticator.all()).newExchange(SaslMechanism.SCRAM_SHA_256, true)
                .orElseThrow();
        SaslClient client = SaslClient.scram(v.algorithm(), "", "user", Secret.of("pencil2"),
                SaslClientSettings.defaults().withNonces(v::clientNonce));
        SaslServerStep step = Exchanges.run(client, exchange);
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @Test
    void unknownUserGetsStableMadeUpSaltAndFailsAtTheProof() throws SaslException {
        SaslServer server = SaslServer.of(TestAuthenticator.all(), SaslServerSettings.defaults("mail.example.test"));
        SaslServerExchange first = server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow();
        SaslServerExchange second = server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow();
        String salt1 = saltOf(now(first.evaluateResponse(ascii("n,,n=ghost,r=abc"))));
        String salt2 = saltOf(now(second.evaluateResponse(ascii("n,,n=ghost,r=def"))));
        assertEquals(salt1, salt2);
        SaslServerStep step = Exchanges.run(SaslClient.scramSha256("ghost", Secret.of("pencil")),
                server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow());
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    private static String saltOf(SaslServerStep step) {
        String serverFirst = text(assertInstanceOf(SaslServerStep.Challenge.class, step).challenge());
        return serverFirst.substring(serverFirst.indexOf(",s=") + 3, serverFirst.indexOf(",i="));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void tamperedNonceInClientFinalIsMalformed(Vector v) {
        SaslServerExchange exchange = server(v, TestAuthenticator.all()).newExchange(v.algorithm().mechanism(), true)
                .orElseThrow();
        now(exchange.evaluateResponse(ascii(v.clientFirst())));
        String tampered = v.clientFinal().replace(v.serverNonce(), v.serverNonce() + "x");
        SaslServerStep step = now(exchange.evaluateResponse(ascii(tampered)));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void channelBindingThatDoesNotMatchTheHeaderIsMalformed(Vector v) {
        SaslServerExchange exchange = server(v, TestAuthenticator.all()).newExchange(v.algorithm().mechanism(), true)
                .orElseThrow();
        now(exchange.evaluateResponse(ascii(v.clientFirst())));
        // "eSws" is base64 of "y,,", which was not the header sent.
        SaslServerStep step = now(exchange.evaluateResponse(ascii(v.clientFinal().replace("c=biws", "c=eSws"))));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
    }

    static Stream<String> malformedClientFirsts() {
        return Stream.of("", "n,,", "n,,n=user", "p=tls-unique,,n=user,r=abc", "x,,n=user,r=abc",
                "n,,m=ext,n=user,r=abc", "n,,n=,r=abc", "n,,n=us=er,r=abc", "n,,n=user,r=", "n,,n=user,r=a b",
                "n,a=,n=user,r=abc", "n,,n=user,r=abc,1=x", "n,,n=u\0ser,r=abc", "n,,r=abc,n=user");
    }

    @ParameterizedTest
    @MethodSource("malformedClientFirsts")
    void malformedClientFirstIsMalformed(String clientFirst) {
        TestAuthenticator authenticator = TestAuthenticator.all().user("user", "pencil");
        SaslServerExchange exchange = SaslServer.of(authenticator, SaslServerSettings.defaults("h"))
                .newExchange(SaslMechanism.SCRAM_SHA_1, true).orElseThrow();
        SaslServerStep step = now(exchange.evaluateResponse(ascii(clientFirst)));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, step).reason());
        assertFalse(authenticator.calls.containsKey("scramCredentials"));
    }

    @Test
    void authorizationIdentityNeedsAGrant() throws SaslException {
        TestAuthenticator authenticator = TestAuthenticator.all().user("user", "pencil");
        SaslServer server = SaslServer.of(authenticator, SaslServerSettings.defaults("h"));
        SaslClientSettings settings = SaslClientSettings.defaults();
        SaslServerStep denied = Exchanges.run(SaslClient.scram(ScramAlgorithm.SHA_256, "boss", "user", Secret.of("pencil"),
                settings), server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow());
        assertEquals(SaslFailureReason.AUTHORIZATION_DENIED, assertInstanceOf(SaslServerStep.Failure.class, denied).reason());

        authenticator.proxy("user", "boss");
        SaslServerStep allowed = Exchanges.run(SaslClient.scram(ScramAlgorithm.SHA_256, "boss", "user", Secret.of("pencil"),
                settings), server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow());
        assertEquals(new SaslIdentity("user", "boss"), assertInstanceOf(SaslServerStep.Success.class, allowed).identity());
    }

    @Test
    void credentialsRefuseWrongKeySizes() {
        assertThrows(IllegalArgumentException.class,
                () -> new ScramCredentials(ScramAlgorithm.SHA_256, new byte[16], 4096, new byte[20], new byte[32]));
        assertThrows(IllegalArgumentException.class,
                () -> new ScramCredentials(ScramAlgorithm.SHA_1, new byte[0], 4096, new byte[20], new byte[20]));
    }
}
