// SPDX-License-Identifier: Apache-2.0
/**
 * The server side of SMTP as a sans-IO state machine: {@link org.mailwire.smtp.protocol.SmtpServerSession}
 * turns received bytes into replies and {@link org.mailwire.smtp.protocol.SmtpEvent}s, and never
 * does I/O itself. {@link org.mailwire.smtp.protocol.SmtpClientSession} is the client side (its
 * own rules and diagram are in its class documentation).
 *
 * <p>Rules of this layer:
 * <ol>
 *   <li>Rule 1: every state change goes through {@link org.mailwire.smtp.protocol.SmtpState}; a
 *       transition that is not in that file throws.</li>
 *   <li>Rule 2: while the application has not answered an event that asks for an answer, the
 *       session takes no input ({@code AwaitApplication}), so pipelined commands (RFC 2920) are
 *       answered in order whatever the application's latency.</li>
 *   <li>Rule 3: the end of DATA is {@code <CRLF>.<CRLF>} and nothing else; a bare CR or LF in the
 *       data is refused with a reply and a close unless the settings keep it as data (SMTP
 *       smuggling, RFC 5321 §2.3.8).</li>
 *   <li>Rule 4: after STARTTLS, every octet received in plaintext is dropped and the session
 *       starts again from {@code READY} (RFC 3207 §4.2, CVE-2011-0411).</li>
 *   <li>Rule 5: nothing internal reaches the wire; replies come from
 *       {@link org.mailwire.smtp.codec.SmtpReply} values.</li>
 *   <li>Rule 6: the session has no clock. It counts errors and failed logins and says when a
 *       delay is due ({@link org.mailwire.smtp.protocol.SmtpEvent.ErrorPause}, holding the reply);
 *       how long to wait is the application's.</li>
 * </ol>
 *
 * <pre>{@code
 *  CONNECTED --220--> READY --EHLO/HELO--> GREETED <---------------------------------+
 *                       ^                   |  |  ^                                    |
 *                       |    STARTTLS (220) |  |  | 235 / 535 / 501                    |
 *                       +-------------------+  |  +---- AUTHENTICATING <--- AUTH (334)  |
 *                                              | MAIL (250)                            |
 *                                              v                                       |
 *                                            MAIL --RCPT (250)--> RECIPIENTS --+       |
 *                                                                  |  ^ RCPT   |       |
 *                                                       DATA (354) |  +--------+       |
 *                                                                  v                   |
 *                                                                DATA --.CRLF (250)--->+
 *                                       RECIPIENTS / CHUNKS_RECEIVED --BDAT--> CHUNK   |
 *                                                     CHUNK --chunk read--> CHUNKS_RECEIVED
 *                                                     CHUNK --LAST chunk read (250)--->+
 *  RSET: any state but DATA/CHUNK --> GREETED (READY before a greeting)
 *  QUIT (221), 421 (errors, failed AUTHs, timeout, shutdown), bare LF in DATA, end of stream --> CLOSED
 *  LMTP: LHLO in place of EHLO/HELO; the end of a message gets one reply per recipient
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.4">RFC 5321 §4.1.4</a>
 */
package org.mailwire.smtp.protocol;
