// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.util.Optional;
import org.mailwire.pop3.codec.Pop3Response;

/**
 * The client will not go on without TLS: the server does not offer STLS (not in its CAPA
 * answer, or it answered STLS with {@code -ERR}), or a credential was about to be sent on a
 * connection without TLS. The client never falls back to plaintext (RFC 8314, SECURITY-CASES
 * SEC-09). It extends {@link IllegalStateException} so that callers of the first client keep
 * working.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2595#section-4">RFC 2595 §4</a>
 */
public final class Pop3TlsRequiredException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The server's answer to STLS, when it refused. */
    private final transient Pop3Response response;

    /**
     * Creates the exception.
     *
     * @param message  what happened
     * @param response the server's {@code -ERR} to STLS, or {@code null}
     */
    public Pop3TlsRequiredException(String message, Pop3Response response) {
        super(message + (response == null ? "" : ": " + response));
        this.response = response;
    }

    /**
     * Returns the server's refusal of STLS, if that is what happened.
     *
     * @return the {@code -ERR} line, or empty
     */
    public Optional<Pop3Response> response() {
        return Optional.ofNullable(response);
    }
}
