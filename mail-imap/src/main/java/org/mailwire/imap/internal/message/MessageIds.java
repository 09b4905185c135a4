// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the message ids of {@code Message-ID}, {@code In-Reply-To} and {@code References}
 * values (RFC 5322 §3.6.4) the lenient way RFC 5256 §4 asks of threading: every
 * {@code <...>} in order, and for a value with no angle brackets, its first word.
 */
final class MessageIds {

    /** Longest id kept; RFC 5322 has no bound, ids beyond this are hostile or broken. */
    static final int MAX_ID = 998;

    /** Most ids read from one value, so a hostile References field stays linear and bounded. */
    static final int MAX_IDS = 1000;

    private MessageIds() {
    }

    static List<String> parse(String value) {
        List<String> ids = new ArrayList<>(2);
        int i = 0;
        int n = value.length();
        while (i < n && ids.size() < MAX_IDS) {
            int open = value.indexOf('<', i);
            if (open < 0) {
                break;
            }
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            int next = value.indexOf('<', open + 1);
            if (next >= 0 && next < close) {
                // "<a <b>": the first bracket never closed; start again at the second.
                i = next;
                continue;
            }
            String id = value.substring(open + 1, close).strip();
            if (!id.isEmpty() && id.length() <= MAX_ID && id.chars().noneMatch(c -> c == ' ' || c == '\t')) {
                ids.add(id);
            }
            i = close + 1;
        }
        if (ids.isEmpty() && value.indexOf('<') < 0) {
            String word = value.strip();
            int space = 0;
            while (space < word.length() && word.charAt(space) != ' ' && word.charAt(space) != '\t') {
                space++;
            }
            if (space > 0 && space <= MAX_ID) {
                ids.add(word.substring(0, space));
            }
        }
        return ids;
    }
}
