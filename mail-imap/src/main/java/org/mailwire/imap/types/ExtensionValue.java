// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.List;
import java.util.Objects;

/**
 * A value of the open-ended extension data in responses: BODYSTRUCTURE extension fields after
 * the ones a part type defines ({@code body-extension}, RFC 9051 §9) and the tagged values of
 * LIST-EXTENDED ({@code tagged-ext-val}, RFC 5258 §4, such as {@code CHILDINFO}). A string,
 * NIL, a number or a parenthesised list of values.
 */
public sealed interface ExtensionValue permits ExtensionValue.Str, ExtensionValue.Nil, ExtensionValue.Num,
        ExtensionValue.Items {

    /**
     * A string.
     *
     * @param value the text, no NUL
     */
    record Str(String value) implements ExtensionValue {
        /**
         * Checks the text.
         *
         * @param value the text
         */
        public Str {
            if (value.indexOf(0) >= 0) {
                throw new IllegalArgumentException("strings cannot hold NUL");
            }
        }
    }

    /** NIL. */
    enum Nil implements ExtensionValue {
        /** The only value. */
        INSTANCE
    }

    /**
     * A number, 0 to 2^63-1.
     *
     * @param value the number
     */
    record Num(long value) implements ExtensionValue {
        /**
         * Checks the range.
         *
         * @param value the number
         */
        public Num {
            if (value < 0) {
                throw new IllegalArgumentException("numbers are not negative");
            }
        }
    }

    /**
     * A parenthesised list.
     *
     * @param items the values; BODYSTRUCTURE lists hold at least one (RFC 9051 §9
     *              {@code body-extension}), LIST-EXTENDED ones may be empty (RFC 5258 §4)
     */
    record Items(List<ExtensionValue> items) implements ExtensionValue {
        /**
         * Checks and copies.
         *
         * @param items the values
         */
        public Items {
            items = List.copyOf(items);
        }
    }

    /**
     * Returns a string value.
     *
     * @param value the text
     * @return the value
     */
    static ExtensionValue of(String value) {
        return new Str(Objects.requireNonNull(value, "value"));
    }
}
