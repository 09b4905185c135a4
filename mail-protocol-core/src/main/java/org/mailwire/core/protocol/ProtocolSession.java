// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.protocol;

import java.nio.ByteBuffer;

/**
 * A protocol state machine that does no I/O: it consumes received bytes and tells its driver,
 * one {@link Step} at a time, what to do next.
 *
 * <p>The contract between a session and whatever drives it (the NIO transport, a test feeding a
 * transcript, a user's own I/O loop):
 * <ol>
 *   <li>The driver calls {@link #next()} repeatedly and acts on each step until it gets
 *       {@link Step.NeedInput} or {@link Step.AwaitApplication}.</li>
 *   <li>Only after {@code NeedInput} does the driver call {@link #receive(ByteBuffer)} (or
 *       {@link #receiveEof()}), then it goes back to step 1. So at most one buffer of input is
 *       ever queued in a session, which bounds its memory.</li>
 *   <li>{@code receive} never blocks and never acts: it only hands the session the buffer. The
 *       session may keep a reference and consume it during later calls to {@code next()}; the
 *       driver must not touch the buffer until the session returns {@code NeedInput} again, which
 *       means every byte of it has been consumed (or copied into the session's own bounded
 *       state).</li>
 *   <li>After {@link Step.AwaitApplication} the session waits for an answer that the application
 *       gives through the session's own typed methods; the driver stops reading and calls
 *       {@code next()} again once the application has answered. Pipelined input therefore keeps
 *       its order even when the application answers asynchronously.</li>
 *   <li>After {@link #receiveShutdown()}, {@link #receiveTimeout()}, or the application's use of
 *       the session's own methods (a client queueing a command, a server answering), the driver
 *       calls {@code next()} again even though no new input came; a session with nothing to say
 *       returns {@code NeedInput} again. Sessions must answer repeated calls of {@code next()}
 *       consistently.</li>
 *   <li>Sessions are not thread-safe. One thread at a time drives a session; the transport uses
 *       the connection's event-loop thread.</li>
 * </ol>
 *
 * <p>Malformed input from the peer never makes {@code next()} throw: the session turns it into
 * the protocol's error reply (a {@code Write}) and, past its error threshold, a {@code Close}.
 * Misuse by the application (answering twice, answering when not asked) throws
 * {@link IllegalStateException}.
 *
 * @param <E> the type of events the session hands to the application
 */
public interface ProtocolSession<E> {

    /**
     * Hands the session received bytes. Called only after {@link #next()} returned
     * {@link Step.NeedInput}. The buffer's remaining bytes are the input; the session advances
     * its position as it consumes them during later {@code next()} calls.
     *
     * @param bytes received bytes, between position and limit
     */
    void receive(ByteBuffer bytes);

    /** Tells the session that the peer will send nothing more (end of stream). */
    void receiveEof();

    /**
     * Returns the next thing the driver must do. Never blocks and never returns {@code null}.
     *
     * @return the next step
     */
    Step<E> next();

    /**
     * Asks the session to end the conversation politely because the local side is shutting
     * down: the session emits the protocol's goodbye (SMTP {@code 421}, IMAP {@code * BYE},
     * POP3 {@code -ERR}) and a {@link Step.Close} at its next safe point. The default does nothing,
     * for protocols that have no such message; the transport closes them after its grace period.
     */
    default void receiveShutdown() {
    }

    /**
     * Tells the session that the peer stayed silent past the driver's idle timeout or per-command
     * deadline. The session may emit the protocol's timeout reply (SMTP {@code 421 4.4.2}, IMAP
     * {@code * BYE}); the driver then sends what was written and closes the connection, whatever
     * the session returns. The default does nothing.
     */
    default void receiveTimeout() {
    }
}
