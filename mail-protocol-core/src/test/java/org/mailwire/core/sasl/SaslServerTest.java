// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.core.sasl.Exchanges.ascii;
import static org.mailwire.core.sasl.Exchanges.now;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;

class SaslServerTest {

    private static final SaslServerSettings SETTINGS = SaslServerSettings.defaults("mail.example.test");

    @Test
    void sec03_plaintextMechanismsAreNeitherOfferedNorStartedWithoutTls() {
        TestAuthenticator authenticator = TestAuthenticator.all().user("tim", "tanstaaftanstaaf");
        SaslServer server = SaslServer.of(authenticator, SETTINGS);
        assertEquals(List.of(SaslMechanism.SCRAM_SHA_256, SaslMechanism.SCRAM_SHA_1, SaslMechanism.CRAM_MD5),
                server.mechanisms(false));
        assertEquals(List.of(SaslMechanism.values()), server.mechanisms(true));
        for (String name : new String[] {"PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2"}) {
            assertTrue(server.newExchange(name, false).isEmpty(), name);
            assertTrue(server.newExchange(name, true).isPresent(), name);
        }
        assertFalse(authenticator.calls.containsKey("verifyPassword"));
    }

    @Test
    void plaintextWithoutTlsWhenExplicitlyAllowed() {
        SaslServer server = SaslServer.of(TestAuthenticator.all(), SETTINGS.withAllowPlaintextWithoutTls(true));
        assertEquals(List.of(SaslMechanism.values()), server.mechanisms(false));
    }

    @Test
    void advertisesOnlyWhatTheAuthenticatorSupports() {
        SaslServer server = SaslServer.of(new TestAuthenticator(EnumSet.of(SaslMechanism.PLAIN, SaslMechanism.SCRAM_SHA_256)),
                SETTINGS);
        assertEquals(List.of(SaslMechanism.SCRAM_SHA_256, SaslMechanism.PLAIN), server.mechanisms(true));
        assertTrue(server.newExchange("LOGIN", true).isEmpty());
    }

    @Test
    void unknownMechanismNameStartsNothingAndNamesMatchIgnoringCase() {
        SaslServer server = SaslServer.of(TestAuthenticator.all(), SETTINGS);
        assertTrue(server.newExchange("GSSAPI", true).isEmpty());
        assertTrue(server.newExchange("", true).isEmpty());
        assertTrue(server.newExchange((String) null, true).isEmpty());
        assertEquals(SaslMechanism.SCRAM_SHA_1, server.newExchange("scram-sha-1", true).orElseThrow().mechanism());
    }

    @Test
    void defaultAuthenticatorMethodsAreUnsupported() {
        Authenticator nothing = () -> EnumSet.allOf(SaslMechanism.class);
        SaslServer server = SaslServer.of(nothing, SETTINGS);
        SaslServerStep plain = now(server.newExchange(SaslMechanism.PLAIN, true).orElseThrow()
                .evaluateResponse(ascii("\0tim\0x")));
        assertEquals(SaslFailureReason.UNSUPPORTED, assertInstanceOf(SaslServerStep.Failure.class, plain).reason());
        SaslServerStep scram = now(server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow()
                .evaluateResponse(ascii("n,,n=tim,r=abc")));
        assertEquals(SaslFailureReason.UNSUPPORTED, assertInstanceOf(SaslServerStep.Failure.class, scram).reason());
        SaslServerStep bearer = now(server.newExchange(SaslMechanism.XOAUTH2, true).orElseThrow()
                .evaluateResponse(ascii("user=u\u0001auth=Bearer t\u0001\u0001")));
        SaslServerStep.Failure failure = assertInstanceOf(SaslServerStep.Failure.class, bearer);
        assertEquals(SaslFailureReason.UNSUPPORTED, failure.reason());
        assertTrue(failure.errorChallenge().isEmpty());
    }

    @Test
    void smtp16_freshExchangeSucceedsAfterAFailedOneOfAnotherMechanism() throws SaslException {
        TestAuthenticator authenticator = TestAuthenticator.all().user("tim", "tanstaaftanstaaf");
        SaslServer server = SaslServer.of(authenticator, SETTINGS);
        SaslServerExchange cram = server.newExchange("CRAM-MD5", true).orElseThrow();
        cram.initialChallenge();
        SaslServerStep failed = now(cram.evaluateResponse(ascii("tim 00000000000000000000000000000000")));
        assertEquals(SaslFailureReason.INVALID_CREDENTIALS, assertInstanceOf(SaslServerStep.Failure.class, failed).reason());
        assertTrue(cram.isComplete());
        assertThrows(IllegalStateException.class, () -> cram.evaluateResponse(ascii("\0tim\0tanstaaftanstaaf")));

        SaslServerExchange plain = server.newExchange("PLAIN", true).orElseThrow();
        assertNotSame(cram, plain);
        SaslServerStep ok = Exchanges.run(SaslClient.plain("tim", Secret.of("tanstaaftanstaaf")), plain);
        assertEquals(SaslIdentity.of("tim"), assertInstanceOf(SaslServerStep.Success.class, ok).identity());
    }

    @Test
    void smtp16_halfDoneScramLeavesNothingForTheNextAttempt() throws SaslException {
        TestAuthenticator authenticator = TestAuthenticator.all().user("user", "pencil");
        SaslServer server = SaslServer.of(authenticator, SETTINGS);
        SaslServerExchange abandoned = server.newExchange("SCRAM-SHA-256", true).orElseThrow();
        now(abandoned.evaluateResponse(ascii("n,,n=user,r=abandoned")));
        // The client cancels (*); the protocol drops the exchange and starts a new one.
        SaslServerStep ok = Exchanges.run(SaslClient.scramSha256("user", Secret.of("pencil")),
                server.newExchange("SCRAM-SHA-256", true).orElseThrow());
        assertInstanceOf(SaslServerStep.Success.class, ok);
    }

    /** An authenticator whose answers the test releases later, as a remote directory would. */
    private static final class LaterAuthenticator implements Authenticator {
        final CompletableFuture<AuthenticationResult> answer = new CompletableFuture<>();

        @Override
        public Set<SaslMechanism> supportedMechanisms() {
            return EnumSet.of(SaslMechanism.PLAIN);
        }

        @Override
        public CompletionStage<AuthenticationResult> verifyPassword(String authenticationId, Secret password) {
            return answer;
        }
    }

    @Test
    void asyncAuthenticatorCompletesTheStepLater() {
        LaterAuthenticator authenticator = new LaterAuthenticator();
        SaslServerExchange exchange = SaslServer.of(authenticator, SETTINGS).newExchange("PLAIN", true).orElseThrow();
        CompletableFuture<SaslServerStep> step = exchange.evaluateResponse(ascii("\0tim\0secret")).toCompletableFuture();
        assertFalse(step.isDone());
        assertFalse(exchange.isComplete());
        // While a step is pending, the session takes no further input (DESIGN: pending calls).
        assertThrows(IllegalStateException.class, () -> exchange.evaluateResponse(ascii("\0tim\0secret")));
        CompletableFuture.runAsync(() -> authenticator.answer.complete(AuthenticationResult.authenticated("tim"))).join();
        assertEquals(SaslIdentity.of("tim"), assertInstanceOf(SaslServerStep.Success.class, step.join()).identity());
        assertTrue(exchange.isComplete());
    }

    @Test
    void failingAuthenticatorIsATemporaryFailureNeverAnException() {
        LaterAuthenticator failingLater = new LaterAuthenticator();
        SaslServerExchange exchange = SaslServer.of(failingLater, SETTINGS).newExchange("PLAIN", true).orElseThrow();
        CompletableFuture<SaslServerStep> step = exchange.evaluateResponse(ascii("\0tim\0secret")).toCompletableFuture();
        failingLater.answer.completeExceptionally(new RuntimeException("directory down"));
        assertEquals(SaslFailureReason.TEMPORARY_FAILURE,
                assertInstanceOf(SaslServerStep.Failure.class, step.join()).reason());

        Authenticator throwing = new Authenticator() {
            @Override
            public Set<SaslMechanism> supportedMechanisms() {
                return EnumSet.allOf(SaslMechanism.class);
            }

            @Override
            public CompletionStage<CredentialLookup<ScramCredentials>> scramCredentials(String id, ScramAlgorithm a) {
                throw new IllegalStateException("bug");
            }

            @Override
            public CompletionStage<AuthenticationResult> verifyPassword(String authenticationId, Secret password) {
                return null;
            }
        };
        SaslServer server = SaslServer.of(throwing, SETTINGS);
        SaslServerStep scram = now(server.newExchange("SCRAM-SHA-1", true).orElseThrow()
                .evaluateResponse(ascii("n,,n=tim,r=abc")));
        assertEquals(SaslFailureReason.TEMPORARY_FAILURE, assertInstanceOf(SaslServerStep.Failure.class, scram).reason());
        SaslServerStep plain = now(server.newExchange("PLAIN", true).orElseThrow().evaluateResponse(ascii("\0tim\0x")));
        assertEquals(SaslFailureReason.TEMPORARY_FAILURE, assertInstanceOf(SaslServerStep.Failure.class, plain).reason());
    }

    @Test
    void initialChallengeOnlyBeforeTheFirstResponse() {
        SaslServerExchange exchange = SaslServer.of(TestAuthenticator.all(), SETTINGS).newExchange("PLAIN", true)
                .orElseThrow();
        assertEquals(0, exchange.initialChallenge().length);
        assertThrows(IllegalStateException.class, exchange::initialChallenge);
    }

    @Test
    void maxMessageLengthSettingIsEnforcedAtTheLimitAndOnePast() {
        TestAuthenticator authenticator = TestAuthenticator.all().user("tim", "ab");
        SaslServer server = SaslServer.of(authenticator, SETTINGS.withMaxMessageLength(7));
        SaslServerStep atLimit = now(server.newExchange("PLAIN", true).orElseThrow().evaluateResponse(ascii("\0tim\0ab")));
        assertInstanceOf(SaslServerStep.Success.class, atLimit);
        SaslServerStep past = now(server.newExchange("PLAIN", true).orElseThrow().evaluateResponse(ascii("\0tim\0abc")));
        assertEquals(SaslFailureReason.MALFORMED, assertInstanceOf(SaslServerStep.Failure.class, past).reason());
    }

    @Test
    void settingsRefuseUnsafeHostNamesAndLimits() {
        assertThrows(IllegalArgumentException.class, () -> SaslServerSettings.defaults("a b"));
        assertThrows(IllegalArgumentException.class, () -> SaslServerSettings.defaults("a>b"));
        assertThrows(IllegalArgumentException.class, () -> SaslServerSettings.defaults(""));
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withMaxMessageLength(0));
    }

    @Test
    void brokenNonceSourceIsMisuseNotClientFault() {
        SaslServerExchange cram = SaslServer.of(TestAuthenticator.all(), SETTINGS.withNonces(() -> "a@b"))
                .newExchange("CRAM-MD5", true).orElseThrow();
        assertThrows(IllegalStateException.class, cram::initialChallenge);
        assertThrows(IllegalStateException.class,
                () -> SaslServer.of(TestAuthenticator.all(), SETTINGS.withNonces(() -> "a,b")));
    }

    @Test
    void successStepCopiesItsAdditionalData() {
        byte[] data = ascii("v=abc");
        SaslServerStep.Success success = new SaslServerStep.Success(SaslIdentity.of("u"), Optional.of(data));
        data[0] = 'x';
        success.additionalData().orElseThrow()[0] = 'y';
        assertEquals("v=abc", Exchanges.text(success.additionalData().orElseThrow()));
    }

    @Test
    void stepsAreValuesComparedByContent() {
        assertEquals(new SaslServerStep.Success(SaslIdentity.of("u"), Optional.of(ascii("v=abc"))),
                new SaslServerStep.Success(SaslIdentity.of("u"), Optional.of(ascii("v=abc"))));
        assertEquals(new SaslServerStep.Failure(SaslFailureReason.INVALID_CREDENTIALS, Optional.of(ascii("{}"))),
                new SaslServerStep.Failure(SaslFailureReason.INVALID_CREDENTIALS, Optional.of(ascii("{}"))));
        assertEquals(SaslServerStep.challenge(ascii("x")), SaslServerStep.challenge(ascii("x")));
        assertFalse(new SaslServerStep.Success(SaslIdentity.of("u"), Optional.of(ascii("v=abc"))).toString().contains("v=abc"));
    }
}
