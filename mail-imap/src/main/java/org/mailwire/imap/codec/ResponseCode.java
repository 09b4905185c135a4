// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mailwire.imap.types.Atom;
import org.mailwire.imap.types.PermanentFlag;
import org.mailwire.imap.types.Uid;
import org.mailwire.imap.types.UidValidity;

/**
 * A response code: the bracketed machine-readable part of a status response, such as
 * {@code [TRYCREATE]} or {@code [UIDVALIDITY 3857529045]}. Factories cover the codes of
 * RFC 9051 §7.1 a server sends in this step; {@link #of(Atom, Optional)} builds any other.
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
     * Returns the wire form without brackets.
     *
     * @return for example {@code UIDNEXT 4392}
     */
    public String wire() {
        return arguments.map(a -> name.value() + " " + a).orElse(name.value());
    }
}
