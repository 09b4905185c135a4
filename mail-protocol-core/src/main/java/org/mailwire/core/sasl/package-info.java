// SPDX-License-Identifier: Apache-2.0
/**
 * SASL mechanisms (RFC 4422), client and server side, sans-IO: each exchange consumes the
 * peer's decoded message and produces the next one, with no sockets and no base64 framing (the
 * protocol carries those).
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li><b>Octets in, octets out.</b> Exchanges see decoded messages as {@code byte[]}. Base64,
 *       {@code AUTH PLAIN ...}, {@code 334}, {@code +}, the {@code *} cancel and the
 *       {@code =} empty initial response belong to SMTP, IMAP and POP3.</li>
 *   <li><b>No I/O, threads or clocks.</b> Randomness (SCRAM nonces, the CRAM-MD5 challenge
 *       token) comes from an injected {@link org.mailwire.core.sasl.NonceSource}, so tests replay
 *       RFC examples byte for byte; the CRAM-MD5 "timestamp" is such a token, not a clock
 *       reading.</li>
 *   <li><b>One object per attempt.</b> {@link org.mailwire.core.sasl.SaslClient} and
 *       {@link org.mailwire.core.sasl.SaslServerExchange} instances are single-use, so no state
 *       from a failed attempt reaches the next (Postfix CVE-2011-1720).</li>
 *   <li><b>Typed failures.</b> A client fails on bad server input with the checked
 *       {@link org.mailwire.core.sasl.SaslException} and nothing else; a server exchange never
 *       throws on client input: malformed or oversized messages
 *       ({@link org.mailwire.core.sasl.SaslServerSettings#maxMessageLength()}, default 12,288
 *       octets after RFC 4954 §4) give {@code Failure(MALFORMED)}. Misuse (a second initial
 *       response, a call after the outcome) is {@link java.lang.IllegalStateException}.</li>
 *   <li><b>The server is authenticated too.</b> A SCRAM client accepts success only with the
 *       right server signature ({@code v=}); a wrong or missing one is
 *       {@link org.mailwire.core.sasl.SaslException.Reason#SERVER_NOT_AUTHENTICATED}.</li>
 *   <li><b>No plaintext without TLS.</b> {@link org.mailwire.core.sasl.SaslServer} offers and
 *       starts PLAIN, LOGIN, OAUTHBEARER and XOAUTH2 only on protected connections unless
 *       explicitly allowed (RFC 4954 §4, RFC 7628 §5).</li>
 *   <li><b>Secrets stay secret.</b> Passwords and tokens travel as
 *       {@link org.mailwire.core.Secret}, are compared with {@code MessageDigest.isEqual}, are
 *       wiped from working arrays after use, and never appear in messages or {@code toString()}.</li>
 * </ol>
 *
 * <h2>Choices</h2>
 * <ul>
 *   <li>Client API: {@code SaslClient} with {@code initialResponse()},
 *       {@code evaluateChallenge(byte[])}, {@code verifySuccess(Optional<byte[]>)} (the check of
 *       the server's outcome, where SCRAM's additional data lands) and {@code isComplete()};
 *       factories per mechanism and {@code SaslClient.strongest(offered, credentials, settings)},
 *       preferring SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN for passwords and
 *       OAUTHBEARER, XOAUTH2 for tokens.</li>
 *   <li>Server API: an {@link org.mailwire.core.sasl.Authenticator} SPI returning
 *       {@code CompletionStage}s, whose methods default to "unsupported" and whose
 *       {@code supportedMechanisms()} says what to advertise; results are the sealed
 *       {@link org.mailwire.core.sasl.AuthenticationResult},
 *       {@link org.mailwire.core.sasl.CredentialLookup} and
 *       {@link org.mailwire.core.sasl.SaslServerStep}; reasons are
 *       {@link org.mailwire.core.sasl.SaslFailureReason}, whose Javadoc maps them to SMTP, IMAP
 *       and POP3 replies. An authorization identity other than the authenticated one is refused
 *       ({@code AUTHORIZATION_DENIED}) unless {@code Authenticator.mayAuthorizeAs} allows it.</li>
 *   <li>SCRAM: no channel binding (gs2 header {@code n,,}; a client's {@code p=} request is
 *       malformed here since no {@code -PLUS} mechanism is offered). User names are SASLprep'd as
 *       queries, passwords as stored strings; {@link org.mailwire.core.sasl.ScramCredentials}
 *       lets a store keep salt, iterations, StoredKey and ServerKey only. Unknown users get
 *       made-up, stable credentials so they look like wrong passwords (RFC 5802 §9). The client
 *       accepts iteration counts from 4096 to 1,000,000 by default.</li>
 *   <li>OAuth: a refused token gives {@code Failure} with a JSON error challenge; the protocol
 *       sends it, discards the client's dummy answer ({@code ^A} or empty), then fails.</li>
 *   <li>SASLprep follows RFC 4013 tables, with NFKC and character categories from the JDK's
 *       Unicode version (see {@link org.mailwire.core.sasl.SaslPrep}).</li>
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4422">RFC 4422, SASL</a>
 */
package org.mailwire.core.sasl;
