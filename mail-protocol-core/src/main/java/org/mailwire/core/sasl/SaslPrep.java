// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.text.Normalizer;
import java.util.Objects;

/**
 * SASLprep (RFC 4013), the stringprep profile that makes user names and passwords compare equal
 * however they were typed: it maps, normalises (NFKC), and rejects prohibited and
 * bidirectionally ambiguous strings.
 *
 * <p>Two flavours, as RFC 3454 §7 defines them: a <em>query</em> string may hold code points
 * unassigned in Unicode, a <em>stored</em> string may not. RFC 5802 §2.2 prepares SCRAM passwords
 * as stored strings; RFC 4616 §2 prepares PLAIN identities and passwords as queries.
 *
 * <p>Approximation: RFC 3454 tables are Unicode 3.2; this implementation spells out its mapping
 * and prohibition tables but takes NFKC, "unassigned" and bidirectional categories from the JDK's
 * newer Unicode version. The difference touches only code points assigned after Unicode 3.2.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4013#section-2">RFC 4013 §2, profile</a>
 */
public final class SaslPrep {

    private SaslPrep() {
    }

    /**
     * Prepares a query string: unassigned code points are allowed.
     *
     * @param input the string as typed
     * @return the prepared string
     * @throws IllegalArgumentException if the string holds a prohibited code point or fails the
     *                                  bidirectional check
     */
    public static String query(CharSequence input) {
        return prepare(input, true);
    }

    /**
     * Prepares a stored string: unassigned code points are prohibited too.
     *
     * @param input the string as typed
     * @return the prepared string
     * @throws IllegalArgumentException if the string holds a prohibited or unassigned code point
     *                                  or fails the bidirectional check
     */
    public static String stored(CharSequence input) {
        return prepare(input, false);
    }

    private static String prepare(CharSequence input, boolean allowUnassigned) {
        Objects.requireNonNull(input, "input");
        // RFC 4013 §2.1 and §2.2: map non-ASCII spaces to SPACE and "commonly mapped to nothing"
        // characters to nothing, before normalisation.
        StringBuilder mapped = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); ) {
            int cp = Character.codePointAt(input, i);
            i += Character.charCount(cp);
            if (isMappedToNothing(cp)) {
                continue;
            }
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else {
                mapped.appendCodePoint(cp);
            }
        }
        // RFC 4013 §2.2: Unicode normalisation form KC.
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean hasRandAl = false;
        boolean hasL = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isProhibited(cp)) {
                throw new IllegalArgumentException("prohibited code point U+" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT));
            }
            if (!allowUnassigned && !Character.isDefined(cp)) {
                throw new IllegalArgumentException("unassigned code point in a stored string");
            }
            byte direction = Character.getDirectionality(cp);
            hasRandAl |= direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            hasL |= direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        // RFC 3454 §6: a string with right-to-left characters holds no left-to-right ones and
        // starts and ends with a right-to-left character.
        if (hasRandAl && (hasL || !isRandAl(normalized.codePointAt(0))
                || !isRandAl(normalized.codePointBefore(normalized.length())))) {
            throw new IllegalArgumentException("string fails the bidirectional check");
        }
        return normalized;
    }

    private static boolean isRandAl(int cp) {
        byte direction = Character.getDirectionality(cp);
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** RFC 4013 §2.3: RFC 3454 tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9. */
    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                // C.2.1 ASCII control characters
                || cp < 0x20 || cp == 0x7F
                // C.2.2 non-ASCII control characters
                || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E
                || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)
                // C.3 private use
                || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD)
                || (cp >= 0x100000 && cp <= 0x10FFFD)
                // C.4 non-character code points
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE
                // C.5 surrogate codes (lone surrogates reach here as code points)
                || (cp >= 0xD800 && cp <= 0xDFFF)
                // C.6 inappropriate for plain text
                || (cp >= 0xFFF9 && cp <= 0xFFFD)
                // C.7 inappropriate for canonical representation
                || (cp >= 0x2FF0 && cp <= 0x2FFB)
                // C.8 change display properties or deprecated
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                // C.9 tagging characters
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
    }
}
