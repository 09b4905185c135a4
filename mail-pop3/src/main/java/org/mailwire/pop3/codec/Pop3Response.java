// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A POP3 status line: {@code +OK} or {@code -ERR}, an optional extended response code and a
 * human-readable text.
 *
 * <p>The text never holds CR, LF or NUL, so encoding a response can never inject a second line
 * (RFC 1939 §3: a response is one line up to 512 octets). Multi-line bodies that follow a
 * {@code +OK} are not part of this value; they are dot-stuffed by the session.
 *
 * @param ok   {@code true} for {@code +OK}, {@code false} for {@code -ERR}
 * @param code the extended response code, if any (RFC 2449 §8)
 * @param text the text after the status and code, possibly empty; it does not start with
 *             {@code [} when there is no code, so the line decodes to the same value
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-8">RFC 2449 §8</a>
 */
public record Pop3Response(boolean ok, Optional<Pop3ResponseCode> code, String text) {

    /** The longest response line with its CRLF (RFC 1939 §3, RFC 2449 §4). */
    public static final int MAX_LINE_LENGTH = 512;

    /**
     * Checks the text.
     *
     * @param ok   see the record description
     * @param code see the record description
     * @param text see the record description
     */
    public Pop3Response {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("response text holds CR, LF or NUL");
            }
        }
        if (code.isEmpty() && text.startsWith("[")) {
            throw new IllegalArgumentException("text starts with '[' but there is no response code");
        }
        if (text.startsWith(" ")) {
            // A leading space would be read back as the separator: keep decode(encode(x)) == x.
            throw new IllegalArgumentException("text starts with a space");
        }
        int length = (ok ? 3 : 4) + code.map(c -> c.value().length() + 3).orElse(0)
                + (text.isEmpty() ? 0 : 1 + text.getBytes(StandardCharsets.UTF_8).length) + 2;
        if (length > MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("response longer than " + MAX_LINE_LENGTH + " octets");
        }
    }

    /**
     * Returns {@code +OK text}.
     *
     * @param text the text, possibly empty
     * @return the response
     */
    public static Pop3Response ok(String text) {
        return new Pop3Response(true, Optional.empty(), text);
    }

    /**
     * Returns {@code -ERR text}.
     *
     * @param text the text, possibly empty
     * @return the response
     */
    public static Pop3Response err(String text) {
        return new Pop3Response(false, Optional.empty(), text);
    }

    /**
     * Returns {@code -ERR [code] text}.
     *
     * @param code the extended response code
     * @param text the text, possibly empty
     * @return the response
     */
    public static Pop3Response err(Pop3ResponseCode code, String text) {
        return new Pop3Response(false, Optional.of(code), text);
    }

    /**
     * Encodes the line with its CRLF.
     *
     * @return the octets; the text is UTF-8 (RFC 6856 §2 allows it after {@code UTF8})
     */
    public byte[] encode() {
        StringBuilder line = new StringBuilder(text.length() + 24).append(ok ? "+OK" : "-ERR");
        code.ifPresent(c -> line.append(' ').append(c));
        if (!text.isEmpty()) {
            line.append(' ').append(text);
        }
        return line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes one status line without its CRLF, as a client reads it.
     *
     * @param line   the array holding the line
     * @param length the line's length from index 0
     * @return the response
     * @throws Pop3ProtocolException if the line starts with neither {@code +OK} nor {@code -ERR}
     *                               or is not UTF-8
     */
    public static Pop3Response decode(byte[] line, int length) {
        String s = Pop3CommandDecoder.utf8(line, 0, length);
        boolean ok;
        int at;
        if (s.startsWith("+OK")) {
            ok = true;
            at = 3;
        } else if (s.startsWith("-ERR")) {
            ok = false;
            at = 4;
        } else {
            throw new Pop3ProtocolException("status indicator is neither +OK nor -ERR");
        }
        if (at == s.length()) {
            return new Pop3Response(ok, Optional.empty(), "");
        }
        if (s.charAt(at) != ' ') {
            throw new Pop3ProtocolException("no space after the status indicator");
        }
        at++;
        Optional<Pop3ResponseCode> code = Optional.empty();
        if (at < s.length() && s.charAt(at) == '[') {
            int close = s.indexOf(']', at);
            if (close > at && Pop3ResponseCode.isValid(s.substring(at + 1, close))) {
                code = Optional.of(new Pop3ResponseCode(s.substring(at + 1, close)));
                at = close + 1;
                if (at < s.length()) {
                    if (s.charAt(at) != ' ') {
                        throw new Pop3ProtocolException("no space after the response code");
                    }
                    at++;
                }
            } else {
                throw new Pop3ProtocolException("malformed response code");
            }
        }
        String text = s.substring(at);
        if (text.startsWith(" ")) {
            throw new Pop3ProtocolException("more than one space before the text");
        }
        try {
            return new Pop3Response(ok, code, text);
        } catch (IllegalArgumentException e) {
            throw new Pop3ProtocolException("malformed response");
        }
    }

    /**
     * Returns the line as sent, without CRLF.
     *
     * @return the status line
     */
    @Override
    public String toString() {
        String s = new String(encode(), StandardCharsets.UTF_8);
        return s.substring(0, s.length() - 2);
    }
}
