// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mailwire.imap.codec.ImapResponse;

/**
 * What a completed command brought: its tagged {@code OK} and the untagged responses that arrived
 * while it was the oldest command outstanding (RFC 9051 §2.2.2).
 *
 * @param status   the tagged OK
 * @param untagged the untagged responses, in order
 */
public record ImapResult(ImapResponse.Status status, List<ImapResponse> untagged) {

    /**
     * Copies the list.
     *
     * @param status   the tagged OK
     * @param untagged the untagged responses
     */
    public ImapResult {
        Objects.requireNonNull(status, "status");
        untagged = List.copyOf(untagged);
    }

    /**
     * Returns the untagged responses of one type.
     *
     * @param type the record type, e.g. {@code ImapResponse.Fetch.class}
     * @param <T>  the type
     * @return those responses, in order
     */
    public <T extends ImapResponse> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ImapResponse r : untagged) {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        }
        return out;
    }
}
