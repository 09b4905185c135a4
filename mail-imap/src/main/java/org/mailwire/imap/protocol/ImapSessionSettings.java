// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.store.MailStore;

/**
 * What one {@link ImapServerSession} needs to know about its server and connection.
 *
 * @param limits                   the codec limits (line, literal, nesting; SECURITY-CASES
 *                                 IMAP-01..05); the post-authentication literal limit is also
 *                                 the advertised APPENDLIMIT (RFC 7889)
 * @param store                    the mail store the session reads and changes
 * @param sasl                     the SASL mechanisms for AUTHENTICATE, if any
 * @param tlsAvailable             whether STARTTLS may be offered (RFC 9051 §6.2.1)
 * @param secure                   whether the connection is TLS-protected from the start (implicit
 *                                 TLS, RFC 8314 §3.3)
 * @param allowPlaintextWithoutTls whether LOGIN and plaintext SASL may run without TLS; off by
 *                                 default (RFC 9051 §6.2.3 LOGINDISABLED, SECURITY-CASES IMAP-11)
 * @param maxErrors                bad commands after which the session says {@code * BYE} and
 *                                 closes (SECURITY-CASES IMAP-10); 20, as the SMTP server's limit
 * @param spool                    where large APPEND literals go while they arrive
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.2">RFC 9051 §6.2</a>
 */
public record ImapSessionSettings(ImapLimits limits, MailStore store, Optional<SaslServer> sasl, boolean tlsAvailable,
                                  boolean secure, boolean allowPlaintextWithoutTls, int maxErrors,
                                  MessageSpool spool) {

    /** The default {@link #maxErrors()}. */
    public static final int DEFAULT_MAX_ERRORS = 20;

    /**
     * Checks the components.
     *
     * @param limits                   see the record description
     * @param store                    see the record description
     * @param sasl                     see the record description
     * @param tlsAvailable             see the record description
     * @param secure                   see the record description
     * @param allowPlaintextWithoutTls see the record description
     * @param maxErrors                see the record description; at least 1
     * @param spool                    see the record description
     */
    public ImapSessionSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sasl, "sasl");
        Objects.requireNonNull(spool, "spool");
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be at least 1");
        }
    }

    /**
     * Returns settings for a cleartext connection to a store, with the default limits, no SASL,
     * no TLS and literals spooled in memory.
     *
     * @param store the store
     * @return the settings
     */
    public static ImapSessionSettings of(MailStore store) {
        return new ImapSessionSettings(ImapLimits.defaults(), store, Optional.empty(), false, false, false,
                DEFAULT_MAX_ERRORS, MessageSpool.inMemory());
    }

    /**
     * Returns a copy with other limits.
     *
     * @param value the limits
     * @return the copy
     */
    public ImapSessionSettings withLimits(ImapLimits value) {
        return new ImapSessionSettings(value, store, sasl, tlsAvailable, secure, allowPlaintextWithoutTls, maxErrors,
                spool);
    }

    /**
     * Returns a copy with SASL mechanisms for AUTHENTICATE.
     *
     * @param value the SASL server
     * @return the copy
     */
    public ImapSessionSettings withSasl(SaslServer value) {
        return new ImapSessionSettings(limits, store, Optional.of(value), tlsAvailable, secure,
                allowPlaintextWithoutTls, maxErrors, spool);
    }

    /**
     * Returns a copy with the TLS situation of the connection.
     *
     * @param available whether STARTTLS may be offered
     * @param implicit  whether the connection is already TLS
     * @return the copy
     */
    public ImapSessionSettings withTls(boolean available, boolean implicit) {
        return new ImapSessionSettings(limits, store, sasl, available, implicit, allowPlaintextWithoutTls, maxErrors,
                spool);
    }

    /**
     * Returns a copy that allows or refuses LOGIN and plaintext SASL without TLS.
     *
     * @param value whether to allow
     * @return the copy
     */
    public ImapSessionSettings withAllowPlaintextWithoutTls(boolean value) {
        return new ImapSessionSettings(limits, store, sasl, tlsAvailable, secure, value, maxErrors, spool);
    }

    /**
     * Returns a copy with another error limit.
     *
     * @param value bad commands before {@code * BYE}
     * @return the copy
     */
    public ImapSessionSettings withMaxErrors(int value) {
        return new ImapSessionSettings(limits, store, sasl, tlsAvailable, secure, allowPlaintextWithoutTls, value,
                spool);
    }

    /**
     * Returns a copy with another spool for APPEND literals.
     *
     * @param value the spool
     * @return the copy
     */
    public ImapSessionSettings withSpool(MessageSpool value) {
        return new ImapSessionSettings(limits, store, sasl, tlsAvailable, secure, allowPlaintextWithoutTls, maxErrors,
                value);
    }
}
