// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

/**
 * Finds a string in text fed in chunks split anywhere, ignoring case, in time linear in the
 * text and with memory bounded by the needle (Knuth-Morris-Pratt over case-folded characters),
 * so a match that straddles two chunks is found and a large body is never held whole.
 *
 * <p>Case folding is per UTF-16 unit: upper case, then lower case ({@code Character}), which
 * folds Latin, Greek, Cyrillic and the like; folds that change length (ß and SS) are not equal.
 */
final class TextFinder {

    private final char[] pattern;
    private final int[] fail;
    private int state;
    private boolean found;

    TextFinder(String needle) {
        pattern = new char[needle.length()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = fold(needle.charAt(i));
        }
        fail = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = fail[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            fail[i] = k;
        }
        found = pattern.length == 0;
    }

    static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** Tells whether a string holds the needle, ignoring case. */
    static boolean contains(String haystack, String needle) {
        TextFinder finder = new TextFinder(needle);
        return finder.feed(haystack);
    }

    boolean feed(CharSequence text) {
        for (int i = 0; i < text.length() && !found; i++) {
            step(text.charAt(i));
        }
        return found;
    }

    boolean feed(char[] chunk, int off, int len) {
        for (int i = off; i < off + len && !found; i++) {
            step(chunk[i]);
        }
        return found;
    }

    private void step(char raw) {
        char c = fold(raw);
        int k = state;
        while (k > 0 && c != pattern[k]) {
            k = fail[k - 1];
        }
        if (c == pattern[k]) {
            k++;
        }
        if (k == pattern.length) {
            found = true;
            k = 0;
        }
        state = k;
    }

    /** Starts again, as at the start of a new text (a match never spans two parts). */
    void reset() {
        state = 0;
        found = pattern.length == 0;
    }

    boolean found() {
        return found;
    }
}
