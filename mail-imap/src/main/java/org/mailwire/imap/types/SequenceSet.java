// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.PrimitiveIterator;

/**
 * A set of message sequence numbers or UIDs as a command names it: a list of numbers and
 * ranges where {@code *} stands for the largest number in use, or {@code $}, the result of the
 * last {@code SEARCH ... SAVE} (RFC 5182).
 *
 * <p>The set is kept as written, never expanded: {@code 1:4294967295} is one range of eight
 * octets, and membership, counting and iteration work range by range. A server that expanded
 * such a set into numbers would allocate gigabytes for a few bytes of input (net-imap
 * CVE-2025-25186). The number of ranges a decoder accepts is bounded by the caller
 * ({@code ImapLimits.maxSequenceRanges}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9
 *     ({@code sequence-set})</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5182#section-2.1">RFC 5182 §2.1</a>
 */
public sealed interface SequenceSet permits SequenceSet.SavedResult, SequenceSet.Ranges {

    /** The largest sequence number or UID: {@code nz-number} is a 32-bit unsigned value. */
    long MAX_NUMBER = 0xFFFF_FFFFL;

    /**
     * Parses a set for application code.
     *
     * @param text the set, such as {@code 1:3,7,9:*} or {@code $}
     * @return the set
     * @throws IllegalArgumentException if the text is not a valid {@code sequence-set}
     */
    static SequenceSet of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return decode(bytes, 0, bytes.length, Integer.MAX_VALUE)
                .orElseThrow(() -> new IllegalArgumentException("not a sequence set"));
    }

    /**
     * Reads a set from peer input without throwing.
     *
     * @param bytes     the array
     * @param from      first index, inclusive
     * @param to        end, exclusive
     * @param maxRanges the most numbers and ranges accepted, {@code >= 1}
     * @return the set, or empty if the text is not a valid {@code sequence-set} or has more
     *         than {@code maxRanges} elements
     */
    static Optional<SequenceSet> decode(byte[] bytes, int from, int to, int maxRanges) {
        Objects.checkFromToIndex(from, to, bytes.length);
        if (to - from == 1 && bytes[from] == '$') {
            return Optional.of(SavedResult.INSTANCE);
        }
        // Each element takes at least two octets but the last, so this bounds the array by the
        // input as well as by the limit, before any is allocated.
        int capacity = (int) Math.min(maxRanges, (to - from + 1L) / 2);
        if (capacity == 0) {
            return Optional.empty();
        }
        int[] bounds = new int[capacity * 2];
        int count = 0;
        int i = from;
        while (true) {
            if (count == capacity) {
                return Optional.empty();
            }
            long first = number(bytes, i, to);
            if (first < 0) {
                return Optional.empty();
            }
            i += numberLength(bytes, i, to);
            long last = first;
            if (i < to && bytes[i] == ':') {
                i++;
                last = number(bytes, i, to);
                if (last < 0) {
                    return Optional.empty();
                }
                i += numberLength(bytes, i, to);
            }
            bounds[2 * count] = (int) first;
            bounds[2 * count + 1] = (int) last;
            count++;
            if (i == to) {
                break;
            }
            if (bytes[i] != ',') {
                return Optional.empty();
            }
            i++;
        }
        return Optional.of(new Ranges(Arrays.copyOf(bounds, 2 * count)));
    }

    /** Returns the number at {@code i} (0 for {@code *}), or -1 if there is none. */
    private static long number(byte[] bytes, int i, int to) {
        if (i == to) {
            return -1;
        }
        if (bytes[i] == '*') {
            return 0;
        }
        // nz-number = digit-nz *DIGIT: no leading zero.
        if (bytes[i] < '1' || bytes[i] > '9') {
            return -1;
        }
        long value = 0;
        for (int j = i; j < to && bytes[j] >= '0' && bytes[j] <= '9'; j++) {
            value = value * 10 + (bytes[j] - '0');
            if (value > MAX_NUMBER) {
                return -1;
            }
        }
        return value;
    }

    private static int numberLength(byte[] bytes, int i, int to) {
        if (bytes[i] == '*') {
            return 1;
        }
        int j = i;
        while (j < to && bytes[j] >= '0' && bytes[j] <= '9') {
            j++;
        }
        return j - i;
    }

    /**
     * Returns the wire form.
     *
     * @return the set as a command carries it
     */
    String wire();

    /**
     * {@code $}: the message set saved by the last {@code SEARCH} with {@code SAVE}; only the
     * session knows its members.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc5182">RFC 5182</a>
     */
    enum SavedResult implements SequenceSet {
        /** The only value. */
        INSTANCE;

        /** Returns {@code $}, the marker as written. */
        @Override
        public String toString() {
            return "$";
        }

        @Override
        public String wire() {
            return "$";
        }
    }

    /**
     * Numbers and ranges, in the order and form written ({@code 4:2} stays {@code 4:2}, as
     * RFC 9051 §9 lets a range run either way), stored as pairs of unsigned 32-bit bounds where
     * 0 stands for {@code *}.
     */
    final class Ranges implements SequenceSet {

        private final int[] bounds;

        private Ranges(int[] bounds) {
            this.bounds = bounds;
        }

        /**
         * Returns a set of one range.
         *
         * @param first one end, 1 to {@link #MAX_NUMBER}, or 0 for {@code *}
         * @param last  the other end, likewise
         * @return the set
         * @throws IllegalArgumentException if an end is out of range
         */
        public static Ranges range(long first, long last) {
            if (first < 0 || first > MAX_NUMBER || last < 0 || last > MAX_NUMBER) {
                throw new IllegalArgumentException("sequence numbers are 1 to 4294967295, or 0 for *");
            }
            return new Ranges(new int[] {(int) first, (int) last});
        }

        /**
         * Returns how many elements (numbers or ranges) the set was written with.
         *
         * @return the element count, at least 1
         */
        public int rangeCount() {
            return bounds.length / 2;
        }

        /**
         * Returns the first bound of an element as written.
         *
         * @param index the element, from 0
         * @return the bound, or 0 for {@code *}
         */
        public long first(int index) {
            return Integer.toUnsignedLong(bounds[2 * index]);
        }

        /**
         * Returns the second bound of an element as written (equal to the first for a single
         * number).
         *
         * @param index the element, from 0
         * @return the bound, or 0 for {@code *}
         */
        public long last(int index) {
            return Integer.toUnsignedLong(bounds[2 * index + 1]);
        }

        private static long resolve(long bound, long largest) {
            return bound == 0 ? largest : bound;
        }

        /**
         * Tells whether an existing number is in the set, in time linear in the number of
         * ranges and without expanding any.
         *
         * @param number  the sequence number or UID
         * @param largest what {@code *} stands for: the number of messages or the largest UID in
         *                use; numbers above it do not exist and are never members (so
         *                {@code 559:*} holds the last UID even if 559 is larger, RFC 9051 §6.4.8)
         * @return {@code true} if {@code 1 <= number <= largest} and some element contains it
         */
        public boolean contains(long number, long largest) {
            if (number < 1 || number > largest) {
                return false;
            }
            for (int i = 0; i < rangeCount(); i++) {
                long a = resolve(first(i), largest);
                long b = resolve(last(i), largest);
                if (number >= Math.min(a, b) && number <= Math.max(a, b)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Returns the set with {@code *} resolved, ranges ordered, overlapping and adjacent ones
         * merged, and everything above {@code largest} dropped: the form a server iterates.
         * Costs O(r log r) for r ranges, never proportional to the numbers covered.
         *
         * @param largest what {@code *} stands for, and the largest number that exists
         * @return pairs {@code [low0, high0, low1, high1, ...]} in ascending order, possibly empty
         */
        public long[] normalized(long largest) {
            long[] pairs = new long[bounds.length];
            int n = 0;
            for (int i = 0; i < rangeCount(); i++) {
                long a = resolve(first(i), largest);
                long b = resolve(last(i), largest);
                long low = Math.min(a, b);
                long high = Math.min(Math.max(a, b), largest);
                if (low < 1 || low > high) {
                    continue;
                }
                pairs[2 * n] = low;
                pairs[2 * n + 1] = high;
                n++;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Long.compare(pairs[2 * x], pairs[2 * y]));
            long[] merged = new long[2 * n];
            int m = 0;
            for (int k = 0; k < n; k++) {
                long low = pairs[2 * order[k]];
                long high = pairs[2 * order[k] + 1];
                if (m > 0 && low <= merged[2 * m - 1] + 1) {
                    merged[2 * m - 1] = Math.max(merged[2 * m - 1], high);
                } else {
                    merged[2 * m] = low;
                    merged[2 * m + 1] = high;
                    m++;
                }
            }
            return Arrays.copyOf(merged, 2 * m);
        }

        /**
         * Returns how many distinct existing numbers the set names, without expanding it.
         *
         * @param largest what {@code *} stands for, and the largest number that exists
         * @return the count
         */
        public long count(long largest) {
            long[] pairs = normalized(largest);
            long total = 0;
            for (int i = 0; i < pairs.length; i += 2) {
                total += pairs[i + 1] - pairs[i] + 1;
            }
            return total;
        }

        /**
         * Iterates the distinct existing numbers in ascending order, lazily: memory stays
         * proportional to the number of ranges however many numbers they cover.
         *
         * @param largest what {@code *} stands for, and the largest number that exists
         * @return an iterator over the numbers
         */
        public PrimitiveIterator.OfLong numbers(long largest) {
            long[] pairs = normalized(largest);
            return new PrimitiveIterator.OfLong() {
                private int range;
                private long next = pairs.length == 0 ? 0 : pairs[0];

                @Override
                public boolean hasNext() {
                    return range < pairs.length;
                }

                @Override
                public long nextLong() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long value = next;
                    if (value == pairs[range + 1]) {
                        range += 2;
                        if (range < pairs.length) {
                            next = pairs[range];
                        }
                    } else {
                        next = value + 1;
                    }
                    return value;
                }
            };
        }

        @Override
        public String wire() {
            StringBuilder sb = new StringBuilder(rangeCount() * 6);
            for (int i = 0; i < rangeCount(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendBound(sb, first(i));
                if (bounds[2 * i] != bounds[2 * i + 1]) {
                    sb.append(':');
                    appendBound(sb, last(i));
                }
            }
            return sb.toString();
        }

        private static void appendBound(StringBuilder sb, long bound) {
            if (bound == 0) {
                sb.append('*');
            } else {
                sb.append(bound);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ranges r && Arrays.equals(r.bounds, bounds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bounds);
        }

        @Override
        public String toString() {
            return wire();
        }
    }
}
