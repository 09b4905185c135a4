// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mailwire.core.codec.Utf8;

/**
 * The byte-level pieces the mechanisms share: strict UTF-8, SCRAM's saslname escaping, base64 that
 * reports rather than throws, HMAC, and hex. Every parser here returns {@code null} for bad input
 * instead of throwing, so callers turn it into their own typed outcome.
 */
final class Wire {

    static final byte NUL = 0;
    static final byte CTRL_A = 1;

    private static final String HEX = "0123456789abcdef";

    private Wire() {
    }

    /** Decodes strict UTF-8 (no overlongs, no surrogates, no truncation), or null. */
    static String utf8(byte[] bytes, int from, int to) {
        return Utf8.decodeStrict(bytes, from, to);
    }

    static String utf8(byte[] bytes) {
        return utf8(bytes, 0, bytes.length);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the next nonce from a source after checking its grammar (RFC 5802 §7 printable). */
    static String checkedNonce(NonceSource source) {
        String nonce = source.nextNonce();
        if (nonce == null || !isPrintable(nonce)) {
            throw new IllegalStateException("nonce source returned an empty nonce or one with a forbidden character");
        }
        return nonce;
    }

    /** RFC 5802 §7: printable = %x21-2B / %x2D-7E, at least one. */
    static boolean isPrintable(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** RFC 5802 §5.1: "," and "=" in a saslname are sent as "=2C" and "=3D". */
    static String encodeSaslName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case ',' -> out.append("=2C");
                case '=' -> out.append("=3D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Reverses {@link #encodeSaslName}; null when an "=" is not followed by "2C" or "3D", or when
     * the value holds a NUL or a raw comma (RFC 5802 §7 value-safe-char).
     */
    static String decodeSaslName(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=') {
                if (value.startsWith("2C", i + 1)) {
                    out.append(',');
                } else if (value.startsWith("3D", i + 1)) {
                    out.append('=');
                } else {
                    return null;
                }
                i += 2;
            } else if (c == ',' || c == '\0') {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Strict base64 (RFC 4648 §4 alphabet, padding required), or null. */
    static byte[] base64(String value) {
        if (value.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String base64(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX.charAt((bytes[i] >> 4) & 0xF);
            out[2 * i + 1] = HEX.charAt(bytes[i] & 0xF);
        }
        return new String(out);
    }

    /** Lower-case hex digits only, as RFC 2195 §2 sends them. */
    static boolean isLowerHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates a keyed HMAC. An empty key is replaced by a single zero byte: HMAC pads short keys
     * with zeros to the block size (RFC 2104 §2), so both give the same MAC, and
     * {@link SecretKeySpec} refuses empty keys.
     */
    static Mac hmac(String algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK must provide HmacMD5, HmacSHA1 and HmacSHA256 (Java SE Mac requirements).
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        return hmac(algorithm, key).doFinal(data);
    }

    /** Splits on a separator, keeping empty parts (so ",," yields three empty strings). */
    static java.util.List<String> split(String value, char separator) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == separator) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** RFC 5802 §7 attr-val: one ASCII letter, "=", then the value. */
    static boolean isAttribute(String part, char name) {
        return part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=';
    }

    /** RFC 5802 §7 extensions: each is an attr-val with a letter name. */
    static boolean isExtension(String part) {
        if (part.length() < 2 || part.charAt(1) != '=') {
            return false;
        }
        char c = part.charAt(0);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** RFC 5802 §7 posit-number, or -1 when malformed or above Integer.MAX_VALUE. */
    static int positiveNumber(String digits) {
        if (digits.isEmpty() || digits.length() > 10 || digits.charAt(0) == '0') {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }
}
