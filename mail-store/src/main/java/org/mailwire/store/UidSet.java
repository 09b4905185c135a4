// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of UIDs as ranges, the store's form of an IMAP {@code uid-set}. A range may end at
 * {@link #MAX}, standing for {@code *}: every UID from its start on.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9, sequence-set</a>
 */
public final class UidSet {

    /** The largest UID, {@code 4294967295} (RFC 9051 §9 {@code nz-number} is 32-bit). */
    public static final long MAX = 0xFFFF_FFFFL;

    private static final UidSet ALL = new UidSet(new long[] {1, MAX});

    /** Pairs of inclusive bounds, sorted and not overlapping. */
    private final long[] ranges;

    private UidSet(long[] ranges) {
        this.ranges = ranges;
    }

    /**
     * Returns the set of every UID, {@code 1:*}.
     *
     * @return all UIDs
     */
    public static UidSet all() {
        return ALL;
    }

    /**
     * Returns the UIDs from {@code first} to {@code last}, both included, in either order.
     *
     * @param first one bound, at least 1
     * @param last  the other bound, at most {@link #MAX}
     * @return the range
     */
    public static UidSet range(long first, long last) {
        long low = Math.min(first, last);
        long high = Math.max(first, last);
        check(low);
        check(high);
        return new UidSet(new long[] {low, high});
    }

    /**
     * Returns a set of single UIDs.
     *
     * @param uids the UIDs
     * @return the set
     */
    public static UidSet of(long... uids) {
        TreeSet<Long> sorted = new TreeSet<>();
        for (long uid : uids) {
            check(uid);
            sorted.add(uid);
        }
        return fromSorted(sorted);
    }

    /**
     * Returns a set of single UIDs.
     *
     * @param uids the UIDs
     * @return the set
     */
    public static UidSet of(Collection<Long> uids) {
        TreeSet<Long> sorted = new TreeSet<>();
        for (long uid : uids) {
            check(uid);
            sorted.add(uid);
        }
        return fromSorted(sorted);
    }

    private static UidSet fromSorted(TreeSet<Long> sorted) {
        List<long[]> merged = new ArrayList<>();
        for (long uid : sorted) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] + 1 == uid) {
                merged.get(merged.size() - 1)[1] = uid;
            } else {
                merged.add(new long[] {uid, uid});
            }
        }
        long[] ranges = new long[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            ranges[2 * i] = merged.get(i)[0];
            ranges[2 * i + 1] = merged.get(i)[1];
        }
        return new UidSet(ranges);
    }

    private static void check(long uid) {
        if (uid < 1 || uid > MAX) {
            throw new IllegalArgumentException("UID out of range: " + uid);
        }
    }

    /**
     * Tells whether a UID is in the set.
     *
     * @param uid the UID
     * @return {@code true} if included
     */
    public boolean contains(long uid) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (uid >= ranges[i] && uid <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether the set is empty.
     *
     * @return {@code true} if no UID is included
     */
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /**
     * Returns the lowest UID of the set.
     *
     * @return the lowest UID, or 0 for an empty set
     */
    public long first() {
        return ranges.length == 0 ? 0 : ranges[0];
    }

    /**
     * Returns the highest UID of the set.
     *
     * @return the highest UID, or 0 for an empty set
     */
    public long last() {
        return ranges.length == 0 ? 0 : ranges[ranges.length - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UidSet that && java.util.Arrays.equals(ranges, that.ranges);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ranges);
    }

    /**
     * Returns the set in IMAP syntax, {@code *} for {@link #MAX}.
     *
     * @return for example {@code 1:3,7,9:*}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ranges.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(text(ranges[i]));
            if (ranges[i + 1] != ranges[i]) {
                out.append(':').append(text(ranges[i + 1]));
            }
        }
        return out.toString();
    }

    private static String text(long uid) {
        return uid == MAX ? "*" : Long.toString(uid);
    }
}
