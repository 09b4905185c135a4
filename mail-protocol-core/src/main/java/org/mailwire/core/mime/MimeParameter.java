// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.Objects;

/**
 * One parameter of a {@code Content-Type} or {@code Content-Disposition} field, after RFC 2231
 * continuations and charsets have been decoded.
 *
 * @param name  the parameter name in lower case (RFC 2045 §5.1: names are case-insensitive),
 *              without any RFC 2231 {@code *n*} suffix
 * @param value the value, unquoted and decoded; RFC 2047 encoded words some mailers put here are
 *              left as written (see {@link EncodedWords#decode(String)})
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2231#section-3">RFC 2231 §3, §4</a>
 */
public record MimeParameter(String name, String value) {

    /** Checks that neither part is null. */
    public MimeParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
