// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.protocol;

/**
 * The peer broke the protocol: input that cannot be parsed, a command out of sequence, a limit
 * exceeded. Each protocol subclasses it to carry the typed reply the peer gets (an SMTP reply, an
 * IMAP tagged {@code BAD}, a POP3 {@code -ERR}).
 *
 * <p>A session catches it, sends the reply, counts the error and closes the connection past its
 * threshold; it never escapes {@link ProtocolSession#next()}. Its message is the hint a peer may
 * read: it never names classes, files or stack frames (DESIGN "Errors", after h11's
 * {@code RemoteProtocolError}). No stack trace is captured, so throwing it on hostile input
 * costs little.
 */
public abstract class RemoteProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param hint what was wrong, in words fit for the peer
     */
    protected RemoteProtocolException(String hint) {
        super(hint, null, false, false);
    }
}
