// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.Optional;

/**
 * An entry of a {@code PERMANENTFLAGS} response code: a {@link Flag}, or {@code \*}, which says
 * that clients may create new keywords.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.1">RFC 9051 §7.1
 *     ({@code PERMANENTFLAGS})</a>
 */
public sealed interface PermanentFlag permits Flag, PermanentFlag.AnyKeyword {

    /**
     * Reads a {@code flag-perm} from its wire text without throwing.
     *
     * @param text the text, such as {@code \Seen}, {@code $Forwarded} or {@code \*}
     * @return the value, or empty if the text is no valid {@code flag-perm}
     */
    static Optional<PermanentFlag> parse(String text) {
        if (text.equals("\\*")) {
            return Optional.of(AnyKeyword.INSTANCE);
        }
        return Flag.parse(text).map(f -> f);
    }

    /**
     * Returns the wire form.
     *
     * @return the text as written in a response
     */
    String wire();

    /**
     * {@code \*}: the client may create new keywords by storing them.
     */
    enum AnyKeyword implements PermanentFlag {
        /** The only value. */
        INSTANCE;

        @Override
        public String wire() {
            return "\\*";
        }
    }
}
