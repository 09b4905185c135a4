// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mailwire.core.Secret;

/**
 * Fuzz and round-trip properties: whatever a peer sends, a server exchange answers with a step
 * (never an exception) and a client fails only with {@link SaslException} (h11's invariant).
 */
class SaslProperties {

    private static final String CLIENT_NONCE = "fixednonce";

    /** Fragments of every mechanism's grammar, so random messages get past the first checks. */
    private static final List<String> PIECES = List.of(
            "n", "y", "p=tls-unique", ",", "a=", "n=", "r=", "s=", "i=", "c=", "p=", "v=", "e=", "m=", "=2C", "=3D",
            "=", "user", "tim", "biws", "4096", "QSXCR+Q6sek8bf92", CLIENT_NONCE, "\0", "\u0001", "auth=Bearer ",
            "user=", "host=", "port=", "token", " ", "0123456789abcdef0123456789abcdef", "\u00e9", "\u0627", "\u2168",
            "r=" + CLIENT_NONCE + "srv,s=QSXCR+Q6sek8bf92,i=4096", "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", "<1.2@h>");

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> soup = Arbitraries.of(PIECES).list().ofMaxSize(10).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(part -> out.writeBytes(part.getBytes(StandardCharsets.UTF_8)));
            return out.toByteArray();
        });
        return Arbitraries.oneOf(random, soup);
    }

    @Provide
    Arbitrary<List<byte[]>> conversations() {
        return messages().list().ofMinSize(1).ofMaxSize(4);
    }

    private static final SaslServer SERVER = SaslServer.of(
            TestAuthenticator.all().user("user", "pencil").user("tim", "tanstaaftanstaaf").token("token", "tim"),
            SaslServerSettings.defaults("h").withMaxMessageLength(48).withNonces(() -> "srv"));

    @Property(tries = 300)
    void serverAnswersAnyInputWithAStepNeverAnException(@ForAll SaslMechanism mechanism, @ForAll boolean challengeFirst,
                                                        @ForAll("conversations") List<byte[]> conversation) {
        SaslServerExchange exchange = SERVER.newExchange(mechanism, true).orElseThrow();
        if (challengeFirst) {
            exchange.initialChallenge();
        }
        for (byte[] message : conversation) {
            CompletableFuture<SaslServerStep> stage = exchange.evaluateResponse(message).toCompletableFuture();
            assertTrue(stage.isDone());
            assertFalse(stage.isCompletedExceptionally());
            SaslServerStep step = stage.join();
            assertFalse(step instanceof SaslServerStep.Success, "random input authenticated");
            if (exchange.isComplete()) {
                assertInstanceOf(SaslServerStep.Failure.class, step);
                return;
            }
            assertInstanceOf(SaslServerStep.Challenge.class, step);
        }
    }

    private static SaslClient client(SaslMechanism mechanism) {
        SaslClientSettings settings = SaslClientSettings.defaults().withNonces(() -> CLIENT_NONCE);
        SaslCredentials credentials = mechanism.usesBearerToken()
                ? SaslCredentials.bearerToken("tim", Secret.of("token"), "h", 143)
                : SaslCredentials.password("user", Secret.of("pencil"));
        return SaslClient.of(mechanism, credentials, settings).orElseThrow();
    }

    @Property(tries = 300)
    void clientFailsOnAnyChallengeOnlyWithSaslException(@ForAll SaslMechanism mechanism, @ForAll boolean initial,
                                                        @ForAll("conversations") List<byte[]> challenges,
                                                        @ForAll("messages") byte[] successData) {
        SaslClient client = client(mechanism);
        try {
            if (initial) {
                client.initialResponse();
            }
            for (byte[] challenge : challenges) {
                client.evaluateChallenge(challenge);
            }
            client.verifySuccess(Optional.of(successData));
        } catch (SaslException expected) {
            // The one permitted outcome besides answers.
        }
    }

    @Provide
    Arbitrary<String> identities() {
        // Characters SASLprep leaves alone, so what the client sends is what the server hands over.
        return Arbitraries.strings().withCharRange('!', '~').withChars(" \u00e9\u00df\u0436\u4e2d").ofMinLength(1)
                .ofMaxLength(20).filter(s -> !s.startsWith(" ") && SaslPrep.query(s).equals(s));
    }

    @Property(tries = 200)
    void plainRoundTripsArbitraryIdentities(@ForAll("identities") String authcid, @ForAll("identities") String password,
                                            @ForAll boolean proxy, @ForAll("identities") String authzid) {
        String requested = proxy ? authzid : "";
        String[] seen = new String[2];
        Authenticator recording = new Authenticator() {
            @Override
            public java.util.Set<SaslMechanism> supportedMechanisms() {
                return java.util.Set.of(SaslMechanism.PLAIN);
            }

            @Override
            public java.util.concurrent.CompletionStage<AuthenticationResult> verifyPassword(String id, Secret secret) {
                seen[0] = id;
                seen[1] = new String(secret.chars());
                return CompletableFuture.completedFuture(AuthenticationResult.authenticated(id));
            }

            @Override
            public boolean mayAuthorizeAs(String authenticationId, String authorizationId) {
                return true;
            }
        };
        SaslServerExchange exchange = SaslServer.of(recording, SaslServerSettings.defaults("h"))
                .newExchange(SaslMechanism.PLAIN, true).orElseThrow();
        byte[] message = SaslClient.plain(requested, authcid, Secret.of(password)).initialResponse().orElseThrow();
        SaslServerStep step = exchange.evaluateResponse(message).toCompletableFuture().join();
        SaslIdentity identity = assertInstanceOf(SaslServerStep.Success.class, step).identity();
        assertEquals(authcid, seen[0]);
        assertEquals(password, seen[1]);
        assertEquals(authcid, identity.authenticationId());
        assertEquals(requested.isEmpty() ? authcid : requested, identity.authorizationId());
    }

    @Property(tries = 15)
    void scramRoundTripsArbitraryUserNamesIncludingCommaAndEquals(@ForAll("identities") String user,
                                                                  @ForAll("identities") String password)
            throws SaslException {
        ScramCredentials credentials = ScramCredentials.derive(ScramAlgorithm.SHA_256, Secret.of(password),
                new byte[] {1, 2, 3, 4}, 4096);
        SaslServer server = SaslServer.of(TestAuthenticator.all().scramUser(user, credentials),
                SaslServerSettings.defaults("h"));
        SaslServerStep step = Exchanges.run(SaslClient.scramSha256(user, Secret.of(password)),
                server.newExchange(SaslMechanism.SCRAM_SHA_256, true).orElseThrow());
        assertEquals(SaslIdentity.of(user), assertInstanceOf(SaslServerStep.Success.class, step).identity());
    }

    @Property(tries = 200)
    void scramServerAnswersAnyClientFinalWithAFailure(@ForAll boolean sha256, @ForAll("messages") byte[] clientFinal) {
        SaslServerExchange exchange = SERVER.newExchange(sha256 ? SaslMechanism.SCRAM_SHA_256 : SaslMechanism.SCRAM_SHA_1,
                true).orElseThrow();
        SaslServerStep first = exchange.evaluateResponse("n,,n=user,r=abc".getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture().join();
        assertInstanceOf(SaslServerStep.Challenge.class, first);
        SaslServerStep last = exchange.evaluateResponse(clientFinal).toCompletableFuture().join();
        assertInstanceOf(SaslServerStep.Failure.class, last);
        assertTrue(exchange.isComplete());
    }

    @Property(tries = 40)
    void scramClientRejectsAnyForgedServerFinal(@ForAll("messages") byte[] serverFinal) throws SaslException {
        SaslClient client = client(SaslMechanism.SCRAM_SHA_1);
        client.initialResponse();
        client.evaluateChallenge(("r=" + CLIENT_NONCE + "srv,s=QSXCR+Q6sek8bf92,i=4096").getBytes(StandardCharsets.UTF_8));
        try {
            client.evaluateChallenge(serverFinal);
            throw new AssertionError("forged server-final accepted");
        } catch (SaslException expected) {
            assertFalse(client.isComplete());
        }
    }
}
