// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.nio.ByteBuffer;

/**
 * The server's reply encoder: writes an {@link SmtpReply} in its wire form, {@code 250-} on
 * every line but the last and {@code 250 } on the last, the enhanced status code at the start of
 * each line's text (RFC 2034 §4), each line ended by CRLF.
 *
 * <p>{@link #encode(SmtpReply)} writes into a buffer the encoder keeps and reuses (it grows only
 * for a reply larger than any before), so steady-state encoding allocates nothing;
 * {@link #encode(SmtpReply, ByteBuffer)} writes into the caller's buffer. The text is written as
 * UTF-8, character by character. Replies hold no CR, LF or NUL, so no text can forge a reply
 * line. Not thread-safe; one per connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2">RFC 5321 §4.2</a>
 */
public final class SmtpReplyEncoder {

    private ByteBuffer buffer = ByteBuffer.allocate(512);

    /** Creates an encoder with a 512-octet buffer. */
    public SmtpReplyEncoder() {
    }

    /**
     * Encodes a reply into the encoder's reused buffer.
     *
     * @param reply the reply
     * @return the buffer, positioned at 0 with the reply up to its limit; valid until the next
     *     call
     */
    public ByteBuffer encode(SmtpReply reply) {
        buffer = WireText.reuse(buffer, encodedLength(reply));
        write(reply, buffer);
        return buffer.flip();
    }

    /**
     * Encodes a reply into {@code dst} at its position.
     *
     * @param reply the reply
     * @param dst the buffer; its position advances
     * @throws java.nio.BufferOverflowException if the reply does not fit, before anything is
     *     written
     */
    public void encode(SmtpReply reply, ByteBuffer dst) {
        WireText.ensureRoom(dst, encodedLength(reply));
        write(reply, dst);
    }

    /**
     * Returns how many octets the reply takes on the wire.
     *
     * @param reply the reply
     * @return its encoded length, CRLFs included
     */
    public static int encodedLength(SmtpReply reply) {
        EnhancedStatus status = reply.status().orElse(null);
        int statusLength = status == null ? 0
                : 3 + digits(status.klass()) + digits(status.subject()) + digits(status.detail()) - 1;
        int last = reply.lines().size() - 1;
        int n = 0;
        for (int i = 0; i <= last; i++) {
            int text = WireText.length(reply.lines().get(i));
            boolean separator = i < last || status != null || text > 0;
            n += 3 + (separator ? 1 : 0) + statusLength + (status != null && text > 0 ? 1 : 0) + text + 2;
        }
        return n;
    }

    private static int digits(int value) {
        return value >= 100 ? 3 : value >= 10 ? 2 : 1;
    }

    private static void write(SmtpReply reply, ByteBuffer dst) {
        int code = reply.code();
        int last = reply.lines().size() - 1;
        EnhancedStatus status = reply.status().orElse(null);
        for (int i = 0; i <= last; i++) {
            String line = reply.lines().get(i);
            dst.put((byte) ('0' + code / 100)).put((byte) ('0' + code / 10 % 10)).put((byte) ('0' + code % 10));
            if (i < last) {
                dst.put((byte) '-');
            } else if (status != null || !line.isEmpty()) {
                // The last line of an empty text is the bare code: "Reply-code [ SP textstring ]".
                dst.put((byte) ' ');
            }
            if (status != null) {
                putNumber(dst, status.klass());
                dst.put((byte) '.');
                putNumber(dst, status.subject());
                dst.put((byte) '.');
                putNumber(dst, status.detail());
                if (!line.isEmpty()) {
                    dst.put((byte) ' ');
                }
            }
            WireText.put(line, dst);
            dst.put((byte) '\r').put((byte) '\n');
        }
    }

    private static void putNumber(ByteBuffer dst, int value) {
        if (value >= 100) {
            dst.put((byte) ('0' + value / 100));
        }
        if (value >= 10) {
            dst.put((byte) ('0' + value / 10 % 10));
        }
        dst.put((byte) ('0' + value % 10));
    }
}
