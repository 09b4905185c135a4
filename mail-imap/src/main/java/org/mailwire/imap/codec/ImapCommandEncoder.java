// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.ImapSyntax;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.StringForm;

/**
 * Encodes {@link ImapCommand} values into framed lines, on the client side: each string in the
 * lightest form that carries it ({@link StringForm}), literals where nothing else can. The
 * result is an {@link ImapFrame.Line}; a client sends its text and, after each synchronising
 * announcement, waits for the server's continuation request ({@link ImapFrame.Line#toBytes()}
 * gives the octets in one piece for tests and for non-synchronising literals).
 *
 * <p>Values that no wire form can carry are refused before anything is produced: NUL in a
 * string (only literal8 carries NUL, and no argument here is binary).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-4.3">RFC 9051 §4.3</a>
 */
public final class ImapCommandEncoder {

    /** How the encoder announces the literals it creates for strings. */
    public enum LiteralMode {
        /** Always {@code {n}}: the server answers each with a continuation request. */
        SYNCHRONIZING,
        /** {@code {n+}} up to 4096 octets and {@code {n}} above: what LITERAL- and IMAP4rev2 allow. */
        LITERAL_MINUS,
        /** Always {@code {n+}}: the server announced LITERAL+. */
        LITERAL_PLUS
    }

    private static final String[] MONTHS =
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final boolean utf8;
    private final LiteralMode literalMode;

    private ImapCommandEncoder(boolean utf8, LiteralMode literalMode) {
        this.utf8 = utf8;
        this.literalMode = Objects.requireNonNull(literalMode, "literalMode");
    }

    /**
     * Returns an encoder.
     *
     * @param utf8        {@code true} for IMAP4rev2 or {@code UTF8=ACCEPT}: UTF-8 mailbox names
     *                    and 8-bit quoted strings; {@code false}: modified UTF-7 names, 8-bit
     *                    strings as literals
     * @param literalMode how created literals are announced
     * @return the encoder
     */
    public static ImapCommandEncoder of(boolean utf8, LiteralMode literalMode) {
        return new ImapCommandEncoder(utf8, literalMode);
    }

    /**
     * Encodes a command.
     *
     * @param command the command
     * @return its framed form
     * @throws IllegalArgumentException if a string argument holds NUL
     */
    public ImapFrame.Line encode(ImapCommand command) {
        Writer out = new Writer();
        out.text(command.tag().value()).text(" ");
        if (command instanceof ImapCommand.Capability) {
            out.text("CAPABILITY");
        } else if (command instanceof ImapCommand.Noop) {
            out.text("NOOP");
        } else if (command instanceof ImapCommand.Logout) {
            out.text("LOGOUT");
        } else if (command instanceof ImapCommand.StartTls) {
            out.text("STARTTLS");
        } else if (command instanceof ImapCommand.Idle) {
            out.text("IDLE");
        } else if (command instanceof ImapCommand.Close) {
            out.text("CLOSE");
        } else if (command instanceof ImapCommand.Unselect) {
            out.text("UNSELECT");
        } else if (command instanceof ImapCommand.Compress c) {
            out.text("COMPRESS ");
            out.text(c.mechanism().value());
        } else if (command instanceof ImapCommand.Expunge) {
            out.text("EXPUNGE");
        } else if (command instanceof ImapCommand.Login c) {
            out.text("LOGIN ");
            astring(out, c.user().getBytes(StandardCharsets.UTF_8));
            out.text(" ");
            astring(out, c.password().getBytes(StandardCharsets.UTF_8));
        } else if (command instanceof ImapCommand.Authenticate c) {
            out.text("AUTHENTICATE ").text(c.mechanism().value());
            c.initialResponse().ifPresent(r -> out.text(" ").text(r));
        } else if (command instanceof ImapCommand.Enable c) {
            out.text("ENABLE");
            c.capabilities().forEach(a -> out.text(" ").text(a.value()));
        } else if (command instanceof ImapCommand.Select c) {
            mailboxCommand(out, "SELECT", c.mailbox());
            selectParameters(out, c.parameters());
        } else if (command instanceof ImapCommand.Examine c) {
            mailboxCommand(out, "EXAMINE", c.mailbox());
            selectParameters(out, c.parameters());
        } else if (command instanceof ImapCommand.Create c) {
            mailboxCommand(out, "CREATE", c.mailbox());
            if (!c.uses().isEmpty()) {
                out.text(" (USE (");
                for (int i = 0; i < c.uses().size(); i++) {
                    out.text(i == 0 ? "" : " ").text(c.uses().get(i).wire());
                }
                out.text("))");
            }
        } else if (command instanceof ImapCommand.Delete c) {
            mailboxCommand(out, "DELETE", c.mailbox());
        } else if (command instanceof ImapCommand.Subscribe c) {
            mailboxCommand(out, "SUBSCRIBE", c.mailbox());
        } else if (command instanceof ImapCommand.Unsubscribe c) {
            mailboxCommand(out, "UNSUBSCRIBE", c.mailbox());
        } else if (command instanceof ImapCommand.Rename c) {
            mailboxCommand(out, "RENAME", c.from());
            out.text(" ");
            astring(out, mailboxBytes(c.to()));
        } else if (command instanceof ImapCommand.ListMailboxes c) {
            list(out, c);
        } else if (command instanceof ImapCommand.Lsub c) {
            out.text("LSUB ");
            astring(out, mailboxBytes(MailboxName.of(c.reference())));
            out.text(" ");
            listMailbox(out, c.pattern());
        } else if (command instanceof ImapCommand.Namespace) {
            out.text("NAMESPACE");
        } else if (command instanceof ImapCommand.Check) {
            out.text("CHECK");
        } else if (command instanceof ImapCommand.Id c) {
            out.text("ID ");
            if (c.fields().isEmpty()) {
                out.text("NIL");
            } else {
                out.text("(");
                List<ImapCommand.IdField> fields = c.fields().get();
                for (int i = 0; i < fields.size(); i++) {
                    out.text(i == 0 ? "" : " ");
                    string(out, fields.get(i).name().getBytes(StandardCharsets.UTF_8));
                    out.text(" ");
                    Optional<String> value = fields.get(i).value();
                    if (value.isPresent()) {
                        string(out, value.get().getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.text("NIL");
                    }
                }
                out.text(")");
            }
        } else if (command instanceof ImapCommand.GetQuota c) {
            out.text("GETQUOTA ");
            astring(out, c.root().getBytes(StandardCharsets.UTF_8));
        } else if (command instanceof ImapCommand.SetQuota c) {
            out.text("SETQUOTA ");
            astring(out, c.root().getBytes(StandardCharsets.UTF_8));
            out.text(" (");
            for (int i = 0; i < c.limits().size(); i++) {
                ImapCommand.QuotaLimit l = c.limits().get(i);
                out.text(i == 0 ? "" : " ").text(l.resource().value()).text(" ").text(Long.toString(l.limit()));
            }
            out.text(")");
        } else if (command instanceof ImapCommand.GetQuotaRoot c) {
            mailboxCommand(out, "GETQUOTAROOT", c.mailbox());
        } else if (command instanceof ImapCommand.Fetch c) {
            fetch(out, c);
        } else if (command instanceof ImapCommand.Store c) {
            out.text(c.uid() ? "UID STORE " : "STORE ").text(c.set().wire()).text(" ");
            c.unchangedSince().ifPresent(u -> out.text("(UNCHANGEDSINCE ").text(Long.toString(u)).text(") "));
            out.text(c.action().wire());
        } else if (command instanceof ImapCommand.Search c) {
            search(out, c);
        } else if (command instanceof ImapCommand.Copy c) {
            out.text(c.uid() ? "UID COPY " : "COPY ").text(c.set().wire()).text(" ");
            astring(out, mailboxBytes(c.mailbox()));
        } else if (command instanceof ImapCommand.Move c) {
            out.text(c.uid() ? "UID MOVE " : "MOVE ").text(c.set().wire()).text(" ");
            astring(out, mailboxBytes(c.mailbox()));
        } else if (command instanceof ImapCommand.Sort c) {
            out.text(c.uid() ? "UID SORT (" : "SORT (");
            for (int i = 0; i < c.criteria().size(); i++) {
                ImapCommand.SortCriterion criterion = c.criteria().get(i);
                out.text(i == 0 ? "" : " ").text(criterion.reverse() ? "REVERSE " : "").text(criterion.key().name());
            }
            out.text(") ");
            astring(out, c.charset().getBytes(StandardCharsets.US_ASCII));
            c.keys().forEach(k -> {
                out.text(" ");
                searchKey(out, k);
            });
        } else if (command instanceof ImapCommand.Thread c) {
            out.text(c.uid() ? "UID THREAD " : "THREAD ").text(c.algorithm().value()).text(" ");
            astring(out, c.charset().getBytes(StandardCharsets.US_ASCII));
            c.keys().forEach(k -> {
                out.text(" ");
                searchKey(out, k);
            });
        } else if (command instanceof ImapCommand.UidExpunge c) {
            out.text("UID EXPUNGE ").text(c.set().wire());
        } else if (command instanceof ImapCommand.Status c) {
            mailboxCommand(out, "STATUS", c.mailbox());
            out.text(" ");
            statusItems(out, c.items());
        } else if (command instanceof ImapCommand.Append c) {
            mailboxCommand(out, "APPEND", c.mailbox());
            if (!c.flags().isEmpty()) {
                out.text(" (");
                for (int i = 0; i < c.flags().size(); i++) {
                    out.text(i == 0 ? "" : " ").text(c.flags().get(i).wire());
                }
                out.text(")");
            }
            c.internalDate().ifPresent(d -> out.text(" \"").text(dateTime(d)).text("\""));
            out.text(" ");
            if (!(c.message() instanceof Fragment.Literal message)) {
                throw new IllegalArgumentException("a streamed message cannot be encoded again");
            }
            if (c.utf8()) {
                out.text("UTF8 (");
                out.literal(message);
                out.text(")");
            } else {
                out.literal(message);
            }
        } else {
            throw new AssertionError(command);
        }
        return out.finish();
    }

    private static void statusItems(Writer out, List<ImapCommand.StatusItem> items) {
        out.text("(");
        for (int i = 0; i < items.size(); i++) {
            out.text(i == 0 ? "" : " ").text(items.get(i).wire());
        }
        out.text(")");
    }

    private static void selectParameters(Writer out, ImapCommand.SelectParameters parameters) {
        if (!parameters.condStore() && parameters.qresync().isEmpty()) {
            return;
        }
        out.text(" (");
        if (parameters.condStore()) {
            out.text("CONDSTORE");
        }
        parameters.qresync().ifPresent(q -> {
            out.text(parameters.condStore() ? " " : "").text("QRESYNC (").text(q.uidValidity().toString())
                    .text(" ").text(Long.toString(q.modSeq()));
            q.knownUids().ifPresent(k -> out.text(" ").text(k.wire()));
            q.seqMatch().ifPresent(m -> out.text(" (").text(m.sequenceNumbers().wire()).text(" ")
                    .text(m.uids().wire()).text(")"));
            out.text(")");
        });
        out.text(")");
    }

    private void list(Writer out, ImapCommand.ListMailboxes c) {
        out.text("LIST ");
        if (!c.selection().isEmpty()) {
            out.text("(");
            for (int i = 0; i < c.selection().size(); i++) {
                out.text(i == 0 ? "" : " ").text(c.selection().get(i).wire());
            }
            out.text(") ");
        }
        astring(out, mailboxBytes(MailboxName.of(c.reference())));
        out.text(" ");
        if (c.patterns().size() == 1) {
            listMailbox(out, c.pattern());
        } else {
            out.text("(");
            for (int i = 0; i < c.patterns().size(); i++) {
                out.text(i == 0 ? "" : " ");
                listMailbox(out, c.patterns().get(i));
            }
            out.text(")");
        }
        if (!c.returns().isEmpty()) {
            out.text(" RETURN (");
            for (int i = 0; i < c.returns().size(); i++) {
                out.text(i == 0 ? "" : " ");
                ImapCommand.ListReturn r = c.returns().get(i);
                if (r instanceof ImapCommand.ListReturnOption o) {
                    out.text(o.wire());
                } else if (r instanceof ImapCommand.ListReturnStatus status) {
                    out.text("STATUS ");
                    statusItems(out, status.items());
                }
            }
            out.text(")");
        }
    }

    private void listMailbox(Writer out, String pattern) {
        byte[] bytes = mailboxBytes(MailboxName.of(pattern));
        if (allListChars(bytes)) {
            out.bytes(bytes);
        } else {
            string(out, bytes);
        }
    }

    private static void fetch(Writer out, ImapCommand.Fetch c) {
        out.text(c.uid() ? "UID FETCH " : "FETCH ").text(c.set().wire()).text(" ");
        if (c.items() instanceof ImapCommand.FetchMacro macro) {
            out.text(macro.name());
        } else {
            List<FetchItem> items = ((ImapCommand.FetchItemList) c.items()).items();
            // One item goes bare unless modifiers follow: the forms of the RFC examples
            // ("UID FETCH 4827313:4828442 FLAGS", RFC 7162 "UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)").
            boolean bare = items.size() == 1 && c.changedSince().isEmpty();
            out.text(bare ? "" : "(");
            for (int i = 0; i < items.size(); i++) {
                out.text(i == 0 ? "" : " ").text(items.get(i).wire());
            }
            out.text(bare ? "" : ")");
        }
        if (c.changedSince().isPresent()) {
            out.text(" (CHANGEDSINCE ").text(Long.toString(c.changedSince().get()))
                    .text(c.vanished() ? " VANISHED)" : ")");
        }
    }

    private void search(Writer out, ImapCommand.Search c) {
        out.text(c.uid() ? "UID SEARCH" : "SEARCH");
        c.returnOptions().ifPresent(options -> {
            out.text(" RETURN (");
            for (int i = 0; i < options.size(); i++) {
                out.text(i == 0 ? "" : " ").text(options.get(i).name());
            }
            out.text(")");
        });
        c.charset().ifPresent(charset -> {
            out.text(" CHARSET ");
            astring(out, charset.getBytes(StandardCharsets.US_ASCII));
        });
        for (SearchKey key : c.keys()) {
            out.text(" ");
            searchKey(out, key);
        }
    }

    private void searchKey(Writer out, SearchKey key) {
        if (key instanceof SearchKey.Simple s) {
            out.text(s.name());
        } else if (key instanceof SearchKey.Keyword k) {
            out.text(k.without() ? "UNKEYWORD " : "KEYWORD ").text(k.flag().wire());
        } else if (key instanceof SearchKey.Contains k) {
            // Quoted rather than bare, as every RFC example writes search strings.
            out.text(k.field().name()).text(" ");
            string(out, k.value().getBytes(StandardCharsets.UTF_8));
        } else if (key instanceof SearchKey.Header k) {
            out.text("HEADER ");
            string(out, k.field().getBytes(StandardCharsets.UTF_8));
            out.text(" ");
            string(out, k.value().getBytes(StandardCharsets.UTF_8));
        } else if (key instanceof SearchKey.Date k) {
            LocalDate d = k.date();
            out.text(k.kind().name()).text(" ").text(String.format(Locale.ROOT, "%d-%s-%04d", d.getDayOfMonth(),
                    MONTHS[d.getMonthValue() - 1], d.getYear()));
        } else if (key instanceof SearchKey.Size k) {
            out.text(k.larger() ? "LARGER " : "SMALLER ").text(Long.toString(k.size()));
        } else if (key instanceof SearchKey.Messages k) {
            out.text(k.set().wire());
        } else if (key instanceof SearchKey.Uids k) {
            out.text("UID ").text(k.set().wire());
        } else if (key instanceof SearchKey.ObjectId k) {
            out.text(k.thread() ? "THREADID " : "EMAILID ").text(k.id());
        } else if (key instanceof SearchKey.ModSeq k) {
            out.text("MODSEQ ");
            if (k.flag().isPresent()) {
                out.text("\"/flags/").text(k.flag().get().wire().replace("\\", "\\\\")).text("\" ")
                        .text(k.type().orElseThrow().name().toLowerCase(Locale.ROOT)).text(" ");
            }
            out.text(Long.toString(k.value()));
        } else if (key instanceof SearchKey.Not k) {
            out.text("NOT ");
            searchKey(out, k.key());
        } else if (key instanceof SearchKey.Or k) {
            out.text("OR ");
            searchKey(out, k.left());
            out.text(" ");
            searchKey(out, k.right());
        } else if (key instanceof SearchKey.Group k) {
            out.text("(");
            for (int i = 0; i < k.keys().size(); i++) {
                out.text(i == 0 ? "" : " ");
                searchKey(out, k.keys().get(i));
            }
            out.text(")");
        }
    }

    private void mailboxCommand(Writer out, String name, MailboxName mailbox) {
        out.text(name).text(" ");
        astring(out, mailboxBytes(mailbox));
    }

    private byte[] mailboxBytes(MailboxName mailbox) {
        return utf8 ? mailbox.toUtf8() : mailbox.toModifiedUtf7().getBytes(StandardCharsets.US_ASCII);
    }

    private void astring(Writer out, byte[] value) {
        write(out, value, StringForm.forAString(value, utf8));
    }

    private void string(Writer out, byte[] value) {
        write(out, value, StringForm.forString(value, utf8));
    }

    private void write(Writer out, byte[] value, StringForm form) {
        switch (form) {
            case ATOM -> out.bytes(value);
            case QUOTED -> {
                out.text("\"");
                for (byte b : value) {
                    if (b == '"' || b == '\\') {
                        out.current.write('\\');
                    }
                    out.current.write(b);
                }
                out.text("\"");
            }
            case LITERAL -> {
                boolean synchronizing = switch (literalMode) {
                    case SYNCHRONIZING -> true;
                    case LITERAL_MINUS -> value.length > ImapLimits.LITERAL_MINUS_CAP;
                    case LITERAL_PLUS -> false;
                };
                // Literal.of refuses NUL, which only literal8 could carry.
                out.literal(Fragment.Literal.of(value, synchronizing, false));
            }
        }
    }

    private static boolean allListChars(byte[] value) {
        if (value.length == 0) {
            return false;
        }
        for (byte b : value) {
            if (!ImapSyntax.isListChar(b & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** {@code date-time} (RFC 9051 §9): {@code dd-Mon-yyyy hh:mm:ss +zzzz}, seconds precision. */
    private static String dateTime(OffsetDateTime d) {
        int offsetMinutes = d.getOffset().getTotalSeconds() / 60;
        if (d.getYear() < 0 || d.getYear() > 9999 || d.getNano() != 0 || d.getOffset().getTotalSeconds() % 60 != 0) {
            throw new IllegalArgumentException("date-time needs a four-digit year, whole seconds and a whole-minute offset");
        }
        return String.format(Locale.ROOT, "%02d-%s-%04d %02d:%02d:%02d %s%02d%02d", d.getDayOfMonth(),
                MONTHS[d.getMonthValue() - 1], d.getYear(), d.getHour(), d.getMinute(), d.getSecond(),
                offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
    }

    /** Collects text and literals into fragments. */
    private static final class Writer {
        private final List<Fragment> fragments = new ArrayList<>();
        private ByteArrayOutputStream current = new ByteArrayOutputStream();

        Writer text(String ascii) {
            current.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Writer bytes(byte[] value) {
            current.writeBytes(value);
            return this;
        }

        void literal(Fragment.Literal literal) {
            fragments.add(Fragment.Text.of(current.toByteArray()));
            fragments.add(literal);
            current = new ByteArrayOutputStream();
        }

        ImapFrame.Line finish() {
            fragments.add(Fragment.Text.of(current.toByteArray()));
            return new ImapFrame.Line(fragments);
        }
    }
}
