// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.mailwire.core.mime.Envelope;
import org.mailwire.imap.codec.ImapCommand;

/**
 * Orders messages for SORT (RFC 5256 §3) by its criteria: ARRIVAL (internal date), CC, FROM
 * and TO (the first address's mailbox, i;ascii-casemap), DATE (the sent date, RFC 5256 §2.2),
 * SIZE, SUBJECT (the base subject, §2.1, i;ascii-casemap), and DISPLAYFROM and DISPLAYTO
 * (RFC 5957: display name, else address, compared ignoring case), each maybe REVERSE. Messages
 * equal by every criterion keep their mailbox order (sequence number), never reversed, as
 * §3 says.
 *
 * <p>Every value is read once per message before sorting, so the comparison never reads the
 * store.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5256#section-3">RFC 5256 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5957#section-3">RFC 5957 §3</a>
 */
public final class Sorter {

    private final List<ImapCommand.SortCriterion> criteria;

    private Sorter(List<ImapCommand.SortCriterion> criteria) {
        this.criteria = List.copyOf(criteria);
        if (this.criteria.isEmpty()) {
            throw new IllegalArgumentException("SORT has at least one criterion");
        }
    }

    /**
     * Returns a sorter for criteria.
     *
     * @param criteria the criteria, most significant first
     * @return the sorter
     */
    public static Sorter of(List<ImapCommand.SortCriterion> criteria) {
        return new Sorter(Objects.requireNonNull(criteria, "criteria"));
    }

    /**
     * Sorts messages.
     *
     * @param messages the messages that matched the search, any order
     * @return the same messages in SORT order
     * @throws IOException if a message's content cannot be read
     */
    public List<SearchSubject> sort(List<SearchSubject> messages) throws IOException {
        List<Keyed> keyed = new ArrayList<>(messages.size());
        for (SearchSubject s : messages) {
            Object[] values = new Object[criteria.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(criteria.get(i).key(), s.view());
            }
            keyed.add(new Keyed(s, values));
        }
        Comparator<Keyed> order = null;
        for (int i = 0; i < criteria.size(); i++) {
            Comparator<Keyed> c = comparator(criteria.get(i).key(), i);
            if (criteria.get(i).reverse()) {
                c = c.reversed();
            }
            order = order == null ? c : order.thenComparing(c);
        }
        order = order.thenComparingLong(k -> k.subject.sequenceNumber());
        keyed.sort(order);
        List<SearchSubject> out = new ArrayList<>(keyed.size());
        keyed.forEach(k -> out.add(k.subject));
        return out;
    }

    private record Keyed(SearchSubject subject, Object[] values) {
    }

    private static Object value(ImapCommand.SortKey key, MessageView view) throws IOException {
        return switch (key) {
            case ARRIVAL -> view.internalDate();
            case SIZE -> view.size();
            case DATE -> SortValues.sentDate(view);
            case SUBJECT -> SortValues.subject(view).text();
            case FROM -> SortValues.mailbox(envelope(view).from());
            case TO -> SortValues.mailbox(envelope(view).to());
            case CC -> SortValues.mailbox(envelope(view).cc());
            case DISPLAYFROM -> SortValues.display(envelope(view).from());
            case DISPLAYTO -> SortValues.display(envelope(view).to());
        };
    }

    private static Envelope envelope(MessageView view) throws IOException {
        return view.headerEnvelope();
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Keyed> comparator(ImapCommand.SortKey key, int index) {
        return switch (key) {
            case ARRIVAL, DATE, SIZE -> Comparator.comparing(k -> (Comparable<Object>) k.values[index]);
            case SUBJECT, FROM, TO, CC -> (a, b) -> SortValues.compareAsciiCasemap((String) a.values[index],
                    (String) b.values[index]);
            case DISPLAYFROM, DISPLAYTO -> (a, b) -> String.CASE_INSENSITIVE_ORDER.compare((String) a.values[index],
                    (String) b.values[index]);
        };
    }
}
