// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One mailbox of a user as LIST shows it.
 *
 * @param name       the full name, levels separated by {@code /}
 * @param role       the special-use role, if any (RFC 6154)
 * @param subscribed whether the name is in the user's subscriptions
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.3.9">RFC 9051 §6.3.9, LIST</a>
 */
public record MailboxInfo(String name, Optional<SpecialUse> role, boolean subscribed) {

    /**
     * Checks the values are present.
     *
     * @param name       see the record description
     * @param role       see the record description
     * @param subscribed see the record description
     */
    public MailboxInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
