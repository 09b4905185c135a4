// SPDX-License-Identifier: Apache-2.0
/**
 * The embeddable SMTP server: {@link org.mailwire.smtp.server.SmtpServer} drives
 * {@link org.mailwire.smtp.protocol.SmtpServerSession}s over the NIO transport and answers their
 * events through the asynchronous {@link org.mailwire.smtp.server.SmtpHandler} SPI, after the
 * relay policy of {@link org.mailwire.smtp.server.SmtpPolicy}.
 *
 * <p>Rules: handlers answer with {@code CompletionStage}s and never block the event loop; answers
 * hop back to the connection's loop before they reach the session; a {@code 250} after the end
 * of data means the handler has stored the message durably (SECURITY-CASES G1); by default the
 * server is never an open relay (SEC-01); LMTP asks each message's receiver for one result per
 * recipient (RFC 2033 §4.2); misbehaving clients are slowed on the event loop, never by a sleeping
 * thread (failed AUTH penalty, error sleep: SEC-05, SMTP-12); large messages wait in a spool file
 * that is always deleted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-7.9">RFC 5321 §7.9</a>
 */
package org.mailwire.smtp.server;
