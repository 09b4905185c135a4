// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * The sender of a {@code MAIL} command: a mailbox, or the null path {@code <>} of
 * notifications, which must never be answered by another notification (RFC 5321 §4.5.5).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2">RFC 5321 §4.1.2</a>
 */
public sealed interface ReversePath permits Mailbox, ReversePath.Null {

    /** The null reverse-path {@code <>}. */
    ReversePath NULL = new Null();

    /**
     * Returns the null reverse-path {@code <>}.
     *
     * @return the null path
     */
    static ReversePath nullPath() {
        return NULL;
    }

    /**
     * Returns the path as written in a command, angle brackets included.
     *
     * @return for example {@code <>} or {@code <a@example.org>}
     */
    String toPath();

    /**
     * Tells whether the path holds non-ASCII characters, which only an SMTPUTF8 transaction may
     * carry (RFC 6531 §3.4).
     *
     * @return {@code true} if any character is above U+007F
     */
    boolean needsSmtpUtf8();

    /**
     * The null reverse-path {@code <>}: the sender of bounces and other notifications.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.5">RFC 5321 §4.5.5</a>
     */
    record Null() implements ReversePath {

        @Override
        public String toPath() {
            return "<>";
        }

        @Override
        public boolean needsSmtpUtf8() {
            return false;
        }

        @Override
        public String toString() {
            return "<>";
        }
    }
}
