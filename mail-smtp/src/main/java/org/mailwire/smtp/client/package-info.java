// SPDX-License-Identifier: Apache-2.0
/**
 * The SMTP client: {@link org.mailwire.smtp.client.SmtpClient} opens
 * {@link org.mailwire.smtp.client.SmtpConnection}s on the NIO transport, each driving a sans-IO
 * {@link org.mailwire.smtp.protocol.SmtpClientSession}; {@link org.mailwire.smtp.client.SmtpBlockingClient}
 * is the blocking view.
 *
 * <p>What a connection does, in order (RFC 5321 §3):
 * <ol>
 *   <li>Greeting, then EHLO with our name (HELO if the server does not know EHLO, RFC 5321
 *       §3.2).</li>
 *   <li>TLS as the {@link org.mailwire.smtp.client.TlsMode} says: implicit from the first octet;
 *       STARTTLS required (the default: a server without it fails with
 *       {@link org.mailwire.smtp.client.SmtpTlsRequiredException} before anything else is sent,
 *       SECURITY-CASES SEC-08) or opportunistic; after STARTTLS, input buffered in plaintext is
 *       dropped and EHLO asked again (RFC 3207 §4.2, TLS-03).</li>
 *   <li>AUTH with the strongest offered SASL mechanism that fits the credentials (RFC 4954),
 *       only over TLS unless explicitly allowed (RFC 8314, SEC-09).</li>
 *   <li>Transactions ({@link org.mailwire.smtp.client.SmtpConnection#send}), one after another:
 *       checked first against SIZE (RFC 1870), SMTPUTF8 (RFC 6531), 8BITMIME (RFC 6152) and
 *       BINARYMIME; MAIL, RCPTs and DATA pipelined when offered (RFC 2920); content by BDAT when
 *       CHUNKING is offered (RFC 3030) else DATA, dot-stuffed and CRLF-normalised on the fly
 *       (SMTPC-02), streamed from a file or stream under back-pressure; RSET after a failed
 *       transaction.</li>
 *   <li>QUIT.</li>
 * </ol>
 *
 * <h2>Use from an outbound queue (MTA delivery)</h2>
 * <ul>
 *   <li><b>Connecting to an MX.</b> Resolve the MX host name to addresses yourself, then
 *       {@code client.connect(address, mxHostName)}: the address is dialled, the name is what TLS
 *       verifies (when verification is on) and sends as SNI. Set our EHLO name with
 *       {@link org.mailwire.smtp.client.SmtpClient.Builder#heloName(String)}. Share one
 *       {@link org.mailwire.core.net.EventLoopGroup} across connections
 *       ({@link org.mailwire.smtp.client.SmtpClient.Builder#eventLoops}).</li>
 *   <li><b>TLS policy.</b> {@link org.mailwire.smtp.client.SmtpClient.Builder#relay()} gives
 *       opportunistic STARTTLS that accepts any certificate (RFC 7435). For a domain whose policy
 *       demands TLS (MTA-STS {@code enforce}, configuration), use
 *       {@code relayClient.withTls(TlsMode.REQUIRED, TlsSettings.clientDefaults())}: a server
 *       without STARTTLS fails with {@link org.mailwire.smtp.client.SmtpTlsRequiredException}, a
 *       bad certificate with a {@link org.mailwire.smtp.client.SmtpConnectionException} whose
 *       cause is an {@link javax.net.ssl.SSLException}; both are transient: defer, never plaintext.
 *       Under opportunistic TLS a handshake failure is reported the same way; RFC 7435 lets the
 *       queue retry that server in plaintext ({@code withTls(TlsMode.NONE, null)}).</li>
 *   <li><b>One transaction.</b> {@link org.mailwire.smtp.client.SmtpTransaction}: reverse-path
 *       ({@link org.mailwire.smtp.codec.ReversePath#NULL} for bounces), recipients with NOTIFY and
 *       ORCPT, RET and ENVID (sent only if the server offers DSN), and the content. The future
 *       completes with {@link org.mailwire.smtp.client.SmtpTransactionResult}: each recipient's
 *       reply (accepted or refused, so partial delivery is visible) and the final reply to the
 *       content. It fails with {@link org.mailwire.smtp.client.SmtpReplyException} carrying the
 *       server's exact reply when MAIL, DATA or the content is refused (quote it in the bounce;
 *       {@code isPermanent()} decides bounce or defer), with
 *       {@link org.mailwire.smtp.client.SmtpRecipientsRefusedException} (each recipient's reply)
 *       when every recipient is refused, with
 *       {@link org.mailwire.smtp.client.SmtpUnsupportedException} (permanent, with the enhanced
 *       status for the bounce) when the message exceeds SIZE or needs SMTPUTF8, and with
 *       {@link org.mailwire.smtp.client.SmtpConnectionException} (transient; a lost connection
 *       after the content was sent may still have delivered it) otherwise.</li>
 *   <li><b>Reuse.</b> Send several transactions to one connection (they queue), check
 *       {@link org.mailwire.smtp.client.SmtpConnection#isOpen()} before reusing a pooled one, and
 *       end with {@link org.mailwire.smtp.client.SmtpConnection#quit()}.</li>
 *   <li><b>Timeouts.</b> {@link org.mailwire.smtp.client.SmtpClientTimeouts} are RFC 5321
 *       §4.5.3.2's (10 minutes for the end of data: a queue must not give up early and send a
 *       duplicate).</li>
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</a>
 */
package org.mailwire.smtp.client;
