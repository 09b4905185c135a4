// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding for the codecs: a malformed or overlong sequence, an encoded surrogate
 * or a sequence cut short is refused, never replaced with U+FFFD, since a protocol value that is
 * not valid UTF-8 must be an error the caller reports (RFC 3629 §3, RFC 6532 §3.2, RFC 6856 §2).
 * ASCII, the common case, is decoded without a decoder.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * Decodes a range of octets.
     *
     * @param bytes the octets
     * @param from  the first index
     * @param to    the index after the last
     * @return the text, or {@code null} if the octets are not well-formed UTF-8
     */
    public static String decodeStrict(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        if (i == to) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Decodes all the octets of an array.
     *
     * @param bytes the octets
     * @return the text, or {@code null} if they are not well-formed UTF-8
     */
    public static String decodeStrict(byte[] bytes) {
        return decodeStrict(bytes, 0, bytes.length);
    }
}
