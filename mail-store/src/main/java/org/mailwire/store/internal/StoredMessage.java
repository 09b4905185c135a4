// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.internal;

import java.util.Objects;
import org.mailwire.store.MessageInfo;

/**
 * A message as the engine keeps it: its attributes and the backend's handle on its content.
 *
 * @param info    the attributes
 * @param content the backend's content handle (bytes in memory, a Maildir file)
 */
public record StoredMessage(MessageInfo info, Object content) {

    /**
     * Checks the values are present.
     *
     * @param info    see the record description
     * @param content see the record description
     */
    public StoredMessage {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Returns the UID.
     *
     * @return the UID
     */
    public long uid() {
        return info.uid();
    }
}
