// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * A message as the store kept it (with the server's {@code Received:} trace field first,
 * RFC 5321 §4.4), with readers for its header fields (RFC 5322 §2.2, unfolded) and body, and
 * assertions that fail the test with the whole message in the report.
 *
 * @param user    the mailbox owner
 * @param uid     the message's UID in the INBOX
 * @param content the message's octets
 */
public record ReceivedMessage(String user, long uid, byte[] content) {

    /**
     * Returns the message decoded as UTF-8 (RFC 6532 allows UTF-8 header fields).
     *
     * @return the text
     */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /**
     * Returns every header field with the name, unfolded (RFC 5322 §2.2.3), values trimmed, in order.
     *
     * @param name the field name, any case
     * @return the values, none if absent
     */
    public List<String> headers(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        String current = null;
        for (String line : headerLines()) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current = current + line;
                }
                continue;
            }
            if (current != null) {
                values.add(current.trim());
                current = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                current = line.substring(colon + 1);
            }
        }
        if (current != null) {
            values.add(current.trim());
        }
        return values;
    }

    /**
     * Returns the first header field with the name.
     *
     * @param name the field name, any case
     * @return the unfolded value
     */
    public Optional<String> header(String name) {
        List<String> all = headers(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Returns the body: everything after the first empty line (RFC 5322 §2.1).
     *
     * @return the body, empty if there is none
     */
    public String body() {
        String text = text();
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? "" : text.substring(end + 4);
    }

    /**
     * Fails unless the first field with the name has exactly this value.
     *
     * @param name     the field name
     * @param expected the expected unfolded value
     * @return this message, for chaining
     */
    public ReceivedMessage assertHeader(String name, String expected) {
        Optional<String> actual = header(name);
        if (actual.isEmpty() || !actual.get().equals(expected)) {
            throw new AssertionFailedError("header " + name + " of " + user + "'s message " + uid
                    + "\n" + text(), expected, actual.orElse(null));
        }
        return this;
    }

    /**
     * Fails unless the body contains the text.
     *
     * @param expected the text
     * @return this message, for chaining
     */
    public ReceivedMessage assertBodyContains(String expected) {
        if (!body().contains(expected)) {
            throw new AssertionFailedError("body of " + user + "'s message " + uid + " lacks \"" + expected
                    + "\"\n" + text());
        }
        return this;
    }

    private List<String> headerLines() {
        String text = text();
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start <= head.length()) {
            int crlf = head.indexOf("\r\n", start);
            if (crlf < 0) {
                lines.add(head.substring(start));
                break;
            }
            lines.add(head.substring(start, crlf));
            start = crlf + 2;
        }
        return lines;
    }
}
