// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * The recipient of a {@code RCPT} command: a mailbox, or the bare {@code <Postmaster>} every
 * server must accept without a domain (RFC 5321 §4.1.1.3, §4.5.1).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.3">RFC 5321 §4.1.1.3</a>
 */
public sealed interface ForwardPath permits Mailbox, ForwardPath.Postmaster {

    /** The domain-less {@code <Postmaster>}. */
    ForwardPath POSTMASTER = new Postmaster();

    /**
     * Returns the path as written in a command, angle brackets included.
     *
     * @return for example {@code <Postmaster>} or {@code <a@example.org>}
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
     * The recipient {@code <Postmaster>}, without a domain: the postmaster of the server itself.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.5.1">RFC 5321 §4.5.1</a>
     */
    record Postmaster() implements ForwardPath {

        @Override
        public String toPath() {
            return "<Postmaster>";
        }

        @Override
        public boolean needsSmtpUtf8() {
            return false;
        }

        @Override
        public String toString() {
            return "<Postmaster>";
        }
    }
}
