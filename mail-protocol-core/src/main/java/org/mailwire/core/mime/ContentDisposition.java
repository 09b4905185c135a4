// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a part wants to be shown, as a {@code Content-Disposition} field says (RFC 2183).
 *
 * @param type       the disposition type in lower case ({@code inline}, {@code attachment}, ...)
 * @param parameters the parameters, RFC 2231 decoded ({@code filename}, {@code size}, ...)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2183#section-2">RFC 2183 §2</a>
 */
public record ContentDisposition(String type, List<MimeParameter> parameters) {

    /** Lower-cases the type and copies the parameters. */
    public ContentDisposition {
        type = type.toLowerCase(Locale.ROOT);
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses the value of a {@code Content-Disposition} field.
     *
     * @param value the unfolded field value
     * @return the disposition, or empty when there is no type token
     */
    public static Optional<ContentDisposition> parse(String value) {
        MimeTokens in = new MimeTokens(value);
        in.skipCommentsAndSpace();
        String type = in.token();
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContentDisposition(type, MimeParameters.parse(in)));
    }

    /**
     * Returns a parameter's value.
     *
     * @param name the parameter name, any case
     * @return the value, if present
     */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(MimeParameters.find(parameters, name));
    }
}
