// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox: an optional display name and an address {@code local-part@domain}
 * (RFC 5322 §3.4, §3.4.1).
 *
 * <p>The display name is the phrase as written with quotes and escapes removed and words joined
 * by single spaces; RFC 2047 encoded words are left in it, as IMAP ENVELOPE sends them (RFC 9051
 * §7.5.2), and {@link #decodedDisplayName()} decodes them. An obsolete {@code addr (Name)} form
 * gives the comment as display name. A mailbox written without {@code @domain} (RFC 5322 §4.4
 * leniency) has an empty domain.
 *
 * @param displayName the display name, if any
 * @param localPart   the local part, unquoted
 * @param domain      the domain (a domain literal keeps its brackets); empty when missing
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1">RFC 5322 §3.4.1</a>
 */
public record Mailbox(Optional<String> displayName, String localPart, String domain) implements Address {

    /** Checks that no part is null. */
    public Mailbox {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /**
     * Creates a mailbox without display name.
     *
     * @param localPart the local part
     * @param domain    the domain
     * @return the mailbox
     */
    public static Mailbox of(String localPart, String domain) {
        return new Mailbox(Optional.empty(), localPart, domain);
    }

    /**
     * Creates a mailbox with a display name.
     *
     * @param displayName the display name
     * @param localPart   the local part
     * @param domain      the domain
     * @return the mailbox
     */
    public static Mailbox of(String displayName, String localPart, String domain) {
        return new Mailbox(Optional.of(displayName), localPart, domain);
    }

    /**
     * Returns the display name with RFC 2047 encoded words decoded.
     *
     * @return the decoded display name, if any
     */
    public Optional<String> decodedDisplayName() {
        return displayName.map(EncodedWords::decode);
    }

    /**
     * Returns the address as {@code local@domain}, the local part quoted when it is not a
     * dot-atom (RFC 5322 §3.4.1).
     *
     * @return the address
     */
    public String address() {
        String local = HeaderEncoder.localPart(localPart);
        return domain.isEmpty() ? local : local + "@" + domain;
    }
}
