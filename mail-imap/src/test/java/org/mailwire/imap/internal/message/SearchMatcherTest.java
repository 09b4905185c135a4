// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.SequenceSet;

/** Every SEARCH key of RFC 9051 §6.4.4 (and RFC 3501's RECENT, NEW, OLD, RFC 7162's MODSEQ) over three messages. */
class SearchMatcherTest {

    private static Arguments row(SearchKey key, long... expected) {
        return Arguments.of(key, LongStream.of(expected).boxed().collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    private static SearchKey keyword(String name, boolean without) {
        return new SearchKey.Keyword(new Flag.Keyword(new Atom(name)), without);
    }

    private static SearchKey contains(SearchKey.Field field, String value) {
        return new SearchKey.Contains(field, value);
    }

    private static SearchKey date(SearchKey.DateKind kind, String day) {
        return new SearchKey.Date(kind, LocalDate.parse(day));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row(SearchKey.Simple.ALL, 1, 2, 3),
                row(SearchKey.Simple.ANSWERED, 1),
                row(SearchKey.Simple.UNANSWERED, 2, 3),
                row(SearchKey.Simple.DELETED, 2),
                row(SearchKey.Simple.UNDELETED, 1, 3),
                row(SearchKey.Simple.DRAFT, 3),
                row(SearchKey.Simple.UNDRAFT, 1, 2),
                row(SearchKey.Simple.FLAGGED, 2),
                row(SearchKey.Simple.UNFLAGGED, 1, 3),
                row(SearchKey.Simple.SEEN, 1),
                row(SearchKey.Simple.UNSEEN, 2, 3),
                row(SearchKey.Simple.RECENT, 2, 3),
                row(SearchKey.Simple.NEW, 2, 3),
                row(SearchKey.Simple.OLD, 1),
                row(keyword("$Work", false), 1),
                row(keyword("$WORK", false), 1),
                row(keyword("$Work", true), 2, 3),
                row(keyword("$Other", false)),
                // FROM matches the RFC 2047 decoded value, ignoring case beyond ASCII.
                row(contains(SearchKey.Field.FROM, "äPFEL"), 1),
                row(contains(SearchKey.Field.FROM, "alice@EXAMPLE"), 1),
                row(contains(SearchKey.Field.FROM, "example.org"), 1, 2, 3),
                row(contains(SearchKey.Field.TO, "team"), 2),
                row(contains(SearchKey.Field.TO, "undisclosed"), 3),
                row(contains(SearchKey.Field.CC, "carol"), 1),
                row(contains(SearchKey.Field.BCC, "eve"), 2),
                row(contains(SearchKey.Field.BCC, ""), 2),
                row(contains(SearchKey.Field.SUBJECT, "café"), 1),
                row(contains(SearchKey.Field.SUBJECT, "BUDGET"), 2),
                row(contains(SearchKey.Field.SUBJECT, ""), 1, 2),
                row(new SearchKey.Header("X-Priority", ""), 2),
                row(new SearchKey.Header("x-priority", "1"), 2),
                row(new SearchKey.Header("x-priority", "2")),
                row(new SearchKey.Header("In-Reply-To", "one@"), 2),
                // BODY: quoted-printable with a soft break, base64, and ISO-8859-1 8bit all decoded.
                row(contains(SearchKey.Field.BODY, "CAFÉ TOMORROW"), 1),
                row(contains(SearchKey.Field.BODY, "quarterly numbers"), 2),
                row(contains(SearchKey.Field.BODY, "grüße"), 3),
                row(contains(SearchKey.Field.BODY, "secret")),
                row(contains(SearchKey.Field.BODY, "Budget")),
                row(contains(SearchKey.Field.BODY, ""), 1, 2, 3),
                row(contains(SearchKey.Field.TEXT, "Budget"), 2),
                row(contains(SearchKey.Field.TEXT, "x-priority: 1"), 2),
                row(contains(SearchKey.Field.TEXT, "berlin"), 3),
                // Internal dates by their UTC day.
                row(date(SearchKey.DateKind.BEFORE, "2024-01-11"), 1),
                row(date(SearchKey.DateKind.ON, "2024-01-11"), 2),
                row(date(SearchKey.DateKind.SINCE, "2024-01-11"), 2, 3),
                // Date: fields by the day they name in their own zone; no Date: uses the internal date.
                row(date(SearchKey.DateKind.SENTBEFORE, "2024-01-09"), 1),
                row(date(SearchKey.DateKind.SENTON, "2024-01-08"), 1),
                row(date(SearchKey.DateKind.SENTON, "2024-01-12"), 3),
                row(date(SearchKey.DateKind.SENTSINCE, "2024-01-11"), 2, 3),
                row(new SearchKey.Size(true, SearchMailbox.TWO.length), 3),
                row(new SearchKey.Size(false, SearchMailbox.TWO.length), 1),
                row(new SearchKey.Size(false, SearchMailbox.ONE.length)),
                row(new SearchKey.Messages(SequenceSet.of("2:*")), 2, 3),
                row(new SearchKey.Messages(SequenceSet.of("*")), 3),
                row(new SearchKey.Messages(SequenceSet.of("1,3")), 1, 3),
                row(new SearchKey.Messages(SequenceSet.of("5:9"))),
                row(new SearchKey.Uids(SequenceSet.of("15:25")), 2),
                row(new SearchKey.Uids(SequenceSet.of("25:*")), 3),
                // RFC 9051 §6.4.8: 40:* holds the largest UID although 40 is beyond it.
                row(new SearchKey.Uids(SequenceSet.of("40:*")), 3),
                row(new SearchKey.Uids(SequenceSet.of("$")), 1, 3),
                row(new SearchKey.Messages(SequenceSet.of("$")), 1, 3),
                row(new SearchKey.ModSeq(Optional.empty(), Optional.empty(), 9), 2, 3),
                row(new SearchKey.ModSeq(Optional.of(Flag.System.SEEN), Optional.of(SearchKey.EntryType.ALL), 10), 3),
                row(new SearchKey.Not(SearchKey.Simple.SEEN), 2, 3),
                row(new SearchKey.Or(SearchKey.Simple.SEEN, SearchKey.Simple.DRAFT), 1, 3),
                row(new SearchKey.Group(List.of(SearchKey.Simple.FLAGGED, SearchKey.Simple.DELETED)), 2),
                row(new SearchKey.Not(new SearchKey.Or(SearchKey.Simple.SEEN,
                        contains(SearchKey.Field.BODY, "berlin"))), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matchesTheExpectedMessages(SearchKey key, Set<Long> expected) throws Exception {
        assertEquals(expected, SearchMailbox.search(key));
    }

    @Test
    void theTableCoversEveryKindOfKey() {
        Set<Class<?>> kinds = new java.util.HashSet<>();
        EnumSet<SearchKey.Simple> simple = EnumSet.noneOf(SearchKey.Simple.class);
        EnumSet<SearchKey.Field> fields = EnumSet.noneOf(SearchKey.Field.class);
        EnumSet<SearchKey.DateKind> dates = EnumSet.noneOf(SearchKey.DateKind.class);
        table().forEach(a -> {
            SearchKey key = (SearchKey) a.get()[0];
            kinds.add(key.getClass());
            if (key instanceof SearchKey.Simple s) {
                simple.add(s);
            } else if (key instanceof SearchKey.Contains c) {
                fields.add(c.field());
            } else if (key instanceof SearchKey.Date d) {
                dates.add(d.kind());
            }
        });
        assertEquals(EnumSet.allOf(SearchKey.Simple.class), simple);
        assertEquals(EnumSet.allOf(SearchKey.Field.class), fields);
        assertEquals(EnumSet.allOf(SearchKey.DateKind.class), dates);
        assertEquals(12, kinds.size(), "every record and enum of the sealed SearchKey");
    }

    @Test
    void cheapKeysAreTestedFirstSoFailingMessagesAreNeverRead() throws Exception {
        SearchMatcher matcher = SearchMatcher.of(List.of(contains(SearchKey.Field.BODY, "x"), SearchKey.Simple.SEEN),
                SearchMailbox.CONTEXT);
        assertTrue(matcher.readsContent());
        SearchSubject unseen = SearchMailbox.subjects().get(1);
        assertFalse(matcher.matches(unseen));
        assertFalse(unseen.view().isParsed());
        assertFalse(SearchMatcher.of(List.of(SearchKey.Simple.SEEN, new SearchKey.Uids(SequenceSet.of("1:*"))),
                SearchMailbox.CONTEXT).readsContent());
    }
}
