// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.util.List;
import java.util.Optional;

/**
 * The MIME fields of one part that IMAP BODYSTRUCTURE reports beside its type (RFC 9051 §7.5.2
 * body-fields and body-ext-1part), read from the part's header.
 *
 * @param id          {@code Content-ID} (RFC 2045 §7)
 * @param description {@code Content-Description} (RFC 2045 §8), not decoded
 * @param encoding    {@code Content-Transfer-Encoding} in lower case, {@code 7bit} when missing
 *                    (RFC 2045 §6.1)
 * @param md5         {@code Content-MD5} (RFC 1864)
 * @param disposition {@code Content-Disposition} (RFC 2183)
 * @param language    {@code Content-Language} tags (RFC 3282)
 * @param location    {@code Content-Location} (RFC 2557)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.5.2">RFC 9051 §7.5.2</a>
 */
public record BodyFields(Optional<String> id, Optional<String> description, String encoding, Optional<String> md5,
        Optional<ContentDisposition> disposition, List<String> language, Optional<String> location) {

    /** Copies the language list. */
    public BodyFields {
        language = List.copyOf(language);
    }
}
