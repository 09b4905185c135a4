// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.SequenceSet;

/** Properties of the engine: partials are slices, streaming changes nothing, SEARCH is boolean algebra, SORT a stable permutation. */
class MessageEngineProperties {

    private static final FetchRenderer IN_MEMORY = FetchRenderer.of(ZoneOffset.UTC);
    private static final FetchRenderer ALWAYS_STREAMED = FetchRenderer.of(ZoneOffset.UTC, 0);

    private static final List<String> SECTIONS = List.of("", "HEADER", "TEXT", "1", "2", "3", "3.HEADER", "3.TEXT",
            "3.1", "3.2", "4", "4.1", "4.1.MIME", "4.2", "4.2.HEADER", "4.2.TEXT", "4.2.1", "4.2.2", "4.2.2.1",
            "4.2.2.2", "4.2.2.2.MIME", "HEADER.FIELDS (From Subject)", "4.2.HEADER.FIELDS.NOT (X-Other)", "7");

    private static byte[] bytes(FetchRenderer renderer, FetchItem item, MessageView view) throws Exception {
        RenderedItem rendered = renderer.render(item, view);
        if (rendered.streamed().isPresent()) {
            return TestMessages.readAll(rendered.streamed().get());
        }
        FetchData data = rendered.data();
        Optional<Fragment> f = data instanceof FetchData.BodySection b ? b.data() : ((FetchData.Binary) data).data();
        return f.map(x -> ((Fragment.Literal) x).toByteArray()).orElse(null);
    }

    @Property
    void aPartialIsTheSliceOfTheWholeSection(@ForAll("sections") String spec,
            @ForAll @IntRange(max = 1200) int offset, @ForAll @IntRange(min = 1, max = 1200) int length) throws Exception {
        MessageView view = TestMessages.view(FetchSectionTest.NESTED);
        byte[] whole = bytes(IN_MEMORY, FetchSectionTest.item(spec, Optional.empty()), view);
        byte[] part = bytes(IN_MEMORY, FetchSectionTest.item(spec, Optional.of(new Partial(offset, length))), view);
        if (whole == null) {
            assertEquals(null, part);
            return;
        }
        int from = Math.min(offset, whole.length);
        assertArrayEquals(Arrays.copyOfRange(whole, from, Math.min(whole.length, from + length)), part);
    }

    @Property
    void streamingGivesTheSameOctetsAsMemory(@ForAll("sections") String spec,
            @ForAll @IntRange(max = 1200) int offset, @ForAll @IntRange(min = 1, max = 1200) int length,
            @ForAll boolean partial) throws Exception {
        MessageView view = TestMessages.view(FetchSectionTest.NESTED);
        FetchItem item = FetchSectionTest.item(spec, partial ? Optional.of(new Partial(offset, length)) : Optional.empty());
        assertArrayEquals(bytes(IN_MEMORY, item, view), bytes(ALWAYS_STREAMED, item, view));
    }

    @Property
    void aBinaryPartialIsTheSliceOfTheDecodedPart(@ForAll @IntRange(min = 1, max = 5) int number,
            @ForAll @IntRange(max = 40) int offset, @ForAll @IntRange(min = 1, max = 40) int length,
            @ForAll boolean streamed) throws Exception {
        long part = number;
        if (part == 3) {
            return; // x-uuencode: UNKNOWN-CTE, tested in FetchSectionTest
        }
        MessageView view = TestMessages.view(FetchSectionTest.ENCODED);
        FetchRenderer renderer = streamed ? ALWAYS_STREAMED : IN_MEMORY;
        byte[] whole = bytes(renderer, new FetchItem.Binary(List.of(part), Optional.empty(), true), view);
        byte[] slice = bytes(renderer, new FetchItem.Binary(List.of(part), Optional.of(new Partial(offset, length)), true), view);
        if (whole == null) {
            assertEquals(null, slice);
            return;
        }
        int from = Math.min(offset, whole.length);
        assertArrayEquals(Arrays.copyOfRange(whole, from, Math.min(whole.length, from + length)), slice);
        FetchData size = renderer.render(new FetchItem.BinarySize(List.of(part)), view).data();
        assertEquals(new FetchData.BinarySize(List.of(part), whole.length), size);
    }

    @Provide
    Arbitrary<String> sections() {
        return Arbitraries.of(SECTIONS);
    }

    // ---- SEARCH ----

    @Provide
    Arbitrary<SearchKey> keys() {
        Arbitrary<SearchKey> relevant = Arbitraries.oneOf(
                Arbitraries.of(SearchKey.Simple.values()),
                Combinators.combine(Arbitraries.of(SearchKey.Field.values()),
                        Arbitraries.of("", "example", "café", "budget", "grüße", "quarterly", "x", "eve"))
                        .as(SearchKey.Contains::new),
                Arbitraries.of("1", "2:*", "*", "1,3", "$", "5").map(s -> new SearchKey.Messages(SequenceSet.of(s))),
                Arbitraries.of("10", "15:25", "40:*", "$").map(s -> new SearchKey.Uids(SequenceSet.of(s))),
                Arbitraries.longs().between(0, 20).map(v -> new SearchKey.ModSeq(Optional.empty(), Optional.empty(), v)),
                Arbitraries.longs().between(0, 3000).flatMap(n -> Arbitraries.of(true, false)
                        .map(larger -> new SearchKey.Size(larger, n))));
        // Keys nested two levels deep: NOT, OR and parenthesised groups of the keys above.
        Arbitrary<SearchKey> nested = relevant;
        for (int depth = 0; depth < 2; depth++) {
            Arbitrary<SearchKey> inner = nested;
            nested = Arbitraries.oneOf(relevant, inner.map(SearchKey.Not::new),
                    Combinators.combine(inner, inner).as(SearchKey.Or::new),
                    inner.list().ofMinSize(1).ofMaxSize(3).map(SearchKey.Group::new));
        }
        return nested;
    }

    @Property(tries = 200)
    void notIsTheComplement(@ForAll("keys") SearchKey key) throws IOException {
        Set<Long> all = SearchMailbox.search(SearchKey.Simple.ALL);
        Set<Long> matched = SearchMailbox.search(key);
        Set<Long> complement = new HashSet<>(all);
        complement.removeAll(matched);
        assertEquals(complement, new HashSet<>(SearchMailbox.search(new SearchKey.Not(key))));
    }

    @Property(tries = 200)
    void orIsTheUnionAndAGroupTheIntersection(@ForAll("keys") SearchKey a, @ForAll("keys") SearchKey b)
            throws IOException {
        Set<Long> left = SearchMailbox.search(a);
        Set<Long> right = SearchMailbox.search(b);
        Set<Long> union = new HashSet<>(left);
        union.addAll(right);
        Set<Long> intersection = new HashSet<>(left);
        intersection.retainAll(right);
        assertEquals(union, new HashSet<>(SearchMailbox.search(new SearchKey.Or(a, b))));
        assertEquals(intersection, new HashSet<>(SearchMailbox.search(new SearchKey.Group(List.of(a, b)))));
    }

    // ---- SORT ----

    @Provide
    Arbitrary<List<ImapCommand.SortCriterion>> criteria() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(ImapCommand.SortKey.values()))
                .as(ImapCommand.SortCriterion::new).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 200)
    void sortIsAPermutationIndependentOfInputOrder(@ForAll("criteria") List<ImapCommand.SortCriterion> criteria,
            @ForAll long seed) throws IOException {
        List<SearchSubject> mailbox = new ArrayList<>(SorterTest.mailbox());
        mailbox.addAll(SearchMailbox.subjects().stream()
                .map(s -> SearchSubject.of(s.sequenceNumber() + 4, s.view(), s.isRecent())).toList());
        List<SearchSubject> shuffled = new ArrayList<>(mailbox);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        List<Long> sorted = Sorter.of(criteria).sort(mailbox).stream().map(SearchSubject::sequenceNumber).toList();
        List<Long> fromShuffled = Sorter.of(criteria).sort(shuffled).stream().map(SearchSubject::sequenceNumber).toList();
        assertEquals(sorted, fromShuffled);
        List<Long> numbers = new ArrayList<>(sorted);
        Collections.sort(numbers);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), numbers);
    }

    @Property(tries = 100)
    void messagesEqualByEveryCriterionKeepMailboxOrder(@ForAll @Size(min = 1, max = 3) List<Boolean> reverse)
            throws IOException {
        // Identical messages: every key ties, so the order is the sequence order whatever REVERSE says.
        List<SearchSubject> same = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            same.add(ThreadAndSortMailbox.message(seq, 1, "From: a@x\nTo: b@x\nSubject: s", "2024-01-01T00:00:00Z"));
        }
        List<ImapCommand.SortCriterion> criteria = new ArrayList<>();
        for (int i = 0; i < reverse.size(); i++) {
            criteria.add(new ImapCommand.SortCriterion(reverse.get(i), ImapCommand.SortKey.values()[i * 3]));
        }
        Collections.reverse(same);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
                Sorter.of(criteria).sort(same).stream().map(SearchSubject::sequenceNumber).toList());
    }

    // ---- text matching ----

    @Property
    void findingIgnoresHowTheTextIsSplit(@ForAll("texts") String text, @ForAll("needles") String needle,
            @ForAll @IntRange(min = 1, max = 7) int chunk) {
        TextFinder finder = new TextFinder(needle);
        char[] chars = text.toCharArray();
        boolean found = false;
        for (int i = 0; i < chars.length && !found; i += chunk) {
            found = finder.feed(chars, i, Math.min(chunk, chars.length - i));
        }
        found |= needle.isEmpty();
        assertEquals(fold(text).contains(fold(needle)), found);
    }

    private static String fold(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(TextFinder.fold((char) c)));
        return sb.toString();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("aAbBéÉ ßxX").ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> needles() {
        return Arbitraries.strings().withChars("aAbBéÉ ß").ofMaxLength(4);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
