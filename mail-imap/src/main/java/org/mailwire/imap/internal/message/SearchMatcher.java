// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.mime.HeaderField;
import org.mailwire.core.mime.MessageDate;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;

/**
 * Evaluates SEARCH keys against messages (RFC 9051 §6.4.4, with IMAP4rev1's NEW, OLD and RECENT
 * from RFC 3501 §6.4.4, and MODSEQ from RFC 7162 §3.1.5). Built once per command from its keys
 * (all of which must match), then asked per message.
 *
 * <p>How each key reads the message:
 * <ul>
 * <li>Sequence and UID sets resolve {@code *} against the {@link SearchContext} (the number of
 *     messages, the largest UID); {@code $} is the saved result's UIDs. Sets are normalised once,
 *     so a test is a binary search.</li>
 * <li>BEFORE, ON, SINCE compare the calendar day of the internal date in the context's zone;
 *     SENTBEFORE, SENTON, SENTSINCE the day the {@code Date:} field names in its own zone
 *     (both "disregarding time and timezone"). A message without a readable {@code Date:} is
 *     compared by its internal date, as RFC 5256 §2.2 does for SORT.</li>
 * <li>SMALLER and LARGER compare RFC822.SIZE; MODSEQ is "at least" the value (a flag entry
 *     name is accepted and ignored: the store keeps one mod-sequence per message, which
 *     RFC 7162 §3.1.5 allows).</li>
 * <li>FROM, TO, CC, BCC, SUBJECT and HEADER look for the string in the unfolded, RFC 2047
 *     decoded values of the message's fields of that name; HEADER with an empty string matches
 *     any message that has the field. BODY looks in the decoded text parts ({@link MessageText});
 *     TEXT in those and the header fields. All string matching ignores case.</li>
 * </ul>
 * Within a conjunction, keys that need only the store's metadata are tested first, so a
 * message that fails them is never read.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.4">RFC 9051 §6.4.4</a>
 */
public final class SearchMatcher {

    /** A compiled key. */
    private interface Node {
        boolean test(SearchSubject s) throws IOException;

        /** 0: metadata only; 1: parsed header; 2: body text. */
        int cost();
    }

    private final SearchContext context;
    private final Node root;

    private SearchMatcher(List<SearchKey> keys, SearchContext context) {
        this.context = context;
        this.root = and(keys);
    }

    /**
     * Compiles keys that must all match.
     *
     * @param keys    the keys of a SEARCH, SORT or THREAD command, at least one
     * @param context the mailbox facts the keys refer to
     * @return the matcher
     */
    public static SearchMatcher of(List<SearchKey> keys, SearchContext context) {
        Objects.requireNonNull(context, "context");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a search has at least one key");
        }
        return new SearchMatcher(List.copyOf(keys), context);
    }

    /**
     * Compiles one key.
     *
     * @param key     the key
     * @param context the mailbox facts
     * @return the matcher
     */
    public static SearchMatcher of(SearchKey key, SearchContext context) {
        return of(List.of(key), context);
    }

    /**
     * Tells whether a message matches.
     *
     * @param subject the message
     * @return whether every key matches
     * @throws IOException if the message content cannot be read
     */
    public boolean matches(SearchSubject subject) throws IOException {
        return root.test(subject);
    }

    /**
     * Tells whether the keys read the message content (anything but flags, sets, sizes,
     * internal dates and MODSEQ), so a session can run cheap searches without a blocking read.
     *
     * @return whether {@link #matches} may read the store
     */
    public boolean readsContent() {
        return root.cost() > 0;
    }

    private Node and(List<SearchKey> keys) {
        List<Node> nodes = new ArrayList<>(keys.size());
        for (SearchKey key : keys) {
            nodes.add(compile(key));
        }
        if (nodes.size() == 1) {
            return nodes.get(0);
        }
        nodes.sort(Comparator.comparingInt(Node::cost));
        Node[] all = nodes.toArray(new Node[0]);
        int cost = all[all.length - 1].cost();
        return new Node() {
            @Override
            public boolean test(SearchSubject s) throws IOException {
                for (Node n : all) {
                    if (!n.test(s)) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public int cost() {
                return cost;
            }
        };
    }

    private Node compile(SearchKey key) {
        if (key instanceof SearchKey.Simple simple) {
            return simple(simple);
        }
        if (key instanceof SearchKey.Keyword k) {
            String name = k.flag().wire();
            return meta(s -> hasKeyword(s.view().flags(), name) != k.without());
        }
        if (key instanceof SearchKey.Contains c) {
            return contains(c);
        }
        if (key instanceof SearchKey.Header h) {
            String field = h.field();
            String value = h.value();
            return node(1, s -> headerContains(s, field, value));
        }
        if (key instanceof SearchKey.Date d) {
            return date(d);
        }
        if (key instanceof SearchKey.Size size) {
            long n = size.size();
            return size.larger() ? meta(s -> s.view().size() > n) : meta(s -> s.view().size() < n);
        }
        if (key instanceof SearchKey.Messages m) {
            return set(m.set(), false);
        }
        if (key instanceof SearchKey.Uids u) {
            return set(u.set(), true);
        }
        if (key instanceof SearchKey.ModSeq m) {
            long value = m.value();
            return meta(s -> s.view().modSeq() >= value);
        }
        if (key instanceof SearchKey.Not not) {
            Node inner = compile(not.key());
            return node(inner.cost(), s -> !inner.test(s));
        }
        if (key instanceof SearchKey.Or or) {
            Node left = compile(or.left());
            Node right = compile(or.right());
            // Test the cheaper side first; the result is the same.
            Node first = left.cost() <= right.cost() ? left : right;
            Node second = first == left ? right : left;
            return node(Math.max(left.cost(), right.cost()), s -> first.test(s) || second.test(s));
        }
        return and(((SearchKey.Group) key).keys());
    }

    private Node simple(SearchKey.Simple key) {
        return switch (key) {
            case ALL -> meta(s -> true);
            case ANSWERED -> flag(Flag.ANSWERED, true);
            case DELETED -> flag(Flag.DELETED, true);
            case DRAFT -> flag(Flag.DRAFT, true);
            case FLAGGED -> flag(Flag.FLAGGED, true);
            case SEEN -> flag(Flag.SEEN, true);
            case UNANSWERED -> flag(Flag.ANSWERED, false);
            case UNDELETED -> flag(Flag.DELETED, false);
            case UNDRAFT -> flag(Flag.DRAFT, false);
            case UNFLAGGED -> flag(Flag.FLAGGED, false);
            case UNSEEN -> flag(Flag.SEEN, false);
            // RFC 3501 §6.4.4: NEW is RECENT UNSEEN; OLD is NOT RECENT.
            case NEW -> meta(s -> s.isRecent() && !s.view().flags().contains(Flag.SEEN));
            case OLD -> meta(s -> !s.isRecent());
            case RECENT -> meta(SearchSubject::isRecent);
        };
    }

    private static Node flag(Flag flag, boolean set) {
        return meta(s -> s.view().flags().contains(flag) == set);
    }

    private static boolean hasKeyword(Flags flags, String name) {
        // Keywords compare ignoring case (RFC 9051 §2.3.2 treats flags as case-insensitive).
        for (String k : flags.keywords()) {
            if (k.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private Node contains(SearchKey.Contains c) {
        String value = c.value();
        return switch (c.field()) {
            case BODY -> node(2, s -> MessageText.contains(s.view(), new TextFinder(value), false));
            case TEXT -> node(2, s -> MessageText.contains(s.view(), new TextFinder(value), true));
            case FROM -> node(1, s -> headerContains(s, "From", value));
            case TO -> node(1, s -> headerContains(s, "To", value));
            case CC -> node(1, s -> headerContains(s, "Cc", value));
            case BCC -> node(1, s -> headerContains(s, "Bcc", value));
            case SUBJECT -> node(1, s -> headerContains(s, "Subject", value));
        };
    }

    private static boolean headerContains(SearchSubject s, String field, String value) throws IOException {
        for (HeaderField f : s.view().headers(field)) {
            if (TextFinder.contains(f.decodedValue(), value)) {
                return true;
            }
        }
        return false;
    }

    private Node date(SearchKey.Date d) {
        LocalDate day = d.date();
        return switch (d.kind()) {
            case BEFORE -> meta(s -> internalDay(s).isBefore(day));
            case ON -> meta(s -> internalDay(s).isEqual(day));
            case SINCE -> meta(s -> !internalDay(s).isBefore(day));
            case SENTBEFORE -> node(1, s -> sentDay(s).isBefore(day));
            case SENTON -> node(1, s -> sentDay(s).isEqual(day));
            case SENTSINCE -> node(1, s -> !sentDay(s).isBefore(day));
        };
    }

    private LocalDate internalDay(SearchSubject s) {
        return s.view().internalDate().atZone(context.zone()).toLocalDate();
    }

    private LocalDate sentDay(SearchSubject s) throws IOException {
        Optional<MessageDate> date = s.view().headerEnvelope().parsedDate();
        return date.isPresent() ? date.get().dateTime().toLocalDate() : internalDay(s);
    }

    private Node set(SequenceSet set, boolean uid) {
        if (set instanceof SequenceSet.SavedResult) {
            return meta(s -> context.savedResult().test(s.view().uid()));
        }
        long largest = uid ? context.largestUid() : context.messageCount();
        long[] pairs = ((SequenceSet.Ranges) set).normalized(largest);
        long[] lows = new long[pairs.length / 2];
        for (int i = 0; i < lows.length; i++) {
            lows[i] = pairs[2 * i];
        }
        return meta(s -> {
            long n = uid ? s.view().uid() : s.sequenceNumber();
            int i = Arrays.binarySearch(lows, n);
            int at = i >= 0 ? i : -i - 2;
            return at >= 0 && n <= pairs[2 * at + 1];
        });
    }

    /** A test that may throw. */
    @FunctionalInterface
    private interface Test {
        boolean test(SearchSubject s) throws IOException;
    }

    private static Node meta(Test test) {
        return node(0, test);
    }

    private static Node node(int cost, Test test) {
        return new Node() {
            @Override
            public boolean test(SearchSubject s) throws IOException {
                return test.test(s);
            }

            @Override
            public int cost() {
                return cost;
            }
        };
    }
}
