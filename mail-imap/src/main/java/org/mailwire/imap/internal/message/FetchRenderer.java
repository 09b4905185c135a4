// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.internal.message;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.io.BoundedInputStream;
import org.mailwire.core.mime.ByteRange;
import org.mailwire.core.mime.ContentDecoder;
import org.mailwire.core.mime.HeaderFieldFilter;
import org.mailwire.core.mime.ParsedMessage;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.Section;
import org.mailwire.store.Flags;

/**
 * Renders FETCH data items of one message (RFC 9051 §6.4.5, §7.5.2; BINARY, RFC 3516 §4;
 * MODSEQ, RFC 7162 §3.1.4; EMAILID and THREADID, RFC 8474 §5): a pure function of the item and
 * the {@link MessageView}, with no session state. The session decides what this does not:
 * {@code \Recent} ({@link #flags(Flags, boolean)}), and setting {@code \Seen} for the items for
 * which {@link #setsSeen(FetchItem)} is true (the FLAGS it then sends come from the store).
 *
 * <p>Sections: a section that does not exist (part 3 of a two-part message, {@code 1.HEADER}
 * of a part that is not a message) is NIL. A partial {@code <o.n>} gives octets {@code o} to
 * {@code o+n} of the section, an empty string when {@code o} is past its end, and the response
 * names the origin. Content up to the in-memory limit is a {@link Fragment.Literal}; larger
 * content is a {@link Fragment.StreamedLiteral} with a {@link StreamedSection} that reads only
 * the range from the store when the response is written. NUL cannot travel in a
 * {@code BODY[]} literal (RFC 9051 §4.3), so a stored NUL is sent as 0x80, as Dovecot does;
 * {@code BINARY} uses {@code literal8} and sends it as is.
 *
 * <p>{@code HEADER.FIELDS} and {@code HEADER.FIELDS.NOT} filter the stored header bytes
 * ({@link HeaderFieldFilter}); a header longer than {@code MimeLimits.maxHeaderBlockBytes} is
 * filtered over its first that many octets (whole lines), the part the parser reads too.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6.4.5">RFC 9051 §6.4.5</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3516#section-4">RFC 3516 §4</a>
 */
public final class FetchRenderer {

    /** The default in-memory limit: the codec's streaming threshold (64 KiB, ImapLimits). */
    public static final int DEFAULT_IN_MEMORY_LIMIT = 64 * 1024;

    private final ZoneId zone;
    private final int inMemoryLimit;

    private FetchRenderer(ZoneId zone, int inMemoryLimit) {
        this.zone = Objects.requireNonNull(zone, "zone");
        if (inMemoryLimit < 0) {
            throw new IllegalArgumentException("the in-memory limit is not negative");
        }
        this.inMemoryLimit = inMemoryLimit;
    }

    /**
     * Returns a renderer with the default in-memory limit.
     *
     * @param zone the zone INTERNALDATE is written in (the store keeps an instant)
     * @return the renderer
     */
    public static FetchRenderer of(ZoneId zone) {
        return new FetchRenderer(zone, DEFAULT_IN_MEMORY_LIMIT);
    }

    /**
     * Returns a renderer.
     *
     * @param zone          the zone INTERNALDATE is written in
     * @param inMemoryLimit the largest section held in memory; larger ones are streamed
     * @return the renderer
     */
    public static FetchRenderer of(ZoneId zone, int inMemoryLimit) {
        return new FetchRenderer(zone, inMemoryLimit);
    }

    /**
     * Expands what a FETCH asks for into items: the macros of RFC 9051 §6.4.5 ({@code ALL},
     * {@code FAST}, {@code FULL}), or the list as given.
     *
     * @param items a macro or a list
     * @return the items, in order
     */
    public static List<FetchItem> expand(ImapCommand.FetchItems items) {
        if (items instanceof ImapCommand.FetchItemList list) {
            return list.items();
        }
        List<FetchItem> out = new ArrayList<>(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE,
                FetchItem.Simple.RFC822_SIZE));
        ImapCommand.FetchMacro macro = (ImapCommand.FetchMacro) items;
        if (macro != ImapCommand.FetchMacro.FAST) {
            out.add(FetchItem.Simple.ENVELOPE);
        }
        if (macro == ImapCommand.FetchMacro.FULL) {
            out.add(FetchItem.Simple.BODY);
        }
        return List.copyOf(out);
    }

    /**
     * Tells whether fetching an item sets {@code \Seen} (RFC 9051 §6.4.5): {@code BODY[...]},
     * {@code BINARY[...]}, {@code RFC822} and {@code RFC822.TEXT}; not the {@code .PEEK} forms,
     * nor {@code RFC822.HEADER}, nor anything else. The session sets the flag (unless the
     * mailbox is read-only) and then includes FLAGS in the response.
     *
     * @param item the item
     * @return whether it implies {@code \Seen}
     */
    public static boolean setsSeen(FetchItem item) {
        if (item instanceof FetchItem.BodySection b) {
            return !b.peek();
        }
        if (item instanceof FetchItem.Binary b) {
            return !b.peek();
        }
        return item == FetchItem.Simple.RFC822 || item == FetchItem.Simple.RFC822_TEXT;
    }

    /**
     * Tells whether rendering an item reads the message content (all but FLAGS, INTERNALDATE,
     * RFC822.SIZE, UID and MODSEQ do), so a session can answer the cheap ones without a
     * blocking read.
     *
     * @param item the item
     * @return whether {@link #render} may read the store
     */
    public static boolean readsContent(FetchItem item) {
        return !(item == FetchItem.Simple.FLAGS || item == FetchItem.Simple.INTERNALDATE
                || item == FetchItem.Simple.RFC822_SIZE || item == FetchItem.Simple.UID
                || item == FetchItem.Simple.MODSEQ);
    }

    /**
     * Returns the FLAGS item for store flags.
     *
     * @param flags  the store's flags
     * @param recent whether the session sees the message as {@code \Recent} (IMAP4rev1 only)
     * @return the item
     */
    public static FetchData.Flags flags(Flags flags, boolean recent) {
        List<Flag> out = new ArrayList<>(flags.system().size() + flags.keywords().size() + 1);
        for (org.mailwire.store.Flag f : flags.system()) {
            out.add(switch (f) {
                case ANSWERED -> Flag.System.ANSWERED;
                case FLAGGED -> Flag.System.FLAGGED;
                case DELETED -> Flag.System.DELETED;
                case SEEN -> Flag.System.SEEN;
                case DRAFT -> Flag.System.DRAFT;
            });
        }
        for (String keyword : flags.keywords()) {
            out.add(new Flag.Keyword(new Atom(keyword)));
        }
        if (recent) {
            out.add(new Flag.Extension(new Atom("Recent")));
        }
        return new FetchData.Flags(out);
    }

    /**
     * Renders one item. FLAGS are rendered without {@code \Recent}.
     *
     * @param item the item
     * @param view the message
     * @return the rendered item
     * @throws IOException         if the content cannot be read
     * @throws UnknownCteException if a BINARY item names a part whose transfer encoding is unknown
     */
    public RenderedItem render(FetchItem item, MessageView view) throws IOException, UnknownCteException {
        if (item instanceof FetchItem.Simple simple) {
            return simple(simple, view);
        }
        if (item instanceof FetchItem.BodySection b) {
            return section(b.section(), b.partial(), view);
        }
        if (item instanceof FetchItem.Binary b) {
            return binary(b.part(), b.partial(), view);
        }
        FetchItem.BinarySize b = (FetchItem.BinarySize) item;
        return RenderedItem.of(new FetchData.BinarySize(b.part(), binarySize(b.part(), view)));
    }

    private RenderedItem simple(FetchItem.Simple item, MessageView view) throws IOException {
        return switch (item) {
            case FLAGS -> RenderedItem.of(flags(view.flags(), false));
            case INTERNALDATE -> RenderedItem.of(new FetchData.InternalDate(internalDate(view)));
            case RFC822_SIZE -> RenderedItem.of(new FetchData.Rfc822Size(view.size()));
            case ENVELOPE -> RenderedItem.of(new FetchData.EnvelopeData(view.envelope()));
            case BODYSTRUCTURE -> RenderedItem.of(new FetchData.Body(view.bodyStructure(true), true));
            case BODY -> RenderedItem.of(new FetchData.Body(view.bodyStructure(false), false));
            case UID -> RenderedItem.of(new FetchData.Uid(view.uid()));
            case MODSEQ -> RenderedItem.of(new FetchData.ModSeq(view.modSeq()));
            // RFC 3501 §6.4.5: RFC822 is BODY[], RFC822.HEADER is BODY.PEEK[HEADER], RFC822.TEXT
            // is BODY[TEXT], each answered under its own name (§7.4.2).
            case RFC822 -> rfc822(FetchData.Rfc822Kind.MESSAGE, view);
            case RFC822_HEADER -> rfc822(FetchData.Rfc822Kind.HEADER, view);
            case RFC822_TEXT -> rfc822(FetchData.Rfc822Kind.TEXT, view);
            case EMAILID -> RenderedItem.of(new FetchData.EmailId(view.emailId()));
            case THREADID -> RenderedItem.of(new FetchData.ThreadId(Optional.of(view.threadId())));
        };
    }

    private RenderedItem rfc822(FetchData.Rfc822Kind kind, MessageView view) throws IOException {
        RenderedItem section = section(kind.section(), Optional.empty(), view);
        return new RenderedItem(new FetchData.Rfc822(kind, section.data().content()), section.streamed());
    }

    /** The internal date in the renderer's zone, whole seconds and a whole-minute offset. */
    OffsetDateTime internalDate(MessageView view) {
        ZoneOffset offset = zone.getRules().getOffset(view.internalDate());
        if (offset.getTotalSeconds() % 60 != 0) {
            offset = ZoneOffset.ofTotalSeconds(offset.getTotalSeconds() / 60 * 60);
        }
        return view.internalDate().atOffset(offset).truncatedTo(ChronoUnit.SECONDS);
    }

    private RenderedItem section(Section section, Optional<Partial> partial, MessageView view) throws IOException {
        Optional<Long> origin = partial.map(Partial::offset);
        boolean fields = section.text().filter(t -> t == Section.Text.HEADER_FIELDS
                || t == Section.Text.HEADER_FIELDS_NOT).isPresent();
        // BODY[] is the whole message: the store knows its size, so nothing needs parsing.
        Optional<ByteRange> range = section.equals(Section.ALL) ? Optional.of(new ByteRange(0, view.size()))
                : view.parsed().section(specifier(section, fields));
        if (range.isEmpty()) {
            return RenderedItem.of(new FetchData.BodySection(section, origin, Optional.empty()));
        }
        if (fields) {
            byte[] filtered = filterHeader(section, range.get(), view);
            byte[] slice = slice(filtered, partial);
            return RenderedItem.of(new FetchData.BodySection(section, origin,
                    Optional.of(Fragment.Literal.of(slice, true, false))));
        }
        ByteRange whole = range.get();
        ByteRange wanted = sub(whole, partial);
        if (wanted.length() <= inMemoryLimit) {
            byte[] bytes;
            try (InputStream in = new NulToHighBit(view.open(wanted))) {
                bytes = in.readNBytes((int) wanted.length());
            }
            return RenderedItem.of(new FetchData.BodySection(section, origin,
                    Optional.of(Fragment.Literal.of(bytes, true, false))));
        }
        StreamedSection streamed = new StreamedSection(wanted.length(), false,
                () -> new NulToHighBit(view.open(wanted)));
        return new RenderedItem(new FetchData.BodySection(section, origin,
                Optional.of(new Fragment.StreamedLiteral(wanted.length(), true, false))), Optional.of(streamed));
    }

    /** The specifier ParsedMessage.section takes; HEADER.FIELDS lists map to their HEADER. */
    static String specifier(Section section, boolean fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < section.part().size(); i++) {
            sb.append(i == 0 ? "" : ".").append(section.part().get(i));
        }
        section.text().ifPresent(t -> sb.append(section.part().isEmpty() ? "" : ".")
                .append(fields ? "HEADER" : t.wire()));
        return sb.toString();
    }

    private static byte[] filterHeader(Section section, ByteRange header, MessageView view) throws IOException {
        byte[] bytes = view.readHeaderBlock(header);
        HeaderFieldFilter filter = section.text().get() == Section.Text.HEADER_FIELDS
                ? HeaderFieldFilter.fields(section.fields()) : HeaderFieldFilter.fieldsNot(section.fields());
        byte[] out = filter.apply(bytes, 0, bytes.length);
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = (byte) 0x80;
            }
        }
        return out;
    }

    /** The part of a range a partial names: empty when the origin is past the end. */
    static ByteRange sub(ByteRange whole, Optional<Partial> partial) {
        if (partial.isEmpty()) {
            return whole;
        }
        long offset = Math.min(partial.get().offset(), whole.length());
        long length = Math.min(partial.get().length(), whole.length() - offset);
        return new ByteRange(whole.start() + offset, length);
    }

    private static byte[] slice(byte[] bytes, Optional<Partial> partial) {
        ByteRange r = sub(new ByteRange(0, bytes.length), partial);
        return java.util.Arrays.copyOfRange(bytes, (int) r.start(), (int) r.end());
    }

    // ---- BINARY (RFC 3516) ----

    /** What BINARY reads: a raw range and the transfer encoding to undo (null: none). */
    private record BinarySource(ByteRange raw, String encoding) {
    }

    private static Optional<BinarySource> binarySource(List<Long> part, MessageView view) throws IOException,
            UnknownCteException {
        ParsedMessage parsed = view.parsed();
        if (part.isEmpty()) {
            return Optional.of(new BinarySource(new ByteRange(0, parsed.size()), null));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < part.size(); i++) {
            sb.append(i == 0 ? "" : ".").append(part.get(i));
        }
        String number = sb.toString();
        Optional<org.mailwire.core.mime.BodyStructure> node = parsed.part(number);
        if (node.isEmpty() && number.equals("1") && !(parsed.body() instanceof org.mailwire.core.mime.BodyStructure.Multipart m
                && !m.parts().isEmpty())) {
            node = Optional.of(parsed.body());
        }
        if (node.isEmpty()) {
            return Optional.empty();
        }
        org.mailwire.core.mime.BodyStructure found = node.get();
        if (!(found instanceof org.mailwire.core.mime.BodyStructure.SinglePart s)) {
            // Multiparts and messages may only be 7bit, 8bit or binary (RFC 2045 §6.4): no decoding.
            return Optional.of(new BinarySource(found.body(), null));
        }
        String encoding = s.fields().encoding().strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "7bit", "8bit", "binary", "" -> Optional.of(new BinarySource(found.body(), null));
            case "base64", "quoted-printable" -> Optional.of(new BinarySource(found.body(), encoding));
            default -> throw new UnknownCteException(number, encoding);
        };
    }

    private static InputStream openDecoded(MessageView view, BinarySource source) throws IOException {
        InputStream raw = view.open(source.raw());
        return source.encoding() == null ? raw : ContentDecoder.decode(raw, source.encoding());
    }

    private long binarySize(List<Long> part, MessageView view) throws IOException, UnknownCteException {
        Optional<BinarySource> source = binarySource(part, view);
        if (source.isEmpty()) {
            // RFC 3516 §4.2 has no NIL for BINARY.SIZE; a missing part has no octets.
            return 0;
        }
        return decodedSize(view, source.get());
    }

    private static long decodedSize(MessageView view, BinarySource source) throws IOException {
        if (source.encoding() == null) {
            return source.raw().length();
        }
        try (InputStream in = openDecoded(view, source)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private RenderedItem binary(List<Long> part, Optional<Partial> partial, MessageView view) throws IOException,
            UnknownCteException {
        Optional<BinarySource> found = binarySource(part, view);
        if (found.isEmpty()) {
            return RenderedItem.of(new FetchData.Binary(part, Optional.empty()));
        }
        BinarySource source = found.get();
        if (source.encoding() != null && source.raw().length() <= inMemoryLimit) {
            // Decoding never grows base64 or quoted-printable, so this fits the limit too.
            byte[] decoded;
            try (InputStream in = openDecoded(view, source)) {
                decoded = in.readAllBytes();
            }
            return RenderedItem.of(new FetchData.Binary(part,
                    Optional.of(Fragment.Literal.of(slice(decoded, partial), true, true))));
        }
        long size = decodedSize(view, source);
        ByteRange wanted = sub(new ByteRange(0, size), partial);
        if (wanted.length() <= inMemoryLimit) {
            byte[] bytes;
            try (InputStream in = openDecodedRange(view, source, wanted)) {
                bytes = in.readNBytes((int) wanted.length());
            }
            return RenderedItem.of(new FetchData.Binary(part, Optional.of(Fragment.Literal.of(bytes, true, true))));
        }
        StreamedSection streamed = new StreamedSection(wanted.length(), true,
                () -> openDecodedRange(view, source, wanted));
        return new RenderedItem(new FetchData.Binary(part,
                Optional.of(new Fragment.StreamedLiteral(wanted.length(), true, true))), Optional.of(streamed));
    }

    /** Opens a range of the decoded content (offsets in decoded octets). */
    private static InputStream openDecodedRange(MessageView view, BinarySource source, ByteRange decoded)
            throws IOException {
        if (source.encoding() == null) {
            return view.open(new ByteRange(source.raw().start() + decoded.start(), decoded.length()));
        }
        InputStream in = openDecoded(view, source);
        try {
            in.skipNBytes(decoded.start());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new BoundedInputStream(in, decoded.length());
    }

    /** Sends a stored NUL as 0x80: NUL cannot travel in a literal that is not literal8. */
    static final class NulToHighBit extends FilterInputStream {
        NulToHighBit(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            return b == 0 ? 0x80 : b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = off; i < off + n; i++) {
                if (b[i] == 0) {
                    b[i] = (byte) 0x80;
                }
            }
            return n;
        }
    }
}
