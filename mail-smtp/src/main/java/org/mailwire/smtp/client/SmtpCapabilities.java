// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * The service extensions a server announced in its reply to EHLO (RFC 5321 §4.1.1.1), keyword
 * by keyword, with the typed questions an SMTP client asks of them. After STARTTLS the client
 * asks again and forgets what the plaintext reply said (RFC 3207 §4.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1.1">RFC 5321 §4.1.1.1</a>
 */
public final class SmtpCapabilities {

    /** What a server that only answered HELO offers: nothing (RFC 5321 §3.2). */
    public static final SmtpCapabilities NONE = new SmtpCapabilities("", Map.of(), false);

    private final String serverName;
    private final Map<String, List<String>> keywords;
    private final boolean extended;

    private SmtpCapabilities(String serverName, Map<String, List<String>> keywords, boolean extended) {
        this.serverName = serverName;
        this.keywords = keywords;
        this.extended = extended;
    }

    /**
     * Reads a positive reply to EHLO: the first line names the server, each other line is a
     * keyword and its parameters separated by spaces. Keywords are compared ignoring case; a
     * keyword given twice keeps its first parameters.
     *
     * @param ehloReply the reply
     * @return the capabilities
     */
    public static SmtpCapabilities parse(SmtpReply ehloReply) {
        Objects.requireNonNull(ehloReply, "ehloReply");
        List<String> lines = ehloReply.lines();
        String first = lines.get(0).strip();
        int space = first.indexOf(' ');
        String name = space < 0 ? first : first.substring(0, space);
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> words = words(lines.get(i));
            if (words.isEmpty()) {
                continue;
            }
            map.putIfAbsent(words.get(0).toUpperCase(Locale.ROOT), List.copyOf(words.subList(1, words.size())));
        }
        return new SmtpCapabilities(name, Collections.unmodifiableMap(map), true);
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int at = 0;
        while (at < line.length()) {
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
            int end = at;
            while (end < line.length() && line.charAt(end) != ' ') {
                end++;
            }
            if (end > at) {
                words.add(line.substring(at, end));
            }
            at = end;
        }
        return words;
    }

    /**
     * Tells whether the server answered EHLO (rather than only HELO).
     *
     * @return {@code true} for an ESMTP server
     */
    public boolean extended() {
        return extended;
    }

    /**
     * Returns the name the server gave on the first line of its EHLO reply.
     *
     * @return the name, empty after HELO
     */
    public String serverName() {
        return serverName;
    }

    /**
     * Tells whether a keyword was announced.
     *
     * @param keyword the keyword, any case
     * @return {@code true} if announced
     */
    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /**
     * Returns a keyword's parameters.
     *
     * @param keyword the keyword, any case
     * @return its parameters, empty if none or not announced
     */
    public List<String> parameters(String keyword) {
        return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /**
     * Returns the announced keywords, upper case, in order.
     *
     * @return the keywords
     */
    public List<String> keywords() {
        return List.copyOf(keywords.keySet());
    }

    /**
     * Returns the largest message the server accepts (RFC 1870 §4: {@code SIZE n}).
     *
     * @return the limit in octets; empty when SIZE is absent, has no number, or is 0 (no fixed
     *         limit) or unreadable
     */
    public OptionalLong maxSize() {
        List<String> p = parameters("SIZE");
        if (!has("SIZE") || p.isEmpty()) {
            return OptionalLong.empty();
        }
        String digits = p.get(0);
        if (digits.isEmpty() || digits.length() > 18) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            value = value * 10 + (c - '0');
        }
        return value == 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * Returns the SASL mechanisms of the AUTH keyword (RFC 4954 §3).
     *
     * @return the mechanism names as announced
     */
    public List<String> authMechanisms() {
        return parameters("AUTH");
    }

    /**
     * Tells whether STARTTLS is offered (RFC 3207).
     *
     * @return {@code true} if offered
     */
    public boolean startTls() {
        return has("STARTTLS");
    }

    /**
     * Tells whether PIPELINING is offered (RFC 2920).
     *
     * @return {@code true} if offered
     */
    public boolean pipelining() {
        return has("PIPELINING");
    }

    /**
     * Tells whether CHUNKING (BDAT) is offered (RFC 3030).
     *
     * @return {@code true} if offered
     */
    public boolean chunking() {
        return has("CHUNKING");
    }

    /**
     * Tells whether 8BITMIME is offered (RFC 6152).
     *
     * @return {@code true} if offered
     */
    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    /**
     * Tells whether BINARYMIME is offered (RFC 3030 §3).
     *
     * @return {@code true} if offered
     */
    public boolean binaryMime() {
        return has("BINARYMIME");
    }

    /**
     * Tells whether SMTPUTF8 is offered (RFC 6531).
     *
     * @return {@code true} if offered
     */
    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    /**
     * Tells whether delivery status notifications are offered (RFC 3461).
     *
     * @return {@code true} if DSN is announced
     */
    public boolean dsn() {
        return has("DSN");
    }

    /**
     * Tells whether enhanced status codes are offered (RFC 2034).
     *
     * @return {@code true} if announced
     */
    public boolean enhancedStatusCodes() {
        return has("ENHANCEDSTATUSCODES");
    }

    @Override
    public String toString() {
        return extended ? serverName + " " + keywords : "HELO only";
    }
}
