// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * An ESMTP parameter of {@code MAIL} or {@code RCPT} that the codec does not type, such as
 * {@code MT-PRIORITY=3} or {@code REQUIRETLS}: kept as keyword and raw value so that a client
 * can send it and a server configured for it can read it.
 *
 * @param keyword {@code esmtp-keyword}: a letter or digit, then letters, digits and hyphens
 * @param value {@code esmtp-value}, if any: printable ASCII except {@code =} and space
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2">RFC 5321 §4.1.2</a>
 */
public record EsmtpParameter(String keyword, Optional<String> value) {

    /**
     * Checks the parameter's syntax.
     *
     * @param keyword {@code esmtp-keyword}
     * @param value {@code esmtp-value}, if any
     * @throws IllegalArgumentException if either part is invalid
     */
    public EsmtpParameter {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(value, "value");
        if (!SmtpSyntax.isKeyword(keyword)) {
            throw new IllegalArgumentException("invalid esmtp-keyword: " + Mailbox.printable(keyword));
        }
        if (value.isPresent() && !SmtpSyntax.isEsmtpValue(value.get())) {
            throw new IllegalArgumentException("invalid esmtp-value: " + Mailbox.printable(value.get()));
        }
    }

    /**
     * Returns a parameter with a value.
     *
     * @param keyword the keyword
     * @param value the value
     * @return the parameter
     */
    public static EsmtpParameter of(String keyword, String value) {
        return new EsmtpParameter(keyword, Optional.of(value));
    }

    /**
     * Returns a parameter without a value.
     *
     * @param keyword the keyword
     * @return the parameter
     */
    public static EsmtpParameter of(String keyword) {
        return new EsmtpParameter(keyword, Optional.empty());
    }

    /**
     * Returns the wire form, {@code KEYWORD=value} or {@code KEYWORD}.
     *
     * @return the parameter as written in a command
     */
    @Override
    public String toString() {
        return value.map(v -> keyword + "=" + v).orElse(keyword);
    }
}
