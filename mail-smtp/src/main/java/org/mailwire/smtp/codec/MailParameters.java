// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of a {@code MAIL} command, typed: {@code SIZE} (RFC 1870), {@code BODY}
 * (RFC 6152, RFC 3030), {@code SMTPUTF8} (RFC 6531), {@code RET} and {@code ENVID} (RFC 3461
 * §4.3, §4.4), {@code AUTH} (RFC 4954 §5), and any other parameter kept as an
 * {@link EsmtpParameter}.
 *
 * <p>Values cannot be built invalid: the ENVID and AUTH values are decoded xtext of printable
 * ASCII (never a control character, SECURITY-CASES SMTP-14), ENVID at most 100 characters
 * encoded (RFC 3461 §4.4), and an extension cannot repeat a typed keyword or another extension.
 *
 * @param size the declared message size in octets ({@code SIZE=}), if any
 * @param body the body type ({@code BODY=}), if any
 * @param smtpUtf8 whether {@code SMTPUTF8} was given
 * @param ret what a failure notification returns ({@code RET=}), if any
 * @param envelopeId the envelope identifier ({@code ENVID=}), decoded, if any
 * @param auth the authorized submitter ({@code AUTH=}), decoded: a mailbox or {@code <>}, if any
 * @param extensions the other parameters, in order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.2">RFC 5321 §4.1.1.2</a>
 */
public record MailParameters(
        OptionalLong size,
        Optional<Body> body,
        boolean smtpUtf8,
        Optional<Ret> ret,
        Optional<String> envelopeId,
        Optional<String> auth,
        List<EsmtpParameter> extensions) {

    /** RFC 3461 §4.4: the ENVID value is limited to 100 characters. */
    public static final int MAX_ENVELOPE_ID_LENGTH = 100;

    /** No parameters at all. */
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Optional.empty(), false,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    /** The keywords typed here, upper case, which an {@link EsmtpParameter} cannot take. */
    static final List<String> KEYWORDS = List.of("SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "AUTH");

    /**
     * The body type of {@code BODY=}.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc6152#section-2">RFC 6152 §2</a>
     * @see <a href="https://www.rfc-editor.org/rfc/rfc3030#section-3">RFC 3030 §3</a>
     */
    public enum Body {
        /** {@code 7BIT}: lines of US-ASCII. */
        SEVEN_BIT("7BIT"),
        /** {@code 8BITMIME}: lines of octets (RFC 6152). */
        EIGHT_BIT_MIME("8BITMIME"),
        /** {@code BINARYMIME}: any octets, sent with BDAT only (RFC 3030). */
        BINARY_MIME("BINARYMIME");

        private final String keyword;

        Body(String keyword) {
            this.keyword = keyword;
        }

        /**
         * Returns the value as written.
         *
         * @return {@code 7BIT}, {@code 8BITMIME} or {@code BINARYMIME}
         */
        public String keyword() {
            return keyword;
        }
    }

    /**
     * What a delivery status notification returns of a failed message ({@code RET=}).
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc3461#section-4.3">RFC 3461 §4.3</a>
     */
    public enum Ret {
        /** The whole message. */
        FULL,
        /** The headers only. */
        HDRS
    }

    /**
     * Checks the parameters.
     *
     * @param size non-negative, if present
     * @param body the body type, if any
     * @param smtpUtf8 whether SMTPUTF8 was given
     * @param ret the return type, if any
     * @param envelopeId printable ASCII, 1 to 100 characters in xtext form, if present
     * @param auth printable ASCII, not empty, if present
     * @param extensions other parameters, no keyword twice and none typed here
     * @throws IllegalArgumentException if any value is invalid
     */
    public MailParameters {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(auth, "auth");
        extensions = List.copyOf(extensions);
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("SIZE must not be negative: " + size.getAsLong());
        }
        envelopeId.ifPresent(v -> {
            if (v.isEmpty() || !Xtext.isDecodable(v) || Xtext.encodedLength(v) > MAX_ENVELOPE_ID_LENGTH) {
                throw new IllegalArgumentException("ENVID must be 1 to 100 characters of printable ASCII");
            }
        });
        auth.ifPresent(v -> {
            if (v.isEmpty() || !Xtext.isDecodable(v)) {
                throw new IllegalArgumentException("AUTH must be printable ASCII");
            }
        });
        checkExtensions(extensions, KEYWORDS);
    }

    /** Refuses a keyword typed elsewhere or given twice, so that each value has one wire form. */
    static void checkExtensions(List<EsmtpParameter> extensions, List<String> typed) {
        if (extensions.isEmpty()) {
            return;
        }
        List<String> seen = new ArrayList<>(extensions.size());
        for (EsmtpParameter p : extensions) {
            String upper = p.keyword().toUpperCase(Locale.ROOT);
            if (typed.contains(upper) || seen.contains(upper)) {
                throw new IllegalArgumentException("parameter given twice or typed: " + p.keyword());
            }
            seen.add(upper);
        }
    }

    /**
     * Returns a copy with a declared size.
     *
     * @param octets the size in octets
     * @return the changed parameters
     */
    public MailParameters withSize(long octets) {
        return new MailParameters(OptionalLong.of(octets), body, smtpUtf8, ret, envelopeId, auth, extensions);
    }

    /**
     * Returns a copy with a body type.
     *
     * @param type the body type
     * @return the changed parameters
     */
    public MailParameters withBody(Body type) {
        return new MailParameters(size, Optional.of(type), smtpUtf8, ret, envelopeId, auth, extensions);
    }

    /**
     * Returns a copy with or without SMTPUTF8.
     *
     * @param on whether SMTPUTF8 is given
     * @return the changed parameters
     */
    public MailParameters withSmtpUtf8(boolean on) {
        return new MailParameters(size, body, on, ret, envelopeId, auth, extensions);
    }

    /**
     * Returns a copy with a return type.
     *
     * @param value FULL or HDRS
     * @return the changed parameters
     */
    public MailParameters withRet(Ret value) {
        return new MailParameters(size, body, smtpUtf8, Optional.of(value), envelopeId, auth, extensions);
    }

    /**
     * Returns a copy with an envelope identifier.
     *
     * @param id the identifier, unencoded
     * @return the changed parameters
     */
    public MailParameters withEnvelopeId(String id) {
        return new MailParameters(size, body, smtpUtf8, ret, Optional.of(id), auth, extensions);
    }

    /**
     * Returns a copy with an authorized submitter.
     *
     * @param mailboxOrNull a mailbox, or {@code <>}, unencoded
     * @return the changed parameters
     */
    public MailParameters withAuth(String mailboxOrNull) {
        return new MailParameters(size, body, smtpUtf8, ret, envelopeId, Optional.of(mailboxOrNull), extensions);
    }

    /**
     * Returns a copy with one more extension parameter.
     *
     * @param parameter the parameter
     * @return the changed parameters
     */
    public MailParameters withExtension(EsmtpParameter parameter) {
        List<EsmtpParameter> more = new ArrayList<>(extensions);
        more.add(parameter);
        return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, more);
    }

    /**
     * Returns the parameters as written after the path, each preceded by a space; empty when
     * there are none.
     *
     * @return for example {@code " SIZE=1000 BODY=8BITMIME"}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        size.ifPresent(v -> out.append(" SIZE=").append(v));
        body.ifPresent(v -> out.append(" BODY=").append(v.keyword()));
        if (smtpUtf8) {
            out.append(" SMTPUTF8");
        }
        ret.ifPresent(v -> out.append(" RET=").append(v));
        envelopeId.ifPresent(v -> Xtext.encode(v, out.append(" ENVID=")));
        auth.ifPresent(v -> Xtext.encode(v, out.append(" AUTH=")));
        for (EsmtpParameter p : extensions) {
            out.append(' ').append(p);
        }
        return out.toString();
    }
}
