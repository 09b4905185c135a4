// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.types.Tag;

/**
 * What one {@link ImapFramer#next(java.nio.ByteBuffer)} call found: a complete command or
 * response with its literals, a need for more input, a decision the caller must make about a
 * literal, or a typed failure telling the caller what to answer. Each value's documentation says
 * what the caller MUST do next.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.2">RFC 9051 §2.2</a>
 */
public sealed interface ImapFrame {

    /** The shared "need more input" value. */
    NeedInput NEED_INPUT = NeedInput.INSTANCE;

    /**
     * A complete command (server side) or response (client side): its lines' text and the
     * literals between them, from the first octet to the final CRLF. The caller parses it.
     *
     * @param fragments text and literals alternating, text first and last
     */
    record Line(List<Fragment> fragments) implements ImapFrame {

        /**
         * Checks the alternation.
         *
         * @param fragments text and literals alternating, text first and last
         * @throws IllegalArgumentException if the list is empty, or text and literals do not
         *     alternate starting and ending with text
         */
        public Line {
            fragments = List.copyOf(fragments);
            if (fragments.size() % 2 == 0) {
                throw new IllegalArgumentException("a line alternates text and literals, text first and last");
            }
            for (int i = 0; i < fragments.size(); i++) {
                boolean text = fragments.get(i) instanceof Fragment.Text;
                if (text != (i % 2 == 0)) {
                    throw new IllegalArgumentException("a line alternates text and literals, text first and last");
                }
            }
        }

        /**
         * Returns a line of text only.
         *
         * @param text the line without CRLF
         * @return the line
         * @throws IllegalArgumentException if it holds CR, LF or NUL
         */
        public static Line of(String text) {
            return new Line(List.of(Fragment.Text.of(text)));
        }

        /**
         * Returns the text of the first line: for a command, the tag, the command name and the
         * arguments up to the first literal.
         *
         * @return the first text fragment
         */
        public Fragment.Text first() {
            return (Fragment.Text) fragments.get(0);
        }

        /**
         * Writes the line as it travels: each text, each literal's announcement and CRLF and
         * octets, and the final CRLF. A client sending synchronising literals must wait for the
         * server's continuation request after each announcement; this form is what the server
         * sees once it has answered them.
         *
         * @return the wire octets
         * @throws IllegalStateException if it holds a {@link Fragment.StreamedLiteral}, whose
         *     octets are gone
         */
        public byte[] toBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Fragment f : fragments) {
                if (f instanceof Fragment.Text t) {
                    out.write(t.array(), 0, t.length());
                } else if (f instanceof Fragment.Literal l) {
                    announce(out, l.length(), l.synchronizing(), l.binary());
                    out.write(l.array(), 0, l.length());
                } else {
                    throw new IllegalStateException("a streamed literal cannot be written again");
                }
            }
            out.write('\r');
            out.write('\n');
            return out.toByteArray();
        }

        /** Writes a literal announcement: {@code [~]{n[+]}} and CRLF. */
        private static void announce(ByteArrayOutputStream out, long size, boolean synchronizing, boolean binary) {
            if (binary) {
                out.write('~');
            }
            out.write('{');
            byte[] digits = Long.toString(size).getBytes(StandardCharsets.US_ASCII);
            out.write(digits, 0, digits.length);
            if (!synchronizing) {
                out.write('+');
            }
            out.write('}');
            out.write('\r');
            out.write('\n');
        }
    }

    /** All input was consumed without completing anything: read more, then call again. */
    enum NeedInput implements ImapFrame {
        /** The only value. */
        INSTANCE
    }

    /**
     * A command announced a synchronising literal ({@code {n}} or {@code ~{n}}) within the
     * limits. The server MUST either call {@link ImapFramer#acceptLiteral()} and send a
     * continuation request ({@code + Ready}), or call {@link ImapFramer#rejectLiteral()} and send
     * a tagged {@code NO} or {@code BAD}, which ends the command (RFC 9051 §4.3, §7.5).
     *
     * @param tag    the command's tag, if it has a valid one
     * @param size   the announced size
     * @param binary {@code true} for {@code literal8}
     */
    record ContinuationRequired(Optional<Tag> tag, long size, boolean binary) implements ImapFrame {

        /**
         * Checks the values.
         *
         * @param tag    the command's tag, if it has a valid one
         * @param size   the announced size, {@code >= 0}
         * @param binary {@code true} for {@code literal8}
         */
        public ContinuationRequired {
            Objects.requireNonNull(tag, "tag");
            if (size < 0) {
                throw new IllegalArgumentException("negative literal size");
            }
        }
    }

    /**
     * A literal larger than {@link ImapLimits#maxInMemoryLiteralSize()} is about to arrive. The
     * caller MUST call {@link ImapFramer#streamLiteral(LiteralSink)} before calling
     * {@code next} again; the literal then appears in the line as a
     * {@link Fragment.StreamedLiteral}.
     *
     * @param size          the announced size
     * @param synchronizing {@code true} for {@code {n}}
     * @param binary        {@code true} for {@code literal8}
     */
    record LiteralStart(long size, boolean synchronizing, boolean binary) implements ImapFrame {

        /**
         * Checks the size.
         *
         * @param size          the announced size, {@code >= 0}
         * @param synchronizing {@code true} for {@code {n}}
         * @param binary        {@code true} for {@code literal8}
         */
        public LiteralStart {
            if (size < 0) {
                throw new IllegalArgumentException("negative literal size");
            }
        }
    }

    /**
     * A failure: the peer broke a limit or the framing. The caller MUST answer it (a server:
     * tagged {@code BAD} for the failure's tag, else untagged {@code * BAD}; {@code NO [TOOBIG]}
     * may replace {@code BAD} for sizes, RFC 9051 §7.1) and, if {@link #closeConnection()}, close
     * after a {@code * BYE}. The framer has already dropped the command and resynchronises by
     * itself (see {@link ImapFramer}).
     */
    sealed interface Failure extends ImapFrame permits LineTooLong, LiteralTooLarge, CommandTooLarge, Malformed {

        /**
         * Returns the failed command's tag, if its first line started with a valid one.
         *
         * @return the tag, or empty
         */
        Optional<Tag> tag();

        /**
         * Tells whether the framer cannot find the end of the failed command, so the
         * connection must close: a rejected non-synchronising literal too large to skip. The
         * framer then ignores all further input.
         *
         * @return {@code true} if the caller must close
         */
        boolean closeConnection();

        /**
         * Returns the reply a server sends for this failure: tagged if the command had a valid
         * tag, else untagged. Sizes get {@code [TOOBIG]} (RFC 9051 §7.1): {@code NO} for a
         * synchronising literal the client has not sent (the RFC 9051 §7.1 example), {@code BAD}
         * for everything the client sent regardless (RFC 7888, LITERAL-, for non-synchronising literals).
         * If {@link #closeConnection()}, a {@code * BYE} must follow.
         *
         * @return the status response to send
         */
        default ImapResponse.Status reply() {
            ImapResponse.Kind kind = ImapResponse.Kind.BAD;
            ResponseCode code = ResponseCode.tooBig();
            String text;
            if (this instanceof LineTooLong) {
                text = "Line too long";
            } else if (this instanceof LiteralTooLarge literal) {
                text = "Literal too large";
                if (literal.synchronizing()) {
                    kind = ImapResponse.Kind.NO;
                }
            } else if (this instanceof CommandTooLarge) {
                text = "Command too large";
            } else {
                code = null;
                text = switch (((Malformed) this).reason()) {
                    case BARE_CR -> "CR without LF";
                    case BARE_LF -> "LF without CR";
                    case NUL_IN_LINE -> "NUL in command";
                    case NUL_IN_LITERAL -> "NUL in a literal that is not literal8";
                    case NON_SYNC_LITERAL_IN_RESPONSE -> "Non-synchronizing literal in a response";
                };
            }
            return new ImapResponse.Status(tag(), kind, Optional.ofNullable(code), text);
        }
    }

    /**
     * A line is longer than {@link ImapLimits#maxLineLength()}. Reported as soon as the first
     * octet past the limit arrives; the rest of the command is discarded.
     *
     * @param tag             the command's tag, if it has a valid one
     * @param closeConnection always {@code false}: the framer finds the end of the line
     */
    record LineTooLong(Optional<Tag> tag, boolean closeConnection) implements Failure {

        /**
         * Checks presence.
         *
         * @param tag             the command's tag, if it has a valid one
         * @param closeConnection whether the caller must close
         */
        public LineTooLong {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * A literal's announced size exceeds the applicable limit (pre- or post-authentication, the
     * non-synchronising cap of LITERAL-), or does not fit in 63 bits
     * ({@code {99999999999999999999}}, net-imap#681). No continuation request may be sent.
     *
     * @param tag             the command's tag, if it has a valid one
     * @param size            the announced size, {@link Long#MAX_VALUE} if it does not fit
     * @param synchronizing   {@code true} for {@code {n}}
     * @param closeConnection {@code true} if a non-synchronising literal too large to skip follows
     */
    record LiteralTooLarge(Optional<Tag> tag, long size, boolean synchronizing, boolean closeConnection)
            implements Failure {

        /**
         * Checks presence.
         *
         * @param tag             the command's tag, if it has a valid one
         * @param size            the announced size, saturated
         * @param synchronizing   {@code true} for {@code {n}}
         * @param closeConnection whether the caller must close
         */
        public LiteralTooLarge {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * A command's text and in-memory literals together exceed {@link ImapLimits#maxCommandSize()}.
     *
     * @param tag             the command's tag, if it has a valid one
     * @param closeConnection {@code true} if a non-synchronising literal too large to skip follows
     */
    record CommandTooLarge(Optional<Tag> tag, boolean closeConnection) implements Failure {

        /**
         * Checks presence.
         *
         * @param tag             the command's tag, if it has a valid one
         * @param closeConnection whether the caller must close
         */
        public CommandTooLarge {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * Framing the peer got wrong: a bare CR or LF, NUL in a line or in a literal that is not
     * {@code literal8} (Dovecot CVE-2019-11500), a non-synchronising literal in a response.
     *
     * @param tag             the command's tag, if it has a valid one
     * @param reason          what was wrong
     * @param closeConnection {@code true} if a non-synchronising literal too large to skip follows
     */
    record Malformed(Optional<Tag> tag, Reason reason, boolean closeConnection) implements Failure {

        /**
         * Checks presence.
         *
         * @param tag             the command's tag, if it has a valid one
         * @param reason          what was wrong
         * @param closeConnection whether the caller must close
         */
        public Malformed {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(reason, "reason");
        }

        /** What was malformed. */
        public enum Reason {
            /** A CR not followed by LF (RFC 9051 §2.2: lines end with CRLF). */
            BARE_CR,
            /** An LF not preceded by CR. */
            BARE_LF,
            /** NUL in the text of a line (RFC 9051 §9 {@code CHAR}; Dovecot CVE-2019-11500). */
            NUL_IN_LINE,
            /** NUL in a literal that is not {@code literal8} (RFC 9051 §9 {@code CHAR8}). */
            NUL_IN_LITERAL,
            /** A server sent {@code {n+}}, which only clients may send (RFC 7888). */
            NON_SYNC_LITERAL_IN_RESPONSE
        }
    }
}
