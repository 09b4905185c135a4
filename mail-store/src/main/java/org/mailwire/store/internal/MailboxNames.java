// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.util.ArrayList;
import java.util.List;
import org.mailwire.store.InvalidMailboxNameException;
import org.mailwire.store.UserMailboxes;

/**
 * Mailbox name rules: validation, the case-insensitive INBOX, and superiors in the hierarchy.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-5.1">RFC 9051 §5.1, mailbox naming</a>
 */
public final class MailboxNames {

    /** The longest name accepted, in characters; a bound for storage and for LIST replies. */
    public static final int MAX_LENGTH = 1000;

    private MailboxNames() {
    }

    /**
     * Validates a name and spells INBOX, as a whole name or as a first level, in upper case.
     *
     * @param name the name as given
     * @return the canonical name
     * @throws InvalidMailboxNameException if the name is empty, too long, has empty levels,
     *                                     control characters or LIST wildcards
     */
    public static String canonical(String name) throws InvalidMailboxNameException {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new InvalidMailboxNameException("mailbox name empty or too long");
        }
        char delimiter = UserMailboxes.DELIMITER;
        if (name.charAt(0) == delimiter || name.charAt(name.length() - 1) == delimiter) {
            throw new InvalidMailboxNameException("mailbox name starts or ends with the delimiter");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // RFC 9051 §5.1: '%' and '*' are LIST wildcards, control characters are unprintable.
            if (c < 0x20 || c == 0x7f || c == '%' || c == '*') {
                throw new InvalidMailboxNameException("mailbox name holds a forbidden character");
            }
            if (c == delimiter && name.charAt(i + 1) == delimiter) {
                throw new InvalidMailboxNameException("mailbox name has an empty level");
            }
        }
        int firstLevelEnd = name.indexOf(delimiter);
        String first = firstLevelEnd < 0 ? name : name.substring(0, firstLevelEnd);
        if (first.equalsIgnoreCase(UserMailboxes.INBOX)) {
            return UserMailboxes.INBOX + name.substring(first.length());
        }
        return name;
    }

    /**
     * Returns the superiors of a canonical name, outermost first: {@code a/b/c} gives {@code a}
     * and {@code a/b}.
     *
     * @param name a canonical name
     * @return the superior names
     */
    public static List<String> superiors(String name) {
        List<String> out = new ArrayList<>();
        for (int i = name.indexOf(UserMailboxes.DELIMITER); i >= 0; i = name.indexOf(UserMailboxes.DELIMITER, i + 1)) {
            out.add(name.substring(0, i));
        }
        return out;
    }

    /**
     * Tells whether a name is inside another in the hierarchy.
     *
     * @param name     the candidate inferior
     * @param superior the candidate superior
     * @return {@code true} if {@code name} starts with {@code superior/}
     */
    public static boolean isInferior(String name, String superior) {
        return name.length() > superior.length() + 1 && name.startsWith(superior)
                && name.charAt(superior.length()) == UserMailboxes.DELIMITER;
    }
}
