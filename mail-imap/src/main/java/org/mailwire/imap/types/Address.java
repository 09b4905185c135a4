// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.Objects;
import java.util.Optional;

/**
 * One address of an ENVELOPE: display name, source route, mailbox (local part, or the group
 * name of a group start, or NIL at a group end) and host. Strings are sent raw, as in the
 * header (RFC 2047 encoded words stay encoded).
 *
 * @param name    the display name, if any
 * @param adl     the obsolete source route, if any
 * @param mailbox the local part or group name, if any
 * @param host    the domain, or empty for group syntax
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2 (ENVELOPE)</a>
 */
public record Address(Optional<String> name, Optional<String> adl, Optional<String> mailbox, Optional<String> host) {

    /**
     * Checks presence.
     *
     * @param name    the display name
     * @param adl     the route
     * @param mailbox the mailbox
     * @param host    the host
     */
    public Address {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(adl, "adl");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(host, "host");
    }
}
