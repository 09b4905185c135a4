// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.util.concurrent.CompletionStage;

/**
 * The server side of one SASL authentication attempt, fed the client's decoded messages.
 *
 * <p>A fresh exchange per {@code AUTH}/{@code AUTHENTICATE} command ({@link SaslServer#newExchange}),
 * so nothing from a failed or cancelled attempt survives into the next (Postfix CVE-2011-1720,
 * SECURITY-CASES SMTP-16). The protocol drives it as follows:
 * <ol>
 *   <li>If the client sent an initial response, pass it to {@link #evaluateResponse}. Otherwise
 *       send {@link #initialChallenge()}: the first challenge of a server-first mechanism
 *       ({@link #needsInitialChallenge()}: CRAM-MD5, LOGIN), the empty challenge of RFC 4422 §5
 *       for the others.</li>
 *   <li>Act on each {@link SaslServerStep}; while its stage is pending, take no further input
 *       (DESIGN: pending application calls stop the session).</li>
 *   <li>A client cancel ({@code *}) is the protocol's business: drop the exchange.</li>
 * </ol>
 * Malformed client input, including a message over {@link SaslServerSettings#maxMessageLength()},
 * yields {@code Failure(MALFORMED)}; the stage never completes exceptionally and no method throws
 * on client input. Calling {@link #evaluateResponse} after the outcome, or while a step is pending,
 * is a misuse and throws {@link IllegalStateException}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422#section-3">RFC 4422 §3, authentication
 *      exchanges</a>
 */
public interface SaslServerExchange {

    /**
     * Returns the mechanism this exchange runs.
     *
     * @return the mechanism
     */
    SaslMechanism mechanism();

    /**
     * Tells whether the server speaks first (CRAM-MD5, LOGIN), so that its challenge carries
     * content.
     *
     * @return {@code true} for server-first mechanisms
     */
    boolean needsInitialChallenge();

    /**
     * Returns the challenge to send when the client gave no initial response; call it at most
     * once, before any response.
     *
     * @return the first challenge; empty for client-first mechanisms
     * @throws IllegalStateException if the exchange has already started
     */
    byte[] initialChallenge();

    /**
     * Evaluates the client's next message.
     *
     * @param clientMessage the decoded message, possibly empty
     * @return the next step; never completes exceptionally
     * @throws IllegalStateException if the exchange is complete or a step is still pending
     */
    CompletionStage<SaslServerStep> evaluateResponse(byte[] clientMessage);

    /**
     * Tells whether the exchange has reached its outcome (a {@link SaslServerStep.Success} or
     * {@link SaslServerStep.Failure} was produced).
     *
     * @return {@code true} once finished
     */
    boolean isComplete();
}
