// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.util.List;
import java.util.Objects;

/**
 * What a STORE does to the flags: replace them ({@code FLAGS}), add to them ({@code +FLAGS})
 * or remove from them ({@code -FLAGS}), answering with the new flags or, with
 * {@code .SILENT}, without.
 *
 * @param mode   replace, add or remove
 * @param silent {@code true} for {@code .SILENT}
 * @param flags  the flags; may be empty ({@code FLAGS ()} clears them all)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.6">RFC 9051 §6.4.6</a>
 */
public record StoreAction(Mode mode, boolean silent, List<Flag> flags) {

    /** How the flags are changed. */
    public enum Mode {
        /** {@code FLAGS}: replace. */
        REPLACE(""),
        /** {@code +FLAGS}: add. */
        ADD("+"),
        /** {@code -FLAGS}: remove. */
        REMOVE("-");

        private final String prefix;

        Mode(String prefix) {
            this.prefix = prefix;
        }

        /**
         * Returns the wire prefix.
         *
         * @return {@code ""}, {@code "+"} or {@code "-"}
         */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * Checks and copies.
     *
     * @param mode   the mode
     * @param silent whether silent
     * @param flags  the flags
     */
    public StoreAction {
        Objects.requireNonNull(mode, "mode");
        flags = List.copyOf(flags);
    }

    /**
     * Returns the wire form.
     *
     * @return for example {@code +FLAGS.SILENT (\Deleted)}
     */
    public String wire() {
        StringBuilder sb = new StringBuilder(mode.prefix).append("FLAGS").append(silent ? ".SILENT (" : " (");
        for (int i = 0; i < flags.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(flags.get(i).wire());
        }
        return sb.append(')').toString();
    }
}
