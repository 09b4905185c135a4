// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
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
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.ImapSyntax;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Tag;

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
 * decoded strictly by {@link MailboxName}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-9">RFC 9051 §9</a>
 */
public final class ImapCommandDecoder {

    private static final byte[] DONE = {'d', 'o', 'n', 'e'};
    private static final String[] MONTHS =
        {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final boolean utf8;

    private ImapCommandDecoder(boolean utf8) {
        this.utf8 = utf8;
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
        return new ImapCommandDecoder(utf8);
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
            case "SELECT" -> new ImapCommand.Select(tag, mailboxArgument(in));
            case "EXAMINE" -> new ImapCommand.Examine(tag, mailboxArgument(in));
            case "CREATE" -> new ImapCommand.Create(tag, mailboxArgument(in));
            case "DELETE" -> new ImapCommand.Delete(tag, mailboxArgument(in));
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(tag, mailboxArgument(in));
            case "UNSUBSCRIBE" -> new ImapCommand.Unsubscribe(tag, mailboxArgument(in));
            case "RENAME" -> {
                MailboxName from = mailboxArgument(in);
                yield new ImapCommand.Rename(tag, from, mailboxArgument(in));
            }
            case "LIST" -> {
                in.sp();
                String reference = mailboxText(in.astring());
                in.sp();
                yield new ImapCommand.ListMailboxes(tag, reference, mailboxText(in.listMailbox()));
            }
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
        in.expect('(');
        List<ImapCommand.StatusItem> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) {
                in.sp();
            }
            String item = in.atom().toUpperCase(Locale.ROOT);
            try {
                items.add(ImapCommand.StatusItem.valueOf(item));
            } catch (IllegalArgumentException e) {
                throw new Refusal("Unknown STATUS item");
            }
        } while (in.peek() != ')');
        in.expect(')');
        return new ImapCommand.Status(tag, mailbox, items);
    }

    private ImapCommand append(Tag tag, Cursor in) {
        MailboxName mailbox = mailboxArgument(in);
        in.sp();
        List<Flag> flags = new ArrayList<>();
        if (in.peek() == '(') {
            in.expect('(');
            while (in.peek() != ')') {
                if (!flags.isEmpty()) {
                    in.sp();
                }
                flags.add(Flag.parse(in.flagText()).orElseThrow(() -> new Refusal("Invalid flag")));
            }
            in.expect(')');
            in.sp();
        }
        Optional<OffsetDateTime> date = Optional.empty();
        if (in.peek() == '"') {
            date = Optional.of(dateTime(in.quotedRaw()));
            in.sp();
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
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("Invalid UTF-8");
        }
    }

    /** Stops a parse with a hint for the peer; no stack trace, never leaves this class. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String hint;

        Refusal(String hint) {
            super(hint, null, false, false);
            this.hint = hint;
        }
    }

    /** Reads a framed command: text fragments with literals between them. */
    private final class Cursor {
        private final List<Fragment> fragments;
        private int index;
        private byte[] text;
        private int pos;
        private int end;

        Cursor(List<Fragment> fragments) {
            this.fragments = fragments;
            Fragment.Text first = (Fragment.Text) fragments.get(0);
            text = first.array();
            end = first.length();
        }

        Optional<Tag> tag() {
            int space = Ascii.indexOf(text, 0, end, (byte) ' ');
            int to = space < 0 ? end : space;
            Optional<Tag> tag = Tag.decode(text, 0, to);
            pos = to;
            return tag;
        }

        int peek() {
            return pos < end ? text[pos] & 0xFF : -1;
        }

        boolean atEnd() {
            return pos == end && index == fragments.size() - 1;
        }

        void expect(char c) {
            if (peek() != c) {
                throw new Refusal("Expected '" + c + "'");
            }
            pos++;
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

        /** A flag: an atom, or a backslash and an atom (or {@code \*}, refused by the caller). */
        String flagText() {
            int start = pos;
            if (peek() == '\\') {
                pos++;
            }
            while (pos < end && (ImapSyntax.isAtomChar(text[pos] & 0xFF) || text[pos] == '*')) {
                pos++;
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

        /** The literal that follows the current text fragment. */
        Fragment literal() {
            if (pos != end || index + 1 >= fragments.size()) {
                throw new Refusal("Expected a literal");
            }
            Fragment literal = fragments.get(index + 1);
            index += 2;
            Fragment.Text next = (Fragment.Text) fragments.get(index);
            text = next.array();
            pos = 0;
            end = next.length();
            return literal;
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
