// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import org.mailwire.imap.codec.FragmentReader.Refusal;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mailwire.core.codec.Ascii;
import org.mailwire.imap.types.Address;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.BodyStructure;
import org.mailwire.imap.types.Envelope;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.ImapSyntax;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Tag;

/**
 * Decodes framed server responses ({@link ImapFrame.Line} from
 * {@link ImapFramer#forResponses(ImapLimits)}) into {@link ImapResponse} values, on the client
 * side, by the formal syntax of RFC 9051 §9 and the extensions' grammars. Never throws on peer
 * input: a response it cannot read yields {@link Result.Malformed} with a hint, and the client
 * decides whether to carry on. Parenthesised lists (BODYSTRUCTURE, extension data) nest at most
 * {@link ImapLimits#maxNestingDepth()} deep and sequence sets hold at most
 * {@link ImapLimits#maxSequenceRanges()} ranges, so a hostile server cannot exhaust the stack.
 *
 * <p>Strings must be valid UTF-8 (8-bit text is accepted in quoted strings too: clients are
 * lenient where it is harmless); mailbox names are UTF-8 when {@code utf8}, else modified UTF-7.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7">RFC 9051 §7</a>
 */
public final class ImapResponseDecoder {

    private static final Flag.System[] SYSTEM_FLAGS = Flag.System.values();

    private final boolean utf8;
    private final ImapLimits limits;

    private ImapResponseDecoder(boolean utf8, ImapLimits limits) {
        this.utf8 = utf8;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Returns a decoder.
     *
     * @param utf8   {@code true} for IMAP4rev2 or after {@code ENABLE UTF8=ACCEPT}: mailbox names
     *               in UTF-8; {@code false}: in modified UTF-7
     * @param limits the nesting and sequence-set bounds
     * @return the decoder
     */
    public static ImapResponseDecoder of(boolean utf8, ImapLimits limits) {
        return new ImapResponseDecoder(utf8, limits);
    }

    /** The outcome of decoding one response. */
    public sealed interface Result {

        /**
         * The response was understood.
         *
         * @param response the response
         */
        record Decoded(ImapResponse response) implements Result {
            /**
             * Checks presence.
             *
             * @param response the response
             */
            public Decoded {
                Objects.requireNonNull(response, "response");
            }
        }

        /**
         * The response could not be read.
         *
         * @param hint what was wrong
         */
        record Malformed(String hint) implements Result {
            /**
             * Checks presence.
             *
             * @param hint the hint
             */
            public Malformed {
                Objects.requireNonNull(hint, "hint");
            }
        }
    }

    /**
     * Decodes one response.
     *
     * @param line the framed response
     * @return the response, or why it is malformed
     */
    public Result decode(ImapFrame.Line line) {
        try {
            Reader in = new Reader(line.fragments());
            ImapResponse response = response(in);
            in.end();
            return new Result.Decoded(response);
        } catch (Refusal r) {
            return new Result.Malformed(r.hint);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A value's own checks refused what the grammar let through.
            return new Result.Malformed("Invalid value: " + e.getMessage());
        }
    }

    private ImapResponse response(Reader in) {
        int c = in.peek();
        if (c == '+') {
            in.pos++;
            if (in.atEnd()) {
                return new ImapResponse.Continuation("");
            }
            in.sp();
            return new ImapResponse.Continuation(in.restOfLine());
        }
        Optional<Tag> tag = Optional.empty();
        if (c == '*') {
            in.pos++;
        } else {
            int start = in.pos;
            while (in.pos < in.end && ImapSyntax.isTagChar(in.text[in.pos] & 0xFF)) {
                in.pos++;
            }
            tag = Optional.of(Tag.decode(in.text, start, in.pos).orElseThrow(() -> new Refusal("Invalid tag")));
        }
        in.sp();
        if (tag.isEmpty() && Ascii.isDigit((byte) in.peek())) {
            long n = in.number(SequenceSet.MAX_NUMBER);
            in.sp();
            String name = in.atom().toUpperCase(Locale.ROOT);
            return switch (name) {
                case "EXISTS" -> new ImapResponse.Exists(n);
                case "EXPUNGE" -> new ImapResponse.Expunge(n);
                case "RECENT" -> new ImapResponse.Recent(n);
                case "FETCH" -> {
                    in.sp();
                    yield fetch(n, in);
                }
                default -> throw new Refusal("Unknown message response");
            };
        }
        String name = in.atom().toUpperCase(Locale.ROOT);
        switch (name) {
            case "OK", "NO", "BAD", "PREAUTH", "BYE" -> {
                return status(tag, ImapResponse.Kind.valueOf(name), in);
            }
            default -> {
                if (tag.isPresent()) {
                    throw new Refusal("Tagged responses are OK, NO or BAD");
                }
            }
        }
        return switch (name) {
            case "CAPABILITY" -> new ImapResponse.Capability(atoms(in));
            case "ENABLED" -> new ImapResponse.Enabled(atoms(in));
            case "FLAGS" -> {
                in.sp();
                yield new ImapResponse.Flags(flagList(in));
            }
            case "LIST", "LSUB" -> list(name.equals("LSUB"), in);
            case "STATUS" -> status(in);
            case "SEARCH" -> search(in);
            case "SORT" -> {
                ImapResponse.Search numbers = (ImapResponse.Search) search(in);
                yield new ImapResponse.Sort(numbers.numbers(), numbers.modSeq());
            }
            case "THREAD" -> {
                List<ImapResponse.ThreadNode> threads = new ArrayList<>();
                if (!in.atEnd()) {
                    in.sp();
                    do {
                        threads.add(thread(in));
                    } while (in.peek() == '(');
                }
                yield new ImapResponse.Thread(threads);
            }
            case "ESEARCH" -> esearch(in);
            case "VANISHED" -> {
                in.sp();
                boolean earlier = false;
                if (in.peek() == '(') {
                    in.open();
                    if (!in.atom().equalsIgnoreCase("EARLIER")) {
                        throw new Refusal("Expected EARLIER");
                    }
                    in.close();
                    in.sp();
                    earlier = true;
                }
                yield new ImapResponse.Vanished(earlier, in.sequenceSet());
            }
            case "ID" -> id(in);
            case "NAMESPACE" -> namespace(in);
            case "QUOTA" -> {
                in.sp();
                String root = utf8Text(in.astring());
                in.sp();
                in.open();
                List<ImapResponse.QuotaResource> resources = new ArrayList<>();
                while (in.peek() != ')') {
                    if (!resources.isEmpty()) {
                        in.sp();
                    }
                    Atom resource = new Atom(in.atom());
                    in.sp();
                    long usage = in.number(Long.MAX_VALUE);
                    in.sp();
                    resources.add(new ImapResponse.QuotaResource(resource, usage, in.number(Long.MAX_VALUE)));
                }
                in.close();
                yield new ImapResponse.Quota(root, resources);
            }
            case "QUOTAROOT" -> {
                in.sp();
                MailboxName mailbox = mailbox(in.astring());
                List<String> roots = new ArrayList<>();
                while (!in.atEnd()) {
                    in.sp();
                    roots.add(utf8Text(in.astring()));
                }
                yield new ImapResponse.QuotaRoot(mailbox, roots);
            }
            default -> throw new Refusal("Unknown response");
        };
    }

    private static ImapResponse id(Reader in) {
        in.sp();
        if (in.peek() != '(') {
            in.nil();
            return new ImapResponse.Id(Optional.empty());
        }
        in.open();
        List<ImapCommand.IdField> fields = new ArrayList<>();
        do {
            if (!fields.isEmpty()) {
                in.sp();
            }
            if (fields.size() == 30) {
                throw new Refusal("More than 30 ID fields");
            }
            String name = in.string();
            in.sp();
            fields.add(new ImapCommand.IdField(name, in.nstring()));
        } while (in.peek() != ')');
        in.close();
        return new ImapResponse.Id(Optional.of(fields));
    }

    private ImapResponse namespace(Reader in) {
        List<List<ImapResponse.NamespaceDescription>> lists = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            in.sp();
            List<ImapResponse.NamespaceDescription> list = new ArrayList<>();
            if (in.peek() == '(') {
                in.open();
                do {
                    in.open();
                    String prefix = in.string();
                    in.sp();
                    Optional<Character> delimiter = delimiter(in);
                    List<ImapResponse.ExtendedItem> extensions = new ArrayList<>();
                    while (in.peek() == ' ') {
                        in.sp();
                        String name = in.string();
                        in.sp();
                        if (in.peek() != '(') {
                            throw new Refusal("Expected '('");
                        }
                        extensions.add(new ImapResponse.ExtendedItem(name, extensionValue(in)));
                    }
                    list.add(new ImapResponse.NamespaceDescription(prefix, delimiter, extensions));
                    in.close();
                } while (in.peek() == '(');
                in.close();
            } else {
                in.nil();
            }
            lists.add(list);
        }
        return new ImapResponse.Namespace(lists.get(0), lists.get(1), lists.get(2));
    }

    private static Optional<Character> delimiter(Reader in) {
        if (in.peek() != '"') {
            in.nil();
            return Optional.empty();
        }
        byte[] d = in.quotedRaw();
        if (d.length != 1) {
            throw new Refusal("Invalid delimiter");
        }
        return Optional.of((char) (d[0] & 0xFF));
    }

    private ImapResponse status(Optional<Tag> tag, ImapResponse.Kind kind, Reader in) {
        Optional<ResponseCode> code = Optional.empty();
        if (in.atEnd()) {
            return new ImapResponse.Status(tag, kind, code, "");
        }
        in.sp();
        if (in.peek() == '[') {
            in.pos++;
            Atom name = new Atom(in.atom());
            Optional<String> arguments = Optional.empty();
            if (in.peek() == ' ') {
                in.pos++;
                int start = in.pos;
                while (in.pos < in.end && in.text[in.pos] != ']') {
                    in.pos++;
                }
                arguments = Optional.of(utf8Text(Arrays.copyOfRange(in.text, start, in.pos)));
            }
            in.expect(']');
            code = Optional.of(new ResponseCode(name, arguments));
            if (in.atEnd()) {
                return new ImapResponse.Status(tag, kind, code, "");
            }
            in.sp();
        }
        return new ImapResponse.Status(tag, kind, code, in.restOfLine());
    }

    private static List<Atom> atoms(Reader in) {
        List<Atom> atoms = new ArrayList<>();
        while (!in.atEnd()) {
            in.sp();
            atoms.add(new Atom(in.atom()));
        }
        return atoms;
    }

    private static List<Flag> flagList(Reader in) {
        in.open();
        List<Flag> flags = new ArrayList<>();
        while (in.peek() != ')') {
            if (!flags.isEmpty()) {
                in.sp();
            }
            flags.add(in.flag());
        }
        in.close();
        return flags;
    }

    private ImapResponse fetch(long number, Reader in) {
        in.open();
        FetchData first = fetchData(in);
        if (in.peek() == ')') {
            in.close();
            return new ImapResponse.Fetch(number, List.of(first));
        }
        List<FetchData> items = new ArrayList<>(8);
        items.add(first);
        do {
            in.sp();
            items.add(fetchData(in));
        } while (in.peek() != ')');
        in.close();
        return new ImapResponse.Fetch(number, items);
    }

    private FetchData fetchData(Reader in) {
        String name = in.fetchName();
        if (in.peek() == '[') {
            switch (name) {
                case "BODY" -> {
                    Section section = section(in);
                    Optional<Long> origin = Optional.empty();
                    if (in.peek() == '<') {
                        in.pos++;
                        origin = Optional.of(in.number(SequenceSet.MAX_NUMBER));
                        in.expect('>');
                    }
                    in.sp();
                    return new FetchData.BodySection(section, origin, in.nstringData());
                }
                case "BINARY", "BINARY.SIZE" -> {
                    in.pos++;
                    List<Long> part = new ArrayList<>();
                    while (in.peek() != ']') {
                        if (!part.isEmpty()) {
                            in.expect('.');
                        }
                        part.add(in.nzNumber());
                    }
                    in.expect(']');
                    in.sp();
                    if (name.equals("BINARY.SIZE")) {
                        return new FetchData.BinarySize(part, in.number(Long.MAX_VALUE));
                    }
                    return new FetchData.Binary(part, in.nstringData());
                }
                default -> throw new Refusal("Unexpected section");
            }
        }
        in.sp();
        return switch (name) {
            case "FLAGS" -> new FetchData.Flags(flagList(in));
            case "INTERNALDATE" -> new FetchData.InternalDate(
                    ImapDates.parse(in.quotedRaw()).orElseThrow(() -> new Refusal("Invalid date-time")));
            case "RFC822.SIZE" -> new FetchData.Rfc822Size(in.number(Long.MAX_VALUE));
            case "UID" -> new FetchData.Uid(in.nzNumber());
            case "MODSEQ" -> {
                in.open();
                long modSeq = in.number(Long.MAX_VALUE);
                in.close();
                yield new FetchData.ModSeq(modSeq);
            }
            case "ENVELOPE" -> new FetchData.EnvelopeData(envelope(in));
            case "EMAILID" -> {
                in.open();
                String id = in.atom();
                in.close();
                yield new FetchData.EmailId(id);
            }
            case "THREADID" -> {
                if (in.peek() != '(') {
                    in.nil();
                    yield new FetchData.ThreadId(Optional.empty());
                }
                in.open();
                String id = in.atom();
                in.close();
                yield new FetchData.ThreadId(Optional.of(id));
            }
            case "BODY" -> new FetchData.Body(body(in), false);
            case "BODYSTRUCTURE" -> new FetchData.Body(body(in), true);
            // IMAP4rev1's RFC822 items (RFC 3501 §7.4.2).
            case "RFC822" -> new FetchData.Rfc822(FetchData.Rfc822Kind.MESSAGE, in.nstringData());
            case "RFC822.HEADER" -> new FetchData.Rfc822(FetchData.Rfc822Kind.HEADER, in.nstringData());
            case "RFC822.TEXT" -> new FetchData.Rfc822(FetchData.Rfc822Kind.TEXT, in.nstringData());
            default -> throw new Refusal("Unknown FETCH data item");
        };
    }

    private Section section(Reader in) {
        in.expect('[');
        List<Long> part = new ArrayList<>();
        Optional<Section.Text> text = Optional.empty();
        List<String> fields = new ArrayList<>();
        while (in.peek() != ']') {
            if (Ascii.isDigit((byte) in.peek()) && text.isEmpty()) {
                part.add(in.nzNumber());
                if (in.peek() == '.') {
                    in.pos++;
                }
                continue;
            }
            String word = in.sectionWord().toUpperCase(Locale.ROOT);
            text = Optional.of(switch (word) {
                case "HEADER" -> Section.Text.HEADER;
                case "HEADER.FIELDS" -> Section.Text.HEADER_FIELDS;
                case "HEADER.FIELDS.NOT" -> Section.Text.HEADER_FIELDS_NOT;
                case "TEXT" -> Section.Text.TEXT;
                case "MIME" -> Section.Text.MIME;
                default -> throw new Refusal("Unknown section");
            });
            if (text.get() == Section.Text.HEADER_FIELDS || text.get() == Section.Text.HEADER_FIELDS_NOT) {
                in.sp();
                in.open();
                do {
                    if (!fields.isEmpty()) {
                        in.sp();
                    }
                    fields.add(utf8Text(in.astring()));
                } while (in.peek() != ')');
                in.close();
            }
            if (in.peek() != ']') {
                throw new Refusal("Expected ]");
            }
        }
        in.expect(']');
        return new Section(part, text, fields);
    }

    private Envelope envelope(Reader in) {
        in.open();
        Optional<String> date = in.nstring();
        in.sp();
        Optional<String> subject = in.nstring();
        in.sp();
        List<Address> from = addresses(in);
        in.sp();
        List<Address> sender = addresses(in);
        in.sp();
        List<Address> replyTo = addresses(in);
        in.sp();
        List<Address> to = addresses(in);
        in.sp();
        List<Address> cc = addresses(in);
        in.sp();
        List<Address> bcc = addresses(in);
        in.sp();
        Optional<String> inReplyTo = in.nstring();
        in.sp();
        Optional<String> messageId = in.nstring();
        in.close();
        return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId);
    }

    private static List<Address> addresses(Reader in) {
        if (in.peek() != '(') {
            in.nil();
            return List.of();
        }
        in.open();
        Address first = address(in);
        if (in.peek() == ')') {
            // Most lists hold one address: no intermediate list to copy.
            in.close();
            return List.of(first);
        }
        List<Address> list = new ArrayList<>();
        list.add(first);
        do {
            // Some servers put a space between addresses; the grammar has none.
            if (in.peek() == ' ') {
                in.pos++;
            }
            list.add(address(in));
        } while (in.peek() != ')');
        in.close();
        return list;
    }

    private static Address address(Reader in) {
        in.open();
        Optional<String> name = in.nstring();
        in.sp();
        Optional<String> adl = in.nstring();
        in.sp();
        Optional<String> mailbox = in.nstring();
        in.sp();
        Optional<String> host = in.nstring();
        in.close();
        return new Address(name, adl, mailbox, host);
    }

    private BodyStructure body(Reader in) {
        in.open();
        BodyStructure result;
        if (in.peek() == '(') {
            List<BodyStructure> parts = new ArrayList<>();
            while (in.peek() == '(') {
                parts.add(body(in));
                if (in.peek() == ' ' && in.peekAt(1) == '(') {
                    in.pos++;
                }
            }
            in.sp();
            String subtype = in.string();
            result = new BodyStructure.MultiPart(parts, subtype, extensions(in));
        } else {
            String type = in.string();
            in.sp();
            String subtype = in.string();
            in.sp();
            List<BodyStructure.Parameter> parameters = new ArrayList<>();
            if (in.peek() == '(') {
                in.open();
                do {
                    if (!parameters.isEmpty()) {
                        in.sp();
                    }
                    String name = in.string();
                    in.sp();
                    parameters.add(new BodyStructure.Parameter(name, in.string()));
                } while (in.peek() != ')');
                in.close();
            } else {
                in.nil();
            }
            in.sp();
            Optional<String> id = in.nstring();
            in.sp();
            Optional<String> description = in.nstring();
            in.sp();
            String encoding = in.string();
            in.sp();
            long size = in.number(Long.MAX_VALUE);
            Optional<BodyStructure.Message> message = Optional.empty();
            OptionalLong lines = OptionalLong.empty();
            if (type.equalsIgnoreCase("MESSAGE")
                    && (subtype.equalsIgnoreCase("RFC822") || subtype.equalsIgnoreCase("GLOBAL"))) {
                in.sp();
                Envelope envelope = envelope(in);
                in.sp();
                BodyStructure inner = body(in);
                in.sp();
                message = Optional.of(new BodyStructure.Message(envelope, inner, in.number(Long.MAX_VALUE)));
            } else if (type.equalsIgnoreCase("TEXT")) {
                in.sp();
                lines = OptionalLong.of(in.number(Long.MAX_VALUE));
            }
            result = new BodyStructure.SinglePart(type, subtype, parameters, id, description, encoding, size,
                    message, lines, extensions(in));
        }
        in.close();
        return result;
    }

    private List<ExtensionValue> extensions(Reader in) {
        if (in.peek() != ' ') {
            return List.of();
        }
        List<ExtensionValue> values = new ArrayList<>();
        while (in.peek() == ' ') {
            in.pos++;
            values.add(extensionValue(in));
        }
        return values;
    }

    private ExtensionValue extensionValue(Reader in) {
        int c = in.peek();
        if (c == '(') {
            in.open();
            List<ExtensionValue> items = new ArrayList<>();
            while (in.peek() != ')') {
                if (!items.isEmpty()) {
                    in.sp();
                }
                items.add(extensionValue(in));
            }
            in.close();
            return new ExtensionValue.Items(items);
        }
        if (Ascii.isDigit((byte) c)) {
            return new ExtensionValue.Num(in.number(Long.MAX_VALUE));
        }
        if (c == '"' || in.pos == in.end) {
            return new ExtensionValue.Str(in.string());
        }
        if (in.tryNil()) {
            return ExtensionValue.Nil.INSTANCE;
        }
        return new ExtensionValue.Str(in.astringAtom());
    }

    private ImapResponse list(boolean lsub, Reader in) {
        in.sp();
        List<Flag> attributes = flagList(in);
        in.sp();
        Optional<Character> delimiter = delimiter(in);
        in.sp();
        MailboxName name = mailbox(in.astring());
        List<ImapResponse.ExtendedItem> extended = new ArrayList<>();
        if (!in.atEnd()) {
            in.sp();
            in.open();
            while (in.peek() != ')') {
                if (!extended.isEmpty()) {
                    in.sp();
                }
                String itemTag = utf8Text(in.astring());
                in.sp();
                extended.add(new ImapResponse.ExtendedItem(itemTag, extensionValue(in)));
            }
            in.close();
        }
        return new ImapResponse.ListMailbox(lsub, attributes, delimiter, name, extended);
    }

    private ImapResponse status(Reader in) {
        in.sp();
        MailboxName name = mailbox(in.astring());
        in.sp();
        in.open();
        List<ImapResponse.StatusValue> values = new ArrayList<>();
        while (in.peek() != ')') {
            if (!values.isEmpty()) {
                in.sp();
            }
            ImapCommand.StatusItem item = ImapCommand.StatusItem.parse(in.atom())
                    .orElseThrow(() -> new Refusal("Unknown STATUS item"));
            in.sp();
            if (item == ImapCommand.StatusItem.MAILBOXID) {
                in.open();
                values.add(ImapResponse.StatusValue.mailboxId(in.atom()));
                in.close();
            } else if (item == ImapCommand.StatusItem.APPENDLIMIT && !Ascii.isDigit((byte) in.peek())) {
                in.nil();
                values.add(new ImapResponse.StatusValue(item, OptionalLong.empty()));
            } else {
                values.add(new ImapResponse.StatusValue(item, in.number(Long.MAX_VALUE)));
            }
        }
        in.close();
        return new ImapResponse.MailboxStatus(name, values);
    }

    private static ImapResponse search(Reader in) {
        List<Long> numbers = new ArrayList<>();
        Optional<Long> modSeq = Optional.empty();
        while (!in.atEnd()) {
            in.sp();
            if (in.peek() == '(') {
                in.open();
                if (!in.atom().equalsIgnoreCase("MODSEQ")) {
                    throw new Refusal("Expected MODSEQ");
                }
                in.sp();
                modSeq = Optional.of(in.number(Long.MAX_VALUE));
                in.close();
                break;
            }
            numbers.add(in.nzNumber());
        }
        return new ImapResponse.Search(numbers, modSeq);
    }

    /** {@code thread-list} (RFC 5256 §5), recursing only as deep as the nesting limit. */
    private static ImapResponse.ThreadNode thread(Reader in) {
        in.open();
        List<Long> members = new ArrayList<>();
        List<ImapResponse.ThreadNode> branches = new ArrayList<>();
        while (Ascii.isDigit((byte) in.peek())) {
            members.add(in.nzNumber());
            if (in.peek() == ' ') {
                in.pos++;
                if (!Ascii.isDigit((byte) in.peek()) && in.peek() != '(') {
                    throw new Refusal("Expected a thread member");
                }
            }
        }
        while (in.peek() == '(') {
            branches.add(thread(in));
        }
        in.close();
        return new ImapResponse.ThreadNode(members, branches);
    }

    private ImapResponse esearch(Reader in) {
        Optional<Tag> tag = Optional.empty();
        boolean uid = false;
        Optional<Long> min = Optional.empty();
        Optional<Long> max = Optional.empty();
        Optional<SequenceSet> all = Optional.empty();
        Optional<Long> count = Optional.empty();
        Optional<Long> modSeq = Optional.empty();
        if (!in.atEnd() && in.peekAt(1) == '(') {
            in.sp();
            in.open();
            if (!in.atom().equalsIgnoreCase("TAG")) {
                throw new Refusal("Expected TAG");
            }
            in.sp();
            byte[] t = in.stringBytes();
            tag = Optional.of(Tag.decode(t, 0, t.length).orElseThrow(() -> new Refusal("Invalid tag")));
            in.close();
        }
        while (!in.atEnd()) {
            in.sp();
            String name = in.atom().toUpperCase(Locale.ROOT);
            if (name.equals("UID") && !uid && min.isEmpty() && max.isEmpty() && all.isEmpty() && count.isEmpty()) {
                uid = true;
                continue;
            }
            in.sp();
            switch (name) {
                case "MIN" -> min = Optional.of(in.nzNumber());
                case "MAX" -> max = Optional.of(in.nzNumber());
                case "ALL" -> all = Optional.of(in.sequenceSet());
                case "COUNT" -> count = Optional.of(in.number(SequenceSet.MAX_NUMBER));
                case "MODSEQ" -> modSeq = Optional.of(in.number(Long.MAX_VALUE));
                default -> throw new Refusal("Unknown ESEARCH data");
            }
        }
        return new ImapResponse.Esearch(tag, uid, min, max, all, count, modSeq);
    }

    private MailboxName mailbox(byte[] bytes) {
        Optional<MailboxName> name;
        if (utf8) {
            name = MailboxName.fromUtf8(bytes);
        } else {
            boolean ascii = true;
            for (byte b : bytes) {
                ascii &= b >= 0;
            }
            name = ascii ? MailboxName.fromModifiedUtf7(new String(bytes, StandardCharsets.US_ASCII))
                    : Optional.empty();
        }
        return name.orElseThrow(() -> new Refusal("Invalid mailbox name"));
    }

    private static String utf8Text(byte[] bytes) {
        return text(bytes, 0, bytes.length);
    }

    /**
     * Reads text octets: UTF-8 when they are valid UTF-8 (ASCII included), else each octet as the
     * character of the same value (ISO-8859-1). IMAP4rev1 servers send raw 8-bit text in quoted
     * strings, status text and envelopes (RFC 3501 §4.3 forbids it, servers do it anyway, RFC
     * 9051 §7: "the client MUST be prepared to accept any response"); a client that refused them
     * could not read its mail, and mapping octets to characters one to one loses nothing.
     */
    static String text(byte[] bytes, int from, int length) {
        int end = from + length;
        int i = from;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            // ASCII: the JDK copies the octets into a compact string without decoding.
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
        return validUtf8(bytes, i, end) ? new String(bytes, from, length, StandardCharsets.UTF_8)
                : new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    /** Tells whether the octets are well-formed UTF-8 (RFC 3629 §4: no overlongs, no surrogates). */
    private static boolean validUtf8(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                if (i + k >= end) {
                    return false;
                }
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    /** Stops a parse with a hint; no stack trace, never leaves this class. */
    /** Reads a framed response: text fragments with literals between them. */
    private final class Reader extends FragmentReader {

        Reader(List<Fragment> fragments) {
            super(fragments, limits.maxNestingDepth(), limits.maxSequenceRanges());
        }

        void sp() {
            expect(' ');
        }

        void end() {
            if (!atEnd()) {
                throw new Refusal("Unexpected text at the end");
            }
        }

        SequenceSet sequenceSet() {
            return sequenceSet(false);
        }

        String restOfLine() {
            if (!inLastFragment()) {
                throw new Refusal("Unexpected literal in text");
            }
            String rest = utf8Text(Arrays.copyOfRange(text, pos, end));
            pos = end;
            return rest;
        }

        String atom() {
            int start = pos;
            while (pos < end && ImapSyntax.isAtomChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal("Expected an atom");
            }
            return new String(text, start, pos - start, StandardCharsets.US_ASCII);
        }

        String astringAtom() {
            int start = pos;
            while (pos < end && ImapSyntax.isAStringChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal("Expected a value");
            }
            return new String(text, start, pos - start, StandardCharsets.ISO_8859_1);
        }

        String fetchName() {
            int start = pos;
            while (pos < end && text[pos] != '[' && ImapSyntax.isAtomChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal("Expected a FETCH item");
            }
            // Upper case in the one string the switch reads: item names are ASCII keywords.
            boolean upper = true;
            for (int i = start; i < pos && upper; i++) {
                upper = text[i] < 'a' || text[i] > 'z';
            }
            String name = new String(text, start, pos - start, StandardCharsets.ISO_8859_1);
            return upper ? name : name.toUpperCase(Locale.ROOT);
        }

        /** A flag; system flags are matched in place and returned as their constants. */
        Flag flag() {
            int start = pos;
            String text = flagText();
            if (text.length() > 1 && text.charAt(0) == '\\') {
                for (Flag.System s : SYSTEM_FLAGS) {
                    if (s.wire().equalsIgnoreCase(text)) {
                        return s;
                    }
                }
            }
            Optional<Flag> flag = Flag.parse(text);
            if (flag.isEmpty()) {
                pos = start;
                throw new Refusal("Invalid flag");
            }
            return flag.get();
        }

        void nil() {
            if (!tryNil()) {
                throw new Refusal("Expected NIL");
            }
        }

        /** Reads NIL if it comes next, compared in place: the commonest word of a FETCH response. */
        boolean tryNil() {
            if (end - pos >= 3 && (text[pos] | 0x20) == 'n' && (text[pos + 1] | 0x20) == 'i'
                    && (text[pos + 2] | 0x20) == 'l'
                    && (end - pos == 3 || !ImapSyntax.isAtomChar(text[pos + 3] & 0xFF))) {
                pos += 3;
                return true;
            }
            return false;
        }


        byte[] quotedRaw() {
            expect('"');
            int plain = pos;
            while (plain < end && text[plain] != '"' && text[plain] != '\\') {
                plain++;
            }
            if (plain < end && text[plain] == '"') {
                byte[] value = Arrays.copyOfRange(text, pos, plain);
                pos = plain + 1;
                return value;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (pos < end) {
                int c = text[pos++] & 0xFF;
                if (c == '"') {
                    return out.toByteArray();
                }
                if (c == '\\') {
                    if (pos == end || (text[pos] != '"' && text[pos] != '\\')) {
                        throw new Refusal("Invalid escape in quoted string");
                    }
                    c = text[pos++];
                }
                out.write(c);
            }
            throw new Refusal("Unterminated quoted string");
        }

        byte[] stringBytes() {
            if (peek() == '"') {
                return quotedRaw();
            }
            Fragment literal = literal();
            if (literal instanceof Fragment.Literal l && !l.binary()) {
                return l.array();
            }
            throw new Refusal("Expected a string");
        }

        String string() {
            if (peek() == '"') {
                // Without escapes the text is read in place, with no intermediate copy.
                int start = pos + 1;
                int i = start;
                while (i < end && text[i] != '"' && text[i] != '\\') {
                    i++;
                }
                if (i < end && text[i] == '"') {
                    pos = i + 1;
                    return text(text, start, i - start);
                }
            }
            return utf8Text(stringBytes());
        }

        byte[] astring() {
            if (peek() == '"' || pos == end) {
                return stringBytes();
            }
            return astringAtom().getBytes(StandardCharsets.US_ASCII);
        }

        Optional<String> nstring() {
            if (peek() == '"' || pos == end) {
                return Optional.of(string());
            }
            nil();
            return Optional.empty();
        }

        /** Section data: a literal (kept as a fragment, possibly streamed), a quoted string or NIL. */
        Optional<Fragment> nstringData() {
            if (peek() == '"') {
                return Optional.of(Fragment.Literal.of(quotedRaw(), true, false));
            }
            if (pos == end) {
                return Optional.of(literal());
            }
            nil();
            return Optional.empty();
        }
    }
}
