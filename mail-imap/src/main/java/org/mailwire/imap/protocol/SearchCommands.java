// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Tag;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;

/**
 * SEARCH (RFC 9051 §6.4.4) with ESEARCH's return options (RFC 4731) and IMAP4rev1's untagged
 * {@code SEARCH} response, SORT and THREAD (RFC 5256). The matching itself runs as blocking
 * work over a snapshot of the view, since text keys read message content.
 */
final class SearchCommands {

    private SearchCommands() {
    }

    static void search(ImapServerSession s, ImapCommand.Search search) {
        Tag tag = search.tag();
        if (!charsetSupported(search.charset())) {
            s.no(tag, ResponseCode.badCharset(List.of(Atom.of("US-ASCII"), Atom.of("UTF-8"))), "Unsupported charset");
            return;
        }
        List<ImapCommand.SearchReturn> options = search.returnOptions().orElse(List.of());
        if (options.contains(ImapCommand.SearchReturn.SAVE)) {
            s.bad(tag, "SEARCHRES is not supported");
            return;
        }
        boolean modSeqKey = usesModSeq(search.keys());
        if (modSeqKey) {
            s.enableCondStore();
        }
        SelectedView view = s.view();
        List<MessageInfo> snapshot = new ArrayList<>(view.size());
        for (int seq = 1; seq <= view.size(); seq++) {
            snapshot.add(view.get(seq));
        }
        Mailbox mailbox = s.mailbox();
        List<SearchKey> keys = search.keys();
        s.work(tag, () -> matching(mailbox, snapshot, keys), (List<Integer> seqs) -> {
            List<Long> numbers = new ArrayList<>(seqs.size());
            long highest = 0;
            for (int seq : seqs) {
                MessageInfo m = snapshot.get(seq - 1);
                numbers.add(search.uid() ? m.uid() : seq);
                highest = Math.max(highest, m.modSeq());
            }
            Optional<Long> modSeq = modSeqKey && !numbers.isEmpty() ? Optional.of(highest) : Optional.empty();
            if (search.returnOptions().isPresent() || s.rev2()) {
                List<ImapCommand.SearchReturn> wanted = options.isEmpty() ? List.of(ImapCommand.SearchReturn.ALL)
                        : options;
                boolean any = !numbers.isEmpty();
                s.write(new ImapResponse.Esearch(Optional.of(tag), search.uid(),
                        any && wanted.contains(ImapCommand.SearchReturn.MIN) ? Optional.of(numbers.get(0))
                                : Optional.empty(),
                        any && wanted.contains(ImapCommand.SearchReturn.MAX)
                                ? Optional.of(numbers.get(numbers.size() - 1)) : Optional.empty(),
                        any && wanted.contains(ImapCommand.SearchReturn.ALL) ? Optional.of(SelectedView.uidSet(numbers))
                                : Optional.empty(),
                        wanted.contains(ImapCommand.SearchReturn.COUNT) ? Optional.of((long) numbers.size())
                                : Optional.empty(),
                        modSeq));
            } else {
                s.write(new ImapResponse.Search(numbers, modSeq));
            }
            s.done(tag, null, (search.uid() ? "UID " : "") + "SEARCH completed", search.uid());
        });
    }

    static void sort(ImapServerSession s, ImapCommand.Sort sort) {
        s.no(sort.tag(), ResponseCode.cannot(), "SORT is not available");
    }

    static void thread(ImapServerSession s, ImapCommand.Thread thread) {
        s.no(thread.tag(), ResponseCode.cannot(), "THREAD is not available");
    }

    private static boolean charsetSupported(Optional<String> charset) {
        if (charset.isEmpty()) {
            return true;
        }
        String c = charset.get().toUpperCase(Locale.ROOT);
        return c.equals("US-ASCII") || c.equals("UTF-8") || c.equals("UTF8");
    }

    private static boolean usesModSeq(List<SearchKey> keys) {
        for (SearchKey k : keys) {
            if (k instanceof SearchKey.ModSeq) {
                return true;
            } else if (k instanceof SearchKey.Not n && usesModSeq(List.of(n.key()))) {
                return true;
            } else if (k instanceof SearchKey.Or o && usesModSeq(List.of(o.left(), o.right()))) {
                return true;
            } else if (k instanceof SearchKey.Group g && usesModSeq(g.keys())) {
                return true;
            }
        }
        return false;
    }

    /** Runs off the session's thread: the sequence numbers of the snapshot's matching messages. */
    private static List<Integer> matching(Mailbox mailbox, List<MessageInfo> snapshot, List<SearchKey> keys)
            throws Exception {
        List<Integer> seqs = new ArrayList<>();
        long largestUid = snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1).uid();
        for (int i = 0; i < snapshot.size(); i++) {
            if (IndexSearch.matchesAll(keys, snapshot.get(i), i + 1, snapshot.size(), largestUid)) {
                seqs.add(i + 1);
            }
        }
        return seqs;
    }
}
