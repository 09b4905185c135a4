// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import java.util.Objects;
import org.mailwire.core.protocol.RemoteProtocolException;

/**
 * The POP3 peer broke the protocol; carries the {@code -ERR} response it gets.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 */
public final class Pop3ProtocolException extends RemoteProtocolException {

    private static final long serialVersionUID = 1L;

    /** The response the peer gets; records are serialisable, so nothing is lost. */
    private final Pop3Response response;

    /**
     * Creates the exception.
     *
     * @param response the {@code -ERR} response to send; its text is the hint
     */
    public Pop3ProtocolException(Pop3Response response) {
        super(Objects.requireNonNull(response, "response").text());
        this.response = response;
    }

    /**
     * Creates the exception with a plain {@code -ERR} and no response code.
     *
     * @param hint the text of the {@code -ERR}, fit for the peer
     */
    public Pop3ProtocolException(String hint) {
        this(Pop3Response.err(hint));
    }

    /**
     * Returns the response the peer gets.
     *
     * @return the {@code -ERR} response
     */
    public Pop3Response response() {
        return response;
    }
}
