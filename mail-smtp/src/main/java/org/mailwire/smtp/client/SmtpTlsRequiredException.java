// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.Optional;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * TLS was required and the server did not offer STARTTLS or refused it, or a credential was about
 * to go over a connection without TLS. Nothing of the message (and no credential) was sent; the
 * failure is transient: defer and try later, never fall back to plaintext (SECURITY-CASES SEC-08,
 * TLS-04, RFC 8314 §3, RFC 8461 §5).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3207#section-4">RFC 3207 §4</a>
 */
public final class SmtpTlsRequiredException extends SmtpClientException {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    /**
     * Creates the exception.
     *
     * @param message what was missing
     * @param reply   the server's refusal of STARTTLS, or {@code null}
     */
    public SmtpTlsRequiredException(String message, SmtpReply reply) {
        super(message, null);
        this.reply = reply;
    }

    /**
     * Returns the server's reply to STARTTLS when it refused.
     *
     * @return the refusal, empty when STARTTLS was not offered
     */
    public Optional<SmtpReply> reply() {
        return Optional.ofNullable(reply);
    }

    /**
     * Returns {@code false}: a TLS policy failure is retried later (RFC 8461 §5).
     *
     * @return {@code false}
     */
    @Override
    public boolean isPermanent() {
        return false;
    }
}
