// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.nio.ByteBuffer;

/**
 * A streaming decoder of the quoted-printable content transfer encoding (RFC 2045 §6.7), fed
 * chunks split anywhere.
 *
 * <p>{@code =XX} gives a byte (either case of hex), {@code =} before a line end (with whitespace
 * between, §6.7 rule 3) is a soft line break, whitespace at the end of a line is dropped (rule 3,
 * it may have been added in transport), line ends are kept as they are. Malformed escapes such as
 * {@code =ZZ} are kept literally and {@link #sawMalformed()} tells; a trailing {@code =} at the end
 * of the body is dropped and flagged. Trailing whitespace is held back at most
 * {@link #MAX_PENDING_SPACE} bytes, after which it is written as data.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045#section-6.7">RFC 2045 §6.7</a>
 */
public final class QuotedPrintableDecoder {

    /** Whitespace held back in case the line ends after it. */
    public static final int MAX_PENDING_SPACE = 256;

    /** Room {@link #decode(ByteBuffer, ByteBuffer)} needs in its output to make progress. */
    public static final int MIN_ROOM = MAX_PENDING_SPACE + 4;

    private enum State { TEXT, CR, EQUALS, EQUALS_CR, EQUALS_HEX, EQUALS_SPACE }

    private State state = State.TEXT;
    private final byte[] space = new byte[MAX_PENDING_SPACE];
    private int spaceLength;
    private int hi;
    private byte hiChar;
    private boolean malformed;

    private QuotedPrintableDecoder() {
    }

    /**
     * Creates a decoder.
     *
     * @return a decoder at the start of a body
     */
    public static QuotedPrintableDecoder create() {
        return new QuotedPrintableDecoder();
    }

    /**
     * Decodes as much of {@code in} as fits into {@code out}; progress needs {@link #MIN_ROOM}
     * bytes of room.
     *
     * @param in  encoded bytes; its position moves past what was read
     * @param out where decoded bytes go
     */
    public void decode(ByteBuffer in, ByteBuffer out) {
        while (in.hasRemaining() && out.remaining() >= MIN_ROOM) {
            step(in.get(), out);
        }
    }

    private void step(byte b, ByteBuffer out) {
        switch (state) {
            case TEXT -> text(b, out);
            case CR -> {
                state = State.TEXT;
                if (b == '\n') {
                    // A hard line break: whitespace before it was transport padding (rule 3).
                    spaceLength = 0;
                    out.put((byte) '\r').put((byte) '\n');
                } else {
                    flushSpace(out);
                    out.put((byte) '\r');
                    text(b, out);
                }
            }
            case EQUALS -> {
                int value = EncodedWords.hexDigit((char) (b & 0xff));
                if (value >= 0) {
                    hi = value;
                    hiChar = b;
                    state = State.EQUALS_HEX;
                } else if (b == '\r') {
                    state = State.EQUALS_CR;
                } else if (b == '\n') {
                    state = State.TEXT;
                } else if (b == ' ' || b == '\t') {
                    state = State.EQUALS_SPACE;
                } else {
                    malformed(out);
                    text(b, out);
                }
            }
            case EQUALS_SPACE -> {
                if (b == '\r') {
                    state = State.EQUALS_CR;
                } else if (b == '\n') {
                    state = State.TEXT;
                } else if (b != ' ' && b != '\t') {
                    malformed(out);
                    text(b, out);
                }
            }
            case EQUALS_CR -> {
                state = State.TEXT;
                if (b != '\n') {
                    malformed(out);
                    out.put((byte) '\r');
                    text(b, out);
                }
            }
            case EQUALS_HEX -> {
                int value = EncodedWords.hexDigit((char) (b & 0xff));
                state = State.TEXT;
                if (value >= 0) {
                    out.put((byte) (hi << 4 | value));
                } else {
                    malformed(out);
                    out.put(hiChar);
                    text(b, out);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private void malformed(ByteBuffer out) {
        malformed = true;
        state = State.TEXT;
        out.put((byte) '=');
    }

    private void text(byte b, ByteBuffer out) {
        if (b == ' ' || b == '\t') {
            if (spaceLength == MAX_PENDING_SPACE) {
                flushSpace(out);
            }
            space[spaceLength++] = b;
            return;
        }
        if (b == '\r') {
            state = State.CR;
            return;
        }
        if (b == '\n') {
            spaceLength = 0;
            out.put(b);
            return;
        }
        flushSpace(out);
        if (b == '=') {
            state = State.EQUALS;
        } else {
            out.put(b);
        }
    }

    private void flushSpace(ByteBuffer out) {
        out.put(space, 0, spaceLength);
        spaceLength = 0;
    }

    /**
     * Ends the body: drops trailing whitespace and a trailing {@code =}, writes a held-back CR or
     * an unfinished escape.
     *
     * @param out where the last bytes go; needs {@link #MIN_ROOM} bytes of room
     */
    public void finish(ByteBuffer out) {
        switch (state) {
            case CR -> out.put((byte) '\r');
            case EQUALS, EQUALS_SPACE -> malformed = true;
            case EQUALS_CR -> {
                malformed = true;
                out.put((byte) '=').put((byte) '\r');
            }
            case EQUALS_HEX -> {
                malformed = true;
                out.put((byte) '=').put(hiChar);
            }
            default -> {
            }
        }
        spaceLength = 0;
        state = State.TEXT;
    }

    /**
     * Tells whether a malformed escape was met.
     *
     * @return whether the input was not clean quoted-printable
     */
    public boolean sawMalformed() {
        return malformed;
    }
}
