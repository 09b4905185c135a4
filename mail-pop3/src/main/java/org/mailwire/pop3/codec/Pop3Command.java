// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mailwire.core.Secret;

/**
 * One POP3 command as a client sends it: the RFC 1939 commands, the AUTH of RFC 5034, CAPA of
 * RFC 2449, STLS of RFC 2595 and UTF8 of RFC 6856, and {@link Unknown} for any other keyword.
 *
 * <p>Message numbers are positive and fit an {@code int}; arguments hold no space, CR, LF or
 * NUL, except the password of {@link Pass}, which is the rest of the line (RFC 1939 §7 lets a
 * password contain spaces). {@link Pop3CommandDecoder#encode(Pop3Command)} gives the wire form.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3, basic operation</a>
 */
public sealed interface Pop3Command {

    /**
     * {@code USER name}: names the maildrop for a following {@code PASS}.
     *
     * @param name the user name
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, USER</a>
     */
    record User(String name) implements Pop3Command {
        /**
         * Checks the argument.
         *
         * @param name see the record description
         */
        public User {
            Argument.check(name);
        }
    }

    /**
     * {@code PASS password}: the password for the name of the preceding {@code USER}.
     *
     * @param password the password; it may contain spaces
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, PASS</a>
     */
    record Pass(Secret password) implements Pop3Command {
        /**
         * Checks the argument.
         *
         * @param password see the record description
         */
        public Pass {
            Objects.requireNonNull(password, "password");
            String s = new String(password.chars());
            if (s.isEmpty()) {
                throw new IllegalArgumentException("password is empty");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7F) {
                    throw new IllegalArgumentException("password holds a control character");
                }
            }
        }
    }

    /**
     * {@code APOP name digest}: logs in with the MD5 of the greeting's timestamp and a shared secret.
     *
     * @param name   the user name
     * @param digest 32 lower-case hexadecimal digits
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, APOP</a>
     */
    record Apop(String name, String digest) implements Pop3Command {
        /**
         * Checks the arguments.
         *
         * @param name   see the record description
         * @param digest see the record description
         */
        public Apop {
            Argument.check(name);
            Objects.requireNonNull(digest, "digest");
            if (digest.length() != 32) {
                throw new IllegalArgumentException("digest is not 32 hexadecimal digits");
            }
            for (int i = 0; i < 32; i++) {
                char c = digest.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    throw new IllegalArgumentException("digest is not 32 lower-case hexadecimal digits");
                }
            }
        }
    }

    /**
     * {@code AUTH [mechanism [initial-response]]}: starts a SASL exchange; without a mechanism,
     * the pre-RFC 5034 request for the list of mechanisms that some clients still send.
     *
     * @param mechanism       the mechanism name, if any
     * @param initialResponse the base64 initial response, or {@code =} for an empty one
     *                        (RFC 5034 §4); only with a mechanism
     * @see <a href="https://www.rfc-editor.org/rfc/rfc5034#section-4">RFC 5034 §4, AUTH</a>
     */
    record Auth(Optional<String> mechanism, Optional<String> initialResponse) implements Pop3Command {
        /**
         * Checks the arguments.
         *
         * @param mechanism       see the record description
         * @param initialResponse see the record description
         */
        public Auth {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
            mechanism.ifPresent(Argument::check);
            initialResponse.ifPresent(Argument::check);
            if (mechanism.isEmpty() && initialResponse.isPresent()) {
                throw new IllegalArgumentException("initial response without a mechanism");
            }
        }
    }

    /**
     * {@code STAT}: the number and total size of the messages.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5, STAT</a>
     */
    record Stat() implements Pop3Command {
    }

    /**
     * {@code LIST [msg]}: the size of one message or of all.
     *
     * @param message the message number, if any
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5, LIST</a>
     */
    record List(OptionalInt message) implements Pop3Command {
        /**
         * Checks the message number.
         *
         * @param message see the record description
         */
        public List {
            message.ifPresent(Argument::checkNumber);
        }
    }

    /**
     * {@code RETR msg}: sends one message, dot-stuffed.
     *
     * @param message the message number
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5, RETR</a>
     */
    record Retr(int message) implements Pop3Command {
        /**
         * Checks the message number.
         *
         * @param message see the record description
         */
        public Retr {
            Argument.checkNumber(message);
        }
    }

    /**
     * {@code DELE msg}: marks a message deleted, to be removed at {@code QUIT}.
     *
     * @param message the message number
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5, DELE</a>
     */
    record Dele(int message) implements Pop3Command {
        /**
         * Checks the message number.
         *
         * @param message see the record description
         */
        public Dele {
            Argument.checkNumber(message);
        }
    }

    /**
     * {@code NOOP}: does nothing; answers {@code +OK}.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5, NOOP</a>
     */
    record Noop() implements Pop3Command {
    }

    /**
     * {@code RSET}: unmarks every message marked deleted.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-5">RFC 1939 §5, RSET</a>
     */
    record Rset() implements Pop3Command {
    }

    /**
     * {@code TOP msg n}: the header and the first {@code n} body lines of a message.
     *
     * @param message the message number
     * @param lines   the number of body lines, {@code >= 0}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, TOP</a>
     */
    record Top(int message, int lines) implements Pop3Command {
        /**
         * Checks the arguments.
         *
         * @param message see the record description
         * @param lines   see the record description
         */
        public Top {
            Argument.checkNumber(message);
            if (lines < 0) {
                throw new IllegalArgumentException("negative line count");
            }
        }
    }

    /**
     * {@code UIDL [msg]}: the unique-id of one message or of all.
     *
     * @param message the message number, if any
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-7">RFC 1939 §7, UIDL</a>
     */
    record Uidl(OptionalInt message) implements Pop3Command {
        /**
         * Checks the message number.
         *
         * @param message see the record description
         */
        public Uidl {
            message.ifPresent(Argument::checkNumber);
        }
    }

    /**
     * {@code QUIT}: ends the session; in the TRANSACTION state it applies the deletions.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-6">RFC 1939 §6, the UPDATE state</a>
     */
    record Quit() implements Pop3Command {
    }

    /**
     * {@code CAPA}: the server's capabilities.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-5">RFC 2449 §5, CAPA</a>
     */
    record Capa() implements Pop3Command {
    }

    /**
     * {@code STLS}: starts TLS.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2595#section-4">RFC 2595 §4, STLS</a>
     */
    record Stls() implements Pop3Command {
    }

    /**
     * {@code UTF8}: switches the session to UTF-8 mode.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc6856#section-2">RFC 6856 §2, UTF8</a>
     */
    record Utf8() implements Pop3Command {
    }

    /**
     * A command whose keyword this library does not know.
     *
     * @param keyword the client's first word, upper-cased, in visible ASCII
     */
    record Unknown(String keyword) implements Pop3Command {
        /**
         * Checks the keyword.
         *
         * @param keyword see the record description
         */
        public Unknown {
            Argument.check(keyword);
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                if (c <= 0x20 || c >= 0x7F) {
                    throw new IllegalArgumentException("keyword is not visible ASCII");
                }
            }
            if (Pop3CommandDecoder.isKnownKeyword(keyword)) {
                throw new IllegalArgumentException("known keyword: " + keyword);
            }
        }
    }
}

/** Argument checks shared by the records of {@link Pop3Command}. */
final class Argument {
    private Argument() {
    }

    static void check(String argument) {
        Objects.requireNonNull(argument, "argument");
        if (argument.isEmpty()) {
            throw new IllegalArgumentException("empty argument");
        }
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                throw new IllegalArgumentException("argument holds a space or control character");
            }
        }
        if (argument.getBytes(StandardCharsets.UTF_8).length > Pop3CommandDecoder.MAX_COMMAND_LENGTH) {
            throw new IllegalArgumentException("argument too long");
        }
    }

    static void checkNumber(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("message numbers start at 1: " + number);
        }
    }
}
