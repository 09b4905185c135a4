// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One instruction from a {@link ProtocolSession} to its driver.
 *
 * <p>The driver handles each kind as follows:
 * <ul>
 *   <li>{@link Event}: hand the value to the application, then call {@code next()} again.</li>
 *   <li>{@link Write}: queue the bytes for sending (the driver copies them before it calls
 *       {@code next()} again, so the session may reuse the buffer), then call {@code next()}.
 *       Consecutive writes are sent together, so a batch of pipelined replies costs one
 *       system call.</li>
 *   <li>{@link NeedInput}: every received byte is consumed; read more and
 *       {@link ProtocolSession#receive(ByteBuffer) receive} it.</li>
 *   <li>{@link AwaitApplication}: stop reading until the application has answered the last
 *       event through the session's own methods, then call {@code next()} again.</li>
 *   <li>{@link UpgradeTls}: send all queued bytes in the clear, then perform the TLS handshake.
 *       The session has already discarded every byte it received before this step (RFC 3207
 *       §4.2, RFC 2595 §3.1, RFC 9051 §6.2.1): nothing sent in plaintext is processed after the
 *       upgrade.</li>
 *   <li>{@link Close}: send all queued bytes, then close the connection. The session is
 *       finished and must not be driven further.</li>
 * </ul>
 *
 * @param <E> the session's event type
 */
public sealed interface Step<E>
        permits Step.Event, Step.Write, Step.NeedInput, Step.AwaitApplication, Step.UpgradeTls, Step.StartCompression,
        Step.Close {

    /**
     * Something the application must act on.
     *
     * @param event the protocol's event value
     * @param <E>   the session's event type
     */
    record Event<E>(E event) implements Step<E> {
        // Checks the event is present.
        public Event {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * Bytes to send to the peer.
     *
     * @param bytes the bytes between position and limit; the driver consumes them before it
     *              calls {@code next()} again
     * @param <E>   the session's event type
     */
    record Write<E>(ByteBuffer bytes) implements Step<E> {
        // Checks the buffer is present.
        public Write {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * The session has consumed all its input and needs more.
     *
     * @param midCommand {@code true} when the bytes received so far are part of a command or
     *                   record that is not complete yet: the driver then lets the per-command
     *                   deadline run rather than the idle timeout, so a peer trickling one byte
     *                   at a time cannot keep the connection forever
     * @param <E>        the session's event type
     */
    record NeedInput<E>(boolean midCommand) implements Step<E> {
    }

    /**
     * The session waits for the application's answer to the last event and takes no input until
     * then.
     *
     * @param <E> the session's event type
     */
    record AwaitApplication<E>() implements Step<E> {
    }

    /**
     * Flush what was written so far in the clear, then start TLS on the connection.
     *
     * @param <E> the session's event type
     */
    record UpgradeTls<E>() implements Step<E> {
    }

    /**
     * Flush what was written so far as it is, then compress the connection both ways with raw
     * DEFLATE (RFC 1951), as IMAP's COMPRESS=DEFLATE asks (RFC 4978 §3): every later
     * {@code Write} is deflated and each batch sent ends with a sync flush, and input after the
     * octets the session has consumed is inflated. It sits above TLS when TLS is on. A
     * connection compresses once; TLS cannot start after it.
     *
     * @param <E> the session's event type
     */
    record StartCompression<E>() implements Step<E> {
    }

    /**
     * Flush what was written so far, then close the connection.
     *
     * @param <E> the session's event type
     */
    record Close<E>() implements Step<E> {
    }

    /**
     * Returns an event step.
     *
     * @param event the event
     * @param <E>   the event type
     * @return the step
     */
    static <E> Step<E> event(E event) {
        return new Event<>(event);
    }

    /**
     * Returns a write step.
     *
     * @param bytes bytes to send, between position and limit
     * @param <E>   the event type
     * @return the step
     */
    static <E> Step<E> write(ByteBuffer bytes) {
        return new Write<>(bytes);
    }

    /**
     * Returns the step that asks for more input between commands (the idle timeout applies).
     *
     * @param <E> the event type
     * @return the step
     */
    @SuppressWarnings("unchecked")
    static <E> Step<E> needInput() {
        return (Step<E>) Constants.NEED_INPUT;
    }

    /**
     * Returns the step that asks for more input in the middle of a command (the per-command
     * deadline applies).
     *
     * @param <E> the event type
     * @return the step
     */
    @SuppressWarnings("unchecked")
    static <E> Step<E> needMoreOfCommand() {
        return (Step<E>) Constants.NEED_MORE_OF_COMMAND;
    }

    /**
     * Returns the step that waits for the application.
     *
     * @param <E> the event type
     * @return the step
     */
    @SuppressWarnings("unchecked")
    static <E> Step<E> awaitApplication() {
        return (Step<E>) Constants.AWAIT_APPLICATION;
    }

    /**
     * Returns the step that starts TLS.
     *
     * @param <E> the event type
     * @return the step
     */
    @SuppressWarnings("unchecked")
    static <E> Step<E> upgradeTls() {
        return (Step<E>) Constants.UPGRADE_TLS;
    }

    /**
     * Returns the step that starts compression.
     *
     * @param <E> the event type
     * @return the step
     */
    @SuppressWarnings("unchecked")
    static <E> Step<E> startCompression() {
        return (Step<E>) Constants.START_COMPRESSION;
    }

    /**
     * Returns the step that closes the connection.
     *
     * @param <E> the event type
     * @return the step
     */
    @SuppressWarnings("unchecked")
    static <E> Step<E> close() {
        return (Step<E>) Constants.CLOSE;
    }
}

/** The shared instances of the steps that carry no data; they allocate nothing per use. */
final class Constants {
    static final Step<?> NEED_INPUT = new Step.NeedInput<>(false);
    static final Step<?> NEED_MORE_OF_COMMAND = new Step.NeedInput<>(true);
    static final Step<?> AWAIT_APPLICATION = new Step.AwaitApplication<>();
    static final Step<?> UPGRADE_TLS = new Step.UpgradeTls<>();
    static final Step<?> START_COMPRESSION = new Step.StartCompression<>();
    static final Step<?> CLOSE = new Step.Close<>();

    private Constants() {
    }
}
