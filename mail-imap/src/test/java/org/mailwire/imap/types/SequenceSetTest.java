// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PrimitiveIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceSetTest {

    private static Optional<SequenceSet> decode(String text, int maxRanges) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return SequenceSet.decode(bytes, 0, bytes.length, maxRanges);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1:3", "2,4:7,9,12:*", "*", "*:4", "4:2", "1:4294967295", "4294967295", "$", "1,1,1"})
    void parsesAndPrintsAsWritten(String text) {
        assertEquals(text, SequenceSet.of(text).wire());
    }

    @Test
    void printsARangeOfOneNumberAsTheNumber() {
        assertEquals("3", SequenceSet.of("3:3").wire());
        assertEquals(SequenceSet.of("3"), SequenceSet.of("3:3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "01", "1:", ":1", "1,", ",1", "1,,2", "4294967296", "99999999999999999999",
        "1:0", "1 2", "$,1", "$$", "1:$", "a", "-1", "1:2:3", "**", "1*"})
    void refusesInvalidSets(String text) {
        assertEquals(Optional.empty(), decode(text, 100));
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.of(text));
    }

    @Test
    void rangeCountAtTheLimitIsAcceptedAndOneMoreRefused() {
        assertTrue(decode("1,2,3,4", 4).isPresent());
        assertEquals(Optional.empty(), decode("1,2,3,4,5", 4));
        assertTrue(decode("1:2,3:4,5:*,7", 4).isPresent());
        assertEquals(Optional.empty(), decode("1:2,3:4,5:*,7,8:9", 4));
    }

    @Test
    void savedResultIsItsOwnValue() {
        assertEquals(SequenceSet.SavedResult.INSTANCE, SequenceSet.of("$"));
    }

    @Test
    void membershipOfTheWholeUidRangeNeedsNoExpansion() {
        // net-imap CVE-2025-25186: 1:4294967295 is one range, checked in constant time.
        SequenceSet.Ranges all = assertInstanceOf(SequenceSet.Ranges.class, SequenceSet.of("1:4294967295"));
        assertEquals(1, all.rangeCount());
        assertTrue(all.contains(4294967295L, 4294967295L));
        assertTrue(all.contains(1, 4294967295L));
        assertTrue(all.contains(2_000_000_000L, 4294967295L));
        assertFalse(all.contains(0, 4294967295L));
        assertEquals(4294967295L, all.count(4294967295L));
        PrimitiveIterator.OfLong it = all.numbers(4294967295L);
        assertEquals(1, it.nextLong());
        assertEquals(2, it.nextLong());
    }

    @Test
    void starStandsForTheLargestNumber() {
        SequenceSet.Ranges set = (SequenceSet.Ranges) SequenceSet.of("5:*");
        assertTrue(set.contains(7, 10));
        assertTrue(set.contains(10, 10));
        assertFalse(set.contains(4, 10));
        assertFalse(set.contains(11, 10));
        // RFC 9051 §6.4.8: 559:* holds the last UID even when 559 is larger than any.
        SequenceSet.Ranges late = (SequenceSet.Ranges) SequenceSet.of("559:*");
        assertTrue(late.contains(300, 300));
        assertFalse(late.contains(299, 300));
        assertEquals(1, late.count(300));
        // An empty mailbox has no members at all.
        assertFalse(((SequenceSet.Ranges) SequenceSet.of("*")).contains(1, 0));
        assertEquals(0, ((SequenceSet.Ranges) SequenceSet.of("1:*")).count(0));
    }

    @Test
    void normalizesOverlappingAndReversedRanges() {
        SequenceSet.Ranges set = (SequenceSet.Ranges) SequenceSet.of("9:7,1:3,2:4,6,20:*,100");
        assertArrayEquals(new long[] {1, 4, 6, 9, 20, 25}, set.normalized(25));
        assertEquals(4 + 4 + 6, set.count(25));
        List<Long> numbers = new ArrayList<>();
        set.numbers(12).forEachRemaining((long n) -> numbers.add(n));
        assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 12L), numbers);
    }

    @Test
    void rangeFactoryChecksBounds() {
        assertEquals("1:*", SequenceSet.Ranges.range(1, 0).wire());
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.Ranges.range(1, 4294967296L));
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.Ranges.range(-1, 2));
    }
}
