// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.util.Objects;
import org.mailwire.pop3.codec.Pop3Response;

/**
 * The server answered a command with {@code -ERR}; the response (with its RFC 2449 code, such as
 * {@code [IN-USE]} or {@code [AUTH]}) says why.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-8">RFC 2449 §8</a>
 */
public final class Pop3ErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The server's response; records are serialisable. */
    private final Pop3Response response;

    /**
     * Creates the exception.
     *
     * @param response the {@code -ERR} response
     */
    public Pop3ErrorException(Pop3Response response) {
        super(Objects.requireNonNull(response, "response").toString(), null, false, false);
        this.response = response;
    }

    /**
     * Returns the server's response.
     *
     * @return the {@code -ERR} line
     */
    public Pop3Response response() {
        return response;
    }
}
