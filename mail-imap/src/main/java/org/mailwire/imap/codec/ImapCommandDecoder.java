// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import org.mailwire.imap.codec.FragmentReader.Refusal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.core.codec.Ascii;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.ImapSyntax;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Partial;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;
import org.mailwire.core.codec.Utf8;

/**
 * Decodes framed client commands ({@link ImapFrame.Line}) into {@link ImapCommand} values, on the
 * server side, strictly by the formal syntax of RFC 9051 §9. Never throws on peer input: a
 * command it cannot accept yields {@link Result.Bad} with the tag (if valid) and a hint fit for
 * a tagged {@code BAD}.
 *
 * <p>Strings: quoted strings refuse NUL (already refused by the framer, Dovecot CVE-2019-11500),
 * a backslash before anything but {@code "} or {@code \}, and 8-bit octets unless
 * {@code utf8} (IMAP4rev2 or {@code UTF8=ACCEPT}, RFC 6855 §3); every string must be valid
 * UTF-8. Mailbox names are UTF-8 when {@code utf8}, else modified UTF-7 (RFC 3501 §5.1.3),
 * decoded strictly by {@link MailboxName}. SEARCH strings are read as UTF-8 whatever the
 * CHARSET says; a server that supports other charsets re-decodes them, one that does not answers
 * {@code NO [BADCHARSET]} for a CHARSET other than UTF-8 or US-ASCII.
 *
 * <p>Limits (SECURITY-CASES IMAP-04): parenthesised lists nest at most
 * {@link ImapLimits#maxNestingDepth()} deep after authentication and
 * {@link ImapLimits#maxPreAuthNestingDepth()} before (SEARCH counts NOT and OR as a level too),
 * a SEARCH holds at most {@link ImapLimits#maxSearchKeys()} keys, and a sequence set at most
 * {@link ImapLimits#maxSequenceRanges()} ranges; the parser recurses only as deep as the
 * nesting limit allows.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9</a>
 */
public final class ImapCommandDecoder {

    private static final byte[] DONE = {'d', 'o', 'n', 'e'};
    private static final String[] MONTHS =
        {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final boolean utf8;
    private final ImapLimits limits;
    private final int maxDepth;

    private ImapCommandDecoder(boolean utf8, ImapLimits limits, boolean authenticated) {
        this.utf8 = utf8;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxDepth = authenticated ? limits.maxNestingDepth() : limits.maxPreAuthNestingDepth();
    }

    /**
     * Returns a decoder.
     *
     * @param utf8 {@code true} for IMAP4rev2 or after {@code ENABLE UTF8=ACCEPT}: 8-bit UTF-8 in
     *             quoted strings, mailbox names in UTF-8; {@code false} for IMAP4rev1: ASCII
     *             quoted strings, mailbox names in modified UTF-7
     * @return the decoder
     */
    public static ImapCommandDecoder of(boolean utf8) {
        return new ImapCommandDecoder(utf8, ImapLimits.defaults(), true);
    }

    /**
     * Returns a decoder bound by the given limits: {@link ImapLimits#maxSequenceRanges()} per
     * sequence set, {@link ImapLimits#maxSearchKeys()} per SEARCH, and the nesting depth of
     * parenthesised lists of the session's state (SECURITY-CASES IMAP-04).
     *
     * @param utf8          as for {@link #of(boolean)}
     * @param limits        the limits
     * @param authenticated {@code true} after authentication: the post-authentication nesting
     *                      depth applies, else the pre-authentication one
     * @return the decoder
     */
    public static ImapCommandDecoder of(boolean utf8, ImapLimits limits, boolean authenticated) {
        return new ImapCommandDecoder(utf8, limits, authenticated);
    }

    /** The outcome of decoding one command. */
    public sealed interface Result {

        /**
         * The command was understood.
         *
         * @param command the command
         */
        record Decoded(ImapCommand command) implements Result {
            /**
             * Checks presence.
             *
             * @param command the command
             */
            public Decoded {
                Objects.requireNonNull(command, "command");
            }
        }

        /**
         * The command was not understood; the server answers {@code tag BAD hint}, or
         * {@code * BAD hint} without a valid tag (RFC 9051 §7.1.3).
         *
         * @param tag  the command's tag, if valid
         * @param hint what was wrong, fit for the wire
         */
        record Bad(Optional<Tag> tag, String hint) implements Result {
            /**
             * Checks presence.
             *
             * @param tag  the tag, if valid
             * @param hint the hint
             */
            public Bad {
                Objects.requireNonNull(tag, "tag");
                Objects.requireNonNull(hint, "hint");
            }
        }
    }

    /**
     * Tells whether a line is the {@code DONE} that ends IDLE (RFC 2177 §3), in any case.
     *
     * @param line a framed line
     * @return {@code true} for exactly {@code DONE}
     */
    public static boolean isDone(ImapFrame.Line line) {
        Fragment.Text text = line.first();
        return line.fragments().size() == 1 && Ascii.equalsIgnoreCase(text.array(), 0, text.length(), DONE);
    }

    /**
     * Decodes one command.
     *
     * @param line the framed command
     * @return the command, or why it is bad
     */
    public Result decode(ImapFrame.Line line) {
        Cursor in = new Cursor(line.fragments());
        Optional<Tag> tag = in.tag();
        if (tag.isEmpty()) {
            return new Result.Bad(Optional.empty(), "Invalid tag");
        }
        try {
            in.sp();
            String name = in.atom().toUpperCase(Locale.ROOT);
            return new Result.Decoded(command(tag.get(), name, in));
        } catch (Refusal r) {
            return new Result.Bad(tag, r.hint);
        } catch (IllegalArgumentException e) {
            // A value's own checks (RECURSIVEMATCH alone, MIME without a part...) refused a
            // combination the grammar lets through.
            return new Result.Bad(tag, "Invalid arguments");
        }
    }

    private ImapCommand command(Tag tag, String name, Cursor in) {
        ImapCommand command = switch (name) {
            case "CAPABILITY" -> new ImapCommand.Capability(tag);
            case "NOOP" -> new ImapCommand.Noop(tag);
            case "LOGOUT" -> new ImapCommand.Logout(tag);
            case "STARTTLS" -> new ImapCommand.StartTls(tag);
            case "IDLE" -> new ImapCommand.Idle(tag);
            case "CLOSE" -> new ImapCommand.Close(tag);
            case "UNSELECT" -> new ImapCommand.Unselect(tag);
            case "COMPRESS" -> {
                in.sp();
                yield new ImapCommand.Compress(tag, new Atom(in.atom()));
            }
            case "EXPUNGE" -> new ImapCommand.Expunge(tag);
            case "LOGIN" -> {
                in.sp();
                String user = text(in.astring());
                in.sp();
                yield new ImapCommand.Login(tag, user, text(in.astring()));
            }
            case "AUTHENTICATE" -> authenticate(tag, in);
            case "ENABLE" -> {
                List<Atom> capabilities = new ArrayList<>();
                do {
                    in.sp();
                    capabilities.add(new Atom(in.atom()));
                } while (!in.atEnd());
                yield new ImapCommand.Enable(tag, capabilities);
            }
            case "SELECT" -> {
                MailboxName mailbox = mailboxArgument(in);
                yield new ImapCommand.Select(tag, mailbox, selectParameters(in));
            }
            case "EXAMINE" -> {
                MailboxName mailbox = mailboxArgument(in);
                yield new ImapCommand.Examine(tag, mailbox, selectParameters(in));
            }
            case "NAMESPACE" -> new ImapCommand.Namespace(tag);
            case "CHECK" -> new ImapCommand.Check(tag);
            case "LSUB" -> {
                in.sp();
                String reference = mailboxText(in.astring());
                in.sp();
                yield new ImapCommand.Lsub(tag, reference, mailboxText(in.listMailbox()));
            }
            case "ID" -> id(tag, in);
            case "GETQUOTA" -> {
                in.sp();
                yield new ImapCommand.GetQuota(tag, text(in.astring()));
            }
            case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(tag, mailboxArgument(in));
            case "SETQUOTA" -> {
                in.sp();
                String root = text(in.astring());
                in.sp();
                in.open();
                List<ImapCommand.QuotaLimit> limits = new ArrayList<>();
                while (in.peek() != ')') {
                    if (!limits.isEmpty()) {
                        in.sp();
                    }
                    if (limits.size() >= 64) {
                        throw new Refusal("Too many quota resources");
                    }
                    Atom resource = new Atom(in.atom());
                    in.sp();
                    limits.add(new ImapCommand.QuotaLimit(resource, in.number(Long.MAX_VALUE)));
                }
                in.close();
                yield new ImapCommand.SetQuota(tag, root, limits);
            }
            case "FETCH" -> fetch(tag, false, in);
            case "STORE" -> store(tag, false, in);
            case "SEARCH" -> search(tag, false, in);
            case "COPY" -> {
                SequenceSet set = setArgument(in);
                yield new ImapCommand.Copy(tag, false, set, mailboxArgument(in));
            }
            case "MOVE" -> {
                SequenceSet set = setArgument(in);
                yield new ImapCommand.Move(tag, false, set, mailboxArgument(in));
            }
            case "UID" -> uid(tag, in);
            case "SORT" -> sort(tag, false, in);
            case "THREAD" -> thread(tag, false, in);
            case "CREATE" -> create(tag, in);
            case "DELETE" -> new ImapCommand.Delete(tag, mailboxArgument(in));
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(tag, mailboxArgument(in));
            case "UNSUBSCRIBE" -> new ImapCommand.Unsubscribe(tag, mailboxArgument(in));
            case "RENAME" -> {
                MailboxName from = mailboxArgument(in);
                yield new ImapCommand.Rename(tag, from, mailboxArgument(in));
            }
            case "LIST" -> list(tag, in);
            case "STATUS" -> status(tag, in);
            case "APPEND" -> append(tag, in);
            default -> throw new Refusal("Unknown command");
        };
        in.end();
        return command;
    }

    private ImapCommand authenticate(Tag tag, Cursor in) {
        in.sp();
        Atom mechanism = new Atom(in.atom());
        Optional<String> initial = Optional.empty();
        if (!in.atEnd()) {
            in.sp();
            String response = in.atom();
            if (!response.equals("=") && !isBase64(response)) {
                throw new Refusal("Invalid base64 initial response");
            }
            initial = Optional.of(response);
        }
        return new ImapCommand.Authenticate(tag, mechanism, initial);
    }

    private static boolean isBase64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) {
            return false;
        }
        int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        for (int i = 0; i < s.length() - padding; i++) {
            char c = s.charAt(i);
            if (!(Ascii.isAlphaNumeric((byte) c) && c < 0x80) && c != '+' && c != '/') {
                return false;
            }
        }
        return true;
    }

    private ImapCommand status(Tag tag, Cursor in) {
        MailboxName mailbox = mailboxArgument(in);
        in.sp();
        return new ImapCommand.Status(tag, mailbox, statusItems(in));
    }

    /** {@code create} with CREATE-SPECIAL-USE's {@code (USE (...))} (RFC 6154 §6). */
    private ImapCommand create(Tag tag, Cursor in) {
        MailboxName mailbox = mailboxArgument(in);
        List<Flag> uses = new ArrayList<>();
        if (!in.atEnd()) {
            in.sp();
            in.open();
            if (!in.atom().equalsIgnoreCase("USE")) {
                throw new Refusal("Unknown CREATE parameter");
            }
            in.sp();
            in.open();
            do {
                if (!uses.isEmpty()) {
                    in.sp();
                }
                uses.add(flag(in));
            } while (in.peek() != ')');
            in.close();
            in.close();
        }
        return new ImapCommand.Create(tag, mailbox, uses);
    }

    private ImapCommand uid(Tag tag, Cursor in) {
        in.sp();
        String name = in.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "FETCH" -> fetch(tag, true, in);
            case "STORE" -> store(tag, true, in);
            case "SEARCH" -> search(tag, true, in);
            case "COPY" -> {
                SequenceSet set = setArgument(in);
                yield new ImapCommand.Copy(tag, true, set, mailboxArgument(in));
            }
            case "MOVE" -> {
                SequenceSet set = setArgument(in);
                yield new ImapCommand.Move(tag, true, set, mailboxArgument(in));
            }
            case "EXPUNGE" -> new ImapCommand.UidExpunge(tag, setArgument(in));
            case "SORT" -> sort(tag, true, in);
            case "THREAD" -> thread(tag, true, in);
            default -> throw new Refusal("Unknown UID command");
        };
    }

    private SequenceSet setArgument(Cursor in) {
        in.sp();
        return in.sequenceSet();
    }

    /** {@code select-params} (RFC 7162 §3.1.8, §3.2.5; RFC 9051 §9). */
    private ImapCommand.SelectParameters selectParameters(Cursor in) {
        if (in.atEnd()) {
            return ImapCommand.SelectParameters.NONE;
        }
        in.sp();
        in.open();
        boolean condStore = false;
        Optional<ImapCommand.Qresync> qresync = Optional.empty();
        boolean first = true;
        while (in.peek() != ')') {
            if (!first) {
                in.sp();
            }
            first = false;
            String name = in.atom().toUpperCase(Locale.ROOT);
            if (name.equals("CONDSTORE") && !condStore) {
                condStore = true;
            } else if (name.equals("QRESYNC") && qresync.isEmpty()) {
                qresync = Optional.of(qresync(in));
            } else {
                throw new Refusal("Unknown or repeated SELECT parameter");
            }
        }
        in.close();
        if (!condStore && qresync.isEmpty()) {
            throw new Refusal("Empty SELECT parameters");
        }
        return new ImapCommand.SelectParameters(condStore, qresync);
    }

    private ImapCommand.Qresync qresync(Cursor in) {
        in.sp();
        in.open();
        long validity = in.number(SequenceSet.MAX_NUMBER);
        in.sp();
        long modSeq = in.number(Long.MAX_VALUE);
        Optional<SequenceSet> known = Optional.empty();
        Optional<ImapCommand.SeqMatch> match = Optional.empty();
        if (in.peek() == ' ') {
            in.sp();
            if (in.peek() != '(') {
                known = Optional.of(in.sequenceSet());
                if (in.peek() == ' ') {
                    in.sp();
                }
            }
            if (in.peek() == '(') {
                in.open();
                SequenceSet numbers = in.sequenceSet();
                in.sp();
                match = Optional.of(new ImapCommand.SeqMatch(numbers, in.sequenceSet()));
                in.close();
            }
        }
        in.close();
        if (validity == 0) {
            throw new Refusal("Invalid UIDVALIDITY");
        }
        return new ImapCommand.Qresync(new UidValidity(validity), modSeq, known, match);
    }

    /** {@code list} with the LIST-EXTENDED options (RFC 5258 §4, RFC 5819, RFC 6154 §6). */
    private ImapCommand list(Tag tag, Cursor in) {
        in.sp();
        List<ImapCommand.ListSelection> selection = new ArrayList<>();
        if (in.peek() == '(') {
            in.open();
            while (in.peek() != ')') {
                if (!selection.isEmpty()) {
                    in.sp();
                }
                selection.add(switch (in.atom().toUpperCase(Locale.ROOT)) {
                    case "SUBSCRIBED" -> ImapCommand.ListSelection.SUBSCRIBED;
                    case "REMOTE" -> ImapCommand.ListSelection.REMOTE;
                    case "RECURSIVEMATCH" -> ImapCommand.ListSelection.RECURSIVEMATCH;
                    case "SPECIAL-USE" -> ImapCommand.ListSelection.SPECIAL_USE;
                    default -> throw new Refusal("Unknown LIST selection option");
                });
            }
            in.close();
            in.sp();
        }
        String reference = mailboxText(in.astring());
        in.sp();
        List<String> patterns = new ArrayList<>();
        if (in.peek() == '(') {
            in.open();
            do {
                if (!patterns.isEmpty()) {
                    in.sp();
                }
                patterns.add(mailboxText(in.listMailbox()));
            } while (in.peek() != ')');
            in.close();
        } else {
            patterns.add(mailboxText(in.listMailbox()));
        }
        List<ImapCommand.ListReturn> returns = new ArrayList<>();
        if (!in.atEnd()) {
            in.sp();
            if (!in.atom().equalsIgnoreCase("RETURN")) {
                throw new Refusal("Expected RETURN");
            }
            in.sp();
            in.open();
            while (in.peek() != ')') {
                if (!returns.isEmpty()) {
                    in.sp();
                }
                returns.add(switch (in.atom().toUpperCase(Locale.ROOT)) {
                    case "SUBSCRIBED" -> ImapCommand.ListReturnOption.SUBSCRIBED;
                    case "CHILDREN" -> ImapCommand.ListReturnOption.CHILDREN;
                    case "SPECIAL-USE" -> ImapCommand.ListReturnOption.SPECIAL_USE;
                    case "STATUS" -> {
                        in.sp();
                        yield new ImapCommand.ListReturnStatus(statusItems(in));
                    }
                    default -> throw new Refusal("Unknown LIST return option");
                });
            }
            in.close();
        }
        return new ImapCommand.ListMailboxes(tag, selection, reference, patterns, returns);
    }

    /** {@code id-params-list} or {@code NIL} (RFC 2971 §4). */
    private ImapCommand id(Tag tag, Cursor in) {
        in.sp();
        if (in.peek() != '(') {
            if (!in.atom().equalsIgnoreCase("NIL")) {
                throw new Refusal("Expected NIL or a list");
            }
            return new ImapCommand.Id(tag, Optional.empty());
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
            String name = text(in.string());
            in.sp();
            fields.add(new ImapCommand.IdField(name, in.nstring().map(ImapCommandDecoder::text)));
        } while (in.peek() != ')');
        in.close();
        return new ImapCommand.Id(tag, Optional.of(fields));
    }

    /** {@code fetch} with the CONDSTORE/QRESYNC modifiers (RFC 9051 §9, RFC 7162 §7). */
    private ImapCommand fetch(Tag tag, boolean uid, Cursor in) {
        SequenceSet set = setArgument(in);
        in.sp();
        ImapCommand.FetchItems items;
        if (in.peek() == '(') {
            in.open();
            List<FetchItem> list = new ArrayList<>();
            do {
                if (!list.isEmpty()) {
                    in.sp();
                }
                list.add(fetchItem(in));
            } while (in.peek() != ')');
            in.close();
            items = new ImapCommand.FetchItemList(list);
        } else {
            int mark = in.mark();
            String name = in.fetchName().toUpperCase(Locale.ROOT);
            items = switch (name) {
                case "ALL" -> ImapCommand.FetchMacro.ALL;
                case "FAST" -> ImapCommand.FetchMacro.FAST;
                case "FULL" -> ImapCommand.FetchMacro.FULL;
                default -> {
                    in.reset(mark);
                    yield new ImapCommand.FetchItemList(List.of(fetchItem(in)));
                }
            };
        }
        Optional<Long> changedSince = Optional.empty();
        boolean vanished = false;
        if (!in.atEnd()) {
            in.sp();
            in.open();
            boolean first = true;
            while (in.peek() != ')') {
                if (!first) {
                    in.sp();
                }
                first = false;
                String name = in.atom().toUpperCase(Locale.ROOT);
                if (name.equals("CHANGEDSINCE") && changedSince.isEmpty()) {
                    in.sp();
                    changedSince = Optional.of(in.number(Long.MAX_VALUE));
                } else if (name.equals("VANISHED") && !vanished) {
                    vanished = true;
                } else {
                    throw new Refusal("Unknown or repeated FETCH modifier");
                }
            }
            in.close();
            if (first) {
                throw new Refusal("Empty FETCH modifiers");
            }
        }
        return new ImapCommand.Fetch(tag, uid, set, items, changedSince, vanished);
    }

    private FetchItem fetchItem(Cursor in) {
        String name = in.fetchName().toUpperCase(Locale.ROOT);
        boolean bracket = in.peek() == '[';
        switch (name) {
            case "BODY", "BODY.PEEK" -> {
                if (!bracket) {
                    if (name.equals("BODY")) {
                        return FetchItem.Simple.BODY;
                    }
                    throw new Refusal("BODY.PEEK needs a section");
                }
                Section section = section(in);
                return new FetchItem.BodySection(section, partial(in), name.equals("BODY.PEEK"));
            }
            case "BINARY", "BINARY.PEEK", "BINARY.SIZE" -> {
                if (!bracket) {
                    throw new Refusal(name + " needs a section");
                }
                in.expect('[');
                List<Long> part = in.peek() == ']' ? List.of() : partPath(in);
                in.expect(']');
                if (name.equals("BINARY.SIZE")) {
                    return new FetchItem.BinarySize(part);
                }
                return new FetchItem.Binary(part, partial(in), name.equals("BINARY.PEEK"));
            }
            default -> {
                if (bracket) {
                    throw new Refusal("Unexpected section");
                }
                return FetchItem.Simple.byName(name).orElseThrow(() -> new Refusal("Unknown FETCH item"));
            }
        }
    }

    /** {@code section} (RFC 9051 §9): {@code "[" [section-spec] "]"}. */
    private Section section(Cursor in) {
        in.expect('[');
        if (in.peek() == ']') {
            in.expect(']');
            return Section.ALL;
        }
        List<Long> part = List.of();
        if (Ascii.isDigit((byte) in.peek())) {
            part = partPath(in);
            if (in.peek() == ']') {
                in.expect(']');
                return new Section(part, Optional.empty(), List.of());
            }
            in.expect('.');
        }
        String specifier = in.sectionWord().toUpperCase(Locale.ROOT);
        Section.Text text = switch (specifier) {
            case "HEADER" -> Section.Text.HEADER;
            case "HEADER.FIELDS" -> Section.Text.HEADER_FIELDS;
            case "HEADER.FIELDS.NOT" -> Section.Text.HEADER_FIELDS_NOT;
            case "TEXT" -> Section.Text.TEXT;
            case "MIME" -> Section.Text.MIME;
            default -> throw new Refusal("Unknown section");
        };
        List<String> fields = new ArrayList<>();
        if (text == Section.Text.HEADER_FIELDS || text == Section.Text.HEADER_FIELDS_NOT) {
            in.sp();
            in.open();
            do {
                if (!fields.isEmpty()) {
                    in.sp();
                }
                fields.add(text(in.astring()));
            } while (in.peek() != ')');
            in.close();
        }
        in.expect(']');
        return new Section(part, Optional.of(text), fields);
    }

    /** {@code section-part}: {@code nz-number *("." nz-number)}; stops before a dot not followed by a digit. */
    private List<Long> partPath(Cursor in) {
        List<Long> part = new ArrayList<>();
        part.add(in.nzNumber());
        while (in.peek() == '.' && Ascii.isDigit((byte) in.peekAt(1))) {
            in.expect('.');
            if (part.size() == 100) {
                throw new Refusal("Part path too deep");
            }
            part.add(in.nzNumber());
        }
        return part;
    }

    private Optional<Partial> partial(Cursor in) {
        if (in.peek() != '<') {
            return Optional.empty();
        }
        in.expect('<');
        long offset = in.number(SequenceSet.MAX_NUMBER);
        in.expect('.');
        long length = in.nzNumber();
        in.expect('>');
        return Optional.of(new Partial(offset, length));
    }

    /** {@code store} (RFC 9051 §9, RFC 7162 §7 {@code store-modifier}). */
    private ImapCommand store(Tag tag, boolean uid, Cursor in) {
        SequenceSet set = setArgument(in);
        in.sp();
        Optional<Long> unchanged = Optional.empty();
        if (in.peek() == '(') {
            in.open();
            if (!in.atom().equalsIgnoreCase("UNCHANGEDSINCE")) {
                throw new Refusal("Unknown STORE modifier");
            }
            in.sp();
            unchanged = Optional.of(in.number(Long.MAX_VALUE));
            in.close();
            in.sp();
        }
        String name = in.atom().toUpperCase(Locale.ROOT);
        StoreAction.Mode mode = StoreAction.Mode.REPLACE;
        if (name.startsWith("+") || name.startsWith("-")) {
            mode = name.startsWith("+") ? StoreAction.Mode.ADD : StoreAction.Mode.REMOVE;
            name = name.substring(1);
        }
        boolean silent = name.equals("FLAGS.SILENT");
        if (!silent && !name.equals("FLAGS")) {
            throw new Refusal("Expected FLAGS, +FLAGS or -FLAGS");
        }
        in.sp();
        List<Flag> flags = new ArrayList<>();
        if (in.peek() == '(') {
            in.open();
            while (in.peek() != ')') {
                if (!flags.isEmpty()) {
                    in.sp();
                }
                flags.add(flag(in));
            }
            in.close();
        } else {
            do {
                if (!flags.isEmpty()) {
                    in.sp();
                }
                flags.add(flag(in));
            } while (!in.atEnd());
        }
        return new ImapCommand.Store(tag, uid, set, unchanged, new StoreAction(mode, silent, flags));
    }

    private static Flag flag(Cursor in) {
        return Flag.parse(in.flagText()).orElseThrow(() -> new Refusal("Invalid flag"));
    }

    /** {@code search} with ESEARCH's RETURN (RFC 4731 §7) and SEARCHRES's SAVE (RFC 5182). */
    private ImapCommand search(Tag tag, boolean uid, Cursor in) {
        in.sp();
        Optional<List<ImapCommand.SearchReturn>> returns = Optional.empty();
        int mark = in.mark();
        if (in.isAtomChar() && in.atom().equalsIgnoreCase("RETURN")) {
            in.sp();
            in.open();
            List<ImapCommand.SearchReturn> options = new ArrayList<>();
            while (in.peek() != ')') {
                if (!options.isEmpty()) {
                    in.sp();
                }
                String option = in.atom().toUpperCase(Locale.ROOT);
                try {
                    ImapCommand.SearchReturn value = ImapCommand.SearchReturn.valueOf(option);
                    if (options.contains(value)) {
                        throw new Refusal("Repeated RETURN option");
                    }
                    options.add(value);
                } catch (IllegalArgumentException e) {
                    throw new Refusal("Unknown RETURN option");
                }
            }
            in.close();
            in.sp();
            returns = Optional.of(options);
        } else {
            in.reset(mark);
        }
        Optional<String> charset = Optional.empty();
        mark = in.mark();
        if (in.isAtomChar() && in.atom().equalsIgnoreCase("CHARSET")) {
            in.sp();
            charset = Optional.of(ascii(in.astring()).orElseThrow(() -> new Refusal("Invalid charset")));
            in.sp();
        } else {
            in.reset(mark);
        }
        SearchBudget budget = new SearchBudget();
        List<SearchKey> keys = new ArrayList<>();
        do {
            if (!keys.isEmpty()) {
                in.sp();
            }
            keys.add(searchKey(in, budget));
        } while (!in.atEnd());
        return new ImapCommand.Search(tag, uid, returns, charset, keys);
    }

    /** {@code sort} (RFC 5256 §5): criteria, a mandatory charset, search keys. */
    private ImapCommand sort(Tag tag, boolean uid, Cursor in) {
        in.sp();
        in.open();
        List<ImapCommand.SortCriterion> criteria = new ArrayList<>();
        do {
            if (!criteria.isEmpty()) {
                in.sp();
            }
            String name = in.atom().toUpperCase(Locale.ROOT);
            boolean reverse = name.equals("REVERSE");
            if (reverse) {
                in.sp();
                name = in.atom().toUpperCase(Locale.ROOT);
            }
            try {
                criteria.add(new ImapCommand.SortCriterion(reverse, ImapCommand.SortKey.valueOf(name)));
            } catch (IllegalArgumentException e) {
                throw new Refusal("Unknown sort key");
            }
        } while (in.peek() != ')');
        in.close();
        in.sp();
        String charset = ascii(in.astring()).orElseThrow(() -> new Refusal("Invalid charset"));
        return new ImapCommand.Sort(tag, uid, criteria, charset, searchKeys(in));
    }

    /** {@code thread} (RFC 5256 §5): algorithm, a mandatory charset, search keys. */
    private ImapCommand thread(Tag tag, boolean uid, Cursor in) {
        in.sp();
        Atom algorithm = new Atom(in.atom());
        in.sp();
        String charset = ascii(in.astring()).orElseThrow(() -> new Refusal("Invalid charset"));
        return new ImapCommand.Thread(tag, uid, algorithm, charset, searchKeys(in));
    }

    /** {@code 1*(SP search-key)}, within the key budget. */
    private List<SearchKey> searchKeys(Cursor in) {
        SearchBudget budget = new SearchBudget();
        List<SearchKey> keys = new ArrayList<>();
        do {
            in.sp();
            keys.add(searchKey(in, budget));
        } while (!in.atEnd());
        return keys;
    }

    /** Counts the keys of one SEARCH against {@link ImapLimits#maxSearchKeys()}. */
    private static final class SearchBudget {
        private int keys;
    }

    private SearchKey searchKey(Cursor in, SearchBudget budget) {
        if (++budget.keys > limits.maxSearchKeys()) {
            throw new Refusal("Too many search keys");
        }
        int c = in.peek();
        if (c == '(') {
            in.open();
            List<SearchKey> keys = new ArrayList<>();
            do {
                if (!keys.isEmpty()) {
                    in.sp();
                }
                keys.add(searchKey(in, budget));
            } while (in.peek() != ')');
            in.close();
            return new SearchKey.Group(keys);
        }
        if (c == '*' || c == '$' || (c >= '1' && c <= '9')) {
            return new SearchKey.Messages(in.sequenceSet());
        }
        String name = in.atom().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ALL", "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN", "UNANSWERED", "UNDELETED", "UNDRAFT",
                    "UNFLAGGED", "UNSEEN", "NEW", "OLD", "RECENT" -> {
                return SearchKey.Simple.valueOf(name);
            }
            case "KEYWORD", "UNKEYWORD" -> {
                in.sp();
                Flag flag = flag(in);
                if (!(flag instanceof Flag.Keyword keyword)) {
                    throw new Refusal("Expected a keyword");
                }
                return new SearchKey.Keyword(keyword, name.equals("UNKEYWORD"));
            }
            case "BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO" -> {
                in.sp();
                return new SearchKey.Contains(SearchKey.Field.valueOf(name), text(in.astring()));
            }
            case "HEADER" -> {
                in.sp();
                String field = text(in.astring());
                in.sp();
                return new SearchKey.Header(field, text(in.astring()));
            }
            case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                in.sp();
                byte[] date = in.peek() == '"' ? in.quotedRaw() : in.atom().getBytes(StandardCharsets.US_ASCII);
                return new SearchKey.Date(SearchKey.DateKind.valueOf(name), date(date));
            }
            case "LARGER", "SMALLER" -> {
                in.sp();
                return new SearchKey.Size(name.equals("LARGER"), in.number(SequenceSet.MAX_NUMBER));
            }
            case "UID" -> {
                in.sp();
                return new SearchKey.Uids(in.sequenceSet());
            }
            case "EMAILID", "THREADID" -> {
                in.sp();
                return new SearchKey.ObjectId(name.equals("THREADID"), in.atom());
            }
            case "MODSEQ" -> {
                in.sp();
                Optional<Flag> flag = Optional.empty();
                Optional<SearchKey.EntryType> type = Optional.empty();
                if (in.peek() == '"') {
                    String entry = text(in.quotedRaw());
                    if (!entry.regionMatches(true, 0, "/flags/", 0, 7)) {
                        throw new Refusal("Unknown MODSEQ entry");
                    }
                    flag = Optional.of(Flag.parse(entry.substring(7)).orElseThrow(() -> new Refusal("Invalid flag")));
                    in.sp();
                    type = Optional.of(switch (in.atom().toLowerCase(Locale.ROOT)) {
                        case "priv" -> SearchKey.EntryType.PRIV;
                        case "shared" -> SearchKey.EntryType.SHARED;
                        case "all" -> SearchKey.EntryType.ALL;
                        default -> throw new Refusal("Unknown MODSEQ entry type");
                    });
                    in.sp();
                }
                return new SearchKey.ModSeq(flag, type, in.number(Long.MAX_VALUE));
            }
            case "NOT" -> {
                in.sp();
                in.enter();
                SearchKey key = searchKey(in, budget);
                in.leave();
                return new SearchKey.Not(key);
            }
            case "OR" -> {
                in.sp();
                in.enter();
                SearchKey left = searchKey(in, budget);
                in.sp();
                SearchKey right = searchKey(in, budget);
                in.leave();
                return new SearchKey.Or(left, right);
            }
            default -> throw new Refusal("Unknown search key");
        }
    }

    /** {@code date-text} (RFC 9051 §9): {@code d-Mon-yyyy} or {@code dd-Mon-yyyy}. */
    private static LocalDate date(byte[] s) {
        int dash = s.length > 1 && s[1] == '-' ? 1 : 2;
        if (s.length != dash + 9 || s[dash] != '-' || s[dash + 4] != '-') {
            throw new Refusal("Invalid date");
        }
        int day = digits(s, 0, dash);
        String month = new String(s, dash + 1, 3, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        int monthNumber = Arrays.asList(MONTHS).indexOf(month) + 1;
        if (monthNumber == 0) {
            throw new Refusal("Invalid date");
        }
        try {
            return LocalDate.of(digits(s, dash + 5, dash + 9), monthNumber, day);
        } catch (DateTimeException e) {
            throw new Refusal("Invalid date");
        }
    }

    private List<ImapCommand.StatusItem> statusItems(Cursor in) {
        in.open();
        List<ImapCommand.StatusItem> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) {
                in.sp();
            }
            items.add(ImapCommand.StatusItem.parse(in.atom()).orElseThrow(() -> new Refusal("Unknown STATUS item")));
        } while (in.peek() != ')');
        in.close();
        return items;
    }

    private ImapCommand append(Tag tag, Cursor in) {
        MailboxName mailbox = mailboxArgument(in);
        in.sp();
        List<Flag> flags = new ArrayList<>();
        if (in.peek() == '(') {
            in.open();
            while (in.peek() != ')') {
                if (!flags.isEmpty()) {
                    in.sp();
                }
                flags.add(flag(in));
            }
            in.close();
            in.sp();
        }
        Optional<OffsetDateTime> date = Optional.empty();
        if (in.peek() == '"') {
            date = Optional.of(dateTime(in.quotedRaw()));
            in.sp();
        }
        if (in.peek() == 'U' || in.peek() == 'u') {
            // RFC 6855 §4: utf8-literal = "UTF8" SP "(" literal8 ")".
            if (!in.atom().equalsIgnoreCase("UTF8")) {
                throw new Refusal("Expected a literal or UTF8");
            }
            in.sp();
            in.open();
            Fragment message = in.literal();
            in.close();
            return new ImapCommand.Append(tag, mailbox, flags, date, message, true);
        }
        return new ImapCommand.Append(tag, mailbox, flags, date, in.literal());
    }

    /**
     * Parses {@code date-time} (RFC 9051 §9): {@code dd-Mon-yyyy hh:mm:ss +zzzz}, the day
     * possibly with a leading space.
     */
    private static OffsetDateTime dateTime(byte[] s) {
        if (s.length != 26 || s[2] != '-' || s[6] != '-' || s[11] != ' ' || s[14] != ':' || s[17] != ':'
                || s[20] != ' ' || (s[21] != '+' && s[21] != '-')) {
            throw new Refusal("Invalid date-time");
        }
        int day = s[0] == ' ' ? digits(s, 1, 2) : digits(s, 0, 2);
        String month = new String(s, 3, 3, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        int monthNumber = Arrays.asList(MONTHS).indexOf(month) + 1;
        int zoneHours = digits(s, 22, 24);
        int zoneMinutes = digits(s, 24, 26);
        if (monthNumber == 0 || zoneMinutes > 59) {
            throw new Refusal("Invalid date-time");
        }
        try {
            int sign = s[21] == '-' ? -1 : 1;
            ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * zoneHours, sign * zoneMinutes);
            return OffsetDateTime.of(digits(s, 7, 11), monthNumber, day, digits(s, 12, 14), digits(s, 15, 17),
                    digits(s, 18, 20), 0, zone);
        } catch (DateTimeException e) {
            throw new Refusal("Invalid date-time");
        }
    }

    private static int digits(byte[] s, int from, int to) {
        long value = Ascii.parseUnsignedLong(s, from, to, 9999);
        if (value < 0) {
            throw new Refusal("Invalid date-time");
        }
        return (int) value;
    }

    private MailboxName mailboxArgument(Cursor in) {
        in.sp();
        byte[] bytes = in.astring();
        Optional<MailboxName> name = utf8 ? MailboxName.fromUtf8(bytes) : ascii(bytes).flatMap(MailboxName::fromModifiedUtf7);
        return name.orElseThrow(() -> new Refusal("Invalid mailbox name"));
    }

    private String mailboxText(byte[] bytes) {
        Optional<MailboxName> name = utf8 ? MailboxName.fromUtf8(bytes) : ascii(bytes).flatMap(MailboxName::fromModifiedUtf7);
        return name.map(MailboxName::name).orElseThrow(() -> new Refusal("Invalid mailbox name"));
    }

    private static Optional<String> ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new String(bytes, StandardCharsets.US_ASCII));
    }

    private static String text(byte[] bytes) {
        String text = Utf8.decodeStrict(bytes);
        if (text == null) {
            throw new Refusal("Invalid UTF-8");
        }
        return text;
    }

    /** Stops a parse with a hint for the peer; no stack trace, never leaves this class. */
    /** Reads a framed command: text fragments with literals between them. */
    private final class Cursor extends FragmentReader {

        Cursor(List<Fragment> fragments) {
            super(fragments, maxDepth, limits.maxSequenceRanges());
        }

        int mark() {
            return pos;
        }

        void reset(int mark) {
            pos = mark;
        }

        boolean isAtomChar() {
            return pos < end && ImapSyntax.isAtomChar(text[pos] & 0xFF);
        }

        /** A FETCH item name: atom characters up to a {@code [}. */
        String fetchName() {
            int start = pos;
            while (pos < end && text[pos] != '[' && ImapSyntax.isAtomChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal(atEnd() ? "Missing argument" : "Expected a FETCH item");
            }
            return new String(text, start, pos - start, StandardCharsets.US_ASCII);
        }

        /** {@code sequence-set}, {@code $} allowed (SEARCHRES, RFC 5182). */
        SequenceSet sequenceSet() {
            return sequenceSet(true);
        }

        /** {@code string}: quoted or literal. */
        byte[] string() {
            if (peek() == '"') {
                return quotedRaw();
            }
            if (pos == end) {
                return inMemoryLiteral();
            }
            throw new Refusal("Expected a string");
        }

        /** {@code nstring}: a string or NIL. */
        Optional<byte[]> nstring() {
            if (peek() == '"' || pos == end) {
                return Optional.of(string());
            }
            if (!atom().equalsIgnoreCase("NIL")) {
                throw new Refusal("Expected a string or NIL");
            }
            return Optional.empty();
        }

        Optional<Tag> tag() {
            int space = Ascii.indexOf(text, 0, end, (byte) ' ');
            int to = space < 0 ? end : space;
            Optional<Tag> tag = Tag.decode(text, 0, to);
            pos = to;
            return tag;
        }

        void sp() {
            if (peek() != ' ') {
                throw new Refusal(atEnd() ? "Missing argument" : "Expected a space");
            }
            pos++;
        }

        void end() {
            if (!atEnd()) {
                throw new Refusal("Unexpected text after the arguments");
            }
        }

        String atom() {
            int start = pos;
            while (pos < end && ImapSyntax.isAtomChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal(atEnd() ? "Missing argument" : "Expected an atom");
            }
            return new String(text, start, pos - start, StandardCharsets.US_ASCII);
        }

        byte[] astring() {
            int c = peek();
            if (c == '"') {
                return quotedRaw();
            }
            if (pos == end) {
                return inMemoryLiteral();
            }
            int start = pos;
            while (pos < end && ImapSyntax.isAStringChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal("Expected a string");
            }
            return Arrays.copyOfRange(text, start, pos);
        }

        /** {@code list-mailbox = 1*list-char / string} (RFC 9051 §9). */
        byte[] listMailbox() {
            int c = peek();
            if (c == '"') {
                return quotedRaw();
            }
            if (pos == end) {
                return inMemoryLiteral();
            }
            int start = pos;
            while (pos < end && ImapSyntax.isListChar(text[pos] & 0xFF)) {
                pos++;
            }
            if (pos == start) {
                throw new Refusal("Expected a mailbox pattern");
            }
            return Arrays.copyOfRange(text, start, pos);
        }

        /** A quoted string's content, unescaped. */
        byte[] quotedRaw() {
            expect('"');
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
                } else if (c >= 0x80 ? !utf8 : !ImapSyntax.isQuotable(c)) {
                    throw new Refusal(c >= 0x80 ? "8-bit text in a quoted string needs UTF8=ACCEPT"
                            : "Invalid character in quoted string");
                }
                out.write(c);
            }
            throw new Refusal("Unterminated quoted string");
        }

        byte[] inMemoryLiteral() {
            Fragment literal = literal();
            if (literal instanceof Fragment.Literal l && !l.binary()) {
                return l.array();
            }
            throw new Refusal("Expected a string");
        }
    }
}
