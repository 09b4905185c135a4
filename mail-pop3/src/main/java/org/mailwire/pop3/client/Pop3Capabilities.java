// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The server's answer to CAPA (RFC 2449 §5), one capability per line, as learnt on the current
 * protection level: after STLS only the answer given inside TLS is kept (RFC 2595 §4).
 *
 * @param known whether the server answered CAPA with {@code +OK} (RFC 1939 servers do not)
 * @param lines the capability lines, keyword first
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-6">RFC 2449 §6</a>
 */
public record Pop3Capabilities(boolean known, List<String> lines) {

    /** The capabilities of a server that does not know CAPA. */
    public static final Pop3Capabilities UNKNOWN = new Pop3Capabilities(false, List.of());

    /**
     * Checks and copies the lines.
     *
     * @param known see the record description
     * @param lines see the record description
     */
    public Pop3Capabilities {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }

    /**
     * Parses a CAPA body.
     *
     * @param body the unstuffed body, lines ending in CRLF
     * @return the capabilities
     */
    public static Pop3Capabilities parse(String body) {
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\r\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                lines.add(trimmed);
            }
        }
        return new Pop3Capabilities(true, lines);
    }

    /**
     * Tells whether a capability is offered, its keyword compared ignoring case.
     *
     * @param keyword for example {@code STLS}
     * @return {@code true} if a line starts with it
     */
    public boolean has(String keyword) {
        return find(keyword) != null;
    }

    /**
     * Returns the arguments of a capability, such as the mechanisms of {@code SASL}.
     *
     * @param keyword the capability
     * @return its arguments, empty if absent or bare
     */
    public List<String> arguments(String keyword) {
        String line = find(keyword);
        if (line == null) {
            return List.of();
        }
        String[] words = line.split(" +");
        return List.of(words).subList(1, words.length);
    }

    /**
     * Returns the SASL mechanisms offered (RFC 5034 §6).
     *
     * @return the names, as sent
     */
    public List<String> saslMechanisms() {
        return arguments("SASL");
    }

    private String find(String keyword) {
        String upper = keyword.toUpperCase(Locale.ROOT);
        for (String line : lines) {
            int space = line.indexOf(' ');
            String word = space < 0 ? line : line.substring(0, space);
            if (word.toUpperCase(Locale.ROOT).equals(upper)) {
                return line;
            }
        }
        return null;
    }
}
