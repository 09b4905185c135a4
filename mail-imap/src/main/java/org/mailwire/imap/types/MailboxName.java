// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.codec.Utf8;

/**
 * A mailbox name as Unicode text, with its two wire forms: modified UTF-7 for IMAP4rev1
 * sessions (RFC 3501 §5.1.3) and UTF-8 for IMAP4rev2 and {@code UTF8=ACCEPT} sessions
 * (RFC 9051 §5.1, RFC 6855 §3).
 *
 * <p>{@code INBOX} is case-insensitive (RFC 9051 §5.1): any spelling of it becomes
 * {@code "INBOX"}, so equal mailboxes are equal values. Other names keep their case. A name
 * holds no control characters (RFC 9051 §5.1 says they SHOULD NOT appear; refusing them keeps
 * NUL and CR/LF away from stores and logs, SECURITY-CASES IMAP-12) and no unpaired surrogates
 * (which no wire form can carry). Hierarchy and path policy (".." and the like) belong to the
 * store, not to this value.
 *
 * @param name the name as Unicode text
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3501#section-5.1.3">RFC 3501 §5.1.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-5.1">RFC 9051 §5.1</a>
 */
public record MailboxName(String name) {

    /** The name of the user's primary mailbox, whatever case the peer spells it in. */
    public static final MailboxName INBOX = new MailboxName("INBOX");

    private static final char[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();

    /**
     * Checks the text and folds {@code INBOX}.
     *
     * @param name the name as Unicode text
     * @throws IllegalArgumentException if it holds a control character or an unpaired surrogate
     */
    public MailboxName {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                throw new IllegalArgumentException("mailbox name holds a control character");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    throw new IllegalArgumentException("mailbox name holds an unpaired surrogate");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException("mailbox name holds an unpaired surrogate");
            }
        }
        if (name.equalsIgnoreCase("INBOX")) {
            name = "INBOX";
        }
    }

    /**
     * Returns the mailbox with the given Unicode name.
     *
     * @param name the name
     * @return the mailbox name
     * @throws IllegalArgumentException if it holds a control character or an unpaired surrogate
     */
    public static MailboxName of(String name) {
        return new MailboxName(name);
    }

    /**
     * Tells whether this is {@code INBOX}.
     *
     * @return {@code true} for the inbox in any spelling
     */
    public boolean isInbox() {
        return name.equals("INBOX");
    }

    /**
     * Decodes a name in modified UTF-7, strictly: only printable US-ASCII on the wire, {@code &-}
     * for {@code &}, base64 runs that are non-empty, closed by {@code -}, padded with zero bits
     * only, made of whole UTF-16 units that pair correctly, and that encode no printable
     * US-ASCII character. Two runs may not touch ({@code &AOk-&AOk-}): the encoder would have
     * made one run, so every name has exactly one accepted spelling.
     *
     * @param wire the name as received, for example {@code ~peter/mail/&U,BTFw-/&ZeVnLIqe-}
     * @return the name, or empty if the text is not valid modified UTF-7 or decodes to a name
     *         this type refuses
     * @see <a href="https://www.rfc-editor.org/rfc/rfc3501#section-5.1.3">RFC 3501 §5.1.3</a>
     */
    public static Optional<MailboxName> fromModifiedUtf7(CharSequence wire) {
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        int n = wire.length();
        boolean previousWasRun = false;
        while (i < n) {
            char c = wire.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return Optional.empty();
            }
            if (c != '&') {
                out.append(c);
                i++;
                previousWasRun = false;
                continue;
            }
            i++;
            if (i < n && wire.charAt(i) == '-') {
                out.append('&');
                i++;
                previousWasRun = false;
                continue;
            }
            if (previousWasRun) {
                return Optional.empty();
            }
            int end = decodeRun(wire, i, out);
            if (end < 0) {
                return Optional.empty();
            }
            i = end;
            previousWasRun = true;
        }
        return create(out.toString());
    }

    /**
     * Decodes one base64 run starting after its {@code &}; returns the index after its closing
     * {@code -}, or -1 if the run is invalid.
     */
    private static int decodeRun(CharSequence wire, int start, StringBuilder out) {
        int bits = 0;
        int bitCount = 0;
        int units = 0;
        char pendingHigh = 0;
        int i = start;
        while (true) {
            if (i == wire.length()) {
                return -1;
            }
            char c = wire.charAt(i++);
            if (c == '-') {
                break;
            }
            int v = base64Value(c);
            if (v < 0) {
                return -1;
            }
            bits = (bits << 6) | v;
            bitCount += 6;
            if (bitCount >= 16) {
                bitCount -= 16;
                char unit = (char) (bits >>> bitCount);
                bits &= (1 << bitCount) - 1;
                units++;
                if (pendingHigh != 0) {
                    if (!Character.isLowSurrogate(unit)) {
                        return -1;
                    }
                    out.append(pendingHigh).append(unit);
                    pendingHigh = 0;
                } else if (Character.isHighSurrogate(unit)) {
                    pendingHigh = unit;
                } else if (Character.isLowSurrogate(unit) || (unit >= 0x20 && unit <= 0x7E)) {
                    // A lone low surrogate is no character; printable ASCII must represent itself.
                    return -1;
                } else {
                    out.append(unit);
                }
            }
        }
        // An empty run, a dangling high surrogate, a partial unit of 6 bits or more, or
        // non-zero padding bits are all refused.
        if (units == 0 || pendingHigh != 0 || bitCount >= 6 || bits != 0) {
            return -1;
        }
        return i;
    }

    private static int base64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == ',') {
            return 63;
        }
        return -1;
    }

    /**
     * Encodes the name in modified UTF-7: printable US-ASCII as itself, {@code &} as
     * {@code &-}, every other run of characters as {@code &}, the modified base64 of its UTF-16
     * units, and {@code -}.
     *
     * @return the wire form, all printable US-ASCII
     * @see <a href="https://www.rfc-editor.org/rfc/rfc3501#section-5.1.3">RFC 3501 §5.1.3</a>
     */
    public String toModifiedUtf7() {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            out.append('&');
            int bits = 0;
            int bitCount = 0;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7E)) {
                bits = (bits << 16) | name.charAt(i++);
                bitCount += 16;
                while (bitCount >= 6) {
                    bitCount -= 6;
                    out.append(BASE64[(bits >>> bitCount) & 0x3F]);
                }
                bits &= (1 << bitCount) - 1;
            }
            if (bitCount > 0) {
                out.append(BASE64[(bits << (6 - bitCount)) & 0x3F]);
            }
            out.append('-');
        }
        return out.toString();
    }

    /**
     * Decodes a name received in UTF-8 (IMAP4rev2, {@code UTF8=ACCEPT}), strictly: malformed
     * or overlong sequences and encoded surrogates are refused.
     *
     * @param bytes the octets as received
     * @return the name, or empty if they are not valid UTF-8 or decode to a name this type
     *         refuses
     * @see <a href="https://www.rfc-editor.org/rfc/rfc6855#section-3">RFC 6855 §3</a>
     */
    public static Optional<MailboxName> fromUtf8(byte[] bytes) {
        String text = Utf8.decodeStrict(bytes);
        return text == null ? Optional.empty() : create(text);
    }

    /**
     * Encodes the name in UTF-8.
     *
     * @return the UTF-8 octets
     */
    public byte[] toUtf8() {
        // The constructor refused unpaired surrogates, so no replacement character can appear.
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<MailboxName> create(String name) {
        try {
            return Optional.of(new MailboxName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
