// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

/**
 * Why a server-side authentication failed, in the categories protocols reply with.
 *
 * <table>
 *   <caption>Protocol replies</caption>
 *   <tr><th>reason</th><th>SMTP (RFC 4954 §6)</th><th>IMAP (RFC 5530)</th><th>POP3 (RFC 3206)</th></tr>
 *   <tr><td>{@link #INVALID_CREDENTIALS}</td><td>535 5.7.8</td><td>NO [AUTHENTICATIONFAILED]</td><td>-ERR [AUTH]</td></tr>
 *   <tr><td>{@link #AUTHORIZATION_DENIED}</td><td>535 5.7.8</td><td>NO [AUTHORIZATIONFAILED]</td><td>-ERR [AUTH]</td></tr>
 *   <tr><td>{@link #UNSUPPORTED}</td><td>504 5.5.4</td><td>NO [CANNOT]</td><td>-ERR</td></tr>
 *   <tr><td>{@link #TEMPORARY_FAILURE}</td><td>454 4.7.0</td><td>NO [UNAVAILABLE]</td><td>-ERR [SYS/TEMP]</td></tr>
 *   <tr><td>{@link #MALFORMED}</td><td>501 5.5.2</td><td>BAD</td><td>-ERR</td></tr>
 * </table>
 *
 * <p>The reply to {@link #INVALID_CREDENTIALS} must be the same for an unknown user and a wrong
 * password (SECURITY-CASES SEC-05), which is why the two are one value.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4954#section-6">RFC 4954 §6, status codes</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5530#section-3">RFC 5530 §3, IMAP response codes</a>
 */
public enum SaslFailureReason {
    /** Unknown user, wrong password, bad token or proof. */
    INVALID_CREDENTIALS,
    /** The credentials are valid but may not act as the requested authorization identity. */
    AUTHORIZATION_DENIED,
    /** The authenticator cannot verify this kind of credential for this user. */
    UNSUPPORTED,
    /** The authenticator could not decide now (backend down, timeout); the client may retry. */
    TEMPORARY_FAILURE,
    /** The client's message breaks the mechanism's syntax or the length limit. */
    MALFORMED
}
