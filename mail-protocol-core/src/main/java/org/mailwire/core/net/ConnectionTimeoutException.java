// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.io.IOException;

/**
 * Why the transport closed a connection on its own: a peer too slow to send, to read, to finish
 * a TLS handshake or to accept a connection.
 */
public final class ConnectionTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Which deadline passed. */
    public enum Kind {
        /** Nothing arrived between commands for {@link TransportSettings#idleTimeout()}. */
        IDLE,
        /** A command did not complete within {@link TransportSettings#commandTimeout()}. */
        COMMAND,
        /** Queued output found no reader for {@link TransportSettings#writeTimeout()}. */
        WRITE,
        /** The TLS handshake took longer than {@link TransportSettings#tlsHandshakeTimeout()}. */
        TLS_HANDSHAKE,
        /** The TCP connection was not established within {@link TransportSettings#connectTimeout()}. */
        CONNECT
    }

    /** Which deadline passed. */
    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind which deadline passed
     */
    public ConnectionTimeoutException(Kind kind) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " timeout");
        this.kind = kind;
    }

    /**
     * Returns which deadline passed.
     *
     * @return the kind of timeout
     */
    public Kind kind() {
        return kind;
    }
}
