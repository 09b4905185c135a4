// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

/** Why a server refuses a new connection before any session starts. */
public enum Refusal {
    /** The server holds {@link ConnectionLimits#maxConnections()} connections already. */
    TOO_MANY_CONNECTIONS,
    /** The remote address holds {@link ConnectionLimits#maxConnectionsPerAddress()} already. */
    TOO_MANY_FROM_ADDRESS,
    /** The server is shutting down. */
    SHUTTING_DOWN
}
