// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Drives a client against a server exchange in memory, as a protocol would. */
final class Exchanges {

    private Exchanges() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] base64(String value) {
        return Base64.getDecoder().decode(value);
    }

    static byte[] hex(String value) {
        return HexFormat.of().parseHex(value);
    }

    /** Returns the completed step, failing the test if the stage is still pending. */
    static SaslServerStep now(CompletionStage<SaslServerStep> stage) {
        var future = stage.toCompletableFuture();
        assertTrue(future.isDone(), "step should be complete");
        return future.join();
    }

    /**
     * Runs a whole exchange with the client's initial response if it has one, returning the
     * server's outcome; the client verifies a success.
     */
    static SaslServerStep run(SaslClient client, SaslServerExchange server) throws SaslException {
        Optional<byte[]> initial = client.initialResponse();
        byte[] response = initial.isPresent() ? initial.get() : client.evaluateChallenge(server.initialChallenge());
        for (int round = 0; round < 10; round++) {
            SaslServerStep step = now(server.evaluateResponse(response));
            if (step instanceof SaslServerStep.Challenge c) {
                response = client.evaluateChallenge(c.challenge());
            } else {
                if (step instanceof SaslServerStep.Success s) {
                    client.verifySuccess(s.additionalData());
                }
                return step;
            }
        }
        return fail("exchange did not end");
    }
}
