// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailwire.imap.internal.message.ThreadAndSortMailbox.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommand.SortKey;

/** SORT (RFC 5256 §3) and DISPLAYFROM/DISPLAYTO (RFC 5957) over a small mailbox. */
class SorterTest {

    static List<SearchSubject> mailbox() {
        return List.of(
                message(1, 3, "From: Zed <zed@example.org>\nTo: bob@x\nCc: mia@x\nSubject: Re: beta",
                        "2024-03-03T00:00:00Z"),
                message(2, 1, "From: =?UTF-8?Q?=C3=89mile?= <amy@example.org>\nTo: \"Carl\" <carl@x>\nSubject: alpha",
                        "2024-03-01T00:00:00Z"),
                message(3, 2, "From: bart@example.org\nTo: Abe <zoe@x>\nCc: al@x\nSubject: [list] Gamma",
                        "2024-03-02T00:00:00Z"),
                // No Date: the internal date (the earliest) is its sent date; no Cc, no Subject.
                message(4, 0, "From: <ann@example.org>\nTo: dan@x", "2024-02-01T00:00:00Z"));
    }

    private static Arguments sort(List<ImapCommand.SortCriterion> criteria, long... expected) {
        return Arguments.of(criteria, Arrays.stream(expected).boxed().toList());
    }

    private static ImapCommand.SortCriterion by(SortKey key) {
        return new ImapCommand.SortCriterion(false, key);
    }

    private static ImapCommand.SortCriterion reverse(SortKey key) {
        return new ImapCommand.SortCriterion(true, key);
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                sort(List.of(by(SortKey.ARRIVAL)), 4, 2, 3, 1),
                sort(List.of(reverse(SortKey.ARRIVAL)), 1, 3, 2, 4),
                // Date: fields name 1-3 January; message 4 has none and sorts by its internal date (1 February).
                sort(List.of(by(SortKey.DATE)), 2, 3, 1, 4),
                // Base subjects: "" < alpha < beta < Gamma (i;ascii-casemap).
                sort(List.of(by(SortKey.SUBJECT)), 4, 2, 1, 3),
                // addr-mailbox of the first From: amy < ann < bart < zed.
                sort(List.of(by(SortKey.FROM)), 2, 4, 3, 1),
                sort(List.of(by(SortKey.TO)), 1, 2, 4, 3),
                // No Cc sorts as the empty string, first.
                sort(List.of(by(SortKey.CC)), 2, 4, 3, 1),
                // Display names (decoded) or the address: ann@example.org < bart@example.org < Émile < Zed.
                sort(List.of(by(SortKey.DISPLAYFROM)), 4, 3, 1, 2),
                sort(List.of(by(SortKey.DISPLAYTO)), 3, 1, 2, 4),
                sort(List.of(by(SortKey.SIZE), by(SortKey.ARRIVAL)), sizes()),
                // Ties keep mailbox order, REVERSE applies to its key only.
                sort(List.of(reverse(SortKey.CC)), 1, 3, 2, 4));
    }

    /** The sequence numbers in order of size (ties by arrival), computed from the messages. */
    private static long[] sizes() {
        List<SearchSubject> list = new ArrayList<>(mailbox());
        list.sort((a, b) -> a.view().size() != b.view().size() ? Long.compare(a.view().size(), b.view().size())
                : a.view().internalDate().compareTo(b.view().internalDate()));
        return list.stream().mapToLong(SearchSubject::sequenceNumber).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void sortsByTheCriteria(List<ImapCommand.SortCriterion> criteria, List<Long> expected) throws Exception {
        List<SearchSubject> shuffled = new ArrayList<>(mailbox());
        Collections.reverse(shuffled);
        assertEquals(expected, Sorter.of(criteria).sort(shuffled).stream().map(SearchSubject::sequenceNumber).toList());
    }
}
