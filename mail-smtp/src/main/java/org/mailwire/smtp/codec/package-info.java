// SPDX-License-Identifier: Apache-2.0
/**
 * The SMTP codec: commands, replies, paths and ESMTP parameters as values, and their wire form
 * in both directions (a server decodes commands and encodes replies; a client the reverse).
 * Covers RFC 5321 with SIZE (RFC 1870), 8BITMIME (RFC 6152), enhanced status codes (RFC 2034,
 * RFC 3463), STARTTLS (RFC 3207), AUTH (RFC 4954), SMTPUTF8 (RFC 6531), CHUNKING and BINARYMIME
 * (RFC 3030), DSN parameters (RFC 3461) and LMTP's LHLO (RFC 2033).
 *
 * <p>Rules of this layer:
 * <ul>
 *   <li>Rule 1: values cannot be built invalid. Every record checks its grammar at construction,
 *       and no text in any value holds CR, LF or NUL, so an encoder can never write a second
 *       command or reply line (SECURITY-CASES SMTPC-01).</li>
 *   <li>Rule 2: decoders are incremental and total. Fed bytes split anywhere, they return a
 *       value, "need more input", or an error value carrying the reply the peer gets; they never
 *       throw on input, and they hold at most one line (bounded by {@link
 *       org.mailwire.smtp.codec.SmtpLimits}) and, for replies, a bounded number of lines.</li>
 *   <li>Rule 3: strict by default. Only CRLF ends a line; grammar is RFC 5321 §4.1 to the
 *       letter; each leniency is a named, default-off {@link
 *       org.mailwire.smtp.codec.SmtpCompliance} value.</li>
 *   <li>Rule 4: the codec knows no session state but one bit: whether the current transaction is
 *       an SMTPUTF8 one, because that decides whether a RCPT address may be UTF-8. Sequencing
 *       (503), policy (550, 554) and counts (452) belong to the session.</li>
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321">RFC 5321</a>
 */
package org.mailwire.smtp.codec;
