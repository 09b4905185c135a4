// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

/**
 * How a flag change combines with the flags a message has: the {@code +FLAGS}, {@code -FLAGS}
 * and {@code FLAGS} forms of STORE.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.6">RFC 9051 §6.4.6, STORE</a>
 */
public enum FlagOperation {
    /** {@code +FLAGS}: add the given flags. */
    ADD,
    /** {@code -FLAGS}: remove the given flags. */
    REMOVE,
    /** {@code FLAGS}: replace all flags by the given ones. */
    REPLACE;

    /**
     * Applies this operation.
     *
     * @param current the flags the message has
     * @param given   the flags of the request
     * @return the flags the message gets
     */
    public Flags apply(Flags current, Flags given) {
        return switch (this) {
            case ADD -> current.plus(given);
            case REMOVE -> current.minus(given);
            case REPLACE -> given;
        };
    }
}
