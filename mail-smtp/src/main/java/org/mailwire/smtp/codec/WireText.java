// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes text as UTF-8 straight into a buffer, one character at a time, so that encoders need
 * no intermediate byte array. Refuses CR, LF and NUL as a last line of defence: values cannot
 * hold them, so this never fires unless a value's checks are broken (SECURITY-CASES SMTPC-01).
 */
final class WireText {

    private WireText() {
    }

    /** Returns the UTF-8 length of {@code text}, which holds no unpaired surrogates. */
    static int length(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes {@code text} as UTF-8; the caller has checked that {@link #length} octets fit. */
    static void put(CharSequence text, ByteBuffer dst) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("CR, LF or NUL in protocol text");
                }
                dst.put((byte) c);
            } else if (c < 0x800) {
                dst.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                dst.put((byte) (0xF0 | cp >> 18)).put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F)).put((byte) (0x80 | cp & 0x3F));
            } else {
                dst.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | c >> 6 & 0x3F)).put((byte) (0x80 | c & 0x3F));
            }
        }
    }

    /** Throws before anything is written if {@code needed} octets do not fit. */
    static void ensureRoom(ByteBuffer dst, int needed) {
        if (dst.remaining() < needed) {
            throw new BufferOverflowException();
        }
    }

    /** Returns a buffer of at least {@code needed} octets, {@code current} if it is large enough, cleared. */
    static ByteBuffer reuse(ByteBuffer current, int needed) {
        if (current.capacity() >= needed) {
            return current.clear();
        }
        return ByteBuffer.allocate(Math.max(needed, current.capacity() * 2));
    }
}
