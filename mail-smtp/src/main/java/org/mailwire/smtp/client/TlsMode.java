// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

/**
 * How an {@link SmtpClient} protects a connection with TLS.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8314">RFC 8314</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3207">RFC 3207</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7435">RFC 7435</a>
 */
public enum TlsMode {
    /**
     * TLS from the first octet (RFC 8314 §3.3, submissions on port 465).
     */
    IMPLICIT,
    /**
     * STARTTLS or nothing (RFC 3207, the default, as RFC 8314 §3 asks of submission and
     * SECURITY-CASES SEC-08/SEC-09 of a domain with a TLS policy): a server that does not offer
     * STARTTLS, or refuses it, fails the connection with {@link SmtpTlsRequiredException} after
     * EHLO, before any credential, MAIL or content is sent.
     */
    REQUIRED,
    /**
     * STARTTLS when the server offers it, plaintext otherwise (RFC 7435 opportunistic security,
     * what MTAs do toward MX hosts). A handshake failure still fails the connection; retrying in
     * plaintext is the caller's decision.
     */
    OPPORTUNISTIC,
    /**
     * No TLS at all: only for tests and trusted networks.
     */
    NONE
}
