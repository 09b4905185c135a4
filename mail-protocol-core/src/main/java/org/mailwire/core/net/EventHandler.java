// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

/**
 * Receives what sessions hand to the application: their events and the end of each connection.
 *
 * <p>Both methods run on the connection's event loop and must not block. Blocking work goes
 * through {@link Connection#offload(java.util.concurrent.Callable)}; an answer computed
 * elsewhere is given to the session inside {@link Connection#execute(Runnable)}.
 *
 * @param <E> the sessions' event type
 */
@FunctionalInterface
public interface EventHandler<E> {

    /**
     * Handles one event. The application answers through the session's own methods, now or
     * later; until it does the session returns
     * {@link org.mailwire.core.protocol.Step.AwaitApplication} and reads nothing.
     *
     * @param connection the connection whose session emitted the event
     * @param event      the event
     */
    void onEvent(Connection connection, E event);

    /**
     * Tells that a connection is closed. The default does nothing.
     *
     * @param connection the closed connection
     * @param cause      why it closed abnormally (timeout, I/O or TLS error), or {@code null} when
     *                   it closed normally
     */
    default void onClose(Connection connection, Throwable cause) {
    }
}
