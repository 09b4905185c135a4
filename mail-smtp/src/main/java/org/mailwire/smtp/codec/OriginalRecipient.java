// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.Objects;

/**
 * The value of the {@code ORCPT} parameter of {@code RCPT}: the recipient as the message's
 * first submitter named it, with the type of that address (RFC 3461 §4.2), decoded from xtext.
 *
 * <p>The address holds printable ASCII and spaces only: an xtext-encoded CR, LF or NUL is refused
 * (SECURITY-CASES SMTP-14, Exim CVE-2020-28026). The whole parameter value, encoded, is at most
 * 500 characters (RFC 3461 §4.2).
 *
 * @param addressType {@code addr-type}, an atom such as {@code rfc822}
 * @param address the original recipient, decoded
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3461#section-4.2">RFC 3461 §4.2</a>
 */
public record OriginalRecipient(String addressType, String address) {

    /** RFC 3461 §4.2: the ORCPT value is limited to 500 characters. */
    public static final int MAX_ENCODED_LENGTH = 500;

    /**
     * Checks both parts.
     *
     * @param addressType an atom of ASCII letters, digits and atext punctuation
     * @param address printable ASCII and spaces, not empty
     * @throws IllegalArgumentException if either part is invalid or the value is too long
     */
    public OriginalRecipient {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
        if (addressType.isEmpty() || !SmtpSyntax.isAscii(addressType) || !SmtpSyntax.isDotString(addressType)
                || addressType.indexOf('.') >= 0 || addressType.indexOf('=') >= 0 || addressType.indexOf('+') >= 0) {
            throw new IllegalArgumentException("invalid addr-type: " + Mailbox.printable(addressType));
        }
        if (address.isEmpty() || !Xtext.isDecodable(address)) {
            throw new IllegalArgumentException("ORCPT address must be printable ASCII: " + Mailbox.printable(address));
        }
        if (addressType.length() + 1 + Xtext.encodedLength(address) > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("ORCPT longer than 500 characters");
        }
    }

    /**
     * Returns the parameter value as written: {@code addr-type;xtext}.
     *
     * @return for example {@code rfc822;a+2Bb@example.org}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(addressType).append(';');
        Xtext.encode(address, out);
        return out.toString();
    }
}
