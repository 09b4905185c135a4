// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Tag;

/**
 * A server response as the server encodes it. This first slice covers the status responses,
 * {@code CAPABILITY}, {@code EXISTS}, {@code EXPUNGE}, {@code FLAGS} and continuation requests;
 * the values cannot hold CR, LF or NUL, so an encoded response is always exactly one line.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7">RFC 9051 §7</a>
 */
public sealed interface ImapResponse {

    /**
     * Returns the response as it travels, CRLF included.
     *
     * @return the wire octets
     */
    byte[] toBytes();

    /**
     * Writes the response into a buffer.
     *
     * @param out the buffer, advanced past the response
     * @throws java.nio.BufferOverflowException if it does not fit
     */
    default void writeTo(ByteBuffer out) {
        out.put(toBytes());
    }

    /** The kinds of status response (RFC 9051 §7.1). */
    enum Kind {
        /** Success; tagged or untagged. */
        OK,
        /** Operational failure; tagged or untagged. */
        NO,
        /** Protocol error; tagged or untagged. */
        BAD,
        /** Greeting of a pre-authenticated connection; untagged only. */
        PREAUTH,
        /** The server is closing the connection; untagged only. */
        BYE
    }

    /**
     * A status response: {@code tag OK [code] text}, {@code * NO text}, {@code * BYE text}...
     *
     * @param tag  the tag of the command it completes, or empty for an untagged response
     * @param kind the kind; PREAUTH and BYE are never tagged
     * @param code the response code, if any
     * @param text the human-readable text: no CR, LF or NUL; without a code it cannot start with
     *             {@code [}, which a client would read as one
     */
    record Status(Optional<Tag> tag, Kind kind, Optional<ResponseCode> code, String text) implements ImapResponse {

        /**
         * Checks the values.
         *
         * @param tag  the tag, if tagged
         * @param kind the kind
         * @param code the code, if any
         * @param text the text
         * @throws IllegalArgumentException if PREAUTH or BYE is tagged, or the text is invalid
         */
        public Status {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(code, "code");
            checkText(text);
            if (tag.isPresent() && (kind == Kind.PREAUTH || kind == Kind.BYE)) {
                throw new IllegalArgumentException(kind + " is never tagged");
            }
            if (code.isEmpty() && text.startsWith("[")) {
                throw new IllegalArgumentException("text without a code cannot start with [");
            }
        }

        /**
         * Returns a tagged response.
         *
         * @param tag  the command's tag
         * @param kind OK, NO or BAD
         * @param code the code, or {@code null} for none
         * @param text the text
         * @return the response
         */
        public static Status tagged(Tag tag, Kind kind, ResponseCode code, String text) {
            return new Status(Optional.of(tag), kind, Optional.ofNullable(code), text);
        }

        /**
         * Returns an untagged response.
         *
         * @param kind the kind
         * @param code the code, or {@code null} for none
         * @param text the text
         * @return the response
         */
        public static Status untagged(Kind kind, ResponseCode code, String text) {
            return new Status(Optional.empty(), kind, Optional.ofNullable(code), text);
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder();
            sb.append(tag.map(Tag::value).orElse("*")).append(' ').append(kind.name());
            code.ifPresent(c -> sb.append(" [").append(c.wire()).append(']'));
            // RFC 9051 §9: the SP after the code (or after the kind) is always there; IMAP4rev1
            // (RFC 3501 §9) also wants at least one character of text, so callers give some.
            sb.append(' ').append(text);
            return line(sb);
        }
    }

    /**
     * {@code * CAPABILITY ...} (RFC 9051 §7.2.2).
     *
     * @param capabilities the capabilities, at least one ({@code IMAP4rev2} must be among them
     *                     for a rev2 server)
     */
    record Capability(List<Atom> capabilities) implements ImapResponse {

        /**
         * Checks and copies.
         *
         * @param capabilities at least one capability
         */
        public Capability {
            capabilities = List.copyOf(capabilities);
            if (capabilities.isEmpty()) {
                throw new IllegalArgumentException("CAPABILITY lists at least one capability");
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* CAPABILITY ")
                    .append(capabilities.stream().map(Atom::value).collect(Collectors.joining(" "))));
        }
    }

    /**
     * {@code * n EXISTS} (RFC 9051 §7.4.1).
     *
     * @param count the number of messages, 0 to 4294967295
     */
    record Exists(long count) implements ImapResponse {

        /**
         * Checks the range.
         *
         * @param count the number of messages
         */
        public Exists {
            if (count < 0 || count > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("EXISTS count must be 0 to 4294967295: " + count);
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* ").append(count).append(" EXISTS"));
        }
    }

    /**
     * {@code * n EXPUNGE} (RFC 9051 §7.5.1).
     *
     * @param sequenceNumber the expunged message's sequence number, 1 to 4294967295
     */
    record Expunge(long sequenceNumber) implements ImapResponse {

        /**
         * Checks the range.
         *
         * @param sequenceNumber the sequence number
         */
        public Expunge {
            if (sequenceNumber < 1 || sequenceNumber > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("sequence numbers are 1 to 4294967295: " + sequenceNumber);
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* ").append(sequenceNumber).append(" EXPUNGE"));
        }
    }

    /**
     * {@code * FLAGS (...)} (RFC 9051 §7.3.5).
     *
     * @param flags the flags defined in the mailbox
     */
    record Flags(List<Flag> flags) implements ImapResponse {

        /**
         * Copies.
         *
         * @param flags the flags
         */
        public Flags {
            flags = List.copyOf(flags);
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* FLAGS ")
                    .append(flags.stream().map(Flag::wire).collect(Collectors.joining(" ", "(", ")"))));
        }
    }

    /**
     * A continuation request, {@code + text} (RFC 9051 §7.6): the answer to an accepted
     * synchronising literal, or a SASL challenge in base64.
     *
     * @param text the text or base64 challenge; may be empty ({@code "+ "})
     */
    record Continuation(String text) implements ImapResponse {

        /**
         * Checks the text.
         *
         * @param text the text
         */
        public Continuation {
            checkText(text);
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("+ ").append(text));
        }
    }

    private static void checkText(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("response text cannot hold CR, LF or NUL");
            }
        }
    }

    private static byte[] line(StringBuilder sb) {
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
