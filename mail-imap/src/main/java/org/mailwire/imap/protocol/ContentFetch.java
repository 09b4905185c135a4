// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.mailwire.core.mime.MimeLimits;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.internal.message.ContentOpener;
import org.mailwire.imap.internal.message.FetchRenderer;
import org.mailwire.imap.internal.message.MessageView;
import org.mailwire.imap.internal.message.RenderedItem;
import org.mailwire.imap.internal.message.StreamedSection;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Tag;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagChangeResult;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UidSet;

/**
 * A FETCH that reads message content, rendered by the message engine
 * ({@link FetchRenderer}) as blocking work, a batch of messages at a time. Sections past the
 * renderer's in-memory limit are streamed: the response is written up to the literal's
 * announcement, then the section's octets one 16 KiB chunk per store read, then the rest, so a
 * message is never whole in heap and the transport's write watermark paces the reads.
 */
final class ContentFetch implements ImapServerSession.FetchJob {

    private static final int BATCH = 32;
    private static final long BATCH_BYTES = 256 * 1024;
    private static final int CHUNK = 16 * 1024;
    static final FetchRenderer RENDERER = FetchRenderer.of(ZoneOffset.UTC);

    private final ImapServerSession session;
    private final Tag tag;
    private final boolean uid;
    private final int[] seqs;
    private final List<FetchItem> items;
    private final boolean marksSeen;
    private final ArrayDeque<Object> output = new ArrayDeque<>();
    private final byte[] chunk = new byte[CHUNK];
    private int next;

    ContentFetch(ImapServerSession session, Tag tag, boolean uid, int[] seqs, List<FetchItem> items) {
        this.session = session;
        this.tag = tag;
        this.uid = uid;
        this.seqs = seqs;
        this.items = items;
        boolean seen = false;
        for (FetchItem item : items) {
            seen |= FetchRenderer.setsSeen(item);
        }
        this.marksSeen = seen && !session.readOnly();
    }

    /** Whether an item needs the message's content rather than the store's index entry. */
    static boolean needsContent(FetchItem item) {
        return FetchRenderer.readsContent(item);
    }

    /** The items that come from the index entry alone, in the order asked. */
    static List<FetchData> plain(List<FetchItem> items, MessageInfo m) {
        MessageView view = MessageView.of(m, () -> {
            throw new IOException("no content needed");
        }, MimeLimits.defaults());
        List<FetchData> data = new ArrayList<>(items.size());
        for (FetchItem item : items) {
            try {
                data.add(RENDERER.render(item, view).data());
            } catch (IOException | org.mailwire.imap.internal.message.UnknownCteException e) {
                throw new IllegalStateException("an index item read content", e);
            }
        }
        return data;
    }

    @Override
    public void step() {
        Object head = output.peek();
        if (head instanceof byte[] bytes) {
            output.poll();
            session.writeRaw(bytes);
            return;
        }
        if (head instanceof StreamedSection section) {
            session.work(tag, () -> {
                InputStream in = section.open();
                try {
                    return new Open(in, section.size(), in.readNBytes(chunk, 0, (int) Math.min(CHUNK, section.size())));
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
            }, open -> {
                output.poll();
                output.addFirst(open);
                sent(open, open.firstRead());
            }, this::streamFailed);
            return;
        }
        if (head instanceof Open open) {
            session.work(tag, () -> open.in().readNBytes(chunk, 0, (int) Math.min(CHUNK, open.remaining)),
                    n -> sent(open, n), this::streamFailed);
            return;
        }
        renderBatch();
    }

    /** A streamed section being read. */
    private static final class Open {
        private final InputStream in;
        private long remaining;
        private final int firstRead;

        Open(InputStream in, long size, int firstRead) {
            this.in = in;
            this.remaining = size;
            this.firstRead = firstRead;
        }

        InputStream in() {
            return in;
        }

        int firstRead() {
            return firstRead;
        }
    }

    private void sent(Open open, int n) {
        if (n <= 0 && open.remaining > 0) {
            // The store changed under an announced literal: the client cannot resynchronise.
            closeQuietly(open.in());
            session.abort("Message content changed, closing");
            return;
        }
        open.remaining -= n;
        session.writeRaw(java.util.Arrays.copyOf(chunk, n));
        if (open.remaining == 0) {
            closeQuietly(open.in());
            output.poll();
        }
    }

    private void streamFailed(Throwable failure) {
        Object head = output.peek();
        if (head instanceof Open open) {
            closeQuietly(open.in());
        }
        output.clear();
        session.fetchJob = null;
        // A literal was announced: nothing but closing keeps the client in step.
        session.abort("Cannot read message content, closing");
    }

    @Override
    public void release() {
        for (Object piece : output) {
            if (piece instanceof Open open) {
                closeQuietly(open.in());
            }
        }
        output.clear();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Only read.
        }
    }

    private void renderBatch() {
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
                output.addAll(r.pieces());
            }
        }, failure -> {
            session.fetchJob = null;
            session.failed(tag, failure, false);
        });
    }

    private record Rendered(List<Object> pieces, MessageInfo changed) {
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
            MessageView message = MessageView.of(m, ContentOpener.of(mailbox, m.uid()), MimeLimits.defaults());
            List<FetchData> data = new ArrayList<>(items.size() + 1);
            List<StreamedSection> streamed = new ArrayList<>();
            byte[] marker = marker();
            boolean flags = false;
            for (FetchItem item : items) {
                RenderedItem r = RENDERER.render(item, message);
                FetchData d = r.data();
                if (r.streamed().isPresent()) {
                    streamed.add(r.streamed().get());
                    d = withMarker(d, marker);
                }
                flags |= d instanceof FetchData.Flags;
                data.add(d);
            }
            if (changed != null && !flags) {
                // RFC 9051 §6.4.5: report the implicit \Seen.
                data.add(FetchRenderer.flags(m.flags(), false));
            }
            byte[] response = new ImapResponse.Fetch(batchSeqs.get(i), data).toBytes(utf8);
            out.add(new Rendered(split(response, streamed, marker), changed));
        }
        return out;
    }

    /**
     * A random stand-in for a streamed section while its response is encoded; never sent. Random
     * per message, so no message content can imitate it.
     */
    private static byte[] marker() {
        byte[] m = new byte[24];
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) ('a' + random.nextInt(26));
        }
        return m;
    }

    private static FetchData withMarker(FetchData d, byte[] bytes) {
        Optional<Fragment> marker = Optional.of(Fragment.Literal.of(bytes, true, false));
        if (d instanceof FetchData.BodySection b) {
            return new FetchData.BodySection(b.section(), b.origin(), marker);
        }
        if (d instanceof FetchData.Rfc822 r) {
            return new FetchData.Rfc822(r.kind(), marker);
        }
        if (d instanceof FetchData.Binary b) {
            return new FetchData.Binary(b.part(), marker);
        }
        throw new IllegalStateException("only sections stream");
    }

    /**
     * Cuts an encoded response at each marker literal: the text before it, with the
     * announcement rewritten to the streamed section's size, the section, and so on.
     */
    private static List<Object> split(byte[] response, List<StreamedSection> streamed, byte[] marker) {
        List<Object> pieces = new ArrayList<>();
        int from = 0;
        for (StreamedSection section : streamed) {
            int at = indexOf(response, marker, from);
            String announcement = "{" + marker.length + "}\r\n";
            int cut = at - announcement.length();
            if (response[cut - 1] == '~') {
                cut--;
            }
            byte[] head = new byte[cut - from];
            System.arraycopy(response, from, head, 0, head.length);
            pieces.add(concat(head, ((section.binary() ? "~{" : "{") + section.size() + "}\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            pieces.add(section);
            from = at + marker.length;
        }
        byte[] tail = new byte[response.length - from];
        System.arraycopy(response, from, tail, 0, tail.length);
        pieces.add(tail);
        return pieces;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
