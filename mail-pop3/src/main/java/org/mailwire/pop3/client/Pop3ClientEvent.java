// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.mailwire.pop3.codec.Pop3Command;
import org.mailwire.pop3.codec.Pop3Response;

/**
 * What a {@link Pop3ClientSession} tells the application: the greeting, each command's status
 * line, the chunks of multi-line bodies, AUTH challenges, and protocol errors. None needs an
 * answer before the session goes on, except a {@link Challenge}, which waits for
 * {@link Pop3ClientSession#sendSaslResponse(String)}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 */
public sealed interface Pop3ClientEvent {

    /**
     * The server's greeting; {@code -ERR} means it refuses the connection.
     *
     * @param response the greeting
     */
    record Greeting(Pop3Response response) implements Pop3ClientEvent {
        /**
         * Checks the response.
         *
         * @param response see the record description
         */
        public Greeting {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The status line answering a command. For a multi-line command with {@code +OK}, the body
     * follows as {@link Body} events and ends with {@link BodyEnd}.
     *
     * @param command  the command answered
     * @param response the status line
     */
    record Response(Pop3Command command, Pop3Response response) implements Pop3ClientEvent {
        /**
         * Checks the components.
         *
         * @param command  see the record description
         * @param response see the record description
         */
        public Response {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * A chunk of a multi-line body, dot-unstuffed, with its line endings as sent.
     *
     * @param command the command whose body this is
     * @param chunk   the bytes; valid only until the session's next step is asked for
     */
    record Body(Pop3Command command, ByteBuffer chunk) implements Pop3ClientEvent {
        /**
         * Checks the components.
         *
         * @param command see the record description
         * @param chunk   see the record description
         */
        public Body {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /**
     * The end of a multi-line body (the {@code .} line).
     *
     * @param command the command whose body ended
     */
    record BodyEnd(Pop3Command command) implements Pop3ClientEvent {
        /**
         * Checks the command.
         *
         * @param command see the record description
         */
        public BodyEnd {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * A SASL challenge ({@code + base64}, RFC 5034 §4): answer with
     * {@link Pop3ClientSession#sendSaslResponse(String)}.
     *
     * @param base64 the challenge as sent, possibly empty
     */
    record Challenge(String base64) implements Pop3ClientEvent {
        /**
         * Checks the challenge.
         *
         * @param base64 see the record description
         */
        public Challenge {
            Objects.requireNonNull(base64, "base64");
        }
    }

    /**
     * The server broke the protocol; the session closes the connection next.
     *
     * @param hint what was wrong
     */
    record ProtocolError(String hint) implements Pop3ClientEvent {
        /**
         * Checks the hint.
         *
         * @param hint see the record description
         */
        public ProtocolError {
            Objects.requireNonNull(hint, "hint");
        }
    }
}
