// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslServerStep;

/**
 * What a {@link Pop3ServerSession} asks of the application. Each event's documentation says what
 * the application MUST do next; until it answers, the session returns
 * {@link org.mailwire.core.protocol.Step.AwaitApplication}. Answers are given on the thread that
 * drives the session (with the transport: inside {@code Connection.execute}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939">RFC 1939</a>
 */
public sealed interface Pop3Event {

    /**
     * USER/PASS: check the password, then call {@link Pop3ServerSession#loginAccepted(String)} or
     * {@link Pop3ServerSession#loginRejected}. The reply to a rejection is the same for an
     * unknown user and a wrong password (SECURITY-CASES SEC-05).
     *
     * @param user     the name of the USER command
     * @param password the password of the PASS command
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, USER and PASS</a>
     */
    record CheckPassword(String user, Secret password) implements Pop3Event {
        /**
         * Checks the components.
         *
         * @param user     see the record description
         * @param password see the record description
         */
        public CheckPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * APOP: compute MD5(timestamp + shared secret) for the user and compare it with the digest in
     * constant time, then call {@link Pop3ServerSession#loginAccepted(String)} or
     * {@link Pop3ServerSession#loginRejected}.
     *
     * @param user      the user name
     * @param timestamp the greeting's timestamp, angle brackets included
     * @param digest    the client's digest, 32 lower-case hexadecimal digits
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, APOP</a>
     */
    record CheckApop(String user, String timestamp, String digest) implements Pop3Event {
        /**
         * Checks the components.
         *
         * @param user      see the record description
         * @param timestamp see the record description
         * @param digest    see the record description
         */
        public CheckApop {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /**
     * AUTH: wait for the SASL exchange's step, then call {@link Pop3ServerSession#saslStep} with
     * it on the driving thread (a failed stage counts as a temporary failure).
     *
     * @param step the pending step of the exchange
     * @see <a href="https://www.rfc-editor.org/rfc/rfc5034#section-4">RFC 5034 §4</a>
     */
    record SaslPending(CompletionStage<SaslServerStep> step) implements Pop3Event {
        /**
         * Checks the stage.
         *
         * @param step see the record description
         */
        public SaslPending {
            Objects.requireNonNull(step, "step");
        }
    }

    /**
     * The user is authenticated: take the maildrop's exclusive lock and list it, then call
     * {@link Pop3ServerSession#maildropOpened}, {@link Pop3ServerSession#maildropInUse()} or
     * {@link Pop3ServerSession#maildropFailed()}. The application keeps the lock until the
     * connection ends.
     *
     * @param user the authenticated (authorization) identity
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-8">RFC 1939 §8, the lock</a>
     */
    record OpenMaildrop(String user) implements Pop3Event {
        /**
         * Checks the user.
         *
         * @param user see the record description
         */
        public OpenMaildrop {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * RETR or TOP: open the message's content and hand over its first chunk with
     * {@link Pop3ServerSession#content}, or call {@link Pop3ServerSession#contentEnd()} for an
     * empty message or {@link Pop3ServerSession#contentFailed()}.
     *
     * @param uid the message's UID
     */
    record OpenContent(long uid) implements Pop3Event {
    }

    /**
     * Hand over the next chunk of the open content with {@link Pop3ServerSession#content}, or
     * call {@link Pop3ServerSession#contentEnd()} at its end (and close it) or
     * {@link Pop3ServerSession#contentFailed()}.
     */
    record ReadContent() implements Pop3Event {
    }

    /**
     * The session needs no more of the open content (TOP has its lines): close it. No answer.
     */
    record CloseContent() implements Pop3Event {
    }

    /**
     * QUIT in TRANSACTION (the UPDATE state): remove these messages durably and all at once,
     * release the lock, then call {@link Pop3ServerSession#committed()} or
     * {@link Pop3ServerSession#commitFailed()}. The {@code +OK} goes out only after
     * (SECURITY-CASES G1).
     *
     * @param deleted the UIDs marked with DELE, ascending, possibly none
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-6">RFC 1939 §6</a>
     */
    record Commit(List<Long> deleted) implements Pop3Event {
        /**
         * Copies the list.
         *
         * @param deleted see the record description
         */
        public Commit {
            deleted = List.copyOf(deleted);
        }
    }
}
