// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.mailwire.core.codec.Ascii;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.PermanentFlag;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.Uid;
import org.mailwire.imap.types.UidValidity;

/**
 * A response code: the bracketed machine-readable part of a status response, such as
 * {@code [TRYCREATE]} or {@code [UIDVALIDITY 3857529045]}. Factories cover the codes of
 * RFC 9051 §7.1, RFC 5530, UIDPLUS (RFC 4315) and CONDSTORE/QRESYNC (RFC 7162); {@link #of(Atom, Optional)} builds any other.
 *
 * @param name      the code's name, an atom
 * @param arguments the text after the name and a space, if any: no CR, LF, NUL or {@code ]}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9051#section-7.1">RFC 9051 §7.1</a>
 */
public record ResponseCode(Atom name, Optional<String> arguments) {

    /**
     * Checks the arguments.
     *
     * @param name      the name
     * @param arguments the arguments, if any
     * @throws IllegalArgumentException if the arguments are empty or hold CR, LF, NUL or {@code ]}
     */
    public ResponseCode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        arguments.ifPresent(a -> {
            if (a.isEmpty() || a.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0 || c == ']')) {
                throw new IllegalArgumentException("response code arguments cannot be empty or hold CR, LF, NUL or ]");
            }
        });
    }

    /**
     * Returns a code with the given name and arguments.
     *
     * @param name      the name
     * @param arguments the arguments, if any
     * @return the code
     */
    public static ResponseCode of(Atom name, Optional<String> arguments) {
        return new ResponseCode(name, arguments);
    }

    private static ResponseCode bare(String name) {
        return new ResponseCode(new Atom(name), Optional.empty());
    }

    /**
     * {@code ALERT}: the text must be shown to the user.
     *
     * @return the code
     */
    public static ResponseCode alert() {
        return bare("ALERT");
    }

    /**
     * {@code CAPABILITY ...}: the capabilities, saving the client a CAPABILITY command.
     *
     * @param capabilities the capabilities
     * @return the code
     */
    public static ResponseCode capability(List<Atom> capabilities) {
        return new ResponseCode(new Atom("CAPABILITY"),
                Optional.of(capabilities.stream().map(Atom::value).collect(Collectors.joining(" "))));
    }

    /**
     * {@code PERMANENTFLAGS (...)}: the flags the client can change permanently.
     *
     * @param flags the flags, {@code \*} included if keywords may be created
     * @return the code
     */
    public static ResponseCode permanentFlags(List<? extends PermanentFlag> flags) {
        return new ResponseCode(new Atom("PERMANENTFLAGS"),
                Optional.of(flags.stream().map(PermanentFlag::wire).collect(Collectors.joining(" ", "(", ")"))));
    }

    /**
     * {@code READ-ONLY}: the mailbox is selected read-only.
     *
     * @return the code
     */
    public static ResponseCode readOnly() {
        return bare("READ-ONLY");
    }

    /**
     * {@code READ-WRITE}: the mailbox is selected read-write.
     *
     * @return the code
     */
    public static ResponseCode readWrite() {
        return bare("READ-WRITE");
    }

    /**
     * {@code TRYCREATE}: APPEND or COPY failed because the mailbox does not exist.
     *
     * @return the code
     */
    public static ResponseCode tryCreate() {
        return bare("TRYCREATE");
    }

    /**
     * {@code UIDNEXT n}: the next UID.
     *
     * @param next the next UID, 1 to 4294967295
     * @return the code
     */
    public static ResponseCode uidNext(long next) {
        return new ResponseCode(new Atom("UIDNEXT"), Optional.of(Long.toString(new Uid(next).value())));
    }

    /**
     * {@code UIDVALIDITY n}.
     *
     * @param validity the value
     * @return the code
     */
    public static ResponseCode uidValidity(UidValidity validity) {
        return new ResponseCode(new Atom("UIDVALIDITY"), Optional.of(validity.toString()));
    }

    /**
     * {@code TOOBIG}: a literal or command exceeded a limit (RFC 9051 §7.1, RFC 7888 §5).
     *
     * @return the code
     */
    public static ResponseCode tooBig() {
        return bare("TOOBIG");
    }

    /**
     * {@code PARSE}: a message could not be parsed.
     *
     * @return the code
     */
    public static ResponseCode parse() {
        return bare("PARSE");
    }

    /**
     * {@code AUTHENTICATIONFAILED} (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode authenticationFailed() {
        return bare("AUTHENTICATIONFAILED");
    }

    /**
     * {@code PRIVACYREQUIRED}: the operation needs TLS (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode privacyRequired() {
        return bare("PRIVACYREQUIRED");
    }

    /**
     * {@code NONEXISTENT}: the mailbox does not exist (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode nonexistent() {
        return bare("NONEXISTENT");
    }

    /**
     * {@code ALREADYEXISTS}: the mailbox exists already (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode alreadyExists() {
        return bare("ALREADYEXISTS");
    }

    /**
     * {@code BADCHARSET}: the charset of SEARCH is not supported (RFC 9051 §7.1).
     *
     * @return the code
     */
    public static ResponseCode badCharset() {
        return bare("BADCHARSET");
    }

    /**
     * {@code UIDNOTSTICKY}: the mailbox does not keep UIDs (UIDPLUS RFC 4315 §3).
     *
     * @return the code
     */
    public static ResponseCode uidNotSticky() {
        return bare("UIDNOTSTICKY");
    }

    /**
     * {@code NOMODSEQ}: the mailbox does not keep mod-sequences (RFC 7162 §3.1.2.2).
     *
     * @return the code
     */
    public static ResponseCode noModSeq() {
        return bare("NOMODSEQ");
    }

    /**
     * {@code CLOSED}: the previously selected mailbox is now closed (RFC 7162 §3.2.11).
     *
     * @return the code
     */
    public static ResponseCode closed() {
        return bare("CLOSED");
    }

    /**
     * {@code OVERQUOTA}: the operation would exceed a quota (RFC 5530, RFC 9208).
     *
     * @return the code
     */
    public static ResponseCode overQuota() {
        return bare("OVERQUOTA");
    }

    /**
     * {@code UNAVAILABLE}: a subsystem is down for now (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode unavailable() {
        return bare("UNAVAILABLE");
    }

    /**
     * {@code INUSE}: the mailbox or resource is in use (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode inUse() {
        return bare("INUSE");
    }

    /**
     * {@code LIMIT}: a server limit was reached (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode limit() {
        return bare("LIMIT");
    }

    /**
     * {@code EXPUNGEISSUED}: someone else expunged messages asked for (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode expungeIssued() {
        return bare("EXPUNGEISSUED");
    }

    /**
     * {@code CANNOT}: the operation can never succeed (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode cannot() {
        return bare("CANNOT");
    }

    /**
     * {@code SERVERBUG}: the server hit an internal error (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode serverBug() {
        return bare("SERVERBUG");
    }

    /**
     * {@code NOPERM}: access control forbids the operation (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode noPerm() {
        return bare("NOPERM");
    }

    /**
     * {@code CONTACTADMIN}: the user should contact the administrator (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode contactAdmin() {
        return bare("CONTACTADMIN");
    }

    /**
     * {@code EXPIRED}: the credentials have expired (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode expired() {
        return bare("EXPIRED");
    }

    /**
     * {@code HASCHILDREN}: the mailbox has inferiors (RFC 9051 §7.1).
     *
     * @return the code
     */
    public static ResponseCode hasChildren() {
        return bare("HASCHILDREN");
    }

    /**
     * {@code CLIENTBUG}: the client sent something wrong but harmless (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode clientBug() {
        return bare("CLIENTBUG");
    }

    /**
     * {@code CORRUPTION}: the server found corrupted data (RFC 5530).
     *
     * @return the code
     */
    public static ResponseCode corruption() {
        return bare("CORRUPTION");
    }

    /**
     * {@code BADCHARSET (charset...)}: the charsets SEARCH supports (RFC 9051 §7.1).
     *
     * @param charsets the supported charsets, atoms
     * @return the code
     */
    public static ResponseCode badCharset(List<Atom> charsets) {
        return new ResponseCode(new Atom("BADCHARSET"),
                Optional.of(charsets.stream().map(Atom::value).collect(Collectors.joining(" ", "(", ")"))));
    }

    /**
     * {@code UNSEEN n}: the first unseen message (IMAP4rev1, RFC 3501 §7.1).
     *
     * @param sequenceNumber the message number
     * @return the code
     */
    public static ResponseCode unseen(long sequenceNumber) {
        return new ResponseCode(new Atom("UNSEEN"), Optional.of(Long.toString(new Uid(sequenceNumber).value())));
    }

    /**
     * {@code APPENDUID validity uids} (UIDPLUS RFC 4315 §3, RFC 9051 §7.1).
     *
     * @param validity the destination's UIDVALIDITY
     * @param uids     the UIDs given to the appended messages
     * @return the code
     */
    public static ResponseCode appendUid(UidValidity validity, SequenceSet uids) {
        return new ResponseCode(new Atom("APPENDUID"), Optional.of(validity + " " + uids.wire()));
    }

    /**
     * {@code COPYUID validity source destination} (UIDPLUS RFC 4315 §3, RFC 9051 §7.1).
     *
     * @param validity    the destination's UIDVALIDITY
     * @param source      the UIDs copied or moved
     * @param destination the UIDs they got, in the same order
     * @return the code
     */
    public static ResponseCode copyUid(UidValidity validity, SequenceSet source, SequenceSet destination) {
        return new ResponseCode(new Atom("COPYUID"),
                Optional.of(validity + " " + source.wire() + " " + destination.wire()));
    }

    /**
     * {@code HIGHESTMODSEQ n} (RFC 7162 §3.1.2.1).
     *
     * @param modSeq the highest mod-sequence, 1 to 2^63-1
     * @return the code
     */
    public static ResponseCode highestModSeq(long modSeq) {
        if (modSeq < 1) {
            throw new IllegalArgumentException("mod-sequences are 1 to 2^63-1");
        }
        return new ResponseCode(new Atom("HIGHESTMODSEQ"), Optional.of(Long.toString(modSeq)));
    }

    /**
     * {@code MODIFIED set}: the messages a conditional STORE left alone (RFC 7162 §3.1.3).
     *
     * @param set the messages
     * @return the code
     */
    public static ResponseCode modified(SequenceSet set) {
        return new ResponseCode(new Atom("MODIFIED"), Optional.of(set.wire()));
    }

    /**
     * {@code MAILBOXID (id)}: the object id of the mailbox just created or selected (OBJECTID,
     * RFC 8474 §4.1, §4.2).
     *
     * @param objectId the id: 1 to 255 letters, digits, {@code _} and {@code -}
     * @return the code
     */
    public static ResponseCode mailboxId(String objectId) {
        if (!org.mailwire.imap.types.ImapSyntax.isObjectId(objectId)) {
            throw new IllegalArgumentException("not an object id");
        }
        return new ResponseCode(new Atom("MAILBOXID"), Optional.of("(" + objectId + ")"));
    }

    /**
     * {@code USEATTR}: CREATE failed because of the special use asked for (CREATE-SPECIAL-USE,
     * RFC 6154 §3).
     *
     * @return the code
     */
    public static ResponseCode useAttr() {
        return bare("USEATTR");
    }

    /**
     * {@code UNKNOWN-CTE}: the server cannot decode the section's content transfer encoding
     * (BINARY, RFC 9051 §7.1, RFC 3516 §4.3).
     *
     * @return the code
     */
    public static ResponseCode unknownCte() {
        return bare("UNKNOWN-CTE");
    }

    /**
     * {@code NOTSAVED}: the server refused to save a SEARCH result (RFC 9051 §6.4.4.3).
     *
     * @return the code
     */
    public static ResponseCode notSaved() {
        return bare("NOTSAVED");
    }

    /**
     * {@code AUTHORIZATIONFAILED}: the authentication identity may not act as the authorization
     * identity (RFC 9051 §7.1).
     *
     * @return the code
     */
    public static ResponseCode authorizationFailed() {
        return bare("AUTHORIZATIONFAILED");
    }

    /**
     * {@code COMPRESSIONACTIVE}: compression is already on, by an earlier COMPRESS or another
     * layer (RFC 4978 §3).
     *
     * @return the code
     */
    public static ResponseCode compressionActive() {
        return bare("COMPRESSIONACTIVE");
    }

    /**
     * The arguments of {@code APPENDUID} (RFC 4315 §3).
     *
     * @param validity the destination's UIDVALIDITY
     * @param uids     the UIDs of the appended messages
     */
    public record AppendUid(UidValidity validity, SequenceSet uids) {
        /**
         * Checks presence.
         *
         * @param validity the UIDVALIDITY
         * @param uids     the UIDs
         */
        public AppendUid {
            Objects.requireNonNull(validity, "validity");
            Objects.requireNonNull(uids, "uids");
        }
    }

    /**
     * The arguments of {@code COPYUID} (RFC 4315 §3).
     *
     * @param validity    the destination's UIDVALIDITY
     * @param source      the source UIDs
     * @param destination the UIDs they got, in the same order
     */
    public record CopyUid(UidValidity validity, SequenceSet source, SequenceSet destination) {
        /**
         * Checks presence.
         *
         * @param validity    the UIDVALIDITY
         * @param source      the source UIDs
         * @param destination the destination UIDs
         */
        public CopyUid {
            Objects.requireNonNull(validity, "validity");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * Tells whether the code has the given name, ignoring case (RFC 9051 §7.1: codes are atoms
     * compared as keywords).
     *
     * @param codeName the name, such as {@code TRYCREATE}
     * @return {@code true} if it is this code
     */
    public boolean is(String codeName) {
        return name.value().equalsIgnoreCase(codeName);
    }

    /**
     * Reads the number of {@code UIDNEXT}, {@code UIDVALIDITY}, {@code UNSEEN} or
     * {@code HIGHESTMODSEQ}, without throwing.
     *
     * @return the number, or empty if this is none of those codes or its argument is no number
     */
    public OptionalLong number() {
        if (!(is("UIDNEXT") || is("UIDVALIDITY") || is("UNSEEN") || is("HIGHESTMODSEQ")) || arguments.isEmpty()) {
            return OptionalLong.empty();
        }
        byte[] digits = arguments.get().getBytes(StandardCharsets.US_ASCII);
        long value = digits.length > 19 ? -1
                : Ascii.parseUnsignedLong(digits, 0, digits.length, Long.MAX_VALUE);
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * Reads the arguments of {@code APPENDUID}, without throwing.
     *
     * @return the values, or empty if this is no valid APPENDUID
     */
    public Optional<AppendUid> appendUid() {
        String[] parts = is("APPENDUID") ? words(2) : null;
        if (parts == null) {
            return Optional.empty();
        }
        Optional<UidValidity> validity = validity(parts[0]);
        Optional<SequenceSet> uids = uidSet(parts[1]);
        return validity.isPresent() && uids.isPresent() ? Optional.of(new AppendUid(validity.get(), uids.get()))
                : Optional.empty();
    }

    /**
     * Reads the arguments of {@code COPYUID}, without throwing.
     *
     * @return the values, or empty if this is no valid COPYUID
     */
    public Optional<CopyUid> copyUid() {
        String[] parts = is("COPYUID") ? words(3) : null;
        if (parts == null) {
            return Optional.empty();
        }
        Optional<UidValidity> validity = validity(parts[0]);
        Optional<SequenceSet> source = uidSet(parts[1]);
        Optional<SequenceSet> destination = uidSet(parts[2]);
        return validity.isPresent() && source.isPresent() && destination.isPresent()
                ? Optional.of(new CopyUid(validity.get(), source.get(), destination.get())) : Optional.empty();
    }

    /**
     * Reads the set of {@code MODIFIED} (RFC 7162 §3.1.3), without throwing.
     *
     * @return the set, or empty if this is no valid MODIFIED
     */
    public Optional<SequenceSet> modifiedSet() {
        String[] parts = is("MODIFIED") ? words(1) : null;
        return parts == null ? Optional.empty() : uidSet(parts[0]);
    }

    /**
     * Reads the capabilities of {@code CAPABILITY}, without throwing.
     *
     * @return the capabilities, or empty if this is no valid CAPABILITY code
     */
    public Optional<List<Atom>> capabilities() {
        if (!is("CAPABILITY") || arguments.isEmpty()) {
            return Optional.empty();
        }
        List<Atom> atoms = new ArrayList<>();
        for (String word : spaceSeparated(arguments.get())) {
            if (!Atom.isValid(word)) {
                return Optional.empty();
            }
            atoms.add(new Atom(word));
        }
        return Optional.of(atoms);
    }

    /**
     * Reads the flags of {@code PERMANENTFLAGS}, without throwing.
     *
     * @return the flags ({@code \*} included), or empty if this is no valid PERMANENTFLAGS code
     */
    public Optional<List<PermanentFlag>> permanentFlags() {
        return is("PERMANENTFLAGS") ? parenthesised().flatMap(words -> {
            List<PermanentFlag> flags = new ArrayList<>();
            for (String word : words) {
                Optional<PermanentFlag> flag = PermanentFlag.parse(word);
                if (flag.isEmpty()) {
                    return Optional.empty();
                }
                flags.add(flag.get());
            }
            return Optional.of(flags);
        }) : Optional.empty();
    }

    /**
     * Reads the charsets of {@code BADCHARSET (...)}, without throwing.
     *
     * @return the charsets the server supports (an empty list for a bare BADCHARSET), or empty if
     *     this is no valid BADCHARSET code
     */
    public Optional<List<Atom>> charsets() {
        if (!is("BADCHARSET")) {
            return Optional.empty();
        }
        if (arguments.isEmpty()) {
            return Optional.of(List.of());
        }
        return parenthesised().flatMap(words -> {
            List<Atom> charsets = new ArrayList<>();
            for (String word : words) {
                if (!Atom.isValid(word)) {
                    return Optional.empty();
                }
                charsets.add(new Atom(word));
            }
            return Optional.of(charsets);
        });
    }

    /**
     * Reads the object id of {@code MAILBOXID (id)} (RFC 8474 §4.1), without throwing.
     *
     * @return the id, or empty if this is no valid MAILBOXID code
     */
    public Optional<String> mailboxId() {
        if (!is("MAILBOXID")) {
            return Optional.empty();
        }
        return parenthesised().filter(words -> words.size() == 1
                && org.mailwire.imap.types.ImapSyntax.isObjectId(words.get(0))).map(words -> words.get(0));
    }

    /** The words of a {@code (a b c)} argument; {@code ()} gives none. */
    private Optional<List<String>> parenthesised() {
        if (arguments.isEmpty()) {
            return Optional.empty();
        }
        String a = arguments.get();
        if (a.length() < 2 || a.charAt(0) != '(' || a.charAt(a.length() - 1) != ')') {
            return Optional.empty();
        }
        String inner = a.substring(1, a.length() - 1);
        return Optional.of(inner.isEmpty() ? List.of() : spaceSeparated(inner));
    }

    /** Splits the arguments into exactly {@code n} words, or returns {@code null}. */
    private String[] words(int n) {
        if (arguments.isEmpty()) {
            return null;
        }
        List<String> parts = spaceSeparated(arguments.get());
        return parts.size() == n ? parts.toArray(new String[0]) : null;
    }

    /** Splits at each space, keeping empty words (so doubled spaces make the value invalid). */
    private static List<String> spaceSeparated(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                words.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return words;
    }

    private static Optional<UidValidity> validity(String text) {
        byte[] digits = text.getBytes(StandardCharsets.US_ASCII);
        long value = digits.length > 10 ? -1
                : Ascii.parseUnsignedLong(digits, 0, digits.length, SequenceSet.MAX_NUMBER);
        return value < 1 ? Optional.empty() : Optional.of(new UidValidity(value));
    }

    private static Optional<SequenceSet> uidSet(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        // A code's set is bounded by the line that carries it; 4096 ranges is the default limit.
        Optional<SequenceSet> set = SequenceSet.decode(bytes, 0, bytes.length, 4096);
        return set.filter(x -> x instanceof SequenceSet.Ranges);
    }

    /**
     * Returns the wire form without brackets.
     *
     * @return for example {@code UIDNEXT 4392}
     */
    public String wire() {
        return arguments.map(a -> name.value() + " " + a).orElse(name.value());
    }
}
