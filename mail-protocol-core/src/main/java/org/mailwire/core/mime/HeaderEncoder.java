// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes header fields a caller gives as values: folded at 78 characters (RFC 5322 §2.1.1,
 * §2.2.3), non-ASCII text as RFC 2047 encoded words, local parts quoted when they are not
 * dot-atoms, parameters RFC 2231 encoded when they need it.
 *
 * <p>Every method refuses CR, LF and NUL in anything it is given with
 * {@link IllegalArgumentException}, before it writes anything: a value from a caller must never be
 * able to start a header line of its own (SECURITY-CASES SMTPC-01 and MIME-01; CVE-2025-7962,
 * CVE-2024-21742). Folding only ever inserts CRLF before an existing space, so unfolding gives back
 * the value exactly.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-2.2.3">RFC 5322 §2.2.3</a>
 */
public final class HeaderEncoder {

    /** Line length to fold at (RFC 5322 §2.1.1 "SHOULD be no more than 78"). */
    public static final int FOLD_AT = 78;

    private HeaderEncoder() {
    }

    /**
     * Refuses text holding CR, LF or NUL.
     *
     * @param what  what the text is, for the message
     * @param value the text
     * @return the text
     * @throws IllegalArgumentException if it holds CR, LF or NUL
     */
    public static String checkLine(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
            }
        }
        return value;
    }

    /**
     * Checks a field name: printable ASCII without colon or space (RFC 5322 §2.2).
     *
     * @param name the field name
     * @return the name
     * @throws IllegalArgumentException if it is not a field name
     */
    public static String checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("invalid header field name: CR, LF, NUL, space, colon or non-ASCII");
            }
        }
        return name;
    }

    /**
     * Writes an unstructured field ({@code Subject}, {@code Comments}, ...), encoding the value as
     * RFC 2047 words when it is not plain ASCII (RFC 2047 §5 (1)).
     *
     * @param name  the field name
     * @param value the text
     * @return the folded field with its final CRLF
     */
    public static String unstructured(String name, String value) {
        checkName(name);
        checkLine(name, value);
        return fold(name, EncodedWords.isPlain(value) && !hasLongWord(value) ? value : EncodedWords.encode(value));
    }

    private static boolean hasLongWord(String value) {
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            run = value.charAt(i) == ' ' ? 0 : run + 1;
            if (run > FOLD_AT - 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a field whose value is already in header syntax, folding it at spaces.
     *
     * @param name  the field name
     * @param value the value
     * @return the folded field with its final CRLF
     */
    public static String structured(String name, String value) {
        checkName(name);
        checkLine(name, value);
        return fold(name, value);
    }

    /** Folds "name: value" before spaces so no line passes 78 characters where a space allows. */
    static String fold(String name, String value) {
        StringBuilder out = new StringBuilder(name.length() + value.length() + 8);
        out.append(name).append(':');
        int lineStart = 0;
        int i = 0;
        boolean first = true;
        while (i <= value.length()) {
            int space = value.indexOf(' ', i);
            int end = space < 0 ? value.length() : space;
            String word = value.substring(i, end);
            int lineLength = out.length() - lineStart;
            if (!first && lineLength + 1 + word.length() > FOLD_AT && lineLength > 1) {
                out.append("\r\n");
                lineStart = out.length();
            }
            out.append(' ').append(word);
            first = false;
            if (space < 0) {
                break;
            }
            i = space + 1;
        }
        return out.append("\r\n").toString();
    }

    /**
     * Writes an address field such as {@code From} or {@code To} (RFC 5322 §3.6.2, §3.6.3).
     *
     * @param name      the field name
     * @param addresses the addresses
     * @return the folded field with its final CRLF
     */
    public static String addresses(String name, List<? extends Address> addresses) {
        checkName(name);
        StringBuilder value = new StringBuilder();
        for (Address address : addresses) {
            if (value.length() > 0) {
                value.append(", ");
            }
            if (address instanceof Mailbox mailbox) {
                value.append(mailbox(mailbox));
            } else if (address instanceof Group group) {
                value.append(phrase(group.name())).append(':');
                for (int i = 0; i < group.members().size(); i++) {
                    value.append(i == 0 ? " " : ", ").append(mailbox(group.members().get(i)));
                }
                value.append(';');
            }
        }
        return fold(name, value.toString());
    }

    /**
     * Formats one mailbox as {@code name <local@domain>} or {@code local@domain}.
     *
     * @param mailbox the mailbox
     * @return the mailbox in header syntax
     */
    public static String mailbox(Mailbox mailbox) {
        checkLine("local part", mailbox.localPart());
        checkLine("domain", mailbox.domain());
        for (int i = 0; i < mailbox.domain().length(); i++) {
            char c = mailbox.domain().charAt(i);
            if (c == ' ' || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' || c == ')') {
                throw new IllegalArgumentException("invalid character in domain");
            }
        }
        String address = mailbox.address();
        if (mailbox.displayName().isEmpty()) {
            return address;
        }
        return phrase(mailbox.displayName().get()) + " <" + address + ">";
    }

    /** Writes a display name: atoms as they are, else a quoted string, non-ASCII as encoded words. */
    static String phrase(String text) {
        checkLine("display name", text);
        if (!EncodedWords.isPlain(text)) {
            return EncodedWords.encode(text);
        }
        boolean atoms = !text.isEmpty();
        for (int i = 0; i < text.length() && atoms; i++) {
            char c = text.charAt(i);
            atoms = c == ' ' || MimeTokens.isAtomChar(c);
        }
        return atoms ? text : quote(text);
    }

    /**
     * Returns a local part as a dot-atom if it is one, else as a quoted string (RFC 5322 §3.4.1).
     *
     * @param localPart the local part
     * @return the local part in header syntax
     */
    public static String localPart(String localPart) {
        boolean dotAtom = !localPart.isEmpty() && localPart.charAt(0) != '.'
                && localPart.charAt(localPart.length() - 1) != '.' && !localPart.contains("..");
        for (int i = 0; i < localPart.length() && dotAtom; i++) {
            char c = localPart.charAt(i);
            dotAtom = c == '.' || MimeTokens.isAtomChar(c);
        }
        return dotAtom ? localPart : quote(localPart);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /**
     * Writes a MIME type or disposition value with parameters, each parameter as a token, a quoted
     * string, or, when not ASCII, RFC 2231 encoded in UTF-8 with continuations.
     *
     * @param value      {@code type/subtype} or a disposition type
     * @param parameters the parameters
     * @return the value with its parameters, to pass to {@link #structured(String, String)}
     * @throws IllegalArgumentException if the value is not made of tokens, or a parameter name is
     *                                  not a token, or a value holds CR, LF or NUL
     */
    public static String withParameters(String value, List<MimeParameter> parameters) {
        checkLine("MIME value", value);
        // type/subtype and disposition types are RFC 2045 tokens: no room to smuggle parameters.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '/' && (!MimeTokens.isTokenChar(c) || c >= 0x7f)) {
                throw new IllegalArgumentException("MIME type or disposition must be tokens");
            }
        }
        StringBuilder out = new StringBuilder(value);
        for (MimeParameter parameter : parameters) {
            String name = parameter.name();
            String text = checkLine("MIME parameter", parameter.value());
            for (int i = 0; i < name.length(); i++) {
                if (!MimeTokens.isTokenChar(name.charAt(i)) || name.charAt(i) == '*') {
                    throw new IllegalArgumentException("invalid MIME parameter name");
                }
            }
            out.append("; ");
            boolean ascii = true;
            boolean token = !text.isEmpty();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                ascii &= c >= 0x20 && c < 0x7f;
                token &= MimeTokens.isTokenChar(c) && c < 0x7f;
            }
            if (token) {
                out.append(name).append('=').append(text);
            } else if (ascii && text.length() < FOLD_AT - name.length() - 8) {
                out.append(name).append('=').append(quote(text));
            } else {
                appendExtended(out, name, text);
            }
        }
        return out.toString();
    }

    /** RFC 2231 §3, §4: name*0*=utf-8''%..; name*1*=%.. in sections short enough to fold between. */
    private static void appendExtended(StringBuilder out, String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder section = new StringBuilder("utf-8''");
        int number = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b < 0x7f && b > 0x20 && MimeTokens.isTokenChar((char) b) && b != '%' && b != '\'' && b != '*';
            if (plain) {
                section.append((char) b);
            } else {
                section.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
            }
            if (section.length() >= 60 && i + 1 < bytes.length) {
                out.append(name).append('*').append(number++).append("*=").append(section).append("; ");
                section.setLength(0);
            }
        }
        out.append(name).append('*').append(number).append("*=").append(section);
    }
}
