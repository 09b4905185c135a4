// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mailwire.core.codec.Ascii;

/**
 * One piece of a framed IMAP command or response: the text of a line, or a literal. A framed
 * {@link ImapFrame.Line} alternates them, text first and last: {@code a LOGIN {5}CRLF hello
 * {6+}CRLF secret CRLF} is Text("a LOGIN "), Literal("hello"), Text(" "), Literal("secret"),
 * Text("").
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-4.3">RFC 9051 §4.3</a>
 */
public sealed interface Fragment permits Fragment.Text, Fragment.Literal, Fragment.StreamedLiteral {

    /**
     * The text of one line without its CRLF and without the literal announcement that may end
     * it. It holds no CR, LF or NUL (a line cannot carry them, RFC 9051 §9 {@code TEXT-CHAR},
     * {@code CHAR}); 8-bit octets are allowed (UTF-8, RFC 9051 §4.3).
     */
    final class Text implements Fragment {

        private final byte[] bytes;

        private Text(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * Returns text with a copy of the given octets.
         *
         * @param bytes the text
         * @return the fragment
         * @throws IllegalArgumentException if they hold CR, LF or NUL
         */
        public static Text of(byte[] bytes) {
            byte[] copy = bytes.clone();
            if (Ascii.indexOfLineEnding(copy, 0, copy.length) >= 0 || Ascii.indexOf(copy, 0, copy.length, (byte) 0) >= 0) {
                throw new IllegalArgumentException("line text cannot hold CR, LF or NUL");
            }
            return new Text(copy);
        }

        /**
         * Returns text with the given characters, encoded in UTF-8.
         *
         * @param text the text
         * @return the fragment
         * @throws IllegalArgumentException if it holds CR, LF or NUL
         */
        public static Text of(String text) {
            return of(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Wraps octets the framer has checked and copied already. */
        static Text wrap(byte[] checked) {
            return new Text(checked);
        }

        /**
         * Returns the number of octets.
         *
         * @return the length
         */
        public int length() {
            return bytes.length;
        }

        /**
         * Returns a copy of the octets.
         *
         * @return the text's octets
         */
        public byte[] toByteArray() {
            return bytes.clone();
        }

        /**
         * Returns a read-only view of the octets.
         *
         * @return a buffer over the text, position 0
         */
        public ByteBuffer asBuffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        byte[] array() {
            return bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && Arrays.equals(t.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Text[" + new String(bytes, StandardCharsets.UTF_8) + "]";
        }
    }

    /**
     * A literal held in memory, with how it was announced: {@code {n}} (synchronising),
     * {@code {n+}} (non-synchronising, RFC 7888), or with a {@code ~} prefix as {@code literal8}
     * (RFC 3516), the only kind that may carry NUL.
     */
    final class Literal implements Fragment {

        private final byte[] bytes;
        private final boolean synchronizing;
        private final boolean binary;

        private Literal(byte[] bytes, boolean synchronizing, boolean binary) {
            this.bytes = bytes;
            this.synchronizing = synchronizing;
            this.binary = binary;
        }

        /**
         * Returns a literal with a copy of the given octets.
         *
         * @param bytes         the content
         * @param synchronizing {@code true} for {@code {n}}, {@code false} for {@code {n+}}
         * @param binary        {@code true} for {@code literal8} ({@code ~{n}})
         * @return the fragment
         * @throws IllegalArgumentException if a literal that is not binary holds NUL
         *     (RFC 9051 §9 {@code CHAR8})
         */
        public static Literal of(byte[] bytes, boolean synchronizing, boolean binary) {
            byte[] copy = bytes.clone();
            if (!binary && Ascii.indexOf(copy, 0, copy.length, (byte) 0) >= 0) {
                throw new IllegalArgumentException("only literal8 may hold NUL");
            }
            return new Literal(copy, synchronizing, binary);
        }

        /** Wraps octets the framer has checked and filled already. */
        static Literal wrap(byte[] checked, boolean synchronizing, boolean binary) {
            return new Literal(checked, synchronizing, binary);
        }

        /**
         * Returns the number of octets.
         *
         * @return the length
         */
        public int length() {
            return bytes.length;
        }

        /**
         * Returns a copy of the octets.
         *
         * @return the content
         */
        public byte[] toByteArray() {
            return bytes.clone();
        }

        /**
         * Returns a read-only view of the octets.
         *
         * @return a buffer over the content, position 0
         */
        public ByteBuffer asBuffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }

        /**
         * Tells whether it was announced as {@code {n}}, which a server must answer with a
         * continuation request before the client sends it.
         *
         * @return {@code true} for synchronising, {@code false} for {@code {n+}}
         */
        public boolean synchronizing() {
            return synchronizing;
        }

        /**
         * Tells whether it is a {@code literal8} ({@code ~{n}}, RFC 3516 §4.2).
         *
         * @return {@code true} for {@code literal8}
         */
        public boolean binary() {
            return binary;
        }

        byte[] array() {
            return bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && l.synchronizing == synchronizing && l.binary == binary
                    && Arrays.equals(l.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 4 + (synchronizing ? 2 : 0) + (binary ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Literal[" + bytes.length + (synchronizing ? "" : "+") + (binary ? ", binary" : "") + "]";
        }
    }

    /**
     * A literal whose octets went to a {@link LiteralSink} instead of memory; only its size and
     * announcement remain. The framer does not look inside streamed literals: checking them
     * (NUL in a literal that is not binary, message syntax) is the sink's business.
     *
     * @param size          the number of octets delivered to the sink
     * @param synchronizing {@code true} for {@code {n}}, {@code false} for {@code {n+}}
     * @param binary        {@code true} for {@code literal8}
     */
    record StreamedLiteral(long size, boolean synchronizing, boolean binary) implements Fragment {

        /**
         * Checks the size.
         *
         * @param size          the number of octets, {@code >= 0}
         * @param synchronizing {@code true} for {@code {n}}
         * @param binary        {@code true} for {@code literal8}
         */
        public StreamedLiteral {
            if (size < 0) {
                throw new IllegalArgumentException("negative literal size");
            }
        }
    }
}
