// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.List;
import java.util.Objects;

/**
 * A named group of mailboxes, possibly empty, as in {@code undisclosed-recipients:;}
 * (RFC 5322 §3.4).
 *
 * @param name    the display name of the group
 * @param members the mailboxes in the group
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-3.4">RFC 5322 §3.4</a>
 */
public record Group(String name, List<Mailbox> members) implements Address {

    /** Copies the member list. */
    public Group {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }
}
