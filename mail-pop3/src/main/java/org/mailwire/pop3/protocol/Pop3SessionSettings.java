// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.sasl.SaslServer;

/**
 * What one {@link Pop3ServerSession} needs to know about its server and connection.
 *
 * @param limits                   the limits
 * @param sasl                     the SASL mechanisms for AUTH, if any (RFC 5034)
 * @param tlsAvailable             whether STLS may be offered (RFC 2595 §4)
 * @param secure                   whether the connection is TLS-protected from the start
 *                                 (implicit TLS, RFC 8314 §3.3)
 * @param allowPlaintextWithoutTls whether USER/PASS may run without TLS; default off (RFC 2595
 *                                 §6, RFC 8314, SECURITY-CASES SEC-03)
 * @param apopTimestamp            the greeting's {@code <...>} timestamp when APOP is enabled; APOP
 *                                 needs the plaintext secret on the server, so it is off by
 *                                 default (RFC 1939 §7, SECURITY-CASES POP-11)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2595#section-4">RFC 2595 §4</a>
 */
public record Pop3SessionSettings(Pop3Limits limits, Optional<SaslServer> sasl, boolean tlsAvailable, boolean secure,
                                  boolean allowPlaintextWithoutTls, Optional<String> apopTimestamp) {

    /**
     * Checks the components, and the timestamp's syntax: {@code <} visible ASCII {@code >}.
     *
     * @param limits                   see the record description
     * @param sasl                     see the record description
     * @param tlsAvailable             see the record description
     * @param secure                   see the record description
     * @param allowPlaintextWithoutTls see the record description
     * @param apopTimestamp            see the record description
     */
    public Pop3SessionSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sasl, "sasl");
        Objects.requireNonNull(apopTimestamp, "apopTimestamp");
        apopTimestamp.ifPresent(t -> {
            boolean ok = t.length() >= 3 && t.length() <= 200 && t.startsWith("<") && t.endsWith(">");
            for (int i = 1; ok && i < t.length() - 1; i++) {
                char c = t.charAt(i);
                ok = c > 0x20 && c < 0x7F && c != '<' && c != '>';
            }
            if (!ok) {
                throw new IllegalArgumentException("APOP timestamp is not <visible ASCII>");
            }
        });
    }

    /**
     * Returns settings for a cleartext connection with the default limits, no SASL, no TLS and no APOP.
     *
     * @return the settings
     */
    public static Pop3SessionSettings defaults() {
        return new Pop3SessionSettings(Pop3Limits.defaults(), Optional.empty(), false, false, false, Optional.empty());
    }

    /**
     * Returns a copy with other limits.
     *
     * @param value the limits
     * @return the changed copy
     */
    public Pop3SessionSettings withLimits(Pop3Limits value) {
        return new Pop3SessionSettings(value, sasl, tlsAvailable, secure, allowPlaintextWithoutTls, apopTimestamp);
    }

    /**
     * Returns a copy with a SASL server for AUTH.
     *
     * @param value the mechanisms
     * @return the changed copy
     */
    public Pop3SessionSettings withSasl(SaslServer value) {
        return new Pop3SessionSettings(limits, Optional.of(value), tlsAvailable, secure, allowPlaintextWithoutTls,
                apopTimestamp);
    }

    /**
     * Returns a copy with the TLS situation of the connection.
     *
     * @param available whether STLS is offered
     * @param isSecure  whether TLS is already on (implicit TLS)
     * @return the changed copy
     */
    public Pop3SessionSettings withTls(boolean available, boolean isSecure) {
        return new Pop3SessionSettings(limits, sasl, available, isSecure, allowPlaintextWithoutTls, apopTimestamp);
    }

    /**
     * Returns a copy that allows or forbids USER/PASS without TLS.
     *
     * @param value {@code true} to allow (tests, loopback)
     * @return the changed copy
     */
    public Pop3SessionSettings withAllowPlaintextWithoutTls(boolean value) {
        return new Pop3SessionSettings(limits, sasl, tlsAvailable, secure, value, apopTimestamp);
    }

    /**
     * Returns a copy with APOP enabled and the given greeting timestamp.
     *
     * @param timestamp for example {@code <1896.697170952@dbc.mtview.ca.us>}
     * @return the changed copy
     */
    public Pop3SessionSettings withApop(String timestamp) {
        return new Pop3SessionSettings(limits, sasl, tlsAvailable, secure, allowPlaintextWithoutTls,
                Optional.of(timestamp));
    }
}
