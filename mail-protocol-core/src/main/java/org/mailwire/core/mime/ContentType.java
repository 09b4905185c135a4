// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A media type with its parameters, as a {@code Content-Type} field gives it (RFC 2045 §5.1).
 *
 * <p>Type, subtype and parameter names are case-insensitive and kept in lower case; parameter
 * values keep their case (a boundary is case-sensitive, RFC 2046 §5.1.1).
 *
 * @param type       the top-level type, lower case ({@code text}, {@code multipart}, ...)
 * @param subtype    the subtype, lower case
 * @param parameters the parameters in order of first appearance, RFC 2231 decoded
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045#section-5">RFC 2045 §5</a>
 */
public record ContentType(String type, String subtype, List<MimeParameter> parameters) {

    /** Lower-cases type and subtype and copies the parameters. */
    public ContentType {
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
        parameters = List.copyOf(parameters);
    }

    /**
     * Returns the type a part has when it says none, or says one that cannot be read:
     * {@code text/plain; charset=us-ascii} (RFC 2045 §5.2).
     *
     * @return the default type
     */
    public static ContentType textPlainDefault() {
        return new ContentType("text", "plain", List.of(new MimeParameter("charset", "us-ascii")));
    }

    /**
     * Returns the default type of a part of a {@code multipart/digest}: {@code message/rfc822}
     * (RFC 2046 §5.1.5).
     *
     * @return the digest default type
     */
    public static ContentType digestDefault() {
        return new ContentType("message", "rfc822", List.of());
    }

    /**
     * Creates a type with parameters.
     *
     * @param type       top-level type
     * @param subtype    subtype
     * @param parameters parameters, in order
     * @return the type
     */
    public static ContentType of(String type, String subtype, MimeParameter... parameters) {
        return new ContentType(type, subtype, List.of(parameters));
    }

    /**
     * Parses the value of a {@code Content-Type} field.
     *
     * @param value the unfolded field value
     * @return the type, or empty when there is no {@code type/subtype} (the caller then uses the
     *         default, RFC 2045 §5.2)
     */
    public static Optional<ContentType> parse(String value) {
        MimeTokens in = new MimeTokens(value);
        in.skipCommentsAndSpace();
        String type = in.token();
        in.skipCommentsAndSpace();
        if (type.isEmpty() || !in.take('/')) {
            return Optional.empty();
        }
        in.skipCommentsAndSpace();
        String subtype = in.token();
        if (subtype.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContentType(type, subtype, MimeParameters.parse(in)));
    }

    /**
     * Returns a parameter's value.
     *
     * @param name the parameter name, any case
     * @return the value, if the parameter is present
     */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(MimeParameters.find(parameters, name));
    }

    /**
     * Returns {@code type/subtype}.
     *
     * @return the media type without parameters
     */
    public String mediaType() {
        return type + "/" + subtype;
    }

    /**
     * Tells whether this is a {@code multipart/*} type.
     *
     * @return whether the type is multipart
     */
    public boolean isMultipart() {
        return type.equals("multipart");
    }

    /**
     * Tells whether this is {@code message/rfc822} or {@code message/global} (RFC 6532 §3.7), whose
     * body is a message of its own.
     *
     * @return whether the body is an encapsulated message
     */
    public boolean isMessage() {
        return type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global"));
    }
}
