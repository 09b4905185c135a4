// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.SearchKey;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.imap.types.Tag;
import org.mailwire.imap.types.UidValidity;

/**
 * A client command as the server decodes it: one record per command, each with the client's
 * tag: the commands of RFC 9051 §6 and of the extensions CONDSTORE/QRESYNC (RFC 7162), ESEARCH
 * (RFC 4731), MOVE (RFC 6851), UIDPLUS (RFC 4315), LIST-EXTENDED (RFC 5258), LIST-STATUS
 * (RFC 5819), SPECIAL-USE (RFC 6154), NAMESPACE (RFC 2342), ID (RFC 2971), QUOTA (RFC 9208) and
 * BINARY (RFC 3516). The {@code uid} component of FETCH, STORE, SEARCH, COPY and MOVE tells the
 * {@code UID} form (RFC 9051 §6.4.9).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-6">RFC 9051 §6</a>
 */
public sealed interface ImapCommand {

    /**
     * Returns the command's tag, which its completion result repeats.
     *
     * @return the tag
     */
    Tag tag();

    /**
     * {@code CAPABILITY} (RFC 9051 §6.1.1).
     *
     * @param tag the tag
     */
    record Capability(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Capability {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code NOOP} (RFC 9051 §6.1.2).
     *
     * @param tag the tag
     */
    record Noop(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Noop {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code LOGOUT} (RFC 9051 §6.1.3).
     *
     * @param tag the tag
     */
    record Logout(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Logout {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code STARTTLS} (RFC 9051 §6.2.1). The session must drop every octet received after it
     * in plaintext (CVE-2011-0411).
     *
     * @param tag the tag
     */
    record StartTls(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public StartTls {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code AUTHENTICATE mechanism [initial-response]} (RFC 9051 §6.2.2, SASL-IR RFC 4959).
     *
     * @param tag             the tag
     * @param mechanism       the SASL mechanism name, as sent
     * @param initialResponse the base64 initial response as sent, {@code "="} for an empty one;
     *                        checked to be base64
     */
    record Authenticate(Tag tag, Atom mechanism, Optional<String> initialResponse) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag             the tag
         * @param mechanism       the mechanism
         * @param initialResponse the initial response, if any
         */
        public Authenticate {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
        }

        @Override
        public String toString() {
            // The initial response carries credentials; keep it out of logs.
            return "Authenticate[tag=" + tag + ", mechanism=" + mechanism
                    + (initialResponse.isPresent() ? ", initialResponse=<hidden>]" : "]");
        }
    }

    /**
     * {@code LOGIN user password} (RFC 9051 §6.2.3).
     *
     * @param tag      the tag
     * @param user     the user name
     * @param password the password
     */
    record Login(Tag tag, String user, String password) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag      the tag
         * @param user     the user name
         * @param password the password
         */
        public Login {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            // Never print the password (logs, test reports).
            return "Login[tag=" + tag + ", user=" + user + ", password=<hidden>]";
        }
    }

    /**
     * {@code ENABLE capability...} (RFC 5161, RFC 9051 §6.3.1).
     *
     * @param tag          the tag
     * @param capabilities the capabilities to enable, at least one
     */
    record Enable(Tag tag, List<Atom> capabilities) implements ImapCommand {
        /**
         * Checks presence and copies.
         *
         * @param tag          the tag
         * @param capabilities at least one capability
         */
        public Enable {
            Objects.requireNonNull(tag, "tag");
            capabilities = List.copyOf(capabilities);
            if (capabilities.isEmpty()) {
                throw new IllegalArgumentException("ENABLE names at least one capability");
            }
        }
    }

    /**
     * {@code SELECT mailbox [(params)]} (RFC 9051 §6.3.2, RFC 7162 §3.1.8, §3.2.5).
     *
     * @param tag        the tag
     * @param mailbox    the mailbox
     * @param parameters CONDSTORE and QRESYNC
     */
    record Select(Tag tag, MailboxName mailbox, SelectParameters parameters) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag        the tag
         * @param mailbox    the mailbox
         * @param parameters the parameters
         */
        public Select {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(parameters, "parameters");
        }

        /**
         * Returns the command without parameters.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Select(Tag tag, MailboxName mailbox) {
            this(tag, mailbox, SelectParameters.NONE);
        }
    }

    /**
     * {@code EXAMINE mailbox [(params)]}: SELECT read-only (RFC 9051 §6.3.3).
     *
     * @param tag        the tag
     * @param mailbox    the mailbox
     * @param parameters CONDSTORE and QRESYNC
     */
    record Examine(Tag tag, MailboxName mailbox, SelectParameters parameters) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag        the tag
         * @param mailbox    the mailbox
         * @param parameters the parameters
         */
        public Examine {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            Objects.requireNonNull(parameters, "parameters");
        }

        /**
         * Returns the command without parameters.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Examine(Tag tag, MailboxName mailbox) {
            this(tag, mailbox, SelectParameters.NONE);
        }
    }

    /**
     * {@code CREATE mailbox [(USE (special-use...))]} (RFC 9051 §6.3.4, CREATE-SPECIAL-USE
     * RFC 6154 §3).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     * @param uses    the special uses to give it, such as {@code \Sent}; empty for none
     */
    record Create(Tag tag, MailboxName mailbox, List<Flag> uses) implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         * @param uses    the special uses: backslash flags
         */
        public Create {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            uses = List.copyOf(uses);
            if (uses.stream().anyMatch(u -> u instanceof Flag.Keyword)) {
                throw new IllegalArgumentException("special uses are backslash flags (RFC 6154 §6 use-attr)");
            }
        }

        /**
         * Returns the command without special uses.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Create(Tag tag, MailboxName mailbox) {
            this(tag, mailbox, List.of());
        }
    }

    /**
     * {@code DELETE mailbox} (RFC 9051 §6.3.5).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Delete(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Delete {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code RENAME from to} (RFC 9051 §6.3.6).
     *
     * @param tag  the tag
     * @param from the existing mailbox
     * @param to   the new name
     */
    record Rename(Tag tag, MailboxName from, MailboxName to) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag  the tag
         * @param from the existing mailbox
         * @param to   the new name
         */
        public Rename {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * {@code SUBSCRIBE mailbox} (RFC 9051 §6.3.7).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Subscribe(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Subscribe {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code UNSUBSCRIBE mailbox} (RFC 9051 §6.3.8).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record Unsubscribe(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public Unsubscribe {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code LIST [(selection)] reference pattern(s) [RETURN (options)]} (RFC 9051 §6.3.9,
     * LIST-EXTENDED RFC 5258 §3, LIST-STATUS RFC 5819, SPECIAL-USE RFC 6154 §5).
     *
     * @param tag       the tag
     * @param selection the selection options, in the order sent
     * @param reference the reference name, decoded like a mailbox name (may be empty)
     * @param patterns  the mailbox patterns with their {@code *} and {@code %} wildcards, decoded
     *                  likewise; at least one
     * @param returns   the return options, in the order sent
     */
    record ListMailboxes(Tag tag, List<ListSelection> selection, String reference, List<String> patterns,
            List<ListReturn> returns) implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag       the tag
         * @param selection the selection options
         * @param reference the reference name
         * @param patterns  at least one pattern
         * @param returns   the return options
         * @throws IllegalArgumentException without a pattern, with RECURSIVEMATCH but no other
         *     selection option (RFC 5258 §3), or if the reference or a pattern is no valid
         *     mailbox name text (a control character, an unpaired surrogate)
         */
        public ListMailboxes {
            Objects.requireNonNull(tag, "tag");
            selection = List.copyOf(selection);
            MailboxName.of(reference);
            patterns = List.copyOf(patterns);
            patterns.forEach(MailboxName::of);
            returns = List.copyOf(returns);
            if (patterns.isEmpty()) {
                throw new IllegalArgumentException("LIST names at least one pattern");
            }
            if (selection.contains(ListSelection.RECURSIVEMATCH)
                    && selection.stream().allMatch(o -> o == ListSelection.RECURSIVEMATCH)) {
                throw new IllegalArgumentException("RECURSIVEMATCH needs another selection option");
            }
        }

        /**
         * Returns the basic command: one pattern, no options.
         *
         * @param tag       the tag
         * @param reference the reference name
         * @param pattern   the pattern
         */
        public ListMailboxes(Tag tag, String reference, String pattern) {
            this(tag, List.of(), reference, List.of(pattern), List.of());
        }

        /**
         * Returns the first pattern, the only one of a basic LIST.
         *
         * @return the first pattern
         */
        public String pattern() {
            return patterns.get(0);
        }
    }

    /**
     * {@code LSUB reference pattern} (IMAP4rev1, RFC 3501 §6.3.9).
     *
     * @param tag       the tag
     * @param reference the reference name
     * @param pattern   the pattern
     */
    record Lsub(Tag tag, String reference, String pattern) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag       the tag
         * @param reference the reference name
         * @param pattern   the pattern
         */
        public Lsub {
            Objects.requireNonNull(tag, "tag");
            // Both must be writable as mailbox names (no control characters).
            MailboxName.of(reference);
            MailboxName.of(pattern);
        }
    }

    /**
     * {@code NAMESPACE} (RFC 2342, RFC 9051 §6.3.10).
     *
     * @param tag the tag
     */
    record Namespace(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Namespace {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code CHECK} (IMAP4rev1, RFC 3501 §6.4.1).
     *
     * @param tag the tag
     */
    record Check(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Check {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code ID (field value ...)} or {@code ID NIL} (RFC 2971 §3.1).
     *
     * @param tag    the tag
     * @param fields the fields, at most 30; empty for {@code NIL}
     */
    record Id(Tag tag, Optional<List<IdField>> fields) implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag    the tag
         * @param fields the fields, or empty for NIL
         * @throws IllegalArgumentException with more than 30 fields or an empty list
         */
        public Id {
            Objects.requireNonNull(tag, "tag");
            fields = fields.map(List::copyOf);
            if (fields.isPresent() && (fields.get().isEmpty() || fields.get().size() > 30)) {
                throw new IllegalArgumentException("ID sends 1 to 30 fields, or NIL");
            }
        }
    }

    /**
     * {@code GETQUOTA root} (RFC 9208 §4.2).
     *
     * @param tag  the tag
     * @param root the quota root, possibly empty
     */
    record GetQuota(Tag tag, String root) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag  the tag
         * @param root the quota root
         */
        public GetQuota {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(root, "root");
        }
    }

    /**
     * {@code SETQUOTA root (resource limit ...)} (RFC 9208 §4.1.3; QUOTASET).
     *
     * @param tag    the tag
     * @param root   the quota root, possibly empty
     * @param limits the new limits, each resource at most once; empty removes every limit (the
     *               decoder takes at most 64)
     */
    record SetQuota(Tag tag, String root, List<QuotaLimit> limits) implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag    the tag
         * @param root   the quota root
         * @param limits the limits
         */
        public SetQuota {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(root, "root");
            limits = List.copyOf(limits);
            if (root.indexOf(0) >= 0) {
                throw new IllegalArgumentException("a quota root cannot hold NUL");
            }
        }
    }

    /**
     * One resource limit of SETQUOTA (RFC 9208 §4.1.3 {@code setquota-resource}).
     *
     * @param resource the resource, such as {@code STORAGE} (KiB) or {@code MESSAGE}
     * @param limit    the limit, 0 to 2^63-1
     */
    record QuotaLimit(Atom resource, long limit) {
        /**
         * Checks the values.
         *
         * @param resource the resource
         * @param limit    the limit
         */
        public QuotaLimit {
            Objects.requireNonNull(resource, "resource");
            if (limit < 0) {
                throw new IllegalArgumentException("quota limits are 0 to 2^63-1");
            }
        }
    }

    /**
     * {@code GETQUOTAROOT mailbox} (RFC 9208 §4.3).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     */
    record GetQuotaRoot(Tag tag, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         */
        public GetQuotaRoot {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code STATUS mailbox (items)} (RFC 9051 §6.3.11).
     *
     * @param tag     the tag
     * @param mailbox the mailbox
     * @param items   the requested items, at least one, in the order asked
     */
    record Status(Tag tag, MailboxName mailbox, List<StatusItem> items) implements ImapCommand {
        /**
         * Checks presence and copies.
         *
         * @param tag     the tag
         * @param mailbox the mailbox
         * @param items   at least one item
         */
        public Status {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("STATUS asks for at least one item");
            }
        }
    }

    /**
     * {@code APPEND mailbox [(flags)] [date-time] literal} (RFC 9051 §6.3.12); literal8 for
     * BINARY (RFC 3516 §4.4); {@code UTF8 (literal8)} for a message with UTF-8 header fields
     * (UTF8=ACCEPT, RFC 6855 §4).
     *
     * @param tag          the tag
     * @param mailbox      the mailbox
     * @param flags        the flags to set
     * @param internalDate the internal date to set, if given
     * @param message      the message: a {@link Fragment.Literal} or a
     *                     {@link Fragment.StreamedLiteral} already in the caller's sink
     * @param utf8         whether the message came as RFC 6855's {@code UTF8 (~{n}...)} data
     *                     extension; its literal is then a literal8
     */
    record Append(Tag tag, MailboxName mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
            Fragment message, boolean utf8) implements ImapCommand {
        /**
         * Checks presence and copies.
         *
         * @param tag          the tag
         * @param mailbox      the mailbox
         * @param flags        the flags
         * @param internalDate the date, if any
         * @param message      a literal or streamed literal
         * @param utf8         whether it is the UTF8 data extension
         */
        public Append {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mailbox, "mailbox");
            flags = List.copyOf(flags);
            Objects.requireNonNull(internalDate, "internalDate");
            if (message instanceof Fragment.Text || message == null) {
                throw new IllegalArgumentException("the message of APPEND is a literal");
            }
            boolean binary = message instanceof Fragment.Literal l ? l.binary()
                    : ((Fragment.StreamedLiteral) message).binary();
            if (utf8 && !binary) {
                throw new IllegalArgumentException("UTF8 (...) carries a literal8 (RFC 6855 §4)");
            }
        }

        /**
         * Returns an APPEND without the UTF8 data extension.
         *
         * @param tag          the tag
         * @param mailbox      the mailbox
         * @param flags        the flags
         * @param internalDate the date, if any
         * @param message      a literal or streamed literal
         */
        public Append(Tag tag, MailboxName mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
                Fragment message) {
            this(tag, mailbox, flags, internalDate, message, false);
        }
    }

    /**
     * {@code IDLE} (RFC 2177, RFC 9051 §6.3.13); the client ends it with a {@code DONE} line,
     * which {@link ImapCommandDecoder#isDone(ImapFrame.Line)} recognises.
     *
     * @param tag the tag
     */
    record Idle(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Idle {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code COMPRESS mechanism} (RFC 4978 §3): after the tagged OK both directions are
     * compressed; {@code DEFLATE} is the one mechanism defined.
     *
     * @param tag       the tag
     * @param mechanism the mechanism, an atom such as {@code DEFLATE}
     */
    record Compress(Tag tag, Atom mechanism) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag       the tag
         * @param mechanism the mechanism
         */
        public Compress {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(mechanism, "mechanism");
        }
    }

    /**
     * {@code CLOSE} (RFC 9051 §6.4.1).
     *
     * @param tag the tag
     */
    record Close(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Close {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code UNSELECT} (RFC 3691, RFC 9051 §6.4.2).
     *
     * @param tag the tag
     */
    record Unselect(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Unselect {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code EXPUNGE} (RFC 9051 §6.4.3).
     *
     * @param tag the tag
     */
    record Expunge(Tag tag) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         */
        public Expunge {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * {@code [UID] FETCH set items [(modifiers)]} (RFC 9051 §6.4.5, RFC 7162 §3.1.4, §3.2.6).
     *
     * @param tag          the tag
     * @param uid          {@code true} for {@code UID FETCH}
     * @param set          the messages
     * @param items        a macro or the items
     * @param changedSince the CHANGEDSINCE modifier (1 to 2^63-1), if any
     * @param vanished     the VANISHED modifier: only with UID FETCH and CHANGEDSINCE
     */
    record Fetch(Tag tag, boolean uid, SequenceSet set, FetchItems items, Optional<Long> changedSince,
            boolean vanished) implements ImapCommand {
        /**
         * Checks the combination.
         *
         * @param tag          the tag
         * @param uid          whether UID FETCH
         * @param set          the messages
         * @param items        the items
         * @param changedSince the modifier, if any
         * @param vanished     the modifier
         * @throws IllegalArgumentException if CHANGEDSINCE is below 1, or VANISHED comes without UID
         *     or without CHANGEDSINCE (RFC 7162 §3.2.6)
         */
        public Fetch {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(items, "items");
            Objects.requireNonNull(changedSince, "changedSince");
            if (changedSince.isPresent() && changedSince.get() < 1) {
                throw new IllegalArgumentException("CHANGEDSINCE is 1 to 2^63-1");
            }
            if (vanished && (!uid || changedSince.isEmpty())) {
                throw new IllegalArgumentException("VANISHED needs UID FETCH and CHANGEDSINCE");
            }
        }
    }

    /**
     * What a FETCH asks for: a macro or a list of items (RFC 9051 §6.4.5).
     */
    sealed interface FetchItems permits FetchMacro, FetchItemList {
    }

    /** The FETCH macros, each standing for a fixed list of items. */
    enum FetchMacro implements FetchItems {
        /** {@code ALL}: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE. */
        ALL,
        /** {@code FAST}: FLAGS INTERNALDATE RFC822.SIZE. */
        FAST,
        /** {@code FULL}: FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY. */
        FULL
    }

    /**
     * The items of a FETCH; one item is written bare, several in parentheses.
     *
     * @param items at least one item, in the order asked
     */
    record FetchItemList(List<FetchItem> items) implements FetchItems {
        /**
         * Checks and copies.
         *
         * @param items at least one item
         */
        public FetchItemList {
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("FETCH asks for at least one item");
            }
        }
    }

    /**
     * {@code [UID] STORE set [(UNCHANGEDSINCE n)] action} (RFC 9051 §6.4.6, RFC 7162 §3.1.3).
     *
     * @param tag            the tag
     * @param uid            {@code true} for {@code UID STORE}
     * @param set            the messages
     * @param unchangedSince the UNCHANGEDSINCE modifier (0 to 2^63-1), if any
     * @param action         what to do to the flags
     */
    record Store(Tag tag, boolean uid, SequenceSet set, Optional<Long> unchangedSince, StoreAction action)
            implements ImapCommand {
        /**
         * Checks the values.
         *
         * @param tag            the tag
         * @param uid            whether UID STORE
         * @param set            the messages
         * @param unchangedSince the modifier, if any
         * @param action         the action
         */
        public Store {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(unchangedSince, "unchangedSince");
            Objects.requireNonNull(action, "action");
            if (unchangedSince.isPresent() && unchangedSince.get() < 0) {
                throw new IllegalArgumentException("UNCHANGEDSINCE is 0 to 2^63-1");
            }
        }
    }

    /**
     * {@code [UID] SEARCH [RETURN (options)] [CHARSET name] keys} (RFC 9051 §6.4.4, ESEARCH
     * RFC 4731 §3, SEARCHRES RFC 5182).
     *
     * @param tag           the tag
     * @param uid           {@code true} for {@code UID SEARCH}
     * @param returnOptions the RETURN options if RETURN was given (an empty list means
     *                      {@code RETURN ()}, which is {@code ALL} as ESEARCH)
     * @param charset       the CHARSET, if given
     * @param keys          at least one key, all of which must match
     */
    record Search(Tag tag, boolean uid, Optional<List<SearchReturn>> returnOptions, Optional<String> charset,
            List<SearchKey> keys) implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag           the tag
         * @param uid           whether UID SEARCH
         * @param returnOptions the RETURN options, if any
         * @param charset       the charset, if any: an atom or a quoted string's characters
         * @param keys          at least one key
         */
        public Search {
            Objects.requireNonNull(tag, "tag");
            returnOptions = returnOptions.map(List::copyOf);
            Objects.requireNonNull(charset, "charset");
            charset.ifPresent(c -> {
                if (c.isEmpty() || c.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7F)) {
                    throw new IllegalArgumentException("a charset name is printable ASCII");
                }
            });
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("SEARCH needs at least one key");
            }
        }
    }

    /** The RETURN options of an extended SEARCH (RFC 4731 §3.1, RFC 5182 §2.4). */
    enum SearchReturn {
        /** The lowest match. */
        MIN,
        /** The highest match. */
        MAX,
        /** All matches, as a sequence set. */
        ALL,
        /** The number of matches. */
        COUNT,
        /** Keep the result for {@code $} (SEARCHRES). */
        SAVE
    }

    /**
     * {@code [UID] COPY set mailbox} (RFC 9051 §6.4.7).
     *
     * @param tag     the tag
     * @param uid     {@code true} for {@code UID COPY}
     * @param set     the messages
     * @param mailbox the destination
     */
    record Copy(Tag tag, boolean uid, SequenceSet set, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param uid     whether UID COPY
         * @param set     the messages
         * @param mailbox the destination
         */
        public Copy {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code [UID] MOVE set mailbox} (RFC 6851 §3, RFC 9051 §6.4.8).
     *
     * @param tag     the tag
     * @param uid     {@code true} for {@code UID MOVE}
     * @param set     the messages
     * @param mailbox the destination
     */
    record Move(Tag tag, boolean uid, SequenceSet set, MailboxName mailbox) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag     the tag
         * @param uid     whether UID MOVE
         * @param set     the messages
         * @param mailbox the destination
         */
        public Move {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * {@code UID EXPUNGE set} (UIDPLUS RFC 4315 §2.1, RFC 9051 §6.4.9).
     *
     * @param tag the tag
     * @param set the UIDs to expunge if they are {@code \Deleted}
     */
    record UidExpunge(Tag tag, SequenceSet set) implements ImapCommand {
        /**
         * Checks presence.
         *
         * @param tag the tag
         * @param set the UIDs
         */
        public UidExpunge {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(set, "set");
        }
    }

    /**
     * The parameters of SELECT and EXAMINE: {@code CONDSTORE} (RFC 7162 §3.1.8) and
     * {@code QRESYNC (...)} (RFC 7162 §3.2.5).
     *
     * @param condStore {@code true} for {@code (CONDSTORE)}
     * @param qresync   the QRESYNC parameter, if given
     */
    record SelectParameters(boolean condStore, Optional<Qresync> qresync) {

        /** No parameters. */
        public static final SelectParameters NONE = new SelectParameters(false, Optional.empty());

        /**
         * Checks presence.
         *
         * @param condStore whether CONDSTORE
         * @param qresync   the QRESYNC parameter, if any
         */
        public SelectParameters {
            Objects.requireNonNull(qresync, "qresync");
        }
    }

    /**
     * {@code QRESYNC (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])}
     * (RFC 7162 §3.2.5).
     *
     * @param uidValidity the last known UIDVALIDITY
     * @param modSeq      the last known mod-sequence, 1 to 2^63-1
     * @param knownUids   the UIDs the client knows, if sent
     * @param seqMatch    message numbers and the UIDs they had, if sent
     */
    record Qresync(UidValidity uidValidity, long modSeq, Optional<SequenceSet> knownUids,
            Optional<SeqMatch> seqMatch) {
        /**
         * Checks the values.
         *
         * @param uidValidity the UIDVALIDITY
         * @param modSeq      the mod-sequence
         * @param knownUids   the known UIDs, if any
         * @param seqMatch    the sequence match data, if any
         */
        public Qresync {
            Objects.requireNonNull(uidValidity, "uidValidity");
            Objects.requireNonNull(knownUids, "knownUids");
            Objects.requireNonNull(seqMatch, "seqMatch");
            if (modSeq < 1) {
                throw new IllegalArgumentException("the QRESYNC mod-sequence is 1 to 2^63-1");
            }
        }
    }

    /**
     * {@code (known-sequence-set known-uid-set)} of QRESYNC (RFC 7162 §3.2.5.2).
     *
     * @param sequenceNumbers message numbers
     * @param uids            the UIDs the client believes they have
     */
    record SeqMatch(SequenceSet sequenceNumbers, SequenceSet uids) {
        /**
         * Checks presence.
         *
         * @param sequenceNumbers the numbers
         * @param uids            the UIDs
         */
        public SeqMatch {
            Objects.requireNonNull(sequenceNumbers, "sequenceNumbers");
            Objects.requireNonNull(uids, "uids");
        }
    }

    /** The selection options of LIST-EXTENDED (RFC 5258 §3.1, RFC 6154 §5.1). */
    enum ListSelection {
        /** {@code SUBSCRIBED}. */
        SUBSCRIBED("SUBSCRIBED"),
        /** {@code REMOTE}. */
        REMOTE("REMOTE"),
        /** {@code RECURSIVEMATCH}: needs another option. */
        RECURSIVEMATCH("RECURSIVEMATCH"),
        /** {@code SPECIAL-USE}: only mailboxes with a special use. */
        SPECIAL_USE("SPECIAL-USE");

        private final String wire;

        ListSelection(String wire) {
            this.wire = wire;
        }

        /**
         * Returns the wire form.
         *
         * @return the option's name
         */
        public String wire() {
            return wire;
        }
    }

    /** A return option of LIST-EXTENDED (RFC 5258 §3.2, RFC 5819 §2, RFC 6154 §5.2). */
    sealed interface ListReturn permits ListReturnOption, ListReturnStatus {
    }

    /** The return options without arguments. */
    enum ListReturnOption implements ListReturn {
        /** {@code SUBSCRIBED}. */
        SUBSCRIBED("SUBSCRIBED"),
        /** {@code CHILDREN}. */
        CHILDREN("CHILDREN"),
        /** {@code SPECIAL-USE}. */
        SPECIAL_USE("SPECIAL-USE");

        private final String wire;

        ListReturnOption(String wire) {
            this.wire = wire;
        }

        /**
         * Returns the wire form.
         *
         * @return the option's name
         */
        public String wire() {
            return wire;
        }
    }

    /**
     * {@code STATUS (items)} as a LIST return option (LIST-STATUS RFC 5819 §2).
     *
     * @param items at least one status item
     */
    record ListReturnStatus(List<StatusItem> items) implements ListReturn {
        /**
         * Checks and copies.
         *
         * @param items at least one item
         */
        public ListReturnStatus {
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("STATUS asks for at least one item");
            }
        }
    }

    /**
     * One field of ID (RFC 2971 §3.3).
     *
     * @param name  the field name, at most 30 octets, no NUL
     * @param value the value (at most 1024 octets, no NUL), or empty for NIL
     */
    record IdField(String name, Optional<String> value) {
        /**
         * Checks the values.
         *
         * @param name  the name
         * @param value the value, if any
         */
        public IdField {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.indexOf(0) >= 0 || value.map(v -> v.indexOf(0) >= 0).orElse(false)) {
                throw new IllegalArgumentException("ID strings cannot hold NUL");
            }
        }
    }

    /**
     * {@code [UID] SORT (criteria) charset keys} (RFC 5256 §3).
     *
     * @param tag      the tag
     * @param uid      {@code true} for {@code UID SORT}
     * @param criteria the sort criteria, at least one, most significant first
     * @param charset  the charset of the search strings
     * @param keys     at least one search key
     */
    record Sort(Tag tag, boolean uid, List<SortCriterion> criteria, String charset, List<SearchKey> keys)
            implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag      the tag
         * @param uid      whether UID SORT
         * @param criteria at least one criterion
         * @param charset  the charset, printable ASCII
         * @param keys     at least one key
         */
        public Sort {
            Objects.requireNonNull(tag, "tag");
            criteria = List.copyOf(criteria);
            checkCharset(charset);
            keys = List.copyOf(keys);
            if (criteria.isEmpty() || keys.isEmpty()) {
                throw new IllegalArgumentException("SORT needs a criterion and a search key");
            }
        }
    }

    /** The sort keys of RFC 5256 §3 and DISPLAYFROM/DISPLAYTO of RFC 5957. */
    enum SortKey {
        /** Internal date and time. */
        ARRIVAL,
        /** The first Cc address's mailbox. */
        CC,
        /** The Date header, else the internal date. */
        DATE,
        /** The first From address's mailbox. */
        FROM,
        /** RFC822.SIZE. */
        SIZE,
        /** The base subject. */
        SUBJECT,
        /** The first To address's mailbox. */
        TO,
        /** The first From address's display name (RFC 5957). */
        DISPLAYFROM,
        /** The first To address's display name (RFC 5957). */
        DISPLAYTO
    }

    /**
     * One SORT criterion.
     *
     * @param reverse {@code true} for {@code REVERSE}
     * @param key     the key
     */
    record SortCriterion(boolean reverse, SortKey key) {
        /**
         * Checks presence.
         *
         * @param reverse whether reversed
         * @param key     the key
         */
        public SortCriterion {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * {@code [UID] THREAD algorithm charset keys} (RFC 5256 §3).
     *
     * @param tag       the tag
     * @param uid       {@code true} for {@code UID THREAD}
     * @param algorithm the algorithm, such as {@code REFERENCES} or {@code ORDEREDSUBJECT}
     * @param charset   the charset of the search strings
     * @param keys      at least one search key
     */
    record Thread(Tag tag, boolean uid, Atom algorithm, String charset, List<SearchKey> keys) implements ImapCommand {
        /**
         * Checks and copies.
         *
         * @param tag       the tag
         * @param uid       whether UID THREAD
         * @param algorithm the algorithm
         * @param charset   the charset, printable ASCII
         * @param keys      at least one key
         */
        public Thread {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(algorithm, "algorithm");
            checkCharset(charset);
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("THREAD needs a search key");
            }
        }
    }

    private static void checkCharset(String charset) {
        if (charset.isEmpty() || charset.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7F)) {
            throw new IllegalArgumentException("a charset name is printable ASCII");
        }
    }

    /** The items STATUS may ask for (RFC 9051 §6.3.11, RFC 3501 §6.3.10, RFC 7162 §3.1.8). */
    enum StatusItem {
        /** Number of messages. */
        MESSAGES,
        /** The next UID. */
        UIDNEXT,
        /** The UID validity value. */
        UIDVALIDITY,
        /** Number of messages without {@code \Seen}. */
        UNSEEN,
        /** Number of messages with {@code \Deleted} (IMAP4rev2). */
        DELETED,
        /** Total size of the mailbox in octets (IMAP4rev2, STATUS=SIZE RFC 8438). */
        SIZE,
        /** Number of messages with {@code \Recent} (IMAP4rev1 only). */
        RECENT,
        /** Highest mod-sequence (CONDSTORE, RFC 7162). */
        HIGHESTMODSEQ,
        /** The most octets APPEND takes (APPENDLIMIT, RFC 7889 §4). */
        APPENDLIMIT,
        /** The mailbox's object id (OBJECTID, RFC 8474 §4.3); its value is an id, not a number. */
        MAILBOXID,
        /** Octets an EXPUNGE would free, {@code DELETED-STORAGE} (QUOTA, RFC 9208 §4.1.4). */
        DELETED_STORAGE;

        /**
         * Returns the item as written: the name, with {@code -} for {@code _}.
         *
         * @return the wire name, such as {@code DELETED-STORAGE}
         */
        public String wire() {
            return this == DELETED_STORAGE ? "DELETED-STORAGE" : name();
        }

        /**
         * Reads an item name, ignoring case.
         *
         * @param name the name as written
         * @return the item, or empty if unknown
         */
        public static java.util.Optional<StatusItem> parse(String name) {
            for (StatusItem item : values()) {
                if (item.wire().equalsIgnoreCase(name)) {
                    return java.util.Optional.of(item);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
