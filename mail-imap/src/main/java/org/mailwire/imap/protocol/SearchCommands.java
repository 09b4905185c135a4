// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.internal.message.ContentOpener;
import org.mailwire.imap.internal.message.MessageView;
import org.mailwire.imap.internal.message.SearchContext;
import org.mailwire.imap.internal.message.SearchMatcher;
import org.mailwire.imap.internal.message.SearchSubject;
import org.mailwire.imap.internal.message.Sorter;
import org.mailwire.imap.internal.message.Threader;
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
        List<ImapCommand.SearchReturn> options = search.returnOptions().orElse(List.of());
        boolean save = options.contains(ImapCommand.SearchReturn.SAVE);
        // The keys may name $ (RFC 9051 §6.4.4.2): they see the result saved before this command.
        long[] previous = s.savedResult();
        if (save) {
            // RFC 5182 §2.1: a SEARCH with SAVE answered NO leaves $ empty; the result replaces
            // this below when the search succeeds.
            s.saveResult(new long[0]);
        }
        if (!charsetSupported(search.charset())) {
            s.no(tag, ResponseCode.badCharset(List.of(Atom.of("US-ASCII"), Atom.of("UTF-8"))), "Unsupported charset");
            return;
        }
        boolean modSeqKey = usesModSeq(search.keys());
        if (modSeqKey) {
            s.enableCondStore();
        }
        run(s, tag, search.keys(), previous, found -> {
            List<Long> numbers = new ArrayList<>(found.size());
            long highest = 0;
            for (SearchSubject subject : found) {
                numbers.add(search.uid() ? subject.view().uid() : subject.sequenceNumber());
                highest = Math.max(highest, subject.view().modSeq());
            }
            if (save) {
                s.saveResult(saved(found, options));
            }
            Optional<Long> modSeq = modSeqKey && !numbers.isEmpty() ? Optional.of(highest) : Optional.empty();
            List<ImapCommand.SearchReturn> wanted = new ArrayList<>(options);
            wanted.remove(ImapCommand.SearchReturn.SAVE);
            if (save && wanted.isEmpty()) {
                // RFC 9051 §6.4.4.1: SAVE alone returns no ESEARCH response.
                s.done(tag, null, (search.uid() ? "UID " : "") + "SEARCH completed, result saved", search.uid());
                return;
            }
            if (search.returnOptions().isPresent() || s.rev2()) {
                if (wanted.isEmpty()) {
                    wanted.add(ImapCommand.SearchReturn.ALL); // RETURN () is RETURN (ALL), RFC 4731 §3.1
                }
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

    /** SORT (RFC 5256 §3): the matching messages in the order of the criteria. */
    static void sort(ImapServerSession s, ImapCommand.Sort sort) {
        Tag tag = sort.tag();
        if (!charsetSupported(Optional.of(sort.charset()))) {
            s.no(tag, ResponseCode.badCharset(List.of(Atom.of("US-ASCII"), Atom.of("UTF-8"))), "Unsupported charset");
            return;
        }
        boolean modSeqKey = usesModSeq(sort.keys());
        Sorter sorter = Sorter.of(sort.criteria());
        SelectedView view = s.view();
        List<MessageInfo> snapshot = snapshot(view);
        Mailbox mailbox = s.mailbox();
        long[] saved = s.savedResult();
        s.work(tag, () -> sorter.sort(matching(mailbox, snapshot, sort.keys(), saved)), sorted -> {
            List<Long> numbers = new ArrayList<>(sorted.size());
            long highest = 0;
            for (SearchSubject subject : sorted) {
                numbers.add(sort.uid() ? subject.view().uid() : subject.sequenceNumber());
                highest = Math.max(highest, subject.view().modSeq());
            }
            s.write(new ImapResponse.Sort(numbers, modSeqKey && !numbers.isEmpty() ? Optional.of(highest)
                    : Optional.empty()));
            s.done(tag, null, (sort.uid() ? "UID " : "") + "SORT completed", sort.uid());
        });
    }

    /** THREAD (RFC 5256 §3, §4): ORDEREDSUBJECT or REFERENCES over the matching messages. */
    static void thread(ImapServerSession s, ImapCommand.Thread thread) {
        Tag tag = thread.tag();
        Optional<Threader.Algorithm> algorithm = Threader.Algorithm.byName(thread.algorithm().value());
        if (algorithm.isEmpty()) {
            s.bad(tag, "Unknown threading algorithm");
            return;
        }
        if (!charsetSupported(Optional.of(thread.charset()))) {
            s.no(tag, ResponseCode.badCharset(List.of(Atom.of("US-ASCII"), Atom.of("UTF-8"))), "Unsupported charset");
            return;
        }
        List<MessageInfo> snapshot = snapshot(s.view());
        Mailbox mailbox = s.mailbox();
        boolean uid = thread.uid();
        long[] saved = s.savedResult();
        s.work(tag, () -> Threader.thread(algorithm.get(), matching(mailbox, snapshot, thread.keys(), saved),
                subject -> uid ? subject.view().uid() : subject.sequenceNumber()), threads -> {
            s.write(new ImapResponse.Thread(threads));
            s.done(tag, null, (uid ? "UID " : "") + "THREAD completed", uid);
        });
    }

    private static List<MessageInfo> snapshot(SelectedView view) {
        List<MessageInfo> snapshot = new ArrayList<>(view.size());
        for (int seq = 1; seq <= view.size(); seq++) {
            snapshot.add(view.get(seq));
        }
        return snapshot;
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

    /**
     * What SAVE keeps (RFC 9051 §6.4.4.1): with MIN and/or MAX but neither ALL nor COUNT, only those
     * messages; otherwise every match. As UIDs, so that $ survives expunges of other messages.
     */
    private static long[] saved(List<SearchSubject> found, List<ImapCommand.SearchReturn> options) {
        boolean extremesOnly = (options.contains(ImapCommand.SearchReturn.MIN)
                || options.contains(ImapCommand.SearchReturn.MAX))
                && !options.contains(ImapCommand.SearchReturn.ALL) && !options.contains(ImapCommand.SearchReturn.COUNT);
        if (!extremesOnly || found.isEmpty()) {
            long[] uids = new long[found.size()];
            for (int i = 0; i < uids.length; i++) {
                uids[i] = found.get(i).view().uid();
            }
            return uids;
        }
        long min = found.get(0).view().uid();
        long max = found.get(found.size() - 1).view().uid();
        boolean both = options.contains(ImapCommand.SearchReturn.MIN) && options.contains(ImapCommand.SearchReturn.MAX);
        if (both && min != max) {
            return new long[] {min, max};
        }
        return new long[] {options.contains(ImapCommand.SearchReturn.MIN) ? min : max};
    }

    /** Runs off the session's thread when content is read: the matching messages, in mailbox order. */
    private static List<SearchSubject> matching(Mailbox mailbox, List<MessageInfo> snapshot, List<SearchKey> keys,
            long[] saved) throws Exception {
        SearchMatcher matcher = SearchMatcher.of(keys, context(snapshot, saved));
        List<SearchSubject> found = new ArrayList<>();
        for (int i = 0; i < snapshot.size(); i++) {
            MessageInfo m = snapshot.get(i);
            SearchSubject subject = SearchSubject.of(i + 1, MessageView.of(m, ContentOpener.of(mailbox, m.uid()),
                    MimeLimits.defaults()), false);
            if (matcher.matches(subject)) {
                found.add(subject);
            }
        }
        return found;
    }

    /** The context the keys are matched in; {@code $} is {@code saved}, ascending UIDs. */
    private static SearchContext context(List<MessageInfo> snapshot, long[] saved) {
        long largestUid = snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1).uid();
        return SearchContext.of(snapshot.size(), largestUid, ZoneOffset.UTC)
                .withSavedResult(uid -> java.util.Arrays.binarySearch(saved, uid) >= 0);
    }

    /** Runs the search inline when no key reads content, else as blocking work. */
    private static void run(ImapServerSession s, Tag tag, List<SearchKey> keys, long[] saved,
                            java.util.function.Consumer<List<SearchSubject>> then) {
        List<MessageInfo> snapshot = snapshot(s.view());
        Mailbox mailbox = s.mailbox();
        SearchMatcher probe = SearchMatcher.of(keys, context(snapshot, saved));
        if (!probe.readsContent()) {
            List<SearchSubject> found;
            try {
                found = matching(mailbox, snapshot, keys, saved);
            } catch (Exception e) {
                s.failed(tag, e, false);
                return;
            }
            then.accept(found);
            return;
        }
        s.work(tag, () -> matching(mailbox, snapshot, keys, saved), then);
    }
}
