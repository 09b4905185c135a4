// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A command tag, the client's name for one command that the server repeats in the command's
 * completion result: one or more ASTRING-CHARs other than {@code +} (so never {@code *} or
 * {@code +}, which start untagged and continuation responses).
 *
 * @param value the tag, at least one octet of {@code %x21-7E} except {@code (}, {@code )},
 *     <code>&#123;</code>, {@code %}, {@code *}, {@code "}, {@code \} and {@code +}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.2.1">RFC 9051 §2.2.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9 ({@code tag})</a>
 */
public record Tag(String value) {

    /**
     * Checks the syntax.
     *
     * @param value the tag
     * @throws IllegalArgumentException if it is empty or holds a character a tag cannot
     */
    public Tag {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not an IMAP tag");
        }
    }

    /**
     * Returns the tag with the given text.
     *
     * @param value the tag
     * @return the tag
     * @throws IllegalArgumentException if the text is not a valid tag
     */
    public static Tag of(String value) {
        return new Tag(value);
    }

    /**
     * Reads a tag from peer input without throwing.
     *
     * @param bytes the array
     * @param from  first index, inclusive
     * @param to    end, exclusive
     * @return the tag, or empty if the range is not a valid tag
     */
    public static Optional<Tag> decode(byte[] bytes, int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        if (from == to) {
            return Optional.empty();
        }
        for (int i = from; i < to; i++) {
            if (!ImapSyntax.isTagChar(bytes[i] & 0xFF)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Tag(new String(bytes, from, to - from, StandardCharsets.US_ASCII)));
    }

    private static boolean isValid(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!ImapSyntax.isTagChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
