// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import java.io.IOException;

/**
 * The client's TLS policy stopped the connection before anything secret or private was sent: the
 * server does not offer STARTTLS or refused it (SECURITY-CASES TLS-04), greeted with
 * {@code PREAUTH} on plaintext (TLS-05), or a credential was about to go out without TLS.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8314">RFC 8314</a>
 */
public final class ImapTlsRequiredException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the policy refused
     */
    public ImapTlsRequiredException(String message) {
        super(message);
    }
}
