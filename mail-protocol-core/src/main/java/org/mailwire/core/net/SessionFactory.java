// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.nio.ByteBuffer;
import org.mailwire.core.protocol.ProtocolSession;

/**
 * Creates the protocol session for each new connection, and says how the protocol refuses a
 * connection it cannot serve.
 *
 * @param <E> the sessions' event type
 */
@FunctionalInterface
public interface SessionFactory<E> {

    /**
     * Creates the session for a new connection. Called on the connection's event loop before any
     * byte is read; for implicit TLS, before the handshake.
     *
     * @param connection the new connection
     * @return its session
     */
    ProtocolSession<E> open(Connection connection);

    /**
     * Returns the bytes a refused connection receives before it is closed, for example SMTP's
     * {@code 421 4.7.0 Too many connections, try again later\r\n}. The default sends nothing.
     *
     * @param refusal why the connection is refused
     * @return the bytes to send, or {@code null} to close without a word
     */
    default ByteBuffer refusal(Refusal refusal) {
        return null;
    }
}
