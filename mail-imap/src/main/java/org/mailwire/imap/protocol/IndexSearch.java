// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.time.ZoneOffset;
import java.util.List;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.store.Flag;
import org.mailwire.store.MessageInfo;

/**
 * Stopgap for the SEARCH keys that the store's index entry answers (flags, sets, sizes,
 * internal dates, MODSEQ), until the message engine's {@code SearchMatcher} is merged; keys
 * that need content are refused with {@code NO [CANNOT]}.
 */
final class IndexSearch {

    private IndexSearch() {
    }

    static boolean matchesAll(List<SearchKey> keys, MessageInfo m, int seq, int count, long largestUid) {
        for (SearchKey k : keys) {
            if (!matches(k, m, seq, count, largestUid)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(SearchKey key, MessageInfo m, int seq, int count, long largestUid) {
        if (key instanceof SearchKey.Simple simple) {
            return switch (simple) {
                case ALL, OLD -> true;
                case NEW, RECENT -> false;
                case ANSWERED -> m.flags().contains(Flag.ANSWERED);
                case DELETED -> m.flags().contains(Flag.DELETED);
                case DRAFT -> m.flags().contains(Flag.DRAFT);
                case FLAGGED -> m.flags().contains(Flag.FLAGGED);
                case SEEN -> m.flags().contains(Flag.SEEN);
                case UNANSWERED -> !m.flags().contains(Flag.ANSWERED);
                case UNDELETED -> !m.flags().contains(Flag.DELETED);
                case UNDRAFT -> !m.flags().contains(Flag.DRAFT);
                case UNFLAGGED -> !m.flags().contains(Flag.FLAGGED);
                case UNSEEN -> !m.flags().contains(Flag.SEEN);
            };
        } else if (key instanceof SearchKey.Keyword k) {
            boolean has = m.flags().keywords().stream().anyMatch(w -> w.equalsIgnoreCase(k.flag().name().value()));
            return has != k.without();
        } else if (key instanceof SearchKey.Messages set) {
            return set.set() instanceof SequenceSet.Ranges r && r.contains(seq, count);
        } else if (key instanceof SearchKey.Uids set) {
            return set.set() instanceof SequenceSet.Ranges r && r.contains(m.uid(), largestUid);
        } else if (key instanceof SearchKey.Size size) {
            return size.larger() ? m.size() > size.size() : m.size() < size.size();
        } else if (key instanceof SearchKey.ModSeq modSeq) {
            return m.modSeq() >= modSeq.value();
        } else if (key instanceof SearchKey.Date date) {
            var day = m.internalDate().atOffset(ZoneOffset.UTC).toLocalDate();
            return switch (date.kind()) {
                case BEFORE -> day.isBefore(date.date());
                case ON -> day.equals(date.date());
                case SINCE -> !day.isBefore(date.date());
                default -> throw new UnsupportedOperationException("SENT* search");
            };
        } else if (key instanceof SearchKey.Not not) {
            return !matches(not.key(), m, seq, count, largestUid);
        } else if (key instanceof SearchKey.Or or) {
            return matches(or.left(), m, seq, count, largestUid) || matches(or.right(), m, seq, count, largestUid);
        } else if (key instanceof SearchKey.Group group) {
            return matchesAll(group.keys(), m, seq, count, largestUid);
        }
        throw new UnsupportedOperationException("search key needs message content");
    }
}
