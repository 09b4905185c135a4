// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP, ESMTP or LMTP command, one record per verb of RFC 5321 §4.1.1 and the extensions
 * (BDAT RFC 3030, STARTTLS RFC 3207, AUTH RFC 4954, LHLO RFC 2033), and {@link Unknown} for a
 * verb the codec does not know (the session answers {@code 500 5.5.2}).
 *
 * <p>No command can be built invalid: every text is checked against the RFC grammar at
 * construction, and none can hold CR, LF or NUL, so an encoder can never be made to write a
 * second command (SECURITY-CASES SMTPC-01, Netty CVE-2025-59419). {@code toString()} is the
 * wire form without the CRLF.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1">RFC 5321 §4.1.1</a>
 */
public sealed interface SmtpCommand {

    /** The {@code DATA} command. */
    Data DATA = new Data();
    /** The {@code RSET} command. */
    Rset RSET = new Rset();
    /** The {@code QUIT} command. */
    Quit QUIT = new Quit();
    /** The {@code STARTTLS} command. */
    StartTls STARTTLS = new StartTls();
    /** The {@code NOOP} command without argument. */
    Noop NOOP = new Noop(Optional.empty());
    /** The {@code HELP} command without argument. */
    Help HELP = new Help(Optional.empty());

    /**
     * Returns the verb as the codec writes it, upper case.
     *
     * @return for example {@code MAIL}
     */
    String verb();

    /**
     * {@code HELO domain}, RFC 5321 §4.1.1.1. An address literal is accepted as well, since
     * hosts without a name send one.
     *
     * @param domain a domain or address literal
     */
    record Helo(String domain) implements SmtpCommand {
        /**
         * Checks the domain.
         *
         * @param domain a domain or address literal
         * @throws IllegalArgumentException if it is neither
         */
        public Helo {
            requireHostName(domain);
        }

        @Override
        public String verb() {
            return "HELO";
        }

        @Override
        public String toString() {
            return "HELO " + domain;
        }
    }

    /**
     * {@code EHLO domain-or-address-literal}, RFC 5321 §4.1.1.1.
     *
     * @param domain a domain or address literal
     */
    record Ehlo(String domain) implements SmtpCommand {
        /**
         * Checks the domain.
         *
         * @param domain a domain or address literal
         * @throws IllegalArgumentException if it is neither
         */
        public Ehlo {
            requireHostName(domain);
        }

        @Override
        public String verb() {
            return "EHLO";
        }

        @Override
        public String toString() {
            return "EHLO " + domain;
        }
    }

    /**
     * {@code LHLO domain-or-address-literal}, the LMTP greeting, RFC 2033 §4.1.
     *
     * @param domain a domain or address literal
     */
    record Lhlo(String domain) implements SmtpCommand {
        /**
         * Checks the domain.
         *
         * @param domain a domain or address literal
         * @throws IllegalArgumentException if it is neither
         */
        public Lhlo {
            requireHostName(domain);
        }

        @Override
        public String verb() {
            return "LHLO";
        }

        @Override
        public String toString() {
            return "LHLO " + domain;
        }
    }

    /**
     * {@code MAIL FROM:<reverse-path> [parameters]}, RFC 5321 §4.1.1.2. A non-ASCII sender
     * requires the SMTPUTF8 parameter (RFC 6531 §3.4).
     *
     * @param sender the reverse-path
     * @param parameters the ESMTP parameters
     */
    record Mail(ReversePath sender, MailParameters parameters) implements SmtpCommand {
        /**
         * Checks that a non-ASCII sender comes with SMTPUTF8.
         *
         * @param sender the reverse-path
         * @param parameters the ESMTP parameters
         * @throws IllegalArgumentException if a non-ASCII sender lacks SMTPUTF8
         */
        public Mail {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(parameters, "parameters");
            if (sender.needsSmtpUtf8() && !parameters.smtpUtf8()) {
                throw new IllegalArgumentException("a non-ASCII sender requires SMTPUTF8 (RFC 6531 §3.4)");
            }
        }

        /**
         * Returns {@code MAIL FROM:<sender>} without parameters.
         *
         * @param sender the reverse-path
         * @return the command
         */
        public static Mail of(ReversePath sender) {
            return new Mail(sender, MailParameters.NONE);
        }

        @Override
        public String verb() {
            return "MAIL";
        }

        @Override
        public String toString() {
            return "MAIL FROM:" + sender.toPath() + parameters;
        }
    }

    /**
     * {@code RCPT TO:<forward-path> [parameters]}, RFC 5321 §4.1.1.3.
     *
     * @param recipient the forward-path
     * @param parameters the ESMTP parameters
     */
    record Rcpt(ForwardPath recipient, RcptParameters parameters) implements SmtpCommand {
        /**
         * Checks for nulls.
         *
         * @param recipient the forward-path
         * @param parameters the ESMTP parameters
         */
        public Rcpt {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(parameters, "parameters");
        }

        /**
         * Returns {@code RCPT TO:<recipient>} without parameters.
         *
         * @param recipient the forward-path
         * @return the command
         */
        public static Rcpt of(ForwardPath recipient) {
            return new Rcpt(recipient, RcptParameters.NONE);
        }

        @Override
        public String verb() {
            return "RCPT";
        }

        @Override
        public String toString() {
            return "RCPT TO:" + recipient.toPath() + parameters;
        }
    }

    /** {@code DATA}, RFC 5321 §4.1.1.4. */
    record Data() implements SmtpCommand {
        @Override
        public String verb() {
            return "DATA";
        }

        @Override
        public String toString() {
            return "DATA";
        }
    }

    /**
     * {@code BDAT chunk-size [LAST]}, RFC 3030 §2: exactly {@code size} octets of message follow
     * the command line.
     *
     * @param size the chunk size in octets, not negative
     * @param last whether this is the last chunk
     */
    record Bdat(long size, boolean last) implements SmtpCommand {
        /**
         * Checks the size.
         *
         * @param size the chunk size, not negative
         * @param last whether this is the last chunk
         * @throws IllegalArgumentException if the size is negative
         */
        public Bdat {
            if (size < 0) {
                throw new IllegalArgumentException("chunk size must not be negative: " + size);
            }
        }

        @Override
        public String verb() {
            return "BDAT";
        }

        @Override
        public String toString() {
            return last ? "BDAT " + size + " LAST" : "BDAT " + size;
        }
    }

    /** {@code RSET}, RFC 5321 §4.1.1.5. */
    record Rset() implements SmtpCommand {
        @Override
        public String verb() {
            return "RSET";
        }

        @Override
        public String toString() {
            return "RSET";
        }
    }

    /**
     * {@code VRFY string}, RFC 5321 §4.1.1.6. The argument is kept as sent: printable ASCII,
     * without leading or trailing space; interpreting it (a name, a mailbox) is the server's
     * business.
     *
     * @param argument the argument
     */
    record Vrfy(String argument) implements SmtpCommand {
        /**
         * Checks the argument.
         *
         * @param argument printable ASCII, not empty, not starting or ending with a space
         * @throws IllegalArgumentException if it is not
         */
        public Vrfy {
            requireText(argument);
        }

        @Override
        public String verb() {
            return "VRFY";
        }

        @Override
        public String toString() {
            return "VRFY " + argument;
        }
    }

    /**
     * {@code EXPN string}, RFC 5321 §4.1.1.7.
     *
     * @param argument printable ASCII, without leading or trailing space
     */
    record Expn(String argument) implements SmtpCommand {
        /**
         * Checks the argument.
         *
         * @param argument printable ASCII, not empty, not starting or ending with a space
         * @throws IllegalArgumentException if it is not
         */
        public Expn {
            requireText(argument);
        }

        @Override
        public String verb() {
            return "EXPN";
        }

        @Override
        public String toString() {
            return "EXPN " + argument;
        }
    }

    /**
     * {@code HELP [string]}, RFC 5321 §4.1.1.8.
     *
     * @param argument printable ASCII, without leading or trailing space, if any
     */
    record Help(Optional<String> argument) implements SmtpCommand {
        /**
         * Checks the argument.
         *
         * @param argument printable ASCII, if present
         * @throws IllegalArgumentException if it is not
         */
        public Help {
            argument.ifPresent(SmtpCommand::requireText);
        }

        @Override
        public String verb() {
            return "HELP";
        }

        @Override
        public String toString() {
            return argument.map(a -> "HELP " + a).orElse("HELP");
        }
    }

    /**
     * {@code NOOP [string]}, RFC 5321 §4.1.1.9.
     *
     * @param argument printable ASCII, without leading or trailing space, if any
     */
    record Noop(Optional<String> argument) implements SmtpCommand {
        /**
         * Checks the argument.
         *
         * @param argument printable ASCII, if present
         * @throws IllegalArgumentException if it is not
         */
        public Noop {
            argument.ifPresent(SmtpCommand::requireText);
        }

        @Override
        public String verb() {
            return "NOOP";
        }

        @Override
        public String toString() {
            return argument.map(a -> "NOOP " + a).orElse("NOOP");
        }
    }

    /** {@code QUIT}, RFC 5321 §4.1.1.10. */
    record Quit() implements SmtpCommand {
        @Override
        public String verb() {
            return "QUIT";
        }

        @Override
        public String toString() {
            return "QUIT";
        }
    }

    /** {@code STARTTLS}, RFC 3207 §4. */
    record StartTls() implements SmtpCommand {
        @Override
        public String verb() {
            return "STARTTLS";
        }

        @Override
        public String toString() {
            return "STARTTLS";
        }
    }

    /**
     * {@code AUTH mechanism [initial-response]}, RFC 4954 §4. The mechanism is kept upper case;
     * the initial response is kept as its base64 text, {@code =} standing for an empty response.
     * Decoding the base64 is the SASL layer's business; its syntax is checked here (canonical
     * padding), so that {@code AUTH PLAIN ====} never reaches it (SECURITY-CASES SMTP-15).
     *
     * @param mechanism a SASL mechanism name, 1 to 20 of {@code A-Z 0-9 - _} (RFC 4422 §3.1)
     * @param initialResponse the base64 initial response or {@code =}, if any
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
        /**
         * Checks the mechanism name and the base64 syntax, and makes the name upper case.
         *
         * @param mechanism a SASL mechanism name
         * @param initialResponse base64 text or {@code =}, if any
         * @throws IllegalArgumentException if either is invalid
         */
        public Auth {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
            if (!SmtpSyntax.isMechanism(mechanism)) {
                throw new IllegalArgumentException("invalid SASL mechanism name: " + Mailbox.printable(mechanism));
            }
            mechanism = mechanism.toUpperCase(Locale.ROOT);
            if (initialResponse.isPresent() && !SmtpSyntax.isBase64OrEmpty(initialResponse.get())) {
                throw new IllegalArgumentException("initial response is not base64");
            }
        }

        @Override
        public String verb() {
            return "AUTH";
        }

        @Override
        public String toString() {
            return initialResponse.map(r -> "AUTH " + mechanism + " " + r).orElse("AUTH " + mechanism);
        }
    }

    /**
     * A command whose verb the codec does not know. Only the verb is kept; the session answers
     * {@code 500 5.5.2} (RFC 5321 §4.2.4).
     *
     * @param verb the verb as sent: letters, digits and hyphens, starting with a letter; never a
     *     known verb
     */
    record Unknown(String verb) implements SmtpCommand {
        /**
         * Checks the verb.
         *
         * @param verb letters, digits and hyphens, 1 to 64 characters, not a known verb
         * @throws IllegalArgumentException if it is malformed or known
         */
        public Unknown {
            Objects.requireNonNull(verb, "verb");
            if (verb.length() > 64 || !SmtpSyntax.isKeyword(verb) || !Character.isLetter(verb.charAt(0))) {
                throw new IllegalArgumentException("invalid verb: " + Mailbox.printable(verb));
            }
            if (KNOWN_VERBS.contains(verb.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("a known verb is not Unknown: " + verb);
            }
        }

        @Override
        public String toString() {
            return verb;
        }
    }

    /** The verbs with records of their own, upper case. */
    List<String> KNOWN_VERBS = List.of("HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET",
            "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "STARTTLS", "AUTH");

    private static void requireHostName(String domain) {
        Objects.requireNonNull(domain, "domain");
        if (!SmtpSyntax.isAscii(domain) || !SmtpSyntax.isDomainOrAddressLiteral(domain)) {
            throw new IllegalArgumentException("not a domain or address literal: " + Mailbox.printable(domain));
        }
    }

    private static void requireText(String text) {
        Objects.requireNonNull(text, "argument");
        if (!SmtpSyntax.isText(text)) {
            throw new IllegalArgumentException("argument must be printable ASCII without outer spaces: "
                    + Mailbox.printable(text));
        }
    }
}
