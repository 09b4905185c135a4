// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.mailwire.core.mime.Address;
import org.mailwire.core.mime.Group;
import org.mailwire.core.mime.Mailbox;
import org.mailwire.core.mime.MessageBuilder;

/**
 * jqwik arbitraries for Internet messages (RFC 5322): addresses and whole messages, valid,
 * edge-case (quoted local parts, domain literals, groups, UTF-8 display names per RFC 2047 and
 * RFC 6532) and hostile (unbalanced quotes and comments, CR/LF and NUL inside fields, bare LF,
 * damaged octets).
 */
public final class MailArbitraries {

    private static final String ATEXT = "abcxyzABCXYZ0189!#$%&'*+-/=?^_`{|}~";

    private MailArbitraries() {
    }

    /**
     * Local parts as dot-atoms (RFC 5322 §3.4.1), the common case.
     *
     * @return the local parts
     */
    public static Arbitrary<String> dotAtomLocalParts() {
        Arbitrary<String> atom = Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(10);
        return atom.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    /**
     * Local parts that need a quoted string: spaces, {@code @}, commas, quotes and backslashes,
     * leading or doubled dots (RFC 5322 §3.2.4).
     *
     * @return the local parts, unquoted
     */
    public static Arbitrary<String> quotedLocalParts() {
        return Arbitraries.strings().withChars("ab. @,\"\\()<>[]:;").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !dotAtom(s));
    }

    /**
     * Domains: host names of LDH labels (RFC 1035 §2.3.1), sometimes a domain literal (RFC 5322 §3.4.1).
     *
     * @return the domains
     */
    public static Arbitrary<String> domains() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l) + ".test");
        Arbitrary<String> literal = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> "[" + l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3) + "]");
        return Arbitraries.frequencyOf(Tuple.of(9, name), Tuple.of(1, literal));
    }

    /**
     * Display names: words of atoms, text that needs quoting, and UTF-8 text (sent as RFC 2047
     * encoded words by the encoder).
     *
     * @return the display names, decoded
     */
    public static Arbitrary<String> displayNames() {
        Arbitrary<String> words = Arbitraries.strings().withChars("abcXYZ019!#'").ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(" ", l));
        Arbitrary<String> special = Arbitraries.strings().withChars("ab,.@:;<>\"\\").ofMinLength(1).ofMaxLength(10)
                .map(s -> "x" + s + "y");
        Arbitrary<String> unicode = Arbitraries.strings().withChars("aé中ßЖ ").ofMinLength(1).ofMaxLength(10)
                .map(s -> "é" + s.strip() + "z");
        return Arbitraries.oneOf(words, special, unicode);
    }

    /**
     * Valid mailboxes, with and without display names, dot-atom and quoted local parts.
     *
     * @return the mailboxes
     */
    public static Arbitrary<Mailbox> mailboxes() {
        Arbitrary<String> local = Arbitraries.frequencyOf(Tuple.of(4, dotAtomLocalParts()), Tuple.of(1, quotedLocalParts()));
        return Combinators.combine(displayNames().optional(0.6), local, domains())
                .as((name, l, d) -> new Mailbox(name, l, d));
    }

    /**
     * Address lists for {@code From}, {@code To} or {@code Cc} (RFC 5322 §3.4): mailboxes and
     * groups, empty groups included.
     *
     * @return the lists, never empty
     */
    public static Arbitrary<List<Address>> addressLists() {
        Arbitrary<Address> group = Combinators.combine(displayNames(), mailboxes().list().ofMaxSize(3))
                .as(Group::new);
        Arbitrary<Address> mailbox = mailboxes().map(m -> m);
        return Arbitraries.frequencyOf(Tuple.of(4, mailbox), Tuple.of(1, group)).list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * Address header values a hostile or broken sender might write: unbalanced quotes, angle
     * brackets and comments, nested comments, NUL, CR and LF, 8-bit octets, very long runs.
     *
     * @return the unfolded field values
     */
    public static Arbitrary<String> hostileAddressValues() {
        Arbitrary<String> pieces = Arbitraries.of("\"", "<", ">", "(", ")", "((((((", "\\", "@", ",", ";", ":", " ",
                "\t", "\r", "\n", "\r\n", "\u0000", "a", "b.test", "[", "]", "=?utf-8?B?", "?=", "é", ".", "..",
                "x".repeat(1000));
        return pieces.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    /**
     * Valid messages made by mailwire's {@link MessageBuilder}: From, To, Subject (UTF-8
     * sometimes), Message-ID and a text body with dots, long lines and UTF-8.
     *
     * @return the messages, CRLF line ends
     */
    public static Arbitrary<byte[]> messages() {
        Arbitrary<String> subject = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '中')
                .ofMinLength(1).ofMaxLength(120).map(String::strip).filter(s -> !s.isEmpty());
        Arbitrary<String> body = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '.', 'é')
                .ofMaxLength(2000);
        return Combinators.combine(mailboxes(), addressLists(), subject, body).as((from, to, s, b) ->
                MessageBuilder.builder().from(from).to(to.toArray(Address[]::new)).subject(s)
                        .messageId("<" + Integer.toHexString(s.hashCode()) + "@testkit.test>")
                        .body(MessageBuilder.Part.text(b)).build());
    }

    /**
     * Messages a hostile or broken sender might send: valid ones damaged by {@link ByteMutations},
     * with bare LF line ends (RFC 5322 §2.3 forbids them), with no body separator, with header
     * lines longer than 998 octets (RFC 5322 §2.1.1), and random octets.
     *
     * @return the message octets
     */
    public static Arbitrary<byte[]> hostileMessages() {
        Arbitrary<byte[]> bareLf = messages().map(m -> new String(m, StandardCharsets.UTF_8).replace("\r\n", "\n")
                .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> headerOnly = messages().map(m -> {
            String text = new String(m, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            return (end < 0 ? text : text.substring(0, end)).getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> longLine = Arbitraries.integers().between(999, 5000)
                .map(n -> ("Subject: " + "s".repeat(n) + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(ByteMutations.of(messages()), bareLf, headerOnly, longLine,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2000));
    }

    /**
     * Tells whether a local part is a dot-atom (RFC 5322 §3.2.3).
     *
     * @param s the local part
     * @return whether it needs no quotes
     */
    static boolean dotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '.' && ATEXT.indexOf(s.charAt(i)) < 0
                    && !(Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 0x80)) {
                return false;
            }
        }
        return true;
    }
}
