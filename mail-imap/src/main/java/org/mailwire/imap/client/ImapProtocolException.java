// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.io.IOException;
import java.util.Objects;
import org.mailwire.imap.protocol.ImapClientSession;

/**
 * The server broke the protocol or a limit (a response too long or too large, a malformed
 * response, a connection closed in the middle of an answer): every command outstanding fails
 * with it and the connection is closed (SECURITY-CASES IMAP-05, IMAP-14).
 */
public final class ImapProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ImapClientSession.Event.Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param hint a description
     */
    public ImapProtocolException(ImapClientSession.Event.Kind kind, String hint) {
        super("IMAP protocol error (" + kind + "): " + hint);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public ImapClientSession.Event.Kind kind() {
        return kind;
    }
}
