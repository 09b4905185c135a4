// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.nio.ByteBuffer;

/**
 * The client's command encoder: writes an {@link SmtpCommand} as one line ended by CRLF,
 * paths in angle brackets with local parts quoted where needed, ENVID, AUTH and ORCPT values
 * in xtext, non-ASCII addresses as UTF-8 (RFC 6531).
 *
 * <p>Nothing a caller passes can inject a second command: every command was checked at
 * construction and holds no CR, LF or NUL, and the writer refuses them once more before writing
 * (SECURITY-CASES SMTPC-01, Netty CVE-2025-59419, bpo-43124). Encoding allocates the command's
 * text; the client is not the hot path. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1">RFC 5321 §4.1.1</a>
 */
public final class SmtpCommandEncoder {

    private ByteBuffer buffer = ByteBuffer.allocate(512);

    /** Creates an encoder with a 512-octet buffer. */
    public SmtpCommandEncoder() {
    }

    /**
     * Encodes a command into the encoder's reused buffer.
     *
     * @param command the command
     * @return the buffer, positioned at 0 with the line and its CRLF up to its limit; valid until
     *     the next call
     */
    public ByteBuffer encode(SmtpCommand command) {
        String text = command.toString();
        buffer = WireText.reuse(buffer, WireText.length(text) + 2);
        write(text, buffer);
        return buffer.flip();
    }

    /**
     * Encodes a command into {@code dst} at its position.
     *
     * @param command the command
     * @param dst the buffer; its position advances
     * @throws java.nio.BufferOverflowException if the line does not fit, before anything is
     *     written
     */
    public void encode(SmtpCommand command, ByteBuffer dst) {
        String text = command.toString();
        WireText.ensureRoom(dst, WireText.length(text) + 2);
        write(text, dst);
    }

    /**
     * Returns how many octets the command takes on the wire, CRLF included; a client compares it
     * with the server's limits (512 by default, RFC 5321 §4.5.3.1.4).
     *
     * @param command the command
     * @return its encoded length
     */
    public static int encodedLength(SmtpCommand command) {
        return WireText.length(command.toString()) + 2;
    }

    private static void write(String text, ByteBuffer dst) {
        int start = dst.position();
        try {
            WireText.put(text, dst);
        } catch (IllegalArgumentException e) {
            // Unreachable with valid values; if it ever fires, leave nothing half-written.
            dst.position(start);
            throw e;
        }
        dst.put((byte) '\r').put((byte) '\n');
    }
}
