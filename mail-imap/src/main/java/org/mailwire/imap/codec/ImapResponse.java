// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.ExtensionValue;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Tag;

/**
 * A server response: the server encodes it, the client decodes it with
 * {@link ImapResponseDecoder}. Status responses, {@code CAPABILITY}, {@code EXISTS},
 * {@code EXPUNGE}, {@code RECENT}, {@code FLAGS}, continuation requests, {@code FETCH},
 * {@code LIST}/{@code LSUB}, {@code STATUS}, {@code SEARCH}, {@code ESEARCH}, {@code VANISHED},
 * {@code ENABLED}, {@code ID}, {@code NAMESPACE}, {@code QUOTA}, {@code QUOTAROOT}, {@code SORT} and
 * {@code THREAD}. Strings a line cannot carry are written as literals.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7">RFC 9051 §7</a>
 */
public sealed interface ImapResponse {

    /**
     * Returns the response as it travels, CRLF included.
     *
     * @return the wire octets
     */
    byte[] toBytes();

    /**
     * Returns the response as it travels, with mailbox names in UTF-8 ({@code utf8}, IMAP4rev2
     * or {@code UTF8=ACCEPT}) or in modified UTF-7 (IMAP4rev1); responses without mailbox names
     * ignore the choice.
     *
     * @param utf8 whether mailbox names travel in UTF-8
     * @return the wire octets
     */
    default byte[] toBytes(boolean utf8) {
        return toBytes();
    }

    /**
     * Writes the response into a buffer.
     *
     * @param out the buffer, advanced past the response
     * @throws java.nio.BufferOverflowException if it does not fit
     */
    default void writeTo(ByteBuffer out) {
        out.put(toBytes());
    }

    /** The kinds of status response (RFC 9051 §7.1). */
    enum Kind {
        /** Success; tagged or untagged. */
        OK,
        /** Operational failure; tagged or untagged. */
        NO,
        /** Protocol error; tagged or untagged. */
        BAD,
        /** Greeting of a pre-authenticated connection; untagged only. */
        PREAUTH,
        /** The server is closing the connection; untagged only. */
        BYE
    }

    /**
     * A status response: {@code tag OK [code] text}, {@code * NO text}, {@code * BYE text}...
     *
     * @param tag  the tag of the command it completes, or empty for an untagged response
     * @param kind the kind; PREAUTH and BYE are never tagged
     * @param code the response code, if any
     * @param text the human-readable text: no CR, LF or NUL; without a code it cannot start with
     *             {@code [}, which a client would read as one
     */
    record Status(Optional<Tag> tag, Kind kind, Optional<ResponseCode> code, String text) implements ImapResponse {

        /**
         * Checks the values.
         *
         * @param tag  the tag, if tagged
         * @param kind the kind
         * @param code the code, if any
         * @param text the text
         * @throws IllegalArgumentException if PREAUTH or BYE is tagged, or the text is invalid
         */
        public Status {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(code, "code");
            checkText(text);
            if (tag.isPresent() && (kind == Kind.PREAUTH || kind == Kind.BYE)) {
                throw new IllegalArgumentException(kind + " is never tagged");
            }
            if (code.isEmpty() && text.startsWith("[")) {
                throw new IllegalArgumentException("text without a code cannot start with [");
            }
        }

        /**
         * Returns a tagged response.
         *
         * @param tag  the command's tag
         * @param kind OK, NO or BAD
         * @param code the code, or {@code null} for none
         * @param text the text
         * @return the response
         */
        public static Status tagged(Tag tag, Kind kind, ResponseCode code, String text) {
            return new Status(Optional.of(tag), kind, Optional.ofNullable(code), text);
        }

        /**
         * Returns an untagged response.
         *
         * @param kind the kind
         * @param code the code, or {@code null} for none
         * @param text the text
         * @return the response
         */
        public static Status untagged(Kind kind, ResponseCode code, String text) {
            return new Status(Optional.empty(), kind, Optional.ofNullable(code), text);
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder();
            sb.append(tag.map(Tag::value).orElse("*")).append(' ').append(kind.name());
            code.ifPresent(c -> sb.append(" [").append(c.wire()).append(']'));
            // RFC 9051 §9: the SP after the code (or after the kind) is always there; IMAP4rev1
            // (RFC 3501 §9) also wants at least one character of text, so callers give some.
            sb.append(' ').append(text);
            return line(sb);
        }
    }

    /**
     * {@code * CAPABILITY ...} (RFC 9051 §7.2.2).
     *
     * @param capabilities the capabilities, at least one ({@code IMAP4rev2} must be among them
     *                     for a rev2 server)
     */
    record Capability(List<Atom> capabilities) implements ImapResponse {

        /**
         * Checks and copies.
         *
         * @param capabilities at least one capability
         */
        public Capability {
            capabilities = List.copyOf(capabilities);
            if (capabilities.isEmpty()) {
                throw new IllegalArgumentException("CAPABILITY lists at least one capability");
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* CAPABILITY ")
                    .append(capabilities.stream().map(Atom::value).collect(Collectors.joining(" "))));
        }
    }

    /**
     * {@code * n EXISTS} (RFC 9051 §7.4.1).
     *
     * @param count the number of messages, 0 to 4294967295
     */
    record Exists(long count) implements ImapResponse {

        /**
         * Checks the range.
         *
         * @param count the number of messages
         */
        public Exists {
            if (count < 0 || count > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("EXISTS count must be 0 to 4294967295: " + count);
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* ").append(count).append(" EXISTS"));
        }
    }

    /**
     * {@code * n EXPUNGE} (RFC 9051 §7.5.1).
     *
     * @param sequenceNumber the expunged message's sequence number, 1 to 4294967295
     */
    record Expunge(long sequenceNumber) implements ImapResponse {

        /**
         * Checks the range.
         *
         * @param sequenceNumber the sequence number
         */
        public Expunge {
            if (sequenceNumber < 1 || sequenceNumber > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("sequence numbers are 1 to 4294967295: " + sequenceNumber);
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* ").append(sequenceNumber).append(" EXPUNGE"));
        }
    }

    /**
     * {@code * FLAGS (...)} (RFC 9051 §7.3.5).
     *
     * @param flags the flags defined in the mailbox
     */
    record Flags(List<Flag> flags) implements ImapResponse {

        /**
         * Copies.
         *
         * @param flags the flags
         */
        public Flags {
            flags = List.copyOf(flags);
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* FLAGS ")
                    .append(flags.stream().map(Flag::wire).collect(Collectors.joining(" ", "(", ")"))));
        }
    }

    /**
     * A continuation request, {@code + text} (RFC 9051 §7.6): the answer to an accepted
     * synchronising literal, or a SASL challenge in base64.
     *
     * @param text the text or base64 challenge; may be empty ({@code "+ "})
     */
    record Continuation(String text) implements ImapResponse {

        /**
         * Checks the text.
         *
         * @param text the text
         */
        public Continuation {
            checkText(text);
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("+ ").append(text));
        }
    }

    /**
     * {@code * n RECENT} (IMAP4rev1, RFC 3501 §7.3.2).
     *
     * @param count the number of messages with {@code \Recent}
     */
    record Recent(long count) implements ImapResponse {
        /**
         * Checks the range.
         *
         * @param count the number
         */
        public Recent {
            if (count < 0 || count > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("RECENT count must be 0 to 4294967295: " + count);
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* ").append(count).append(" RECENT"));
        }
    }

    /**
     * {@code * n FETCH (items)} (RFC 9051 §7.5.2).
     *
     * @param sequenceNumber the message's sequence number, 1 to 4294967295
     * @param items          the data items, at least one
     */
    record Fetch(long sequenceNumber, List<FetchData> items) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param sequenceNumber the sequence number
         * @param items          at least one item
         */
        public Fetch {
            if (sequenceNumber < 1 || sequenceNumber > SequenceSet.MAX_NUMBER) {
                throw new IllegalArgumentException("sequence numbers are 1 to 4294967295: " + sequenceNumber);
            }
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("FETCH carries at least one item");
            }
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalStateException if an item holds a {@link Fragment.StreamedLiteral},
         *     whose octets are gone
         */
        @Override
        public byte[] toBytes() {
            return write(null).get(0);
        }

        /**
         * Encodes the response around the literals it streams: segment {@code i} ends with the
         * announcement ({@code {n}CRLF} or {@code ~{n}CRLF}) of the i-th
         * {@link Fragment.StreamedLiteral}, after which the caller writes that literal's
         * {@code n} octets from wherever it keeps them; the last segment ends the response. A
         * response with no streamed literal is one segment, equal to {@link #toBytes()}. This
         * lets a server send a large {@code BODY[]} without holding it (RFC 9051 §7.5.2).
         *
         * @return the segments, one more than the streamed literals
         */
        public List<byte[]> toSegments() {
            return write(new java.util.ArrayList<>());
        }

        private List<byte[]> write(List<byte[]> segments) {
            ResponseWriter out = new ResponseWriter(true);
            out.text("* ").number(sequenceNumber).text(" FETCH (");
            for (int i = 0; i < items.size(); i++) {
                out.text(i == 0 ? "" : " ");
                FetchData item = items.get(i);
                if (item instanceof FetchData.Flags f) {
                    out.text(f.flags().stream().map(Flag::wire).collect(Collectors.joining(" ", "FLAGS (", ")")));
                } else if (item instanceof FetchData.InternalDate d) {
                    out.text("INTERNALDATE \"").text(ImapDates.dateTime(d.date())).text("\"");
                } else if (item instanceof FetchData.Rfc822Size size) {
                    out.text("RFC822.SIZE ").number(size.size());
                } else if (item instanceof FetchData.Uid uid) {
                    out.text("UID ").number(uid.uid());
                } else if (item instanceof FetchData.ModSeq m) {
                    out.text("MODSEQ (").number(m.modSeq()).text(")");
                } else if (item instanceof FetchData.EnvelopeData e) {
                    out.text("ENVELOPE ").envelope(e.envelope());
                } else if (item instanceof FetchData.Body b) {
                    out.text(b.structure() ? "BODYSTRUCTURE " : "BODY ").body(b.body());
                } else if (item instanceof FetchData.BodySection b) {
                    out.text("BODY[").text(b.section().wire()).text("]");
                    b.origin().ifPresent(o -> out.text("<").number(o).text(">"));
                    out.text(" ");
                    data(out, b.data(), false, segments);
                } else if (item instanceof FetchData.Rfc822 r) {
                    out.text(r.kind().wire()).text(" ");
                    data(out, r.data(), false, segments);
                } else if (item instanceof FetchData.Binary b) {
                    out.text("BINARY[").text(path(b.part())).text("] ");
                    data(out, b.data(), true, segments);
                } else if (item instanceof FetchData.BinarySize b) {
                    out.text("BINARY.SIZE[").text(path(b.part())).text("] ").number(b.size());
                } else if (item instanceof FetchData.EmailId e) {
                    out.text("EMAILID (").text(e.id()).text(")");
                } else if (item instanceof FetchData.ThreadId t) {
                    out.text(t.id().map(id -> "THREADID (" + id + ")").orElse("THREADID NIL"));
                }
            }
            byte[] last = out.text(")").line();
            if (segments == null) {
                return List.of(last);
            }
            segments.add(last);
            return segments;
        }

        private static void data(ResponseWriter out, Optional<Fragment> data, boolean binary, List<byte[]> segments) {
            if (data.isEmpty()) {
                out.text("NIL");
            } else if (data.get() instanceof Fragment.Literal l) {
                out.literal(l.array(), binary || l.binary());
            } else if (segments != null) {
                Fragment.StreamedLiteral streamed = (Fragment.StreamedLiteral) data.get();
                out.text(binary || streamed.binary() ? "~{" : "{").number(streamed.size()).text("}\r\n");
                segments.add(out.cut());
            } else {
                throw new IllegalStateException("a streamed literal cannot be written again");
            }
        }

        private static String path(List<Long> part) {
            return part.stream().map(String::valueOf).collect(Collectors.joining("."));
        }
    }

    /**
     * {@code * LIST (attributes) delimiter name [(extended data)]} or {@code * LSUB ...}
     * (RFC 9051 §7.3.1, RFC 5258 §4, RFC 6154).
     *
     * @param lsub       {@code true} for LSUB (IMAP4rev1)
     * @param attributes the name attributes such as {@code \Noselect}, {@code \HasChildren},
     *                   {@code \Sent}: atoms after a backslash, or keywords
     * @param delimiter  the hierarchy delimiter, or empty for NIL (a flat namespace)
     * @param name       the mailbox name
     * @param extended   the extended data items such as {@code CHILDINFO}, tag and value
     */
    record ListMailbox(boolean lsub, List<Flag> attributes, Optional<Character> delimiter, MailboxName name,
            List<ExtendedItem> extended) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param lsub       whether LSUB
         * @param attributes the attributes
         * @param delimiter  the delimiter, if any: 7-bit, not CR, LF or NUL
         * @param name       the name
         * @param extended   the extended items
         */
        public ListMailbox {
            attributes = List.copyOf(attributes);
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(name, "name");
            extended = List.copyOf(extended);
            if (delimiter.isPresent() && (delimiter.get() >= 0x80 || !org.mailwire.imap.types.ImapSyntax.isQuotable(delimiter.get()))) {
                throw new IllegalArgumentException("the delimiter is a 7-bit character other than CR, LF and NUL");
            }
        }

        @Override
        public byte[] toBytes() {
            return toBytes(true);
        }

        @Override
        public byte[] toBytes(boolean utf8) {
            ResponseWriter out = new ResponseWriter(utf8);
            out.text(lsub ? "* LSUB " : "* LIST ")
                    .text(attributes.stream().map(Flag::wire).collect(Collectors.joining(" ", "(", ")"))).text(" ");
            writeDelimiter(out, delimiter);
            out.text(" ").mailbox(name);
            if (!extended.isEmpty()) {
                out.text(" (");
                for (int i = 0; i < extended.size(); i++) {
                    out.text(i == 0 ? "" : " ").string(extended.get(i).tag()).text(" ").extension(extended.get(i).value());
                }
                out.text(")");
            }
            return out.line();
        }
    }

    /**
     * One extended data item of a LIST response (RFC 5258 §4 {@code mbox-list-extended-item}).
     *
     * @param tag   the item's tag, such as {@code CHILDINFO}
     * @param value the value
     */
    record ExtendedItem(String tag, ExtensionValue value) {
        /**
         * Checks presence.
         *
         * @param tag   the tag
         * @param value the value
         */
        public ExtendedItem {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code * STATUS mailbox (item value ...)} (RFC 9051 §7.3.4, RFC 7162 §3.1.8,
     * RFC 8438, RFC 7889).
     *
     * @param name   the mailbox
     * @param values each item with its value, in the order sent
     */
    record MailboxStatus(MailboxName name, List<StatusValue> values) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param name   the mailbox
         * @param values the values
         */
        public MailboxStatus {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        @Override
        public byte[] toBytes() {
            return toBytes(true);
        }

        @Override
        public byte[] toBytes(boolean utf8) {
            ResponseWriter out = new ResponseWriter(utf8);
            out.text("* STATUS ").mailbox(name).text(" (");
            for (int i = 0; i < values.size(); i++) {
                StatusValue v = values.get(i);
                out.text(i == 0 ? "" : " ").text(v.item().wire()).text(" ");
                if (v.objectId().isPresent()) {
                    out.text("(").text(v.objectId().get()).text(")");
                } else if (v.value().isPresent()) {
                    out.number(v.value().getAsLong());
                } else {
                    out.text("NIL");
                }
            }
            return out.text(")").line();
        }
    }

    /**
     * One STATUS item and its value.
     *
     * @param item     the item
     * @param value    the value, {@code >= 0}; empty (NIL) for APPENDLIMIT, meaning no limit
     *                 (RFC 7889 §4), and for MAILBOXID, whose value is {@code objectId}
     * @param objectId the object id of MAILBOXID (RFC 8474 §4.3), written {@code (id)}; empty
     *                 for every other item
     */
    record StatusValue(ImapCommand.StatusItem item, OptionalLong value, Optional<String> objectId) {
        /**
         * Checks the value.
         *
         * @param item     the item
         * @param value    the value
         * @param objectId the object id, for MAILBOXID only
         */
        public StatusValue {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(objectId, "objectId");
            if (value.isPresent() && value.getAsLong() < 0) {
                throw new IllegalArgumentException("status values are not negative");
            }
            boolean mailboxId = item == ImapCommand.StatusItem.MAILBOXID;
            if (mailboxId != objectId.isPresent() || (mailboxId && value.isPresent())) {
                throw new IllegalArgumentException("MAILBOXID, and only it, has an object id instead of a number");
            }
            if (value.isEmpty() && !mailboxId && item != ImapCommand.StatusItem.APPENDLIMIT) {
                throw new IllegalArgumentException("only APPENDLIMIT may be NIL");
            }
            if (mailboxId && !org.mailwire.imap.types.ImapSyntax.isObjectId(objectId.get())) {
                throw new IllegalArgumentException("not an object id");
            }
        }

        /**
         * Returns an item with a number, or NIL.
         *
         * @param item  the item, not MAILBOXID
         * @param value the value, {@code >= 0}, or empty for NIL (APPENDLIMIT only)
         */
        public StatusValue(ImapCommand.StatusItem item, OptionalLong value) {
            this(item, value, Optional.empty());
        }

        /**
         * Returns an item with a number.
         *
         * @param item  the item
         * @param value the value, {@code >= 0}
         */
        public StatusValue(ImapCommand.StatusItem item, long value) {
            this(item, OptionalLong.of(value));
        }

        /**
         * Returns {@code MAILBOXID (id)} (RFC 8474 §4.3).
         *
         * @param objectId the mailbox's object id
         * @return the value
         */
        public static StatusValue mailboxId(String objectId) {
            return new StatusValue(ImapCommand.StatusItem.MAILBOXID, OptionalLong.empty(), Optional.of(objectId));
        }
    }

    /**
     * {@code * SEARCH n...[ (MODSEQ m)]} (RFC 9051 §7.3.6 for IMAP4rev1 clients, RFC 7162 §3.1.5).
     *
     * @param numbers the matching sequence numbers or UIDs, each 1 to 4294967295
     * @param modSeq  the highest mod-sequence of the matches, for a SEARCH with MODSEQ
     */
    record Search(List<Long> numbers, Optional<Long> modSeq) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param numbers the numbers
         * @param modSeq  the mod-sequence, if any; only with numbers
         */
        public Search {
            numbers = List.copyOf(numbers);
            Objects.requireNonNull(modSeq, "modSeq");
            for (long n : numbers) {
                if (n < 1 || n > SequenceSet.MAX_NUMBER) {
                    throw new IllegalArgumentException("numbers are 1 to 4294967295");
                }
            }
            if (modSeq.isPresent() && (numbers.isEmpty() || modSeq.get() < 1)) {
                throw new IllegalArgumentException("MODSEQ comes after matches, 1 to 2^63-1");
            }
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder("* SEARCH");
            numbers.forEach(n -> sb.append(' ').append(n));
            modSeq.ifPresent(m -> sb.append(" (MODSEQ ").append(m).append(')'));
            return line(sb);
        }
    }

    /**
     * {@code * ESEARCH [(TAG "t")] [UID] [MIN n] [MAX n] [ALL set] [COUNT n] [MODSEQ m]}
     * (RFC 4731 §3.1, RFC 9051 §7.3.4, RFC 7162 §3.1.5).
     *
     * @param tag    the tag of the command it answers, if given
     * @param uid    {@code true} if the numbers are UIDs
     * @param min    the lowest match
     * @param max    the highest match
     * @param all    all matches
     * @param count  the number of matches
     * @param modSeq the highest mod-sequence of the matches
     */
    record Esearch(Optional<Tag> tag, boolean uid, Optional<Long> min, Optional<Long> max, Optional<SequenceSet> all,
            Optional<Long> count, Optional<Long> modSeq) implements ImapResponse {
        /**
         * Checks presence.
         *
         * @param tag    the tag
         * @param uid    whether UIDs
         * @param min    MIN
         * @param max    MAX
         * @param all    ALL
         * @param count  COUNT
         * @param modSeq MODSEQ
         */
        public Esearch {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(all, "all");
            Objects.requireNonNull(count, "count");
            Objects.requireNonNull(modSeq, "modSeq");
            if (all.isPresent() && all.get() instanceof SequenceSet.SavedResult) {
                throw new IllegalArgumentException("ESEARCH ALL is a set of numbers");
            }
            // RFC 4731 §7: MIN and MAX are nz-number, COUNT a number; RFC 7162 §7: MODSEQ is
            // a mod-sequence-value.
            if (min.filter(v -> v < 1 || v > SequenceSet.MAX_NUMBER).isPresent()
                    || max.filter(v -> v < 1 || v > SequenceSet.MAX_NUMBER).isPresent()
                    || count.filter(v -> v < 0 || v > SequenceSet.MAX_NUMBER).isPresent()
                    || modSeq.filter(v -> v < 1).isPresent()) {
                throw new IllegalArgumentException("ESEARCH value out of range");
            }
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder("* ESEARCH");
            tag.ifPresent(t -> sb.append(" (TAG \"").append(t.value()).append("\")"));
            if (uid) {
                sb.append(" UID");
            }
            min.ifPresent(v -> sb.append(" MIN ").append(v));
            max.ifPresent(v -> sb.append(" MAX ").append(v));
            // COUNT before ALL: the order of the RFC 9051 §7.3.4 and RFC 4731 examples.
            count.ifPresent(v -> sb.append(" COUNT ").append(v));
            all.ifPresent(v -> sb.append(" ALL ").append(v.wire()));
            modSeq.ifPresent(v -> sb.append(" MODSEQ ").append(v));
            return line(sb);
        }
    }

    /**
     * {@code * VANISHED [(EARLIER)] uids} (RFC 7162 §3.2.10).
     *
     * @param earlier {@code true} for {@code (EARLIER)}: an answer to UID FETCH or SELECT, not news
     * @param uids    the expunged UIDs
     */
    record Vanished(boolean earlier, SequenceSet uids) implements ImapResponse {
        /**
         * Checks presence.
         *
         * @param earlier whether EARLIER
         * @param uids    the UIDs, not {@code $}
         */
        public Vanished {
            Objects.requireNonNull(uids, "uids");
            if (uids instanceof SequenceSet.SavedResult) {
                throw new IllegalArgumentException("VANISHED names UIDs");
            }
        }

        @Override
        public byte[] toBytes() {
            return line(new StringBuilder("* VANISHED ").append(earlier ? "(EARLIER) " : "").append(uids.wire()));
        }
    }

    /**
     * {@code * ENABLED capability...} (RFC 5161 §3.2).
     *
     * @param capabilities the capabilities enabled now; may be empty
     */
    record Enabled(List<Atom> capabilities) implements ImapResponse {
        /**
         * Copies.
         *
         * @param capabilities the capabilities
         */
        public Enabled {
            capabilities = List.copyOf(capabilities);
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder("* ENABLED");
            capabilities.forEach(a -> sb.append(' ').append(a.value()));
            return line(sb);
        }
    }

    /**
     * {@code * ID (field value ...)} or {@code * ID NIL} (RFC 2971 §3.2).
     *
     * @param fields the server's fields, at most 30; empty for NIL
     */
    record Id(Optional<List<ImapCommand.IdField>> fields) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param fields the fields, or empty for NIL
         */
        public Id {
            fields = fields.map(List::copyOf);
            if (fields.isPresent() && (fields.get().isEmpty() || fields.get().size() > 30)) {
                throw new IllegalArgumentException("ID sends 1 to 30 fields, or NIL");
            }
        }

        @Override
        public byte[] toBytes() {
            ResponseWriter out = new ResponseWriter(true);
            out.text("* ID ");
            if (fields.isEmpty()) {
                out.text("NIL");
            } else {
                out.text("(");
                for (int i = 0; i < fields.get().size(); i++) {
                    ImapCommand.IdField f = fields.get().get(i);
                    out.text(i == 0 ? "" : " ").string(f.name()).text(" ").nstring(f.value());
                }
                out.text(")");
            }
            return out.line();
        }
    }

    /**
     * One namespace of a NAMESPACE response: its prefix, hierarchy delimiter and extensions.
     *
     * @param prefix     the prefix, such as {@code ""} or {@code "#shared/"}
     * @param delimiter  the delimiter, or empty for NIL
     * @param extensions the namespace response extensions (RFC 2342 §5
     *                   {@code Namespace_Response_Extension}, RFC 9051 {@code namespace-response-extension}):
     *                   each a name and a non-empty list of strings, as {@link ExtensionValue.Items}
     */
    record NamespaceDescription(String prefix, Optional<Character> delimiter, List<ExtendedItem> extensions) {
        /**
         * Checks the values.
         *
         * @param prefix     the prefix, no NUL
         * @param delimiter  the delimiter, if any: 7-bit, not CR, LF or NUL
         * @param extensions the extensions, each value a non-empty list of strings
         */
        public NamespaceDescription {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(delimiter, "delimiter");
            extensions = List.copyOf(extensions);
            if (prefix.indexOf(0) >= 0 || (delimiter.isPresent() && (delimiter.get() >= 0x80
                    || !org.mailwire.imap.types.ImapSyntax.isQuotable(delimiter.get())))) {
                throw new IllegalArgumentException("invalid namespace prefix or delimiter");
            }
            for (ExtendedItem e : extensions) {
                if (e.tag().indexOf(0) >= 0 || !(e.value() instanceof ExtensionValue.Items items)
                        || items.items().isEmpty()
                        || !items.items().stream().allMatch(v -> v instanceof ExtensionValue.Str)) {
                    throw new IllegalArgumentException("a namespace extension is a name and a list of strings");
                }
            }
        }

        /**
         * Returns a namespace without extensions.
         *
         * @param prefix    the prefix, no NUL
         * @param delimiter the delimiter, if any
         */
        public NamespaceDescription(String prefix, Optional<Character> delimiter) {
            this(prefix, delimiter, List.of());
        }
    }

    /**
     * {@code * NAMESPACE personal other shared} (RFC 2342 §5, RFC 9051 §7.3.5); an empty list
     * is written NIL.
     *
     * @param personal the personal namespaces
     * @param other    other users' namespaces
     * @param shared   the shared namespaces
     */
    record Namespace(List<NamespaceDescription> personal, List<NamespaceDescription> other,
            List<NamespaceDescription> shared) implements ImapResponse {
        /**
         * Copies.
         *
         * @param personal the personal namespaces
         * @param other    other users' namespaces
         * @param shared   the shared namespaces
         */
        public Namespace {
            personal = List.copyOf(personal);
            other = List.copyOf(other);
            shared = List.copyOf(shared);
        }

        @Override
        public byte[] toBytes() {
            ResponseWriter out = new ResponseWriter(true);
            out.text("* NAMESPACE");
            for (List<NamespaceDescription> list : List.of(personal, other, shared)) {
                out.text(" ");
                if (list.isEmpty()) {
                    out.text("NIL");
                    continue;
                }
                // namespace = nil / "(" 1*namespace-descr ")": no space between descriptions.
                out.text("(");
                for (NamespaceDescription d : list) {
                    out.text("(").string(d.prefix()).text(" ");
                    writeDelimiter(out, d.delimiter());
                    for (ExtendedItem e : d.extensions()) {
                        out.text(" ").string(e.tag()).text(" ").extension(e.value());
                    }
                    out.text(")");
                }
                out.text(")");
            }
            return out.line();
        }
    }

    /**
     * One resource of a QUOTA response (RFC 9208 §5.1).
     *
     * @param name  the resource name, such as {@code STORAGE} (in KiB) or {@code MESSAGE}
     * @param usage the current usage, 0 to 2^63-1
     * @param limit the limit, 0 to 2^63-1
     */
    record QuotaResource(Atom name, long usage, long limit) {
        /**
         * Checks the values.
         *
         * @param name  the name
         * @param usage the usage
         * @param limit the limit
         */
        public QuotaResource {
            Objects.requireNonNull(name, "name");
            if (usage < 0 || limit < 0) {
                throw new IllegalArgumentException("quota numbers are not negative");
            }
        }
    }

    /**
     * {@code * QUOTA root (resource usage limit ...)} (RFC 9208 §5.1).
     *
     * @param root      the quota root, possibly empty
     * @param resources the resources
     */
    record Quota(String root, List<QuotaResource> resources) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param root      the root, no NUL
         * @param resources the resources
         */
        public Quota {
            if (root.indexOf(0) >= 0) {
                throw new IllegalArgumentException("a quota root cannot hold NUL");
            }
            resources = List.copyOf(resources);
        }

        @Override
        public byte[] toBytes() {
            ResponseWriter out = new ResponseWriter(true);
            out.text("* QUOTA ").astring(root.getBytes(StandardCharsets.UTF_8)).text(" (");
            for (int i = 0; i < resources.size(); i++) {
                QuotaResource r = resources.get(i);
                out.text(i == 0 ? "" : " ").text(r.name().value()).text(" ").number(r.usage()).text(" ")
                        .number(r.limit());
            }
            return out.text(")").line();
        }
    }

    /**
     * {@code * QUOTAROOT mailbox root...} (RFC 9208 §5.2).
     *
     * @param mailbox the mailbox
     * @param roots   its quota roots
     */
    record QuotaRoot(MailboxName mailbox, List<String> roots) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param mailbox the mailbox
         * @param roots   the roots, no NUL
         */
        public QuotaRoot {
            Objects.requireNonNull(mailbox, "mailbox");
            roots = List.copyOf(roots);
            if (roots.stream().anyMatch(r -> r.indexOf(0) >= 0)) {
                throw new IllegalArgumentException("a quota root cannot hold NUL");
            }
        }

        @Override
        public byte[] toBytes() {
            return toBytes(true);
        }

        @Override
        public byte[] toBytes(boolean utf8) {
            ResponseWriter out = new ResponseWriter(utf8);
            out.text("* QUOTAROOT ").mailbox(mailbox);
            roots.forEach(r -> out.text(" ").astring(r.getBytes(StandardCharsets.UTF_8)));
            return out.line();
        }
    }

    /**
     * {@code * SORT n...[ (MODSEQ m)]} (RFC 5256 §4, RFC 7162 §3.1.5).
     *
     * @param numbers the sequence numbers or UIDs in sorted order
     * @param modSeq  the highest mod-sequence of the matches, for a SORT with MODSEQ
     */
    record Sort(List<Long> numbers, Optional<Long> modSeq) implements ImapResponse {
        /**
         * Checks and copies.
         *
         * @param numbers the numbers, each 1 to 4294967295
         * @param modSeq  the mod-sequence, if any; only with numbers
         */
        public Sort {
            numbers = new Search(numbers, modSeq).numbers();
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder("* SORT");
            numbers.forEach(n -> sb.append(' ').append(n));
            modSeq.ifPresent(m -> sb.append(" (MODSEQ ").append(m).append(')'));
            return line(sb);
        }
    }

    /**
     * One thread of a THREAD response (RFC 5256 §4 {@code thread-list}): messages in a chain,
     * then the branches that follow the last of them.
     *
     * @param members  the chain, in order; may be empty only if there are branches
     * @param branches the sub-threads after the chain; the grammar wants none or at least two,
     *                 but RFC 5256's own ORDEREDSUBJECT example sends one ({@code (206 (208))}),
     *                 so one is allowed and kept as sent
     */
    record ThreadNode(List<Long> members, List<ThreadNode> branches) {
        /**
         * Checks the shape.
         *
         * @param members  the chain
         * @param branches the branches
         */
        public ThreadNode {
            members = List.copyOf(members);
            branches = List.copyOf(branches);
            if (members.stream().anyMatch(n -> n < 1 || n > SequenceSet.MAX_NUMBER)) {
                throw new IllegalArgumentException("numbers are 1 to 4294967295");
            }
            if (members.isEmpty() && branches.isEmpty()) {
                throw new IllegalArgumentException("a thread has members or branches");
            }
        }

        void write(StringBuilder sb) {
            sb.append('(');
            for (int i = 0; i < members.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(members.get(i));
            }
            if (!branches.isEmpty() && !members.isEmpty()) {
                sb.append(' ');
            }
            branches.forEach(b -> b.write(sb));
            sb.append(')');
        }
    }

    /**
     * {@code * THREAD (...)...} (RFC 5256 §4).
     *
     * @param threads the threads; may be empty
     */
    record Thread(List<ThreadNode> threads) implements ImapResponse {
        /**
         * Copies.
         *
         * @param threads the threads
         */
        public Thread {
            threads = List.copyOf(threads);
        }

        @Override
        public byte[] toBytes() {
            StringBuilder sb = new StringBuilder("* THREAD");
            if (!threads.isEmpty()) {
                sb.append(' ');
                threads.forEach(t -> t.write(sb));
            }
            return line(sb);
        }
    }

    private static void writeDelimiter(ResponseWriter out, Optional<Character> delimiter) {
        if (delimiter.isPresent()) {
            char d = delimiter.get();
            out.text(d == '"' || d == '\\' ? "\"\\" + d + "\"" : "\"" + d + "\"");
        } else {
            out.text("NIL");
        }
    }

    private static void checkText(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("response text cannot hold CR, LF or NUL");
            }
        }
    }

    private static byte[] line(StringBuilder sb) {
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
