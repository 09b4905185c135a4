// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.Optional;

/**
 * The IMAP system flags a message may carry, with their Maildir info letters.
 *
 * <p>{@code \Recent} is not here: IMAP4rev2 removed it (RFC 9051 Appendix E), and a store
 * keeping it per session would tie the model to IMAP sessions.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-2.3.2">RFC 9051 §2.3.2, flags</a>
 * @see <a href="https://cr.yp.to/proto/maildir.html">Maildir info "2," flags</a>
 */
public enum Flag {
    /** {@code \Answered}: the message was replied to (Maildir {@code R}). */
    ANSWERED("\\Answered", 'R'),
    /** {@code \Flagged}: marked for urgent or special attention (Maildir {@code F}). */
    FLAGGED("\\Flagged", 'F'),
    /** {@code \Deleted}: marked for removal by a later expunge (Maildir {@code T}, trashed). */
    DELETED("\\Deleted", 'T'),
    /** {@code \Seen}: the message was read (Maildir {@code S}). */
    SEEN("\\Seen", 'S'),
    /** {@code \Draft}: the message is a draft (Maildir {@code D}). */
    DRAFT("\\Draft", 'D');

    private final String imapName;
    private final char maildirLetter;

    Flag(String imapName, char maildirLetter) {
        this.imapName = imapName;
        this.maildirLetter = maildirLetter;
    }

    /**
     * Returns the flag as IMAP spells it, with its backslash.
     *
     * @return for example {@code \Seen}
     */
    public String imapName() {
        return imapName;
    }

    /**
     * Returns the letter the flag takes in a Maildir file name's info part.
     *
     * @return for example {@code S}
     */
    public char maildirLetter() {
        return maildirLetter;
    }

    /**
     * Finds a system flag by its IMAP name, ignoring ASCII case (flag names are
     * case-insensitive, RFC 9051 §2.3.2).
     *
     * @param name for example {@code \seen}
     * @return the flag, or empty if it is not a system flag
     */
    public static Optional<Flag> byImapName(String name) {
        for (Flag flag : values()) {
            if (flag.imapName.equalsIgnoreCase(name)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds a system flag by its Maildir letter.
     *
     * @param letter for example {@code 'S'}
     * @return the flag, or empty for letters IMAP has no flag for ({@code P}, passed)
     */
    public static Optional<Flag> byMaildirLetter(char letter) {
        for (Flag flag : values()) {
            if (flag.maildirLetter == letter) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}
