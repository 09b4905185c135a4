// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One data item a FETCH asks for: a simple item such as {@code FLAGS} or {@code ENVELOPE}, a
 * body section ({@code BODY[section]<partial>}, {@code BODY.PEEK[...]}), a decoded section of
 * BINARY ({@code BINARY[part]<partial>}, {@code BINARY.PEEK[...]}) or its size
 * ({@code BINARY.SIZE[part]}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3516#section-4.2">RFC 3516 §4.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7162#section-3.1.4">RFC 7162 §3.1.4 ({@code MODSEQ})</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8474#section-5">RFC 8474 §5 ({@code EMAILID}, {@code THREADID})</a>
 */
public sealed interface FetchItem permits FetchItem.Simple, FetchItem.BodySection, FetchItem.Binary,
        FetchItem.BinarySize {

    /**
     * Returns the wire form.
     *
     * @return for example {@code BODY.PEEK[HEADER]<0.100>}
     */
    String wire();

    /** The items without arguments. */
    enum Simple implements FetchItem {
        /** {@code FLAGS}. */
        FLAGS("FLAGS"),
        /** {@code INTERNALDATE}. */
        INTERNALDATE("INTERNALDATE"),
        /** {@code RFC822.SIZE}. */
        RFC822_SIZE("RFC822.SIZE"),
        /** {@code ENVELOPE}. */
        ENVELOPE("ENVELOPE"),
        /** {@code BODYSTRUCTURE}: the structure with extension data. */
        BODYSTRUCTURE("BODYSTRUCTURE"),
        /** {@code BODY} without a section: the structure without extension data. */
        BODY("BODY"),
        /** {@code UID}. */
        UID("UID"),
        /** {@code MODSEQ} (CONDSTORE, RFC 7162 §3.1.4). */
        MODSEQ("MODSEQ"),
        /** {@code RFC822}: IMAP4rev1 only, as {@code BODY[]}. */
        RFC822("RFC822"),
        /** {@code RFC822.HEADER}: IMAP4rev1 only, as {@code BODY.PEEK[HEADER]}. */
        RFC822_HEADER("RFC822.HEADER"),
        /** {@code RFC822.TEXT}: IMAP4rev1 only, as {@code BODY[TEXT]}. */
        RFC822_TEXT("RFC822.TEXT"),
        /** {@code EMAILID}: the message's immutable id (OBJECTID, RFC 8474 §5.1). */
        EMAILID("EMAILID"),
        /** {@code THREADID}: the thread's id (OBJECTID, RFC 8474 §5.2). */
        THREADID("THREADID");

        private final String wire;

        Simple(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        /**
         * Finds an item by its wire name, in any case.
         *
         * @param name the name
         * @return the item, if there is one of that name
         */
        public static Optional<Simple> byName(String name) {
            for (Simple s : values()) {
                if (s.wire.equalsIgnoreCase(name)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * {@code BODY[section]<partial>}, or {@code BODY.PEEK[...]}, which leaves {@code \Seen} alone.
     *
     * @param section the section
     * @param partial the octet range, if any
     * @param peek    {@code true} for {@code BODY.PEEK}
     */
    record BodySection(Section section, Optional<Partial> partial, boolean peek) implements FetchItem {
        /**
         * Checks presence.
         *
         * @param section the section
         * @param partial the range, if any
         * @param peek    whether to peek
         */
        public BodySection {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(partial, "partial");
        }

        @Override
        public String wire() {
            return (peek ? "BODY.PEEK[" : "BODY[") + section.wire() + "]" + partial.map(Partial::wire).orElse("");
        }
    }

    /**
     * {@code BINARY[part]<partial>} or {@code BINARY.PEEK[...]}: a part with its content transfer
     * encoding undone (RFC 3516 §4.2).
     *
     * @param part    the part numbers, each 1 to 4294967295; empty for the whole message
     * @param partial the octet range, if any
     * @param peek    {@code true} for {@code BINARY.PEEK}
     */
    record Binary(List<Long> part, Optional<Partial> partial, boolean peek) implements FetchItem {
        /**
         * Checks and copies.
         *
         * @param part    the part path
         * @param partial the range, if any
         * @param peek    whether to peek
         */
        public Binary {
            part = checkPart(part);
            Objects.requireNonNull(partial, "partial");
        }

        @Override
        public String wire() {
            return (peek ? "BINARY.PEEK[" : "BINARY[") + path(part) + "]" + partial.map(Partial::wire).orElse("");
        }
    }

    /**
     * {@code BINARY.SIZE[part]}: the size of a part once decoded (RFC 3516 §4.2).
     *
     * @param part the part numbers; empty for the whole message
     */
    record BinarySize(List<Long> part) implements FetchItem {
        /**
         * Checks and copies.
         *
         * @param part the part path
         */
        public BinarySize {
            part = checkPart(part);
        }

        @Override
        public String wire() {
            return "BINARY.SIZE[" + path(part) + "]";
        }
    }

    private static List<Long> checkPart(List<Long> part) {
        List<Long> copy = List.copyOf(part);
        for (long p : copy) {
            if (p < 1 || p > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("part numbers are 1 to 4294967295");
            }
        }
        return copy;
    }

    private static String path(List<Long> part) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < part.size(); i++) {
            sb.append(i == 0 ? "" : ".").append(part.get(i));
        }
        return sb.toString();
    }
}
