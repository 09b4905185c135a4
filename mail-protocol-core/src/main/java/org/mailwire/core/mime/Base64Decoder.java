// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.nio.ByteBuffer;

/**
 * A streaming decoder of the base64 content transfer encoding (RFC 2045 §6.8), fed chunks split
 * anywhere.
 *
 * <p>Lenient about layout, strict about garbage: line breaks and whitespace are skipped without
 * comment; other characters outside the alphabet are skipped too, as §6.8 asks, but
 * {@link #sawGarbage()} tells that they were there. Missing padding is fine ({@code QQ} is
 * {@code A}); decoding goes on after padding ({@code QQ==QQ==} is {@code AA}, as concatenated
 * bodies need); extra {@code =} are skipped; a lone trailing character is dropped and flagged. It
 * allocates nothing per byte and never reads past the input it is given.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045#section-6.8">RFC 2045 §6.8</a>
 */
public final class Base64Decoder {

    private int bits;
    private int count;
    private boolean garbage;

    private Base64Decoder() {
    }

    /**
     * Creates a decoder.
     *
     * @return a decoder at the start of a body
     */
    public static Base64Decoder create() {
        return new Base64Decoder();
    }

    /**
     * Decodes as much of {@code in} as fits into {@code out}; call again with more room or more
     * input. Progress needs at least 3 bytes of room.
     *
     * @param in  encoded bytes; its position moves past what was read
     * @param out where decoded bytes go
     */
    public void decode(ByteBuffer in, ByteBuffer out) {
        while (in.hasRemaining() && out.remaining() >= 3) {
            int b = in.get() & 0xff;
            int value = value(b);
            if (value >= 0) {
                bits = bits << 6 | value;
                if (++count == 4) {
                    out.put((byte) (bits >> 16)).put((byte) (bits >> 8)).put((byte) bits);
                    bits = 0;
                    count = 0;
                }
            } else if (b == '=') {
                pad(out);
            } else if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                garbage = true;
            }
        }
    }

    /** Returns the 6-bit value of a base64 alphabet byte (RFC 2045 Table 1), or -1. */
    private static int value(int b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        }
        if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        }
        if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        }
        return b == '+' ? 62 : b == '/' ? 63 : -1;
    }

    /** Ends a quantum at padding: 2 characters give 1 byte, 3 give 2, 1 is garbage. */
    private void pad(ByteBuffer out) {
        if (count == 2) {
            out.put((byte) (bits >> 4));
        } else if (count == 3) {
            out.put((byte) (bits >> 10)).put((byte) (bits >> 2));
        } else if (count == 1) {
            garbage = true;
        }
        bits = 0;
        count = 0;
    }

    /**
     * Ends the body, writing what an unpadded last quantum holds (at most 2 bytes).
     *
     * @param out where the last bytes go; needs 2 bytes of room
     */
    public void finish(ByteBuffer out) {
        pad(out);
    }

    /**
     * Tells whether characters outside the base64 alphabet (other than whitespace) or a lone
     * trailing character were skipped.
     *
     * @return whether the input was not clean base64
     */
    public boolean sawGarbage() {
        return garbage;
    }
}
