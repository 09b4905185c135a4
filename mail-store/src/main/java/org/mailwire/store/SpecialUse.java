// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.Optional;

/**
 * The special-use role of a mailbox, which clients read from LIST to find where to file sent
 * mail, drafts and so on. Every new user gets one mailbox of each role.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6154#section-2">RFC 6154 §2, special-use attributes</a>
 */
public enum SpecialUse {
    /** {@code \Sent}: copies of messages the user sent; created as "Sent". */
    SENT("\\Sent", "Sent"),
    /** {@code \Drafts}: messages being written; created as "Drafts". */
    DRAFTS("\\Drafts", "Drafts"),
    /** {@code \Trash}: messages the user deleted; created as "Trash". */
    TRASH("\\Trash", "Trash"),
    /** {@code \Junk}: messages judged spam; created as "Junk". */
    JUNK("\\Junk", "Junk"),
    /** {@code \Archive}: messages kept for reference; created as "Archive". */
    ARCHIVE("\\Archive", "Archive");

    private final String attribute;
    private final String defaultName;

    SpecialUse(String attribute, String defaultName) {
        this.attribute = attribute;
        this.defaultName = defaultName;
    }

    /**
     * Returns the LIST attribute, with its backslash.
     *
     * @return for example {@code \Sent}
     */
    public String attribute() {
        return attribute;
    }

    /**
     * Returns the name of the mailbox created with this role for a new user.
     *
     * @return for example {@code Sent}
     */
    public String defaultName() {
        return defaultName;
    }

    /**
     * Finds a role by its attribute, ignoring ASCII case.
     *
     * @param attribute for example {@code \sent}
     * @return the role, or empty if unknown
     */
    public static Optional<SpecialUse> byAttribute(String attribute) {
        for (SpecialUse use : values()) {
            if (use.attribute.equalsIgnoreCase(attribute)) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }
}
