// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/**
 * One TCP connection driven by the transport: what the application may ask of it.
 *
 * <p>Methods are thread-safe unless stated. Work that touches the connection's session must run
 * on its event loop: {@link #execute(Runnable)} runs a task there and then lets the session go
 * on, which is how an asynchronous answer reaches a session that waits for the application.
 */
public interface Connection {

    /**
     * Returns the peer's address.
     *
     * @return the remote address
     */
    InetSocketAddress remoteAddress();

    /**
     * Returns the local address.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * Tells whether TLS protects the connection now (implicit TLS, or after a completed
     * STARTTLS-style upgrade).
     *
     * @return {@code true} once a TLS handshake has completed
     */
    boolean isSecure();

    /**
     * Returns the TLS session once the handshake has completed.
     *
     * @return the TLS session, or empty before TLS
     */
    Optional<SSLSession> tlsSession();

    /**
     * Runs a task on the connection's event loop, then lets the session continue: the session is
     * asked for its next step, which sends an answer the task gave it.
     *
     * @param task the task; it may call the session's methods
     */
    void execute(Runnable task);

    /**
     * Runs a task on the connection's event loop once {@code delay} has passed, then lets the
     * session continue, as {@link #execute(Runnable)} does; the task does not run if the connection
     * has closed by then. This is the transport's timer for protocol delays that a sans-IO session
     * cannot keep itself: a failed login's late answer, an error sleep (SECURITY-CASES SEC-05,
     * SMTP-12). Tasks of one connection due at the same time run in the order they were scheduled.
     *
     * @param delay how long to wait; zero or negative runs the task as soon as possible
     * @param task  the task; it may call the session's methods
     */
    void schedule(Duration delay, Runnable task);

    /**
     * Runs blocking work (a store lookup, a spool write) on the transport's blocking executor and
     * completes the returned future on the connection's event loop, so that dependent stages may
     * talk to the session.
     *
     * @param work the blocking work
     * @param <T>  its result type
     * @return the future of the result, completed on the event loop
     */
    <T> CompletableFuture<T> offload(Callable<T> work);

    /**
     * Returns how many outbound octets are queued and not yet written to the socket.
     *
     * @return the queued octets; never much above {@link TransportSettings#writeHighWatermark()}
     */
    long queuedOutboundBytes();

    /**
     * Sends what is queued, then closes the connection. Idempotent.
     */
    void close();

    /**
     * Returns a future completed when the connection is closed: normally, or exceptionally with the
     * cause (timeout, I/O or TLS failure).
     *
     * @return the close future
     */
    CompletableFuture<Void> closeFuture();
}
