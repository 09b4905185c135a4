// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What the session knows about its client when it asks the application something: the greeting
 * name, whether the channel is encrypted, and who authenticated.
 *
 * @param heloName the domain or address literal from EHLO or HELO, if any
 * @param extended whether the client greeted with EHLO (ESMTP)
 * @param secure whether the connection runs over TLS (STARTTLS or implicit)
 * @param authenticatedAs the SASL authorization identity after {@code 235}, if any
 * @param lmtp whether the session speaks LMTP (RFC 2033) rather than SMTP
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3848">RFC 3848, the "with" protocol names</a>
 */
public record SmtpContext(Optional<String> heloName, boolean extended, boolean secure, Optional<String> authenticatedAs,
        boolean lmtp) {

    /**
     * Checks the parts are present.
     *
     * @param heloName see the record description
     * @param extended see the record description
     * @param secure see the record description
     * @param authenticatedAs see the record description
     * @param lmtp see the record description
     */
    public SmtpContext {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(authenticatedAs, "authenticatedAs");
    }

    /**
     * Creates the context of an SMTP (not LMTP) session.
     *
     * @param heloName see the record description
     * @param extended see the record description
     * @param secure see the record description
     * @param authenticatedAs see the record description
     */
    public SmtpContext(Optional<String> heloName, boolean extended, boolean secure, Optional<String> authenticatedAs) {
        this(heloName, extended, secure, authenticatedAs, false);
    }

    /**
     * Returns the protocol name for the {@code with} clause of a {@code Received:} field:
     * {@code SMTP}, {@code ESMTP}, {@code ESMTPS}, {@code ESMTPA} or {@code ESMTPSA}, and for
     * LMTP {@code LMTP}, {@code LMTPS}, {@code LMTPA} or {@code LMTPSA}.
     *
     * @return the RFC 3848 protocol type
     * @see <a href="https://www.rfc-editor.org/rfc/rfc3848#section-2">RFC 3848 §2</a>
     */
    public String protocolName() {
        if (!extended && !lmtp) {
            return "SMTP";
        }
        return (lmtp ? "LMTP" : "ESMTP") + (secure ? "S" : "") + (authenticatedAs.isPresent() ? "A" : "");
    }
}
