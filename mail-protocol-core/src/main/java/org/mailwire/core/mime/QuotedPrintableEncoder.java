// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.ByteArrayOutputStream;

/**
 * Encodes bytes as quoted-printable (RFC 2045 §6.7) with lines of at most 76 characters.
 *
 * <p>In text mode a CRLF of the input is a hard line break and stays CRLF; in binary mode every CR
 * and LF is escaped, so decoding gives back the exact bytes. Whitespace before a line end and
 * {@code =} are always escaped, so transport padding cannot change the content.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2045#section-6.7">RFC 2045 §6.7</a>
 */
public final class QuotedPrintableEncoder {

    private static final int MAX_LINE = 76;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QuotedPrintableEncoder() {
    }

    /**
     * Encodes bytes.
     *
     * @param data   the bytes
     * @param binary whether CR and LF are data (escaped) rather than line ends
     * @return the encoded bytes, ASCII
     */
    public static byte[] encode(byte[] data, boolean binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 3 + 8);
        int column = 0;
        for (int i = 0; i < data.length; i++) {
            int b = data[i] & 0xff;
            if (!binary && b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
                out.write('\r');
                out.write('\n');
                i++;
                column = 0;
                continue;
            }
            boolean lineEndNext = i + 1 == data.length
                    || (!binary && data[i + 1] == '\r' && i + 2 < data.length && data[i + 2] == '\n');
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEndNext);
            int width = literal ? 1 : 3;
            // Keep room for a soft break "=" unless this is the last character of the line.
            int room = lineEndNext ? MAX_LINE : MAX_LINE - 1;
            if (column + width > room) {
                out.write('=');
                out.write('\r');
                out.write('\n');
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 15]);
            }
            column += width;
        }
        return out.toByteArray();
    }
}
