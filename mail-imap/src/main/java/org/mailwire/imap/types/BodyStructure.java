// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MIME structure of a message as FETCH {@code BODY} and {@code BODYSTRUCTURE} return it:
 * a tree of single parts and multiparts. The extension data that BODYSTRUCTURE adds (MD5,
 * disposition, language, location for single parts; parameters, disposition, language, location
 * for multiparts, then any future fields) is kept in order as {@link ExtensionValue}s, so that
 * what a server sent is written back exactly; {@code BODY} has none.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2 (BODYSTRUCTURE)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9 ({@code body})</a>
 */
public sealed interface BodyStructure permits BodyStructure.SinglePart, BodyStructure.MultiPart {

    /**
     * Returns the extension data, empty for {@code BODY}.
     *
     * @return the extension fields in order
     */
    List<ExtensionValue> extension();

    /**
     * A parameter of a Content-Type: attribute and value.
     *
     * @param name  the attribute
     * @param value the value
     */
    record Parameter(String name, String value) {
        /**
         * Checks presence.
         *
         * @param name  the attribute
         * @param value the value
         */
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * What a {@code message/rfc822} (or {@code message/global}) part adds: the envelope and
     * structure of the enclosed message and its size in lines.
     *
     * @param envelope the enclosed message's envelope
     * @param body     the enclosed message's structure
     * @param lines    its size in lines
     */
    record Message(Envelope envelope, BodyStructure body, long lines) {
        /**
         * Checks the values.
         *
         * @param envelope the envelope
         * @param body     the structure
         * @param lines    the lines, {@code >= 0}
         */
        public Message {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(body, "body");
            if (lines < 0) {
                throw new IllegalArgumentException("line counts are not negative");
            }
        }
    }

    /**
     * A part that is not a multipart ({@code body-type-1part}).
     *
     * @param type        the media type, such as {@code TEXT}
     * @param subtype     the subtype, such as {@code PLAIN}
     * @param parameters  the Content-Type parameters; empty for NIL
     * @param id          the Content-ID, if any
     * @param description the Content-Description, if any
     * @param encoding    the Content-Transfer-Encoding
     * @param size        the size in octets of the encoded body
     * @param message     for {@code message/rfc822}: the enclosed message
     * @param lines       for {@code text/*} and {@code message/rfc822}: the size in lines
     * @param extension   the extension data, in order
     */
    record SinglePart(String type, String subtype, List<Parameter> parameters, Optional<String> id,
            Optional<String> description, String encoding, long size, Optional<Message> message, OptionalLong lines,
            List<ExtensionValue> extension) implements BodyStructure {
        /**
         * Checks the values.
         *
         * @param type        the type
         * @param subtype     the subtype
         * @param parameters  the parameters
         * @param id          the Content-ID
         * @param description the description
         * @param encoding    the encoding
         * @param size        the size, {@code >= 0}
         * @param message     the enclosed message, with lines
         * @param lines       the lines
         * @param extension   the extension data
         */
        public SinglePart {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(subtype, "subtype");
            parameters = List.copyOf(parameters);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(lines, "lines");
            extension = List.copyOf(extension);
            if (size < 0) {
                throw new IllegalArgumentException("sizes are not negative");
            }
            if (message.isPresent() && lines.isPresent()) {
                throw new IllegalArgumentException("a message part carries its lines in the Message");
            }
        }
    }

    /**
     * A multipart ({@code body-type-mpart}).
     *
     * @param parts     the parts, at least one
     * @param subtype   the subtype, such as {@code MIXED}
     * @param extension the extension data, in order (parameters first)
     */
    record MultiPart(List<BodyStructure> parts, String subtype, List<ExtensionValue> extension)
            implements BodyStructure {
        /**
         * Checks and copies.
         *
         * @param parts     at least one part
         * @param subtype   the subtype
         * @param extension the extension data
         */
        public MultiPart {
            parts = List.copyOf(parts);
            Objects.requireNonNull(subtype, "subtype");
            extension = List.copyOf(extension);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a multipart has at least one part");
            }
        }
    }
}
