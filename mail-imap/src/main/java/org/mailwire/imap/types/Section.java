// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a message a FETCH {@code BODY[...]} names: a path of part numbers ({@code 1.2.3}),
 * then optionally what to take of that part: its header, some header fields, its text or (for
 * a part, never the whole message) its MIME header. {@code BODY[]} is the empty path with no text
 * specifier.
 *
 * @param part   the part numbers, each 1 to 4294967295; empty for the whole message
 * @param text   what to take, if anything but the whole part
 * @param fields the header field names of {@link Text#HEADER_FIELDS} and
 *               {@link Text#HEADER_FIELDS_NOT}, at least one, ASCII atoms or strings; empty for
 *               every other specifier
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9 ({@code section})</a>
 */
public record Section(List<Long> part, Optional<Text> text, List<String> fields) {

    /** {@code []}: the whole message. */
    public static final Section ALL = new Section(List.of(), Optional.empty(), List.of());

    /** What a section takes of its part (RFC 9051 §9 {@code section-text}). */
    public enum Text {
        /** {@code HEADER}: the header, with the blank line after it. */
        HEADER("HEADER"),
        /** {@code HEADER.FIELDS (...)}: only the named fields. */
        HEADER_FIELDS("HEADER.FIELDS"),
        /** {@code HEADER.FIELDS.NOT (...)}: all fields but the named ones. */
        HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"),
        /** {@code TEXT}: the body, without the header. */
        TEXT("TEXT"),
        /** {@code MIME}: the MIME header of a part; needs a part path. */
        MIME("MIME");

        private final String wire;

        Text(String wire) {
            this.wire = wire;
        }

        /**
         * Returns the wire form.
         *
         * @return for example {@code HEADER.FIELDS}
         */
        public String wire() {
            return wire;
        }
    }

    /**
     * Checks the combination.
     *
     * @param part   the part path
     * @param text   the specifier, if any
     * @param fields the field names, exactly for the HEADER.FIELDS specifiers
     * @throws IllegalArgumentException if a part number is out of range, MIME has no part path,
     *     fields are given to a specifier that takes none or missing from one that needs them,
     *     or a field name is empty or holds a character other than printable ASCII
     */
    public Section {
        part = List.copyOf(part);
        Objects.requireNonNull(text, "text");
        fields = List.copyOf(fields);
        for (long p : part) {
            if (p < 1 || p > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("part numbers are 1 to 4294967295");
            }
        }
        boolean needsFields = text.isPresent()
                && (text.get() == Text.HEADER_FIELDS || text.get() == Text.HEADER_FIELDS_NOT);
        if (needsFields == fields.isEmpty()) {
            throw new IllegalArgumentException("only HEADER.FIELDS and HEADER.FIELDS.NOT name fields, at least one");
        }
        if (text.isPresent() && text.get() == Text.MIME && part.isEmpty()) {
            throw new IllegalArgumentException("MIME needs a part path");
        }
        for (String f : fields) {
            // Header field names are printable ASCII without colon (RFC 5322 §3.6.8).
            if (f.isEmpty() || f.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F || c == ':')) {
                throw new IllegalArgumentException("not a header field name: " + f);
            }
        }
    }

    /**
     * Returns a section of a part path and a specifier without fields.
     *
     * @param text the specifier, or {@code null} for the whole part
     * @param part the part numbers
     * @return the section
     */
    public static Section of(Text text, long... part) {
        return new Section(java.util.Arrays.stream(part).boxed().toList(), Optional.ofNullable(text), List.of());
    }

    /**
     * Returns the wire form between the brackets, the field names in the lightest string form.
     *
     * @return for example {@code 1.2.HEADER.FIELDS (DATE FROM)}
     */
    public String wire() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < part.size(); i++) {
            sb.append(i == 0 ? "" : ".").append(part.get(i));
        }
        text.ifPresent(t -> {
            sb.append(part.isEmpty() ? "" : ".").append(t.wire());
            if (!fields.isEmpty()) {
                sb.append(" (");
                for (int i = 0; i < fields.size(); i++) {
                    String f = fields.get(i);
                    sb.append(i == 0 ? "" : " ");
                    if (ImapSyntax.allAStringChars(f)) {
                        sb.append(f);
                    } else {
                        sb.append('"').append(f.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                    }
                }
                sb.append(')');
            }
        });
        return sb.toString();
    }
}
