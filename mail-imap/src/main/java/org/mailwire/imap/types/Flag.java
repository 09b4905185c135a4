// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A message flag: one of the system flags, a keyword, or a flag extension (a backslash and an
 * atom the base specification does not define, such as IMAP4rev1's {@code \Recent}).
 * Flags compare case-insensitively (RFC 9051 §2.3.2), which these values implement: a keyword's
 * {@code equals} ignores ASCII case.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.2">RFC 9051 §2.3.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9 ({@code flag})</a>
 */
public sealed interface Flag extends PermanentFlag permits Flag.System, Flag.Keyword, Flag.Extension {

    /**
     * Reads a flag from its wire text without throwing.
     *
     * @param text the text, such as {@code \Seen} or {@code $Forwarded}
     * @return the flag, or empty if the text is no valid {@code flag}
     */
    static Optional<Flag> parse(String text) {
        if (text.startsWith("\\")) {
            String name = text.substring(1);
            if (!Atom.isValid(name)) {
                return Optional.empty();
            }
            for (System s : System.values()) {
                if (s.name.equalsIgnoreCase(name)) {
                    return Optional.of(s);
                }
            }
            return Optional.of(new Extension(new Atom(name)));
        }
        return Atom.isValid(text) ? Optional.of(new Keyword(new Atom(text))) : Optional.empty();
    }

    /** The system flags of RFC 9051 §2.3.2. */
    enum System implements Flag {
        /** {@code \Answered}: the message has been answered. */
        ANSWERED("Answered"),
        /** {@code \Flagged}: the message is flagged for urgent or special attention. */
        FLAGGED("Flagged"),
        /** {@code \Deleted}: the message is marked for removal by EXPUNGE. */
        DELETED("Deleted"),
        /** {@code \Seen}: the message has been read. */
        SEEN("Seen"),
        /** {@code \Draft}: the message is not complete (marked as a draft). */
        DRAFT("Draft");

        private final String name;

        System(String name) {
            this.name = name;
        }

        @Override
        public String wire() {
            return "\\" + name;
        }
    }

    /**
     * A keyword such as {@code $Forwarded} or {@code $Junk}, compared ignoring ASCII case.
     *
     * @param name the keyword, an atom
     */
    record Keyword(Atom name) implements Flag {

        /**
         * Checks presence.
         *
         * @param name the keyword, an atom
         */
        public Keyword {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String wire() {
            return name.value();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Keyword k && k.name.equalsIgnoreCase(name);
        }

        @Override
        public int hashCode() {
            return name.value().toLowerCase(Locale.ROOT).hashCode();
        }
    }

    /**
     * A backslash flag that is not a system flag, such as {@code \Recent} (IMAP4rev1), compared
     * ignoring ASCII case.
     *
     * @param name the name after the backslash, an atom that is not a system flag's name
     */
    record Extension(Atom name) implements Flag {

        /**
         * Checks that the name is not a system flag's.
         *
         * @param name the name after the backslash
         * @throws IllegalArgumentException if it names a system flag
         */
        public Extension {
            Objects.requireNonNull(name, "name");
            for (System s : System.values()) {
                if (s.name.equalsIgnoreCase(name.value())) {
                    throw new IllegalArgumentException("a system flag is no extension flag");
                }
            }
        }

        @Override
        public String wire() {
            return "\\" + name.value();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extension e && e.name.equalsIgnoreCase(name);
        }

        @Override
        public int hashCode() {
            return name.value().toLowerCase(Locale.ROOT).hashCode();
        }
    }
}
