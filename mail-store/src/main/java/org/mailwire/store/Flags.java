// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of a message: system flags and keywords, an immutable value.
 *
 * <p>Keywords are IMAP atoms that do not start with a backslash (RFC 9051 §2.3.2, §9
 * {@code flag-keyword}); they are kept as given and compared exactly, which is what clients
 * that set {@code $Forwarded} or {@code $Junk} expect back.
 *
 * @param system   the system flags
 * @param keywords the keywords, each a valid IMAP atom
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.2">RFC 9051 §2.3.2, flags</a>
 */
public record Flags(Set<Flag> system, Set<String> keywords) {

    /** The longest keyword accepted; RFC 9051 sets no limit, Dovecot and Cyrus stop near here. */
    public static final int MAX_KEYWORD_LENGTH = 255;

    private static final Flags NONE = new Flags(Set.of(), Set.of());

    /**
     * Validates the keywords and copies both sets.
     *
     * @param system   see the record description
     * @param keywords see the record description
     * @throws IllegalArgumentException if a keyword is not a valid atom
     */
    public Flags {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(keywords, "keywords");
        EnumSet<Flag> copy = EnumSet.noneOf(Flag.class);
        copy.addAll(system);
        system = Collections.unmodifiableSet(copy);
        TreeSet<String> words = new TreeSet<>();
        for (String keyword : keywords) {
            checkKeyword(keyword);
            words.add(keyword);
        }
        keywords = Collections.unmodifiableSet(words);
    }

    /**
     * Returns the empty set of flags.
     *
     * @return no flags
     */
    public static Flags none() {
        return NONE;
    }

    /**
     * Returns the given system flags and no keywords.
     *
     * @param flags the system flags
     * @return the flags
     */
    public static Flags of(Flag... flags) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        Collections.addAll(set, flags);
        return new Flags(set, Set.of());
    }

    /**
     * Returns these flags with a keyword added.
     *
     * @param keyword an IMAP atom not starting with a backslash
     * @return the changed copy
     */
    public Flags withKeyword(String keyword) {
        TreeSet<String> words = new TreeSet<>(keywords);
        words.add(keyword);
        return new Flags(system, words);
    }

    /**
     * Tells whether a system flag is set.
     *
     * @param flag the flag
     * @return {@code true} if set
     */
    public boolean contains(Flag flag) {
        return system.contains(flag);
    }

    /**
     * Returns the union of these flags and others.
     *
     * @param other the flags to add
     * @return the union
     */
    public Flags plus(Flags other) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(system);
        set.addAll(other.system);
        TreeSet<String> words = new TreeSet<>(keywords);
        words.addAll(other.keywords);
        return new Flags(set, words);
    }

    /**
     * Returns these flags without others.
     *
     * @param other the flags to remove
     * @return the difference
     */
    public Flags minus(Flags other) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(system);
        set.removeAll(other.system);
        TreeSet<String> words = new TreeSet<>(keywords);
        words.removeAll(other.keywords);
        return new Flags(set, words);
    }

    /**
     * Tells whether a string is a valid keyword: a non-empty IMAP atom of at most
     * {@link #MAX_KEYWORD_LENGTH} characters, not starting with a backslash.
     *
     * @param keyword the candidate
     * @return {@code true} if valid
     */
    public static boolean isValidKeyword(String keyword) {
        if (keyword == null || keyword.isEmpty() || keyword.length() > MAX_KEYWORD_LENGTH) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            if (!isAtomChar(keyword.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9051 §9: ATOM-CHAR is any CHAR except atom-specials; a keyword has no "\" either. */
    private static boolean isAtomChar(char c) {
        if (c <= 0x20 || c >= 0x7f) {
            return false;
        }
        return switch (c) {
            case '(', ')', '{', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    private static void checkKeyword(String keyword) {
        if (!isValidKeyword(keyword)) {
            throw new IllegalArgumentException("not a valid IMAP keyword");
        }
    }

    /**
     * Collects flags named as IMAP spells them: system flags with a backslash, keywords without.
     *
     * @param names flag names
     * @return the flags
     * @throws IllegalArgumentException for an unknown backslash flag or an invalid keyword
     */
    public static Flags parse(Collection<String> names) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        TreeSet<String> words = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith("\\")) {
                set.add(Flag.byImapName(name).orElseThrow(() -> new IllegalArgumentException("unknown system flag")));
            } else {
                words.add(name);
            }
        }
        return new Flags(set, words);
    }
}
