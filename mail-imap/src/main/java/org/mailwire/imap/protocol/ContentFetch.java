// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.Tag;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagChangeResult;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UidSet;

/**
 * A FETCH that reads message content: messages are rendered a batch at a time as blocking work
 * (the content is read from the store off the session's thread), and each batch's responses are
 * written before the next batch starts, so the transport's write watermark paces the store
 * reads. Items that need no content come from the session's view.
 */
final class ContentFetch implements ImapServerSession.FetchJob {

    private static final int BATCH = 32;
    private static final long BATCH_BYTES = 256 * 1024;

    private final ImapServerSession session;
    private final Tag tag;
    private final boolean uid;
    private final int[] seqs;
    private final List<FetchItem> items;
    private final boolean marksSeen;
    private int next;

    ContentFetch(ImapServerSession session, Tag tag, boolean uid, int[] seqs, List<FetchItem> items) {
        this.session = session;
        this.tag = tag;
        this.uid = uid;
        this.seqs = seqs;
        this.items = items;
        boolean seen = false;
        for (FetchItem item : items) {
            seen |= setsSeen(item);
        }
        this.marksSeen = seen && !session.readOnly();
    }

    /** Whether an item needs the message's content rather than the store's index entry. */
    static boolean needsContent(FetchItem item) {
        return !(item == FetchItem.Simple.FLAGS || item == FetchItem.Simple.UID || item == FetchItem.Simple.INTERNALDATE
                || item == FetchItem.Simple.RFC822_SIZE || item == FetchItem.Simple.MODSEQ);
    }

    /** RFC 9051 §6.4.5: BODY[...] without PEEK, BINARY[...] without PEEK, RFC822 and RFC822.TEXT set \Seen. */
    private static boolean setsSeen(FetchItem item) {
        return (item instanceof FetchItem.BodySection b && !b.peek()) || (item instanceof FetchItem.Binary bin
                && !bin.peek()) || item == FetchItem.Simple.RFC822 || item == FetchItem.Simple.RFC822_TEXT;
    }

    /** The items that come from the index entry alone, in the order asked. */
    static List<FetchData> plain(List<FetchItem> items, MessageInfo m) {
        List<FetchData> data = new ArrayList<>(items.size());
        for (FetchItem item : items) {
            FetchData d = plainItem(item, m);
            if (d != null) {
                data.add(d);
            }
        }
        return data;
    }

    private static FetchData plainItem(FetchItem item, MessageInfo m) {
        if (item == FetchItem.Simple.FLAGS) {
            return new FetchData.Flags(ImapServerSession.imapFlags(m.flags()));
        } else if (item == FetchItem.Simple.UID) {
            return new FetchData.Uid(m.uid());
        } else if (item == FetchItem.Simple.INTERNALDATE) {
            return new FetchData.InternalDate(m.internalDate().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        } else if (item == FetchItem.Simple.RFC822_SIZE) {
            return new FetchData.Rfc822Size(m.size());
        } else if (item == FetchItem.Simple.MODSEQ) {
            return new FetchData.ModSeq(m.modSeq());
        }
        return null;
    }

    @Override
    public void step() {
        SelectedView view = session.view();
        if (next >= seqs.length || view == null) {
            session.fetchJob = null;
            session.done(tag, null, (uid ? "UID " : "") + "FETCH completed", uid);
            return;
        }
        List<Integer> batchSeqs = new ArrayList<>();
        List<MessageInfo> batch = new ArrayList<>();
        long bytes = 0;
        while (next < seqs.length && batch.size() < BATCH && (batch.isEmpty() || bytes < BATCH_BYTES)) {
            int seq = seqs[next++];
            MessageInfo m = view.get(seq);
            batchSeqs.add(seq);
            batch.add(m);
            bytes += m.size();
        }
        Mailbox mailbox = session.mailbox();
        boolean utf8 = session.utf8();
        boolean seen = marksSeen;
        session.work(tag, () -> render(mailbox, batch, batchSeqs, seen, utf8), rendered -> {
            for (Rendered r : rendered) {
                if (r.changed() != null) {
                    view.update(r.changed());
                }
                session.writeRaw(r.response());
            }
        }, failure -> {
            session.fetchJob = null;
            session.failed(tag, failure, false);
        });
    }

    private record Rendered(byte[] response, MessageInfo changed) {
    }

    /** Runs off the session's thread: touches only what it is given. */
    private List<Rendered> render(Mailbox mailbox, List<MessageInfo> batch, List<Integer> batchSeqs, boolean seen,
                                  boolean utf8) throws Exception {
        List<Rendered> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            MessageInfo m = batch.get(i);
            MessageInfo changed = null;
            if (seen && !m.flags().contains(Flag.SEEN)) {
                FlagChangeResult r = mailbox.storeFlags(UidSet.of(m.uid()), FlagOperation.ADD, Flags.of(Flag.SEEN),
                        OptionalLong.empty());
                if (!r.changed().isEmpty()) {
                    changed = r.changed().get(0);
                    m = changed;
                }
            }
            List<FetchData> data = new ArrayList<>(items.size() + 1);
            boolean flags = false;
            for (FetchItem item : items) {
                FetchData d = plainItem(item, m);
                if (d == null) {
                    d = content(mailbox, item, m);
                }
                flags |= d instanceof FetchData.Flags;
                data.add(d);
            }
            if (changed != null && !flags) {
                // RFC 9051 §6.4.5: report the implicit \Seen.
                data.add(new FetchData.Flags(ImapServerSession.imapFlags(m.flags())));
            }
            out.add(new Rendered(new ImapResponse.Fetch(batchSeqs.get(i), data).toBytes(utf8), changed));
        }
        return out;
    }

    /**
     * Renders a content item. The whole message ({@code BODY[]}, with a partial) is read here;
     * everything that needs MIME structure comes from the message engine.
     */
    private static FetchData content(Mailbox mailbox, FetchItem item, MessageInfo m) throws Exception {
        if (item instanceof FetchItem.BodySection b && b.section().equals(Section.ALL)) {
            long offset = 0;
            long length = m.size();
            Optional<Long> origin = Optional.empty();
            if (b.partial().isPresent()) {
                Partial p = b.partial().get();
                offset = Math.min(p.offset(), m.size());
                length = Math.min(p.length(), m.size() - offset);
                origin = Optional.of(p.offset());
            }
            byte[] bytes;
            try (InputStream in = mailbox.openContent(m.uid(), offset, length)) {
                bytes = in.readAllBytes();
            }
            return new FetchData.BodySection(Section.ALL, origin, Optional.of(Fragment.Literal.of(bytes, true, false)));
        }
        throw new UnsupportedOperationException(item.wire());
    }
}
