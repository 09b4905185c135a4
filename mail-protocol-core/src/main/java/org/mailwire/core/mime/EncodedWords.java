// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Optional;

/**
 * Decodes and encodes RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) in unstructured header
 * text and display names.
 *
 * <p>Decoding is lenient the way mail readers must be: any charset the JDK knows, an RFC 2231 §5
 * language suffix ({@code =?UTF-8*en?Q?..?=}), missing base64 padding, encoded words glued to other
 * text. The bytes of adjacent words in one charset are joined before decoding, so a character split
 * across two words survives; whitespace between encoded words is dropped (RFC 2047 §6.2). A word
 * that cannot be decoded (unknown charset, bad base64) is kept exactly as written. Each word is
 * looked at once, within {@link #MAX_WORD} characters, so decoding is linear.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2047#section-6">RFC 2047 §6</a>
 */
public final class EncodedWords {

    /** Longest encoded word looked at: RFC 2047 §2 allows 75, real mailers write longer ones. */
    static final int MAX_WORD = 1000;

    /** Encoded-text bytes per B word, so the word fits 75 characters: 10 + 60 + 2 (RFC 2047 §2). */
    private static final int BYTES_PER_WORD = 45;

    private EncodedWords() {
    }

    /**
     * Decodes every encoded word in a header value.
     *
     * @param text an unfolded header value
     * @return the text with encoded words replaced by what they encode
     */
    public static String decode(String text) {
        int at = text.indexOf("=?");
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        int copied = 0;
        int lastWordEnd = -1;
        while (at >= 0) {
            Word word = parseWord(text, at);
            if (word == null) {
                at = text.indexOf("=?", at + 2);
                continue;
            }
            boolean adjacent = lastWordEnd >= 0 && isBlank(text, lastWordEnd, at);
            if (!adjacent || !word.charset.equals(pendingCharset)) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                if (!adjacent) {
                    out.append(text, copied, at);
                }
            }
            pending.writeBytes(word.bytes);
            pendingCharset = word.charset;
            copied = word.end;
            lastWordEnd = word.end;
            at = text.indexOf("=?", word.end);
        }
        flush(out, pending, pendingCharset);
        out.append(text, copied, text.length());
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (charset != null && pending.size() > 0) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
    }

    private static boolean isBlank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private record Word(Charset charset, byte[] bytes, int end) {
    }

    /** Parses the word starting at {@code at} ("=?"), or returns null when it is not a valid word. */
    private static Word parseWord(String text, int at) {
        int limit = Math.min(text.length(), at + MAX_WORD);
        int charsetEnd = text.indexOf('?', at + 2);
        if (charsetEnd < 0 || charsetEnd + 3 >= limit || text.charAt(charsetEnd + 2) != '?') {
            return null;
        }
        char encoding = text.charAt(charsetEnd + 1);
        int textStart = charsetEnd + 3;
        int textEnd = textStart;
        while (textEnd + 1 < limit && !(text.charAt(textEnd) == '?' && text.charAt(textEnd + 1) == '=')) {
            char c = text.charAt(textEnd);
            if (c == ' ' || c == '\t' || c == '?') {
                return null;
            }
            textEnd++;
        }
        if (textEnd + 1 >= limit) {
            return null;
        }
        Optional<Charset> charset = charset(text.substring(at + 2, charsetEnd));
        if (charset.isEmpty()) {
            return null;
        }
        byte[] bytes = switch (encoding) {
            case 'B', 'b' -> base64(text, textStart, textEnd);
            case 'Q', 'q' -> quoted(text, textStart, textEnd);
            default -> null;
        };
        return bytes == null ? null : new Word(charset.get(), bytes, textEnd + 2);
    }

    /** Looks up a charset by MIME name, dropping an RFC 2231 §5 language suffix. */
    static Optional<Charset> charset(String name) {
        int star = name.indexOf('*');
        String bare = star < 0 ? name : name.substring(0, star);
        if (bare.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(bare));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    private static byte[] base64(String text, int from, int to) {
        StringBuilder padded = new StringBuilder(to - from + 3).append(text, from, to);
        while (padded.length() % 4 != 0) {
            padded.append('=');
        }
        try {
            return Base64.getDecoder().decode(padded.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] quoted(String text, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=') {
                int hi = i + 1 < to ? hexDigit(text.charAt(i + 1)) : -1;
                int lo = i + 2 < to ? hexDigit(text.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0xff) {
                return null;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** Returns the value of an ASCII hex digit, or -1 (Character.digit would take non-ASCII digits). */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * Tells whether text can stand in a header as it is: printable ASCII and whitespace only, and
     * nothing that a reader would take for an encoded word.
     *
     * @param text header text
     * @return whether no encoding is needed
     */
    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return !text.contains("=?");
    }

    /**
     * Encodes text as UTF-8 base64 encoded words of at most 75 characters each, separated by single
     * spaces, never splitting a character between words (RFC 2047 §2, §5).
     *
     * @param text any text
     * @return the encoded words
     */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            int bytes = 0;
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (bytes + size > BYTES_PER_WORD && i > start) {
                    break;
                }
                bytes += size;
                i += Character.charCount(cp);
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(text.substring(start, i).getBytes(StandardCharsets.UTF_8)))
                    .append("?=");
        }
        return out.toString();
    }
}
