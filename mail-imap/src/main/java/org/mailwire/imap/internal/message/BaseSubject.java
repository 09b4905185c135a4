// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import org.mailwire.core.mime.EncodedWords;

/**
 * The base subject of RFC 5256 §2.1, on which SORT SUBJECT and both THREAD algorithms group
 * messages: the subject with encoded words decoded, whitespace collapsed, and the reply and
 * forward decorations ({@code Re:}, {@code Fwd:}, {@code [list]} blobs, {@code (fwd)},
 * {@code [fwd: ...]}) taken away, with whether any were there (a reply or forward, RFC 5256 §4
 * step 6).
 *
 * @param text    the base subject
 * @param isReply whether a reply or forward decoration was removed
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5256#section-2.1">RFC 5256 §2.1</a>
 */
record BaseSubject(String text, boolean isReply) {

    /**
     * Extracts the base subject of a subject field's unfolded value.
     *
     * @param subject the value as written, encoded words and all
     * @return the base subject
     */
    static BaseSubject of(String subject) {
        // (1) Decode encoded words; tabs and line breaks become spaces; runs of spaces one.
        String decoded = EncodedWords.decode(subject);
        StringBuilder sb = new StringBuilder(decoded.length());
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '\t' || c == '\r' || c == '\n') {
                c = ' ';
            }
            if (c == ' ' && sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                continue;
            }
            sb.append(c);
        }
        String s = sb.toString();
        boolean reply = false;
        while (true) {
            // (2) Trailers: "(fwd)" and whitespace, repeatedly.
            boolean trimmed = true;
            while (trimmed) {
                trimmed = false;
                if (s.endsWith(" ")) {
                    s = s.substring(0, s.length() - 1);
                    trimmed = true;
                } else if (s.length() >= 5 && s.regionMatches(true, s.length() - 5, "(fwd)", 0, 5)) {
                    s = s.substring(0, s.length() - 5);
                    reply = true;
                    trimmed = true;
                }
            }
            // (3)-(5) Leaders and blobs, until neither matches.
            boolean changed = true;
            while (changed) {
                changed = false;
                int leader;
                while ((leader = leader(s)) > 0) {
                    if (s.charAt(0) != ' ') {
                        reply = true;
                    }
                    s = s.substring(leader);
                    changed = true;
                }
                int blob = blob(s, 0);
                if (blob > 0 && hasNonSpace(s, blob)) {
                    s = s.substring(blob);
                    changed = true;
                }
            }
            // (6) "[fwd:" ... "]" around the whole: unwrap and start again from (2).
            if (s.length() >= 6 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1);
                reply = true;
                continue;
            }
            return new BaseSubject(s, reply);
        }
    }

    /**
     * Returns the length of a {@code subj-leader} at the start, or 0:
     * {@code (*subj-blob subj-refwd) / WSP}.
     */
    private static int leader(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        if (s.charAt(0) == ' ') {
            return 1;
        }
        int i = 0;
        while (true) {
            int refwd = refwd(s, i);
            if (refwd > 0) {
                return refwd;
            }
            int blob = blob(s, i);
            if (blob == 0) {
                return 0;
            }
            i = blob;
        }
    }

    /** {@code subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"}: its end, or 0. */
    private static int refwd(String s, int at) {
        int i;
        if (s.regionMatches(true, at, "re", 0, 2)) {
            i = at + 2;
        } else if (s.regionMatches(true, at, "fwd", 0, 3)) {
            i = at + 3;
        } else if (s.regionMatches(true, at, "fw", 0, 2)) {
            i = at + 2;
        } else {
            return 0;
        }
        i = spaces(s, i);
        int blob = blob(s, i);
        if (blob > 0) {
            i = blob;
        }
        return i < s.length() && s.charAt(i) == ':' ? i + 1 : 0;
    }

    /** {@code subj-blob = "[" *BLOBCHAR "]" *WSP}: its end, or 0. */
    private static int blob(String s, int at) {
        if (at >= s.length() || s.charAt(at) != '[') {
            return 0;
        }
        for (int i = at + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ']') {
                return spaces(s, i + 1);
            }
            if (c == '[') {
                return 0;
            }
        }
        return 0;
    }

    private static int spaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean hasNonSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) != ' ') {
                return true;
            }
        }
        return false;
    }
}
