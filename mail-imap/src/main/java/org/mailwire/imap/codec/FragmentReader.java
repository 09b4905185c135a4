// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mailwire.imap.types.ImapSyntax;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.core.codec.Ascii;

/**
 * The scanning both decoders share: a position in a framed line (text fragments with literals
 * between them, RFC 9051 §4.3), the grammar's small pieces (numbers, sequence sets, flags,
 * section words), parentheses within a nesting limit, and the step over a literal. Each decoder
 * adds its own productions; a violation is a {@link Refusal}, never another exception.
 */
abstract class FragmentReader {

    /** Why a line does not decode: becomes a BAD (commands) or a malformed response. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String hint;

        Refusal(String hint) {
            super(hint, null, false, false);
            this.hint = hint;
        }
    }

    private final List<Fragment> fragments;
    private final int maxDepth;
    private final int maxSequenceRanges;
    private int index;
    private int depth;
    byte[] text;
    int pos;
    int end;

    FragmentReader(List<Fragment> fragments, int maxDepth, int maxSequenceRanges) {
        this.fragments = fragments;
        this.maxDepth = maxDepth;
        this.maxSequenceRanges = maxSequenceRanges;
        Fragment.Text first = (Fragment.Text) fragments.get(0);
        text = first.array();
        end = first.length();
    }

    final int peek() {
        return pos < end ? text[pos] & 0xFF : -1;
    }

    final int peekAt(int offset) {
        return pos + offset < end ? text[pos + offset] & 0xFF : -1;
    }

    /** Whether the whole line has been read: the last fragment, to its end. */
    final boolean atEnd() {
        return pos == end && index == fragments.size() - 1;
    }

    /** Whether the current text fragment is the line's last. */
    final boolean inLastFragment() {
        return index == fragments.size() - 1;
    }

    final void expect(char c) {
        if (peek() != c) {
            throw new Refusal("Expected '" + c + "'");
        }
        pos++;
    }

    /** Opens a parenthesised list, within the nesting limit. */
    final void open() {
        expect('(');
        enter();
    }

    /** Closes a parenthesised list. */
    final void close() {
        expect(')');
        leave();
    }

    /** Enters a nesting level (a list, or a NOT or OR operand) within the limit. */
    final void enter() {
        if (++depth > maxDepth) {
            throw new Refusal("Too deeply nested");
        }
    }

    final void leave() {
        depth--;
    }

    /** {@code number}, at most {@code max} (no overflow: at most 19 digits are parsed). */
    final long number(long max) {
        int start = pos;
        while (pos < end && text[pos] >= '0' && text[pos] <= '9') {
            pos++;
        }
        long value = pos - start > 19 ? -1 : Ascii.parseUnsignedLong(text, start, pos, max);
        if (pos == start || value < 0) {
            throw new Refusal("Invalid number");
        }
        return value;
    }

    final long nzNumber() {
        if (peek() == '0') {
            throw new Refusal("Invalid number");
        }
        return number(SequenceSet.MAX_NUMBER);
    }

    /**
     * A {@code sequence-set} within {@link ImapLimits#maxSequenceRanges()}; {@code $} (RFC 5182
     * SEARCHRES) only where the caller allows it.
     */
    final SequenceSet sequenceSet(boolean savedResult) {
        int start = pos;
        while (pos < end && ((text[pos] >= '0' && text[pos] <= '9') || text[pos] == ':' || text[pos] == ','
                || text[pos] == '*' || (savedResult && text[pos] == '$'))) {
            pos++;
        }
        return SequenceSet.decode(text, start, pos, maxSequenceRanges)
                .orElseThrow(() -> new Refusal(savedResult && pos == start ? "Expected a sequence set"
                        : "Invalid sequence set or too many ranges"));
    }

    /** A flag's text: an atom, or a backslash and an atom ({@code \*} included; callers check). */
    final String flagText() {
        int start = pos;
        if (peek() == '\\') {
            pos++;
        }
        while (pos < end && (ImapSyntax.isAtomChar(text[pos] & 0xFF) || text[pos] == '*')) {
            pos++;
        }
        return new String(text, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** A section part or word: letters, digits and dots ({@code 1.2.HEADER.FIELDS}). */
    final String sectionWord() {
        int start = pos;
        while (pos < end && text[pos] >= 0 && (Ascii.isAlphaNumeric(text[pos]) || text[pos] == '.')) {
            pos++;
        }
        if (pos == start) {
            throw new Refusal("Expected a section");
        }
        return new String(text, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** The literal that follows the current text fragment; reading goes on after it. */
    final Fragment literal() {
        if (pos != end || index + 1 >= fragments.size()) {
            throw new Refusal("Expected a literal");
        }
        Fragment literal = fragments.get(index + 1);
        index += 2;
        Fragment.Text next = (Fragment.Text) fragments.get(index);
        text = next.array();
        pos = 0;
        end = next.length();
        return literal;
    }
}
