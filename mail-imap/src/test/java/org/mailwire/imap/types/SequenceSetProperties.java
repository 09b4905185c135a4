// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.PrimitiveIterator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of sequence sets: print/parse round trip, membership, counting and iteration
 * agreeing with a naive expansion over small mailboxes, and decoding that never throws.
 */
class SequenceSetProperties {

    /**
     * Sets of one to six elements over small numbers and {@code *}, so that membership checks meet
     * reversed ranges and {@code *} often; mail-testkit's {@code ImapArbitraries.sequenceSets()}
     * covers the whole number range.
     */
    @Provide
    Arbitrary<SequenceSet> sets() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.integers().between(1, 50).map(String::valueOf),
                Arbitraries.just("*"));
        Arbitrary<String> element = Arbitraries.oneOf(number, number.list().ofSize(2).map(p -> p.get(0) + ":" + p.get(1)));
        return element.list().ofMinSize(1).ofMaxSize(6).map(list -> SequenceSet.of(String.join(",", list)));
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars("0123456789:,*$ -").ofMaxLength(24);
    }

    @Property(tries = 500)
    void wireFormRoundTrips(@ForAll("sets") SequenceSet set) {
        assertEquals(set, SequenceSet.of(set.wire()));
    }

    @Property(tries = 500)
    void membershipCountAndIterationAgreeWithExpansion(@ForAll("sets") SequenceSet set,
            @ForAll @IntRange(min = 0, max = 60) int largest) {
        if (!(set instanceof SequenceSet.Ranges ranges)) {
            return;
        }
        long expected = 0;
        PrimitiveIterator.OfLong numbers = ranges.numbers(largest);
        for (long n = 1; n <= largest; n++) {
            boolean member = false;
            for (int i = 0; i < ranges.rangeCount(); i++) {
                long a = ranges.first(i) == 0 ? largest : ranges.first(i);
                long b = ranges.last(i) == 0 ? largest : ranges.last(i);
                member |= n >= Math.min(a, b) && n <= Math.max(a, b);
            }
            assertEquals(member, ranges.contains(n, largest));
            if (member) {
                expected++;
                assertEquals(n, numbers.nextLong());
            }
        }
        assertEquals(false, numbers.hasNext());
        assertEquals(expected, ranges.count(largest));
    }

    @Property(tries = 1000)
    void decodingNeverThrowsAndRespectsTheLimit(@ForAll("junk") String text,
            @ForAll @IntRange(min = 1, max = 5) int maxRanges) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        Optional<SequenceSet> set = SequenceSet.decode(bytes, 0, bytes.length, maxRanges);
        set.ifPresent(s -> {
            if (s instanceof SequenceSet.Ranges r) {
                assertEquals(true, r.rangeCount() <= maxRanges);
            }
            assertEquals(s, SequenceSet.of(s.wire()));
        });
    }
}
