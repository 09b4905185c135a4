// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslServerStep;

/**
 * What an {@link ImapServerSession} asks of its driver. Each event is a question: the session
 * returns {@link org.mailwire.core.protocol.Step.AwaitApplication} and takes no input until the
 * driver answers through the method the event names, so pipelined commands keep their order
 * (DESIGN "Rule 3").
 */
public sealed interface ImapEvent {

    /**
     * LOGIN (RFC 9051 §6.2.3): check the password, then call
     * {@link ImapServerSession#loginAccepted(String)} or
     * {@link ImapServerSession#loginRejected(org.mailwire.core.sasl.SaslFailureReason)}. The
     * driver delays a rejection (SECURITY-CASES SEC-05).
     *
     * @param user     the user name as the client sent it
     * @param password the password
     */
    record CheckPassword(String user, Secret password) implements ImapEvent {
        /**
         * Checks presence.
         *
         * @param user     the user name
         * @param password the password
         */
        public CheckPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "CheckPassword[user=" + user + "]";
        }
    }

    /**
     * AUTHENTICATE (RFC 9051 §6.2.2): a SASL step is being evaluated; when the stage completes,
     * call {@link ImapServerSession#saslStep(SaslServerStep)} on the session's thread (a failed
     * credential check after a delay, SEC-05).
     *
     * @param step the evaluation under way
     */
    record SaslPending(CompletionStage<SaslServerStep> step) implements ImapEvent {
        /**
         * Checks presence.
         *
         * @param step the evaluation
         */
        public SaslPending {
            Objects.requireNonNull(step, "step");
        }
    }

    /**
     * Store work that may block (disk, locks): run {@link StoreWork#run()} off the session's
     * thread, then call {@link ImapServerSession#workDone(Object)} with its result, or
     * {@link ImapServerSession#workFailed(Throwable)} with what it threw, on the session's
     * thread. The work touches only what it captured, never the session.
     *
     * @param work the work
     */
    record Blocking(StoreWork<?> work) implements ImapEvent {
        /**
         * Checks presence.
         *
         * @param work the work
         */
        public Blocking {
            Objects.requireNonNull(work, "work");
        }
    }

    /**
     * The client logged in: the driver may start per-user bookkeeping (login listeners, the
     * end of the pre-authentication timer). No answer is expected.
     *
     * @param user the authenticated user
     */
    record LoggedIn(String user) implements ImapEvent {
        /**
         * Checks presence.
         *
         * @param user the user
         */
        public LoggedIn {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * A unit of blocking store work composed by the session.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    interface StoreWork<T> {
        /**
         * Does the work.
         *
         * @return the result, handed back to the session
         * @throws Exception what the store threw; the session maps it to a status response
         */
        T run() throws Exception;
    }
}
