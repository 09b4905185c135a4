// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.nio.ByteBuffer;

/**
 * Streaming encoder of dot-stuffed content: what an SMTP client sends after {@code 354}
 * (RFC 5321 §4.5.2) and a POP3 server sends for {@code RETR} and {@code TOP} (RFC 1939 §3).
 *
 * <p>{@link #encode(ByteBuffer, ByteBuffer)} moves as much content as fits from {@code src} to
 * {@code dst}. On the way it normalises every line ending to CRLF (a bare LF and a bare CR each
 * become CRLF; CRLF stays) and doubles a dot at the start of every line. Normalising first and
 * stuffing after means a dot after a bare CR is stuffed too, which closes Dovecot CVE-2026-33604
 * and guarantees the output holds no {@code <CRLF>.<CRLF>} and no bare line ending at all: no
 * reader can find an end of data in it, however lenient (SMTP smuggling, CVE-2023-51764).
 * A CR at the end of {@code src} is held until the next call, since it may be half of a CRLF.
 *
 * <p>{@link #finish(ByteBuffer)} ends the message: the held CR if any, a CRLF if the content was
 * not empty and did not end with one, then {@code .\r\n}. The encoder never throws on any content
 * bytes and never allocates. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.2">RFC 5321 §4.5.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 */
public final class DotStuffer {

    private boolean lineStart = true;
    private boolean heldCr;
    private boolean empty = true;

    /** Creates an encoder positioned at the start of a message. */
    public DotStuffer() {
    }

    /**
     * Encodes as much of {@code src} as fits into {@code dst}. Both positions advance; bytes that
     * did not fit stay in {@code src} for the next call. A stuffed dot and a CRLF are written
     * whole, so a destination with fewer than two octets of room may make no progress.
     *
     * @param src content, any bytes at all
     * @param dst where the stuffed, CRLF-normalised bytes go
     */
    public void encode(ByteBuffer src, ByteBuffer dst) {
        int in = src.position();
        final int inLimit = src.limit();
        int out = dst.position();
        final int outLimit = dst.limit();
        while (in < inLimit) {
            byte b = src.get(in);
            if (heldCr) {
                if (outLimit - out < 2) {
                    break;
                }
                dst.put(out, Ascii.CR).put(out + 1, Ascii.LF);
                out += 2;
                heldCr = false;
                lineStart = true;
                if (b == Ascii.LF) {
                    in++;
                }
                continue;
            }
            if (b == Ascii.CR) {
                heldCr = true;
                empty = false;
                in++;
                continue;
            }
            if (b == Ascii.LF) {
                if (outLimit - out < 2) {
                    break;
                }
                dst.put(out, Ascii.CR).put(out + 1, Ascii.LF);
                out += 2;
                in++;
                lineStart = true;
                empty = false;
                continue;
            }
            if (lineStart && b == '.') {
                if (outLimit - out < 2) {
                    break;
                }
                dst.put(out, (byte) '.').put(out + 1, (byte) '.');
                out += 2;
                in++;
                lineStart = false;
                empty = false;
                continue;
            }
            // A run of ordinary bytes up to the next CR or LF, copied in bulk.
            int room = outLimit - out;
            if (room == 0) {
                break;
            }
            int end = (int) Math.min(inLimit, (long) in + room);
            int found = Ascii.indexOfLineEnding(src, in, end);
            int n = (found < 0 ? end : found) - in;
            dst.put(out, src, in, n);
            in += n;
            out += n;
            lineStart = false;
            empty = false;
        }
        src.position(in);
        dst.position(out);
    }

    /**
     * Ends the message: writes the held CR as CRLF, a CRLF if the non-empty content did not end
     * with one, and the terminator {@code .\r\n} (RFC 5321 §4.1.1.4). Writes nothing unless all
     * of it fits (at most 5 octets, so a destination with 5 octets of room always suffices). Once it succeeds the encoder is ready for the next message.
     *
     * @param dst where the bytes go
     * @return {@code true} if written, {@code false} if {@code dst} had too little room; call
     *         again with more room
     */
    public boolean finish(ByteBuffer dst) {
        boolean needsLineEnd = heldCr || (!empty && !lineStart);
        int needed = (needsLineEnd ? 2 : 0) + 3;
        if (dst.remaining() < needed) {
            return false;
        }
        if (needsLineEnd) {
            dst.put(Ascii.CR).put(Ascii.LF);
        }
        dst.put((byte) '.').put(Ascii.CR).put(Ascii.LF);
        reset();
        return true;
    }

    /** Forgets everything, including a held CR, and starts a new message. */
    public void reset() {
        lineStart = true;
        heldCr = false;
        empty = true;
    }
}
