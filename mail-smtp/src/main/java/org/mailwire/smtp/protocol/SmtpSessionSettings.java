// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mailwire.core.codec.BareLineEndingPolicy;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.smtp.codec.SmtpCompliance;
import org.mailwire.smtp.codec.SmtpLimits;

/**
 * The immutable configuration of a {@link SmtpServerSession}: what it advertises, what it requires
 * before a transaction, and its limits. Strict by default.
 *
 * @param hostName the server's name in the greeting and the EHLO reply (RFC 5321 §4.1.1.1)
 * @param limits the codec's limits, the recipient limit and the message size
 * @param compliance command leniencies, none by default
 * @param dataLineEndings what a bare CR or LF in DATA does: {@code REJECT} (default; reply and
 *     close, SECURITY-CASES SMTP-01/02) or {@code KEEP_AS_DATA}
 * @param sasl the SASL server for AUTH, or empty for no AUTH (RFC 4954)
 * @param startTls whether STARTTLS is offered (RFC 3207); ignored once secure
 * @param secure whether the connection starts encrypted (implicit TLS, RFC 8314 §3.3)
 * @param requireTls whether MAIL needs TLS first: {@code 530 5.7.0} (SECURITY-CASES SEC-04)
 * @param requireAuth whether MAIL needs AUTH first: {@code 530 5.7.0} (RFC 6409 §4.3)
 * @param maxErrors errors after which the session says {@code 421 4.7.0} and closes: default 20
 *     (Postfix {@code smtpd_hard_error_limit}, SECURITY-CASES SMTP-12)
 * @param chunking whether CHUNKING (BDAT) is offered (RFC 3030)
 * @param smtpUtf8 whether SMTPUTF8 is offered (RFC 6531)
 * @param lmtp whether the session speaks LMTP (RFC 2033): {@code LHLO} instead of HELO and EHLO,
 *     and one reply per accepted recipient at the end of each message
 * @param softErrorLimit errors after which each further error reply waits for the application's
 *     error sleep ({@link SmtpEvent.ErrorPause}): default 10 (Postfix {@code smtpd_soft_error_limit},
 *     SECURITY-CASES SMTP-12, SEC-06); at or above {@code maxErrors}, never
 * @param maxAuthenticationFailures failed AUTH attempts after which the session says
 *     {@code 421 4.7.0} and closes: default 3 (SECURITY-CASES SEC-05)
 * @param dsn whether DSN is advertised (RFC 3461): only for an application that keeps NOTIFY,
 *     ORCPT, RET and ENVID and sends the notifications (the delivery queue does); off by default
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.1">RFC 5321 §4.1.1.1</a>
 */
public record SmtpSessionSettings(
        String hostName,
        SmtpLimits limits,
        Set<SmtpCompliance> compliance,
        BareLineEndingPolicy dataLineEndings,
        Optional<SaslServer> sasl,
        boolean startTls,
        boolean secure,
        boolean requireTls,
        boolean requireAuth,
        int maxErrors,
        boolean chunking,
        boolean smtpUtf8,
        boolean lmtp,
        int softErrorLimit,
        int maxAuthenticationFailures,
        boolean dsn) {

    /** Default hard error limit, after Postfix's {@code smtpd_hard_error_limit}. */
    public static final int DEFAULT_MAX_ERRORS = 20;
    /** Default soft error limit, after Postfix's {@code smtpd_soft_error_limit}. */
    public static final int DEFAULT_SOFT_ERROR_LIMIT = 10;
    /** Default failed AUTH attempts before {@code 421}, as POP3's failed logins (SECURITY-CASES SEC-05). */
    public static final int DEFAULT_MAX_AUTHENTICATION_FAILURES = 3;

    /**
     * Checks the values.
     *
     * @param hostName see the record description
     * @param limits see the record description
     * @param compliance see the record description
     * @param dataLineEndings see the record description
     * @param sasl see the record description
     * @param startTls see the record description
     * @param secure see the record description
     * @param requireTls see the record description
     * @param requireAuth see the record description
     * @param maxErrors see the record description
     * @param chunking see the record description
     * @param smtpUtf8 see the record description
     * @param lmtp see the record description
     * @param softErrorLimit see the record description
     * @param maxAuthenticationFailures see the record description
     * @param dsn see the record description
     */
    public SmtpSessionSettings {
        Objects.requireNonNull(hostName, "hostName");
        if (hostName.isEmpty() || hostName.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("host name must be printable ASCII without spaces");
        }
        Objects.requireNonNull(limits, "limits");
        compliance = Set.copyOf(compliance);
        Objects.requireNonNull(dataLineEndings, "dataLineEndings");
        if (dataLineEndings == BareLineEndingPolicy.ACCEPT_BARE_LF) {
            throw new IllegalArgumentException("a bare LF never ends DATA (SMTP smuggling)");
        }
        Objects.requireNonNull(sasl, "sasl");
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be positive");
        }
        if (softErrorLimit < 0) {
            throw new IllegalArgumentException("softErrorLimit must not be negative");
        }
        if (maxAuthenticationFailures < 1) {
            throw new IllegalArgumentException("maxAuthenticationFailures must be positive");
        }
    }

    /**
     * Returns strict settings: no AUTH, no STARTTLS, nothing required, CHUNKING and SMTPUTF8 on.
     *
     * @param hostName the server's name
     * @return the settings
     */
    public static SmtpSessionSettings defaults(String hostName) {
        return new SmtpSessionSettings(hostName, SmtpLimits.defaults(), Set.of(), BareLineEndingPolicy.REJECT,
                Optional.empty(), false, false, false, false, DEFAULT_MAX_ERRORS, true, true, false, DEFAULT_SOFT_ERROR_LIMIT,
                DEFAULT_MAX_AUTHENTICATION_FAILURES, false);
    }

    /**
     * Returns a copy with other limits.
     *
     * @param value the limits
     * @return the copy
     */
    public SmtpSessionSettings withLimits(SmtpLimits value) {
        return new SmtpSessionSettings(hostName, value, compliance, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with other command leniencies.
     *
     * @param value the leniencies
     * @return the copy
     */
    public SmtpSessionSettings withCompliance(Set<SmtpCompliance> value) {
        return new SmtpSessionSettings(hostName, limits, value, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with another treatment of bare CR and LF in DATA.
     *
     * @param value {@code REJECT} or {@code KEEP_AS_DATA}
     * @return the copy
     */
    public SmtpSessionSettings withDataLineEndings(BareLineEndingPolicy value) {
        return new SmtpSessionSettings(hostName, limits, compliance, value, sasl, startTls, secure,
                requireTls, requireAuth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy that offers AUTH through the given server.
     *
     * @param value the SASL server
     * @return the copy
     */
    public SmtpSessionSettings withSasl(SaslServer value) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, Optional.of(value), startTls,
                secure, requireTls, requireAuth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with the TLS options.
     *
     * @param offerStartTls whether STARTTLS is offered
     * @param startSecure whether the connection is already encrypted (implicit TLS)
     * @return the copy
     */
    public SmtpSessionSettings withTls(boolean offerStartTls, boolean startSecure) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, offerStartTls,
                startSecure, requireTls, requireAuth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with what MAIL requires.
     *
     * @param tls whether TLS is required before MAIL
     * @param auth whether AUTH is required before MAIL
     * @return the copy
     */
    public SmtpSessionSettings withRequirements(boolean tls, boolean auth) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, startTls, secure,
                tls, auth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with another hard error limit.
     *
     * @param value errors before {@code 421}
     * @return the copy
     */
    public SmtpSessionSettings withMaxErrors(int value) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, value, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with the optional extensions switched.
     *
     * @param offerChunking whether CHUNKING is offered
     * @param offerSmtpUtf8 whether SMTPUTF8 is offered
     * @return the copy
     */
    public SmtpSessionSettings withExtensions(boolean offerChunking, boolean offerSmtpUtf8) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, maxErrors, offerChunking, offerSmtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy that speaks LMTP or SMTP.
     *
     * @param value {@code true} for LMTP (RFC 2033)
     * @return the copy
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2033#section-4">RFC 2033 §4</a>
     */
    public SmtpSessionSettings withLmtp(boolean value) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, maxErrors, chunking, smtpUtf8, value, softErrorLimit, maxAuthenticationFailures, dsn);
    }

    /**
     * Returns a copy with other error and authentication-failure thresholds.
     *
     * @param softLimit errors after which each error reply waits for the error sleep
     * @param hardLimit errors before {@code 421} and close
     * @param authenticationFailures failed AUTH attempts before {@code 421} and close
     * @return the copy
     */
    public SmtpSessionSettings withErrorLimits(int softLimit, int hardLimit, int authenticationFailures) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, hardLimit, chunking, smtpUtf8, lmtp, softLimit, authenticationFailures, dsn);
    }

    /**
     * Returns a copy that advertises DSN or not (RFC 3461 §4): only an application that passes the
     * DSN parameters on and sends the notifications may turn it on.
     *
     * @param value whether to advertise DSN
     * @return the copy
     */
    public SmtpSessionSettings withDsn(boolean value) {
        return new SmtpSessionSettings(hostName, limits, compliance, dataLineEndings, sasl, startTls, secure,
                requireTls, requireAuth, maxErrors, chunking, smtpUtf8, lmtp, softErrorLimit, maxAuthenticationFailures,
                value);
    }
}
