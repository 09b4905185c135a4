// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapLimits;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.ResponseCode;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;

/**
 * jqwik arbitraries for IMAP values (RFC 9051, RFC 3501): every command and response type, the
 * values inside them and framed, hostile and mutated input, as static factories that any property
 * can return from a {@code @Provide} method. They build values through the public API of
 * {@code org.mailwire.imap.codec} and {@code org.mailwire.imap.types} only.
 *
 * <p>Generated lines are valid framing: text made of atoms and quoted strings (which may hold
 * braces, digits and escapes, to exercise quote tracking) and literals of every kind. Hostile
 * input draws most octets from the framing's special characters, so that announcements, quotes
 * and line endings meet in every order.
 */
public final class ImapArbitraries {

    private static final String ATOM_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789()[]*%+-.:,/$!&'";
    private static final String QUOTED_CHARS = ATOM_CHARS + " {}~0123456789";
    private static final String ATOM_VALUE_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.:,/$!&'+=_[";
    private static final String TAG_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-]!$&:";
    private static final byte[] HOSTILE = "{}+~\"\\\r\n0123456789 aA*\0".getBytes(StandardCharsets.ISO_8859_1);

    private ImapArbitraries() {
    }

    /**
     * An atom-like token, sometimes with 8-bit octets (UTF-8 in IMAP4rev2) (RFC 9051 §4.1).
     *
     * @return the generated values
     */
    public static Arbitrary<byte[]> atoms() {
        Arbitrary<byte[]> ascii = Arbitraries.strings().withChars(ATOM_CHARS).ofMinLength(1).ofMaxLength(12)
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> eightBit = Arbitraries.bytes().between((byte) -128, (byte) -1).array(byte[].class)
                .ofMinSize(1).ofMaxSize(6);
        return Arbitraries.frequencyOf(Tuple.of(5, ascii), Tuple.of(1, eightBit));
    }

    /**
     * A quoted string, escapes included; its content may look like a literal announcement (RFC 9051 §4.3).
     *
     * @return the generated values
     */
    public static Arbitrary<byte[]> quotedStrings() {
        Arbitrary<String> plain = Arbitraries.strings().withChars(QUOTED_CHARS).ofMaxLength(12);
        Arbitrary<String> escape = Arbitraries.of("\\\"", "\\\\");
        Arbitrary<String> announcement = Arbitraries.integers().between(0, 99).map(n -> "{" + n + "}");
        return Arbitraries.oneOf(plain, escape, announcement).list().ofMaxSize(4).map(parts -> {
            StringBuilder sb = new StringBuilder("\"");
            parts.forEach(sb::append);
            return sb.append('"').toString().getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    /**
     * Line text: tokens separated by spaces, possibly empty.
     *
     * @return the generated values
     */
    public static Arbitrary<Fragment.Text> texts() {
        return Arbitraries.frequencyOf(Tuple.of(4, atoms()), Tuple.of(1, quotedStrings())).list().ofMaxSize(5)
                .map(tokens -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int i = 0; i < tokens.size(); i++) {
                        if (i > 0) {
                            out.write(' ');
                        }
                        out.writeBytes(tokens.get(i));
                    }
                    return Fragment.Text.of(out.toByteArray());
                });
    }

    /**
     * Literals of every kind: synchronising or not, literal8 or not, CR and LF included (RFC 9051 §4.3, RFC 7888, RFC 3516).
     *
     * @return the generated values
     */
    public static Arbitrary<Fragment.Literal> literals() {
        Arbitrary<byte[]> plain = Arbitraries.bytes().filter(b -> b != 0).array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> crlf = Arbitraries.of("\r\n", "a\r\nb NOOP\r\n", "{5}\r\n", "\"", "\r").map(
                s -> s.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Combinators.combine(Arbitraries.oneOf(plain, crlf, any), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as((bytes, sync, binary) -> {
                    boolean hasNul = false;
                    for (byte b : bytes) {
                        hasNul |= b == 0;
                    }
                    return Fragment.Literal.of(bytes, sync, binary || hasNul);
                });
    }

    /**
     * Complete lines: text, then up to three literals each followed by more text (RFC 9051 §2.2).
     *
     * @return the generated values
     */
    public static Arbitrary<ImapFrame.Line> lines() {
        return Combinators.combine(texts(), Combinators.combine(literals(), texts()).as(List::of).list().ofMaxSize(3))
                .as((first, rest) -> {
                    List<Fragment> fragments = new ArrayList<>();
                    fragments.add(first);
                    rest.forEach(fragments::addAll);
                    return new ImapFrame.Line(fragments);
                });
    }

    /**
     * Several lines written one after another, as a pipelining client sends them.
     *
     * @return the generated values
     */
    public static Arbitrary<List<ImapFrame.Line>> transcripts() {
        return lines().list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * Hostile octets: mostly the framing's special characters, sometimes anything.
     *
     * @return the generated values
     */
    public static Arbitrary<byte[]> hostileBytes() {
        Arbitrary<Byte> special = Arbitraries.of(toList(HOSTILE));
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(Tuple.of(4, special), Tuple.of(1, any)).list().ofMaxSize(400).map(list -> {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
            return out;
        });
    }

    /**
     * Valid transcripts damaged by a few insertions, deletions and replacements.
     *
     * @return the generated values
     */
    public static Arbitrary<byte[]> mutatedTranscripts() {
        Arbitrary<byte[]> valid = transcripts().map(ImapArbitraries::concat);
        Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> edits = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(toList(HOSTILE))).as(Tuple::of).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(valid, edits).as((bytes, list) -> {
            List<Byte> out = new ArrayList<>(toList(bytes));
            for (Tuple.Tuple3<Integer, Integer, Byte> edit : list) {
                int at = out.isEmpty() ? 0 : edit.get2() % (out.size() + 1);
                switch (edit.get1()) {
                    case 0 -> out.add(at, edit.get3());
                    case 1 -> {
                        if (at < out.size()) {
                            out.remove(at);
                        }
                    }
                    default -> {
                        if (at < out.size()) {
                            out.set(at, edit.get3());
                        }
                    }
                }
            }
            byte[] result = new byte[out.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = out.get(i);
            }
            return result;
        });
    }

    /**
     * Hostile octets or damaged valid transcripts, half and half.
     *
     * @return the generated values
     */
    public static Arbitrary<byte[]> hostileInput() {
        return Arbitraries.oneOf(hostileBytes(), mutatedTranscripts());
    }

    /**
     * Small limits, so that hostile input meets every limit often.
     *
     * @return the generated values
     */
    public static Arbitrary<ImapLimits> smallLimits() {
        return Combinators.combine(
                Arbitraries.integers().between(8, 80),
                Arbitraries.longs().between(0, 60),
                Arbitraries.longs().between(0, 30),
                Arbitraries.integers().between(0, 40),
                Arbitraries.longs().between(80, 400),
                Arbitraries.longs().between(0, 60)).as((line, literal, nonSync, inMemory, command, discarded) ->
                        new ImapLimits(line, literal, literal, nonSync, inMemory, Math.max(command, line),
                                discarded, 16, 1, 8, 64));
    }

    /**
     * Cut points for a payload of the given length: sorted indices, duplicates allowed.
     *
     * @param length the payload length the cuts fall in
     * @return sorted cut indices in {@code [0, length]}
     */
    public static Arbitrary<int[]> cuts(int length) {
        return Arbitraries.integers().between(0, length).array(int[].class).ofMaxSize(12).map(a -> {
            int[] copy = a.clone();
            Arrays.sort(copy);
            return copy;
        });
    }

    /**
     * Mailbox names over all of Unicode but controls and unpaired surrogates (RFC 9051 §5.1, §5.1.3).
     *
     * @return the generated values
     */
    public static Arbitrary<MailboxName> mailboxNames() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0xA0, 0xFFFF)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)))
                .filter(c -> c < 0xD800 || c > 0xDFFF);
        return codePoints.list().ofMaxSize(20).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::appendCodePoint);
            return MailboxName.of(sb.toString());
        });
    }

    /**
     * Sequence sets of up to eight elements, numbers and {@code *} in any order (RFC 9051 §9 sequence-set, RFC 5182).
     *
     * @return the generated values
     */
    public static Arbitrary<SequenceSet> sequenceSets() {
        Arbitrary<Long> bound = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1, 40)),
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER)));
        Arbitrary<String> element = Combinators.combine(bound, bound, Arbitraries.of(true, false))
                .as((a, b, range) -> range ? text(a) + ":" + text(b) : text(a));
        Arbitrary<SequenceSet> ranges = element.list().ofMinSize(1).ofMaxSize(8)
                .map(list -> SequenceSet.of(String.join(",", list)));
        return Arbitraries.frequencyOf(Tuple.of(9, ranges), Tuple.of(1, Arbitraries.just(SequenceSet.of("$"))));
    }

    private static String text(long bound) {
        return bound == 0 ? "*" : Long.toString(bound);
    }

    /**
     * Tags: one to eight tag characters (RFC 9051 §2.2.1).
     *
     * @return the generated values
     */
    public static Arbitrary<Tag> tags() {
        return Arbitraries.strings().withChars(TAG_CHARS).ofMinLength(1).ofMaxLength(8).map(Tag::of);
    }

    /**
     * Atoms such as capability and mechanism names.
     *
     * @return the generated values
     */
    public static Arbitrary<Atom> atomValues() {
        return Arbitraries.strings().withChars(ATOM_VALUE_CHARS).ofMinLength(1).ofMaxLength(12).map(Atom::of);
    }

    /**
     * Text as a client may send it: any Unicode without NUL or unpaired surrogates, often short ASCII.
     *
     * @return the generated values
     */
    public static Arbitrary<String> strings() {
        Arbitrary<String> ascii = Arbitraries.strings().withChars(QUOTED_CHARS + "\"\\ \r\n").ofMaxLength(20);
        Arbitrary<String> unicode = Arbitraries.integers().between(1, 0x10FFFF).filter(c -> c < 0xD800 || c > 0xDFFF)
                .list().ofMaxSize(12).map(list -> {
                    StringBuilder sb = new StringBuilder();
                    list.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
        Arbitrary<String> longText = Arbitraries.strings().withChars("ab ").ofMinLength(1000).ofMaxLength(1100);
        return Arbitraries.frequencyOf(Tuple.of(6, ascii), Tuple.of(3, unicode), Tuple.of(1, longText));
    }

    /**
     * Flags of every kind (RFC 9051 §2.3.2).
     *
     * @return the generated values
     */
    public static Arbitrary<Flag> flags() {
        return Arbitraries.oneOf(Arbitraries.of(Flag.System.values()),
                atomValues().map(a -> Flag.parse(a.value()).orElseThrow()),
                Arbitraries.of("\\Recent", "\\X-Custom").map(t -> Flag.parse(t).orElseThrow()));
    }

    /**
     * Internal dates with whole seconds and whole-minute offsets (RFC 9051 §2.3.3).
     *
     * @return the generated values
     */
    public static Arbitrary<OffsetDateTime> dates() {
        return Combinators.combine(Arbitraries.longs().between(0, 4_000_000_000L),
                Arbitraries.integers().between(-14 * 60, 14 * 60)).as((seconds, offset) ->
                        OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.ofTotalSeconds(offset * 60)));
    }

    /**
     * The commands of the first slice, with arguments in every string form (RFC 9051 §6).
     *
     * @return the generated values
     */
    public static Arbitrary<ImapCommand> commands() {
        Arbitrary<Tag> tag = tags();
        Arbitrary<MailboxName> mailbox = mailboxNames();
        Arbitrary<String> base64 = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(30)
                .map(b -> Base64.getEncoder().encodeToString(b));
        List<Arbitrary<? extends ImapCommand>> all = List.of(
                tag.map(ImapCommand.Capability::new), tag.map(ImapCommand.Noop::new),
                tag.map(ImapCommand.Logout::new), tag.map(ImapCommand.StartTls::new),
                tag.map(ImapCommand.Idle::new), tag.map(ImapCommand.Close::new),
                tag.map(ImapCommand.Unselect::new), tag.map(ImapCommand.Expunge::new),
                Combinators.combine(tag, Arbitraries.of("DEFLATE", "X-FUTURE").map(Atom::of)).as(ImapCommand.Compress::new),
                Combinators.combine(tag, strings(), strings()).as(ImapCommand.Login::new),
                Combinators.combine(tag, atomValues(), Arbitraries.oneOf(base64, Arbitraries.just("=")).optional())
                        .as(ImapCommand.Authenticate::new),
                Combinators.combine(tag, atomValues().list().ofMinSize(1).ofMaxSize(3)).as(ImapCommand.Enable::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.Select::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.Examine::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.Create::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.Delete::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.Subscribe::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.Unsubscribe::new),
                Combinators.combine(tag, mailbox, mailbox).as(ImapCommand.Rename::new),
                Combinators.combine(tag, mailbox, Arbitraries.of("*", "%", "", "INBOX", "a/%", "\u00e9*"))
                        .as((t, reference, pattern) -> new ImapCommand.ListMailboxes(t, reference.name(),
                                MailboxName.of(pattern).name())),
                Combinators.combine(tag, mailbox, Arbitraries.of(ImapCommand.StatusItem.values()).list().ofMinSize(1)
                        .ofMaxSize(4)).as(ImapCommand.Status::new),
                Combinators.combine(tag, mailbox, flags().list().ofMaxSize(3), dates().optional(), literals(),
                        Arbitraries.of(true, false)).as((t, m, f, d, l, utf8) -> new ImapCommand.Append(t, m, f, d, l,
                                utf8 && l.binary())));
        return Arbitraries.oneOf(all);
    }

    /**
     * Part paths of zero to three numbers (RFC 9051 §6.4.5).
     *
     * @return the generated values
     */
    public static Arbitrary<List<Long>> partPaths() {
        return Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).list().ofMaxSize(3);
    }

    /**
     * Partial ranges, often none (RFC 9051 §6.4.5).
     *
     * @return the generated values
     */
    public static Arbitrary<Optional<Partial>> partials() {
        return Combinators.combine(Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER),
                Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER)).as(Partial::new).optional();
    }

    /**
     * Body sections of every form (RFC 9051 §6.4.5).
     *
     * @return the generated values
     */
    public static Arbitrary<Section> sections() {
        Arbitrary<String> field = Arbitraries.strings().withChars("ABCXYZabcxyz-0123456789!\"\\").ofMinLength(1)
                .ofMaxLength(10);
        Arbitrary<Section> plain = partPaths().map(p -> new Section(p, Optional.empty(), List.of()));
        Arbitrary<Section> text = Combinators.combine(partPaths(), Arbitraries.of(Section.Text.HEADER,
                Section.Text.TEXT, Section.Text.MIME)).as((p, t) -> t == Section.Text.MIME && p.isEmpty()
                        ? new Section(p, Optional.of(Section.Text.HEADER), List.of())
                        : new Section(p, Optional.of(t), List.of()));
        Arbitrary<Section> fields = Combinators.combine(partPaths(), Arbitraries.of(Section.Text.HEADER_FIELDS,
                Section.Text.HEADER_FIELDS_NOT), field.list().ofMinSize(1).ofMaxSize(3)).as((p, t, f) ->
                        new Section(p, Optional.of(t), f));
        return Arbitraries.oneOf(plain, text, fields);
    }

    /**
     * FETCH items of every kind (RFC 9051 §6.4.5, RFC 3516).
     *
     * @return the generated values
     */
    public static Arbitrary<FetchItem> fetchItems() {
        return Arbitraries.oneOf(Arbitraries.of(FetchItem.Simple.values()),
                Combinators.combine(sections(), partials(), Arbitraries.of(true, false)).as(FetchItem.BodySection::new),
                Combinators.combine(partPaths(), partials(), Arbitraries.of(true, false)).as(FetchItem.Binary::new),
                partPaths().map(FetchItem.BinarySize::new));
    }

    /**
     * Search keys, nested up to {@code depth} levels (RFC 9051 §6.4.4).
     *
     * @param depth how many levels of nesting to generate at most
     * @return the generated values
     */
    public static Arbitrary<SearchKey> searchKeys(int depth) {
        Arbitrary<SearchKey> leaf = Arbitraries.oneOf(
                Arbitraries.of(SearchKey.Simple.values()),
                Combinators.combine(atomValues(), Arbitraries.of(true, false))
                        .as((a, without) -> new SearchKey.Keyword(new Flag.Keyword(a), without)),
                Combinators.combine(Arbitraries.of(SearchKey.Field.values()), strings()).as(SearchKey.Contains::new),
                Combinators.combine(strings(), strings()).as(SearchKey.Header::new),
                Combinators.combine(Arbitraries.of(SearchKey.DateKind.values()),
                        Arbitraries.integers().between(0, 3_000_000).map(d -> LocalDate.of(1, 1, 1).plusDays(d)))
                        .as(SearchKey.Date::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER))
                        .as(SearchKey.Size::new),
                sequenceSets().map(SearchKey.Messages::new),
                sequenceSets().map(SearchKey.Uids::new),
                Combinators.combine(Arbitraries.of(true, false), objectIds()).as(SearchKey.ObjectId::new),
                Combinators.combine(flags(), Arbitraries.of(SearchKey.EntryType.values()),
                        Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(true, false))
                        .as((f, t, v, entry) -> entry ? new SearchKey.ModSeq(Optional.of(f), Optional.of(t), v)
                                : new SearchKey.ModSeq(Optional.empty(), Optional.empty(), v)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<SearchKey> inner = searchKeys(depth - 1);
        return Arbitraries.frequencyOf(Tuple.of(6, leaf),
                Tuple.of(1, inner.map(SearchKey.Not::new)),
                Tuple.of(1, Combinators.combine(inner, inner).as(SearchKey.Or::new)),
                Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(3).map(SearchKey.Group::new)));
    }

    /**
     * The commands of the second slice: FETCH, STORE, SEARCH, COPY, MOVE, UID, LIST-EXTENDED (RFC 9051 §6.4, RFC 7162, RFC 5258, RFC 2971, RFC 9208, RFC 5256).
     *
     * @return the generated values
     */
    public static Arbitrary<ImapCommand> commandsSliceTwo() {
        Arbitrary<Tag> tag = tags();
        Arbitrary<MailboxName> mailbox = mailboxNames();
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<ImapCommand.FetchItems> items = Arbitraries.oneOf(Arbitraries.of(ImapCommand.FetchMacro.values()),
                fetchItems().list().ofMinSize(1).ofMaxSize(4).map(ImapCommand.FetchItemList::new));
        Arbitrary<ImapCommand> fetch = Combinators.combine(tag, bool, sequenceSets(), items,
                Arbitraries.longs().between(1, Long.MAX_VALUE).optional(), bool)
                .as((t, uid, set, i, changed, vanished) -> new ImapCommand.Fetch(t, uid, set, i, changed,
                        vanished && uid && changed.isPresent()));
        Arbitrary<StoreAction> action = Combinators.combine(Arbitraries.of(StoreAction.Mode.values()), bool,
                flags().list().ofMaxSize(3)).as(StoreAction::new);
        Arbitrary<ImapCommand> store = Combinators.combine(tag, bool, sequenceSets(),
                Arbitraries.longs().between(0, Long.MAX_VALUE).optional(), action).as(ImapCommand.Store::new);
        Arbitrary<ImapCommand> search = Combinators.combine(tag, bool,
                Arbitraries.of(ImapCommand.SearchReturn.values()).list().uniqueElements().ofMaxSize(3).optional(),
                Arbitraries.of("UTF-8", "US-ASCII").optional(), searchKeys(2).list().ofMinSize(1).ofMaxSize(4))
                .as(ImapCommand.Search::new);
        Arbitrary<ImapCommand.Qresync> qresync = Combinators.combine(
                Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).map(UidValidity::new),
                Arbitraries.longs().between(1, Long.MAX_VALUE), sequenceSets().optional(),
                Combinators.combine(sequenceSets(), sequenceSets()).as(ImapCommand.SeqMatch::new).optional())
                .as(ImapCommand.Qresync::new);
        Arbitrary<ImapCommand.SelectParameters> parameters = Combinators.combine(bool, qresync.optional())
                .as(ImapCommand.SelectParameters::new);
        Arbitrary<String> pattern = Arbitraries.of("*", "%", "", "INBOX", "a/%", "\u00e9*", "a b");
        Arbitrary<ImapCommand.ListReturn> listReturn = Arbitraries.oneOf(
                Arbitraries.of(ImapCommand.ListReturnOption.values()),
                Arbitraries.of(ImapCommand.StatusItem.values()).list().ofMinSize(1).ofMaxSize(3)
                        .map(ImapCommand.ListReturnStatus::new));
        Arbitrary<ImapCommand> list = Combinators.combine(tag,
                Arbitraries.of(ImapCommand.ListSelection.values()).list().ofMaxSize(3)
                        .filter(s -> !s.contains(ImapCommand.ListSelection.RECURSIVEMATCH)
                                || s.stream().anyMatch(o -> o != ImapCommand.ListSelection.RECURSIVEMATCH)),
                mailbox, pattern.list().ofMinSize(1).ofMaxSize(3), listReturn.list().ofMaxSize(3))
                .as((t, sel, ref, pats, ret) -> new ImapCommand.ListMailboxes(t, sel, ref.name(), pats, ret));
        Arbitrary<ImapCommand.IdField> idField = Combinators.combine(strings(), strings().optional())
                .as(ImapCommand.IdField::new);
        return Arbitraries.oneOf(List.of(fetch, store, search,
                Combinators.combine(tag, bool, sequenceSets(), mailbox).as(ImapCommand.Copy::new),
                Combinators.combine(tag, bool, sequenceSets(), mailbox).as(ImapCommand.Move::new),
                Combinators.combine(tag, sequenceSets()).as(ImapCommand.UidExpunge::new),
                Combinators.combine(tag, mailbox, parameters).as(ImapCommand.Select::new),
                Combinators.combine(tag, mailbox, parameters).as(ImapCommand.Examine::new),
                list,
                Combinators.combine(tag, mailbox, pattern).as((t, ref, p) -> new ImapCommand.Lsub(t, ref.name(), p)),
                tag.map(ImapCommand.Namespace::new), tag.map(ImapCommand.Check::new),
                Combinators.combine(tag, idField.list().ofMinSize(1).ofMaxSize(4).optional()).as(ImapCommand.Id::new),
                Combinators.combine(tag, strings()).as(ImapCommand.GetQuota::new),
                Combinators.combine(tag, mailbox).as(ImapCommand.GetQuotaRoot::new),
                Combinators.combine(tag, strings(), Combinators.combine(atomValues(),
                        Arbitraries.longs().between(0, Long.MAX_VALUE)).as(ImapCommand.QuotaLimit::new).list()
                        .ofMaxSize(3)).as(ImapCommand.SetQuota::new),
                Combinators.combine(tag, mailbox, Arbitraries.of("\\Sent", "\\Drafts", "\\Important", "\\Deleted")
                        .map(f -> Flag.parse(f).orElseThrow()).list().ofMaxSize(2)).as(ImapCommand.Create::new),
                Combinators.combine(tag, bool, Combinators.combine(bool, Arbitraries.of(ImapCommand.SortKey.values()))
                        .as(ImapCommand.SortCriterion::new).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of("UTF-8", "US-ASCII"), searchKeys(2).list().ofMinSize(1).ofMaxSize(3))
                        .as(ImapCommand.Sort::new),
                Combinators.combine(tag, bool, Arbitraries.of("REFERENCES", "ORDEREDSUBJECT").map(Atom::of),
                        Arbitraries.of("UTF-8", "US-ASCII"), searchKeys(2).list().ofMinSize(1).ofMaxSize(3))
                        .as(ImapCommand.Thread::new)));
    }

    /** Strings for nstring fields: often absent. */
    private static Arbitrary<Optional<String>> nstrings() {
        return strings().optional();
    }

    /**
     * Envelope addresses (RFC 9051 §7.5.2).
     *
     * @return the generated values
     */
    public static Arbitrary<Address> addresses() {
        return Combinators.combine(nstrings(), nstrings(), nstrings(), nstrings()).as(Address::new);
    }

    /**
     * Envelopes (RFC 9051 §7.5.2).
     *
     * @return the generated values
     */
    public static Arbitrary<Envelope> envelopes() {
        Arbitrary<List<Address>> list = addresses().list().ofMaxSize(2);
        return Combinators.combine(nstrings(), nstrings(), list, list, list, list, list, list)
                .flatAs((date, subject, from, sender, replyTo, to, cc, bcc) -> Combinators.combine(nstrings(), nstrings())
                        .as((inReplyTo, messageId) -> new Envelope(date, subject, from, sender, replyTo, to, cc, bcc,
                                inReplyTo, messageId)));
    }

    /**
     * Extension values, nested up to {@code depth} levels (RFC 9051 §9 body-extension).
     *
     * @param depth how many levels of nesting to generate at most
     * @return the generated values
     */
    public static Arbitrary<ExtensionValue> extensionValues(int depth) {
        Arbitrary<ExtensionValue> leaf = Arbitraries.oneOf(strings().map(ExtensionValue::of),
                Arbitraries.just(ExtensionValue.Nil.INSTANCE),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(ExtensionValue.Num::new));
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, extensionValues(depth - 1).list().ofMaxSize(3)
                .map(ExtensionValue.Items::new)));
    }

    /**
     * Body structures, nested up to {@code depth} levels, each kind with the fields it needs (RFC 9051 §7.5.2).
     *
     * @param depth how many levels of nesting to generate at most
     * @return the generated values
     */
    public static Arbitrary<BodyStructure> bodyStructures(int depth) {
        Arbitrary<List<BodyStructure.Parameter>> parameters = Combinators.combine(strings(), strings())
                .as(BodyStructure.Parameter::new).list().ofMaxSize(2);
        Arbitrary<List<ExtensionValue>> extension = extensionValues(1).list().ofMaxSize(3);
        Arbitrary<Long> size = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<BodyStructure> text = Combinators.combine(Arbitraries.of("TEXT", "text"), atomValues(), parameters,
                nstrings(), nstrings(), Arbitraries.of("7BIT", "BASE64", "quoted-printable"), size,
                Arbitraries.longs().between(0, Long.MAX_VALUE)).flatAs((type, subtype, params, id, description,
                        encoding, octets, lines) -> extension.map(ext -> new BodyStructure.SinglePart(type,
                                subtype.value(), params, id, description, encoding, octets, Optional.empty(),
                                OptionalLong.of(lines), ext)));
        Arbitrary<BodyStructure> other = Combinators.combine(Arbitraries.of("IMAGE", "APPLICATION", "x-y"),
                atomValues(), parameters, nstrings(), nstrings(), strings(), size, extension).as((type, subtype,
                        params, id, description, encoding, octets, ext) -> new BodyStructure.SinglePart(type,
                                subtype.value(), params, id, description, encoding, octets, Optional.empty(),
                                OptionalLong.empty(), ext));
        if (depth == 0) {
            return Arbitraries.oneOf(text, other);
        }
        Arbitrary<BodyStructure> inner = bodyStructures(depth - 1);
        Arbitrary<BodyStructure> message = Combinators.combine(Arbitraries.of("RFC822", "global"), envelopes(), inner,
                Arbitraries.longs().between(0, Long.MAX_VALUE), size, extension).as((subtype, envelope, body, lines,
                        octets, ext) -> new BodyStructure.SinglePart("MESSAGE", subtype, List.of(), Optional.empty(),
                                Optional.empty(), "7BIT", octets, Optional.of(new BodyStructure.Message(envelope, body,
                                        lines)), OptionalLong.empty(), ext));
        Arbitrary<BodyStructure> multi = Combinators.combine(inner.list().ofMinSize(1).ofMaxSize(3), strings(),
                extension).as(BodyStructure.MultiPart::new);
        return Arbitraries.frequencyOf(Tuple.of(3, text), Tuple.of(2, other), Tuple.of(1, message), Tuple.of(2, multi));
    }

    /**
     * FETCH data items of every kind (RFC 9051 §7.5.2).
     *
     * @return the generated values
     */
    public static Arbitrary<FetchData> fetchData() {
        Arbitrary<Fragment> literal = Arbitraries.bytes().filter(b -> b != 0).array(byte[].class).ofMaxSize(40)
                .map(b -> Fragment.Literal.of(b, true, false));
        Arbitrary<Fragment> literal8 = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .map(b -> Fragment.Literal.of(b, true, true));
        return Arbitraries.oneOf(
                flags().list().ofMaxSize(3).map(FetchData.Flags::new),
                dates().map(FetchData.InternalDate::new),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(FetchData.Rfc822Size::new),
                Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).map(FetchData.Uid::new),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(FetchData.ModSeq::new),
                envelopes().map(FetchData.EnvelopeData::new),
                Combinators.combine(bodyStructures(2), Arbitraries.of(true, false)).as(FetchData.Body::new),
                Combinators.combine(sections(), Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER).optional(),
                        literal.optional()).as(FetchData.BodySection::new),
                Combinators.combine(Arbitraries.of(FetchData.Rfc822Kind.class), literal.optional())
                        .as(FetchData.Rfc822::new),
                Combinators.combine(partPaths(), literal8.optional()).as(FetchData.Binary::new),
                Combinators.combine(partPaths(), Arbitraries.longs().between(0, Long.MAX_VALUE))
                        .as(FetchData.BinarySize::new),
                objectIds().map(FetchData.EmailId::new),
                objectIds().optional().map(FetchData.ThreadId::new));
    }

    /**
     * OBJECTID values (RFC 8474 §7).
     *
     * @return the generated values
     */
    public static Arbitrary<String> objectIds() {
        return Arbitraries.strings().withChars("abcXYZ0189_-").ofMinLength(1).ofMaxLength(255);
    }

    /**
     * Response codes from the factories and of any name (RFC 9051 §7.1).
     *
     * @return the generated values
     */
    public static Arbitrary<ResponseCode> responseCodes() {
        Arbitrary<String> arguments = Arbitraries.strings().withChars(QUOTED_CHARS + "()[ \u00e9").ofMinLength(1)
                .ofMaxLength(12).filter(a -> a.indexOf(']') < 0);
        return Arbitraries.oneOf(
                Arbitraries.of(ResponseCode.alert(), ResponseCode.readOnly(), ResponseCode.readWrite(),
                        ResponseCode.tryCreate(), ResponseCode.tooBig(), ResponseCode.uidNotSticky(),
                        ResponseCode.closed(), ResponseCode.noModSeq(), ResponseCode.overQuota(),
                        ResponseCode.badCharset(), ResponseCode.useAttr(), ResponseCode.unknownCte(),
                        ResponseCode.notSaved(), ResponseCode.authorizationFailed()),
                objectIds().map(ResponseCode::mailboxId),
                Combinators.combine(Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).map(UidValidity::new),
                        sequenceSets().filter(x -> x instanceof SequenceSet.Ranges),
                        sequenceSets().filter(x -> x instanceof SequenceSet.Ranges)).as(ResponseCode::copyUid),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(ResponseCode::highestModSeq),
                Combinators.combine(atomValues(), arguments.optional()).as(ResponseCode::of));
    }

    /**
     * Every response type, with values in every string form (RFC 9051 §7).
     *
     * @return the generated values
     */
    public static Arbitrary<ImapResponse> responses() {
        Arbitrary<String> text = Arbitraries.strings().withChars(QUOTED_CHARS + " []\u00e9\u4e2d").ofMaxLength(20);
        Arbitrary<ImapResponse.Kind> tagged = Arbitraries.of(ImapResponse.Kind.OK, ImapResponse.Kind.NO,
                ImapResponse.Kind.BAD);
        Arbitrary<ImapResponse> status = Arbitraries.oneOf(
                Combinators.combine(tags(), tagged, responseCodes().optional(), text).as((t, k, c, x) ->
                        new ImapResponse.Status(Optional.of(t), k, c, c.isEmpty() && x.startsWith("[") ? "x" + x : x)),
                Combinators.combine(Arbitraries.of(ImapResponse.Kind.values()), responseCodes().optional(), text)
                        .as((k, c, x) -> new ImapResponse.Status(Optional.empty(), k, c,
                                c.isEmpty() && x.startsWith("[") ? "x" + x : x)));
        Arbitrary<Long> number = Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER);
        Arbitrary<Long> number64 = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<SequenceSet> ranges = sequenceSets().filter(x -> x instanceof SequenceSet.Ranges);
        Arbitrary<ImapResponse> list = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.oneOf(flags(), Arbitraries.of("\\Noselect", "\\HasChildren", "\\Sent")
                        .map(f -> Flag.parse(f).orElseThrow())).list().ofMaxSize(3),
                Arbitraries.of('/', '.', '\\', '"').optional(), mailboxNames(),
                Combinators.combine(strings(), extensionValues(2)).as(ImapResponse.ExtendedItem::new).list().ofMaxSize(2))
                .as(ImapResponse.ListMailbox::new);
        return Arbitraries.oneOf(List.of(status,
                text.map(ImapResponse.Continuation::new),
                atomValues().list().ofMinSize(1).ofMaxSize(4).map(ImapResponse.Capability::new),
                atomValues().list().ofMaxSize(3).map(ImapResponse.Enabled::new),
                flags().list().ofMaxSize(4).map(ImapResponse.Flags::new),
                Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER).map(ImapResponse.Exists::new),
                number.map(ImapResponse.Expunge::new),
                Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER).map(ImapResponse.Recent::new),
                Combinators.combine(number, fetchData().list().ofMinSize(1).ofMaxSize(4)).as(ImapResponse.Fetch::new),
                list,
                Combinators.combine(mailboxNames(), statusValues().list().ofMaxSize(4)).as(ImapResponse.MailboxStatus::new),
                Combinators.combine(number.list().ofMaxSize(5), Arbitraries.longs().between(1, Long.MAX_VALUE)
                        .optional()).as((n, m) -> new ImapResponse.Search(n, n.isEmpty() ? Optional.empty() : m)),
                Combinators.combine(tags().optional(), Arbitraries.of(true, false), number.optional(), number.optional(),
                        ranges.optional(), Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER).optional(),
                        Arbitraries.longs().between(1, Long.MAX_VALUE).optional()).as(ImapResponse.Esearch::new),
                Combinators.combine(Arbitraries.of(true, false), ranges).as(ImapResponse.Vanished::new),
                Combinators.combine(strings(), strings().optional()).as(ImapCommand.IdField::new).list().ofMinSize(1)
                        .ofMaxSize(4).optional().map(ImapResponse.Id::new),
                namespaces().list().ofMaxSize(3).list().ofSize(3).map(l -> new ImapResponse.Namespace(l.get(0),
                        l.get(1), l.get(2))),
                Combinators.combine(strings(), Combinators.combine(atomValues(), number64, number64)
                        .as(ImapResponse.QuotaResource::new).list().ofMaxSize(3)).as(ImapResponse.Quota::new),
                Combinators.combine(mailboxNames(), strings().list().ofMaxSize(3)).as(ImapResponse.QuotaRoot::new),
                Combinators.combine(number.list().ofMaxSize(5), Arbitraries.longs().between(1, Long.MAX_VALUE)
                        .optional()).as((n, m) -> new ImapResponse.Sort(n, n.isEmpty() ? Optional.empty() : m)),
                threads(3).list().ofMaxSize(3).map(ImapResponse.Thread::new)));
    }

    /**
     * STATUS values: numbers, APPENDLIMIT NIL, MAILBOXID object ids (RFC 9051 §7.3.4).
     *
     * @return the generated values
     */
    public static Arbitrary<ImapResponse.StatusValue> statusValues() {
        return Combinators.combine(Arbitraries.of(ImapCommand.StatusItem.values()),
                Arbitraries.longs().between(0, Long.MAX_VALUE).optional(), objectIds()).as((item, v, id) -> {
                    if (item == ImapCommand.StatusItem.MAILBOXID) {
                        return ImapResponse.StatusValue.mailboxId(id);
                    }
                    return item == ImapCommand.StatusItem.APPENDLIMIT && v.isEmpty()
                            ? new ImapResponse.StatusValue(item, OptionalLong.empty())
                            : new ImapResponse.StatusValue(item, v.orElse(0L));
                });
    }

    /**
     * THREAD response trees, nested up to {@code depth} levels (RFC 5256 §4).
     *
     * @param depth how many levels of nesting to generate at most
     * @return the generated values
     */
    public static Arbitrary<ImapResponse.ThreadNode> threads(int depth) {
        Arbitrary<List<Long>> members = Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).list().ofMaxSize(3);
        if (depth == 0) {
            return members.filter(m -> !m.isEmpty()).map(m -> new ImapResponse.ThreadNode(m, List.of()));
        }
        return Combinators.combine(members, threads(depth - 1).list().ofMaxSize(3))
                .filter((m, b) -> !m.isEmpty() || !b.isEmpty()).as(ImapResponse.ThreadNode::new);
    }

    /**
     * Namespace descriptions (RFC 9051 §7.3.5).
     *
     * @return the generated values
     */
    public static Arbitrary<ImapResponse.NamespaceDescription> namespaces() {
        Arbitrary<ImapResponse.ExtendedItem> extension = Combinators.combine(strings(),
                strings().map(ExtensionValue::of).list().ofMinSize(1).ofMaxSize(3).map(ExtensionValue.Items::new))
                .as(ImapResponse.ExtendedItem::new);
        return Combinators.combine(strings(), Arbitraries.of('/', '.', '\\', '"').optional(),
                extension.list().ofMaxSize(2)).as(ImapResponse.NamespaceDescription::new);
    }

    /**
     * The wire form of the given lines written one after another, as a framer receives a
     * {@link #transcripts() transcript}.
     *
     * @param lines the lines, in order
     * @return the concatenated octets of {@link ImapFrame.Line#toBytes()}
     */
    public static byte[] concat(List<ImapFrame.Line> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(line -> out.writeBytes(line.toBytes()));
        return out.toByteArray();
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
