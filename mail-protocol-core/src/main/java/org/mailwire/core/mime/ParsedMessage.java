// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one pass of {@link MimeParser} learnt about a message: its header fields, envelope, body
 * structure, byte ranges, and the problems met on the way.
 *
 * @param headers  the fields of the message header, in order (a block over the limits keeps the
 *                 fields before the limit)
 * @param envelope the IMAP envelope (RFC 9051 §7.5.2)
 * @param body     the IMAP body structure
 * @param header   the header, its ending empty line included ({@code BODY[HEADER]})
 * @param text     the body ({@code BODY[TEXT]})
 * @param size     the size of the message in bytes
 * @param problems what was malformed or past a limit
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 */
public record ParsedMessage(List<HeaderField> headers, Envelope envelope, BodyStructure body, ByteRange header,
        ByteRange text, long size, Set<MimeProblem> problems) {

    /** Copies the lists and sets. */
    public ParsedMessage {
        headers = List.copyOf(headers);
        problems = problems.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(problems));
    }

    /**
     * Returns the header fields with a name, in order.
     *
     * @param name a field name, any case
     * @return the matching fields
     */
    public List<HeaderField> headers(String name) {
        List<HeaderField> out = new ArrayList<>();
        for (HeaderField field : headers) {
            if (field.hasName(name)) {
                out.add(field);
            }
        }
        return out;
    }

    /**
     * Finds a part by its IMAP part number.
     *
     * @param number a part number such as {@code "2.1"}
     * @return the part, if the message has it
     */
    public Optional<BodyStructure> part(String number) {
        return find(body, number);
    }

    private static Optional<BodyStructure> find(BodyStructure node, String number) {
        if (node.partNumber().equals(number) && !(node instanceof BodyStructure.Multipart && number.isEmpty())) {
            return Optional.of(node);
        }
        if (!number.isEmpty() && !node.partNumber().isEmpty() && !number.startsWith(node.partNumber() + ".")) {
            return Optional.empty();
        }
        if (node instanceof BodyStructure.Multipart multipart) {
            for (BodyStructure part : multipart.parts()) {
                Optional<BodyStructure> found = find(part, number);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node instanceof BodyStructure.MessagePart message) {
            return find(message.message(), number);
        }
        return Optional.empty();
    }

    /**
     * Resolves an IMAP section specifier without field lists to the bytes it names (RFC 9051
     * §6.4.5): {@code ""} (the whole message), {@code HEADER}, {@code TEXT}, {@code 1.2},
     * {@code 1.2.MIME}, and {@code n.HEADER} / {@code n.TEXT} of a {@code message/rfc822} part.
     * {@code HEADER.FIELDS} lists filter the {@code HEADER} range with {@link HeaderFieldFilter}.
     *
     * @param section the section specifier, case-insensitive
     * @return the byte range, or empty when the message has no such section
     */
    public Optional<ByteRange> section(String section) {
        if (section.isEmpty()) {
            return Optional.of(new ByteRange(0, size));
        }
        int dot = lastNumberEnd(section);
        String number = section.substring(0, dot);
        String suffix = dot < section.length() ? section.substring(dot == 0 ? 0 : dot + 1) : "";
        if (number.isEmpty()) {
            return switch (suffix.toUpperCase(java.util.Locale.ROOT)) {
                case "HEADER" -> Optional.of(header);
                case "TEXT" -> Optional.of(text);
                default -> Optional.empty();
            };
        }
        Optional<BodyStructure> part = part(number);
        if (part.isEmpty() && number.equals("1") && body instanceof BodyStructure.SinglePart) {
            part = Optional.of(body);
        }
        if (part.isEmpty()) {
            return Optional.empty();
        }
        BodyStructure found = part.get();
        return switch (suffix.toUpperCase(java.util.Locale.ROOT)) {
            case "" -> Optional.of(found.body());
            case "MIME" -> Optional.of(found.header());
            case "HEADER" -> found instanceof BodyStructure.MessagePart message
                    ? Optional.of(message.messageHeader()) : Optional.empty();
            case "TEXT" -> found instanceof BodyStructure.MessagePart message
                    ? Optional.of(message.messageText()) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Returns the length of the leading dotted part number of a section ("1.2" of "1.2.MIME"). */
    private static int lastNumberEnd(String section) {
        int end = 0;
        int i = 0;
        while (i < section.length()) {
            int start = i;
            while (i < section.length() && section.charAt(i) >= '0' && section.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                break;
            }
            end = i;
            if (i < section.length() && section.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        return end;
    }
}
