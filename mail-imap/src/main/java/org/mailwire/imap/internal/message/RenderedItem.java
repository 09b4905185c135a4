// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;

/**
 * One rendered FETCH item: the value for the response and, for a section past the in-memory
 * limit, the content to stream in place of the {@link Fragment.StreamedLiteral} the value holds.
 *
 * @param data     the item; its section data is a {@link Fragment.Literal}, NIL, or a
 *                 {@link Fragment.StreamedLiteral} whose octets {@code streamed} gives
 * @param streamed the content of a streamed section
 */
public record RenderedItem(FetchData data, Optional<StreamedSection> streamed) {

    /**
     * Checks presence.
     *
     * @param data     the item
     * @param streamed the streamed content, if any
     */
    public RenderedItem {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(streamed, "streamed");
    }

    static RenderedItem of(FetchData data) {
        return new RenderedItem(data, Optional.empty());
    }
}
