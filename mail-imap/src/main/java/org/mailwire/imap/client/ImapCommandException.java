// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;

/**
 * A command the server answered with a tagged {@code NO} (it could not do it) or {@code BAD}
 * (it did not understand it), carrying that response and its response code (RFC 9051 §7.1,
 * RFC 5530), so callers can tell {@code [TRYCREATE]} from {@code [OVERQUOTA]} without reading
 * text.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.1">RFC 9051 §7.1</a>
 */
public final class ImapCommandException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Whether the server refused (NO) or did not understand (BAD). */
    public enum Kind {
        /** A tagged {@code NO}: an operational failure. */
        NO,
        /** A tagged {@code BAD}: a protocol error in the command. */
        BAD
    }

    private final transient ImapCommand command;
    private final transient ImapResponse.Status response;

    /**
     * Creates the exception.
     *
     * @param command  the failed command
     * @param response its tagged NO or BAD
     */
    public ImapCommandException(ImapCommand command, ImapResponse.Status response) {
        super(name(command) + " failed: " + Objects.requireNonNull(response, "response").kind()
                + response.code().map(c -> " [" + c.wire() + "]").orElse("") + " " + response.text());
        this.command = Objects.requireNonNull(command, "command");
        this.response = response;
    }

    private static String name(ImapCommand command) {
        return command.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Returns whether it was a NO or a BAD.
     *
     * @return the kind
     */
    public Kind kind() {
        return response.kind() == ImapResponse.Kind.BAD ? Kind.BAD : Kind.NO;
    }

    /**
     * Returns the tagged response.
     *
     * @return the response
     */
    public ImapResponse.Status response() {
        return response;
    }

    /**
     * Returns the response code, if the server gave one.
     *
     * @return the code
     */
    public Optional<ResponseCode> code() {
        return response.code();
    }

    /**
     * Returns the command that failed (an AUTHENTICATE or LOGIN hides its credentials in
     * {@code toString}).
     *
     * @return the command
     */
    public ImapCommand command() {
        return command;
    }
}
