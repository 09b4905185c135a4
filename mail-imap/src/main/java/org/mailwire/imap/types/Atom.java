// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.Locale;
import java.util.Objects;

/**
 * An IMAP atom: one or more ATOM-CHARs, the form of command names, capability names, flag
 * keywords and response-code names. Compared as written; {@link #equalsIgnoreCase(Atom)} gives
 * the case-insensitive comparison that keywords and capabilities use.
 *
 * @param value the atom, at least one character of {@code %x21-7E} except atom-specials
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-4.1">RFC 9051 §4.1</a>
 */
public record Atom(String value) {

    /**
     * Checks the syntax.
     *
     * @param value the atom
     * @throws IllegalArgumentException if it is empty or holds an atom-special
     */
    public Atom {
        Objects.requireNonNull(value, "value");
        if (!ImapSyntax.allAtomChars(value)) {
            throw new IllegalArgumentException("not an IMAP atom");
        }
    }

    /**
     * Returns the atom with the given text.
     *
     * @param value the atom
     * @return the atom
     * @throws IllegalArgumentException if the text is not an atom
     */
    public static Atom of(String value) {
        return new Atom(value);
    }

    /**
     * Tells whether a string is a valid atom.
     *
     * @param value any string
     * @return {@code true} if {@link #of(String)} would accept it
     */
    public static boolean isValid(String value) {
        return ImapSyntax.allAtomChars(value);
    }

    /**
     * Compares ignoring ASCII case, as IMAP compares keywords (RFC 9051 §2.3.2) and capability
     * names (§7.2.2).
     *
     * @param other the other atom
     * @return {@code true} if both are equal ignoring case
     */
    public boolean equalsIgnoreCase(Atom other) {
        // Atoms are ASCII, so String's case folding is exactly ASCII folding here.
        return value.equalsIgnoreCase(other.value);
    }

    /**
     * Returns the atom in upper case, the canonical spelling of commands and capabilities.
     *
     * @return the upper-case form
     */
    public Atom toUpperCase() {
        return new Atom(value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
