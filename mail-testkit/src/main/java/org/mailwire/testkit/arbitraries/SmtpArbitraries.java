// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import org.mailwire.smtp.codec.*;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for every SMTP codec value, as static factories that any property can return
 * from a {@code @Provide} method; they are meant to move to mail-testkit.
 *
 * <p>Values are built through their public constructors, so every generated value is valid by
 * construction; combinations a constructor refuses (a non-ASCII sender without SMTPUTF8, a reply
 * text that reads as an enhanced code) are filtered out. Sizes stay within the default limits.
 */
public final class SmtpArbitraries {

    /** Extension keywords the round-trip decoder is configured to accept. */
    public static final Set<String> EXTENSIONS = Set.of("X-ONE", "MT-PRIORITY");

    private static final String ATEXT = "abcxyzABCXYZ0189!#$%&'*+-/=?^_`{|}~";
    private static final String LDH = "abcdefghijklmnopqrstuvwxyzABCZ0123456789-";

    private SmtpArbitraries() {
    }

    /** Atoms of RFC 5321 §4.1.2 {@code atext}. */
    public static Arbitrary<String> atoms() {
        return Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(8);
    }

    /** Dot-strings (RFC 5321 §4.1.2), the unquoted local-part form. */
    public static Arbitrary<String> dotStrings() {
        return atoms().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l));
    }

    /** Local parts: dot-strings, quoted contents (any printable ASCII), and some UTF-8. */
    public static Arbitrary<String> localParts() {
        Arbitrary<String> quoted = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> utf8 = Arbitraries.of("a", "ö", "ü", "ß", "é", "中", "文", "😀", " ", ".").list()
                .ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(Tuple.of(6, dotStrings()), Tuple.of(3, quoted), Tuple.of(1, utf8));
    }

    /** Domain labels of letters, digits and hyphens (RFC 5321 §4.1.2 {@code sub-domain}). */
    public static Arbitrary<String> labels() {
        return Arbitraries.strings().withChars(LDH).ofMinLength(1).ofMaxLength(10)
                .filter(s -> s.charAt(0) != '-' && s.charAt(s.length() - 1) != '-');
    }

    /** Domains, ASCII or U-labels for SMTPUTF8 (RFC 6531 §3.3). */
    public static Arbitrary<String> domains() {
        Arbitrary<String> ascii = labels().list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
        return Arbitraries.frequencyOf(Tuple.of(9, ascii), Tuple.of(1, Arbitraries.of("bücher.example", "例え.テスト")));
    }

    /** Address literals: IPv4, IPv6 and general forms (RFC 5321 §4.1.3). */
    public static Arbitrary<String> addressLiterals() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(l -> "[" + l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3) + "]");
        Arbitrary<String> other = Arbitraries.of("[IPv6:2001:db8::1]", "[IPv6:::1]", "[IPv6:1:2:3:4:5:6:7:8]",
                "[IPv6:::ffff:192.0.2.1]", "[IPv6:1:2:3:4:5:6:192.0.2.1]", "[x-tag:any~content]");
        return Arbitraries.oneOf(ipv4, other);
    }

    /** EHLO/HELO arguments: ASCII domains or address literals (RFC 5321 §4.1.1.1). */
    public static Arbitrary<String> asciiHostNames() {
        return Arbitraries.frequencyOf(Tuple.of(4, domains().filter(d -> d.chars().allMatch(c -> c < 0x80))), Tuple.of(1, addressLiterals()));
    }

    /** Mailboxes with dot-string or quoted local parts (RFC 5321 §4.1.2). */
    public static Arbitrary<Mailbox> mailboxes() {
        Arbitrary<String> hosts = Arbitraries.frequencyOf(Tuple.of(5, domains()), Tuple.of(1, addressLiterals()));
        return Combinators.combine(localParts(), hosts).as(Mailbox::new);
    }

    /** MAIL reverse-paths, the null path included (RFC 5321 §4.1.1.2). */
    public static Arbitrary<ReversePath> reversePaths() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(ReversePath.NULL)), Tuple.of(6, mailboxes().map(m -> m)));
    }

    /** RCPT forward-paths, {@code <Postmaster>} included (RFC 5321 §4.1.1.3). */
    public static Arbitrary<ForwardPath> forwardPaths() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(ForwardPath.POSTMASTER)), Tuple.of(6, mailboxes().map(m -> m)));
    }

    /** Printable ASCII with spaces, as xtext carries. */
    public static Arbitrary<String> xtextValues() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20);
    }

    /** Unregistered ESMTP parameters of the keywords in {@link #EXTENSIONS} (RFC 5321 §4.1.2). */
    public static Arbitrary<List<EsmtpParameter>> extensions() {
        Arbitrary<EsmtpParameter> one = Arbitraries.of("X-ONE", "x-one", "MT-PRIORITY").flatMap(k ->
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(6).filter(v -> v.indexOf('=') < 0)
                        .optional().map(v -> new EsmtpParameter(k, v)));
        return one.list().ofMaxSize(2).uniqueElements(p -> p.keyword().toUpperCase(java.util.Locale.ROOT));
    }

    /** MAIL parameters: SIZE, BODY, RET, ENVID, SMTPUTF8, AUTH and extensions (RFC 1870, 6152, 3461, 6531, 4954). */
    public static Arbitrary<MailParameters> mailParameters() {
        return Combinators.combine(
                Arbitraries.longs().between(0, 50L << 20).optional(),
                Arbitraries.of(MailParameters.Body.class).optional(),
                Arbitraries.of(true, false),
                Arbitraries.of(MailParameters.Ret.class).optional(),
                xtextValues().optional(),
                Arbitraries.oneOf(xtextValues(), Arbitraries.just("<>")).optional(),
                extensions()).as((size, body, utf8, ret, envid, auth, ext) -> new MailParameters(
                        size.map(OptionalLong::of).orElse(OptionalLong.empty()), body, utf8, ret, envid, auth, ext));
    }

    /** RCPT parameters: NOTIFY and ORCPT (RFC 3461 §4) and extensions. */
    public static Arbitrary<RcptParameters> rcptParameters() {
        Arbitrary<Set<RcptParameters.Notify>> notify = Arbitraries.oneOf(
                Arbitraries.just(Set.of(RcptParameters.Notify.NEVER)),
                Arbitraries.of(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE, RcptParameters.Notify.DELAY)
                        .set().ofMinSize(1).map(s -> (Set<RcptParameters.Notify>) EnumSet.copyOf(s)));
        Arbitrary<OriginalRecipient> orcpt = Combinators.combine(Arbitraries.of("rfc822", "x-local", "UTF-8"), xtextValues())
                .as(OriginalRecipient::new);
        return Combinators.combine(notify.optional(), orcpt.optional(), extensions()).as(RcptParameters::new);
    }

    /** Reply and command texts: printable ASCII without leading or trailing space. */
    public static Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20)
                .filter(s -> s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' '); // RFC 5321 textstring, trimmed
    }

    /** Every SMTP command with valid arguments (RFC 5321 §4.1, with ESMTP extensions). */
    public static Arbitrary<SmtpCommand> commands() {
        Arbitrary<SmtpCommand> mail = Combinators.combine(reversePaths(), mailParameters())
                .as((p, m) -> attempt(() -> new SmtpCommand.Mail(p, m))).filter(Optional::isPresent).map(Optional::get);
        Arbitrary<SmtpCommand> rcpt = Combinators.combine(forwardPaths(), rcptParameters()).as(SmtpCommand.Rcpt::new);
        Arbitrary<SmtpCommand> base64 = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(22)
                .map(b -> java.util.Base64.getEncoder().encodeToString(b))
                .map(s -> (SmtpCommand) new SmtpCommand.Auth("PLAIN", Optional.of(s)));
        Arbitrary<SmtpCommand> auth = Arbitraries.oneOf(base64,
                Arbitraries.of("PLAIN", "login", "SCRAM-SHA-256", "XOAUTH2", "CRAM-MD5")
                        .map(m -> new SmtpCommand.Auth(m, Optional.empty())),
                Arbitraries.just(new SmtpCommand.Auth("PLAIN", Optional.of("="))));
        Arbitrary<SmtpCommand> unknown = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzXYZ-").ofMinLength(1).ofMaxLength(10)
                .filter(v -> Character.isLetter(v.charAt(0)) && v.charAt(v.length() - 1) != '-'
                        && !SmtpCommand.KNOWN_VERBS.contains(v.toUpperCase(java.util.Locale.ROOT)))
                .map(SmtpCommand.Unknown::new);
        return Arbitraries.frequencyOf(
                Tuple.of(2, asciiHostNames().map(SmtpCommand.Ehlo::new)),
                Tuple.of(1, asciiHostNames().map(SmtpCommand.Helo::new)),
                Tuple.of(1, asciiHostNames().map(SmtpCommand.Lhlo::new)),
                Tuple.of(6, mail),
                Tuple.of(6, rcpt),
                Tuple.of(1, Arbitraries.of(SmtpCommand.DATA, SmtpCommand.RSET, SmtpCommand.QUIT, SmtpCommand.STARTTLS,
                        SmtpCommand.NOOP, SmtpCommand.HELP)),
                Tuple.of(1, Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(true, false))
                        .as(SmtpCommand.Bdat::new)),
                Tuple.of(1, texts().map(SmtpCommand.Vrfy::new)),
                Tuple.of(1, texts().map(SmtpCommand.Expn::new)),
                Tuple.of(1, texts().optional().map(SmtpCommand.Help::new)),
                Tuple.of(1, texts().optional().map(SmtpCommand.Noop::new)),
                Tuple.of(2, auth),
                Tuple.of(1, unknown));
    }

    /** Replies with single and multiple lines and enhanced status codes (RFC 5321 §4.2, RFC 3463). */
    public static Arbitrary<SmtpReply> replies() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)),
                Tuple.of(1, Arbitraries.of("ä", "ö", "中", "😀", " ", "\t").list().ofMaxSize(10).map(l -> String.join("", l))),
                Tuple.of(1, Arbitraries.of("2.0.0", "2.0.0 x", "5.1.1 no", "250 nested code")));
        Arbitrary<Integer> codes = Arbitraries.integers().between(200, 599);
        Arbitrary<Optional<EnhancedStatus>> statuses = Combinators.combine(
                Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999)).as((s, d) -> Optional.of(
                new EnhancedStatus(2, s, d)));
        return Combinators.combine(codes, Arbitraries.of(true, false), statuses, line.list().ofMinSize(1).ofMaxSize(5))
                .as((code, withStatus, status, lines) -> attempt(() -> new SmtpReply(code,
                        withStatus && code / 100 != 3 ? status.map(s -> new EnhancedStatus(code / 100, s.subject(), s.detail()))
                                : Optional.empty(), lines)))
                .filter(Optional::isPresent).map(Optional::get);
    }

    /** Bytes a hostile or broken peer might send: random octets, mostly from an SMTP-ish vocabulary. */
    public static Arbitrary<byte[]> hostileBytes() {
        Arbitrary<String> pieces = Arbitraries.of("MAIL FROM:", "RCPT TO:", "<", ">", "@", "\"", "\\", " ", "=", "+0A", "+0D",
                "SIZE=", "99999999999999999999", "NOTIFY=", "ORCPT=rfc822;", "EHLO ", "AUTH PLAIN ", "BDAT ", "LAST", "\r\n",
                "\r", "\n", "\u0000", "ö", "a", "b.example", "[IPv6:", "::", "250-", "250 ", "2.0.0 ", "-", ".");
        Arbitrary<byte[]> vocabulary = pieces.list().ofMaxSize(40).map(l -> String.join("", l)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.frequencyOf(Tuple.of(3, vocabulary), Tuple.of(1, random));
    }

    /**
     * Valid pipelined commands with one to three mutations each: an octet replaced by one that
     * matters to the grammar, deleted, or inserted. Most lines stay framed, so the parser, not
     * just the framer, meets the damage.
     */
    public static Arbitrary<byte[]> mutatedCommands() {
        return ByteMutations.of(commands().list().ofMinSize(1).ofMaxSize(4).map(SmtpArbitraries::encode));
    }

    /** Valid replies with one to three mutations each, as {@link #mutatedCommands()}. */
    public static Arbitrary<byte[]> mutatedReplies() {
        return ByteMutations.of(replies().list().ofMinSize(1).ofMaxSize(4).map(replies -> {
            SmtpReplyEncoder encoder = new SmtpReplyEncoder();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (SmtpReply reply : replies) {
                ByteBuffer b = encoder.encode(reply);
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
            return out.toByteArray();
        }));
    }

    /** The concatenated wire form of commands. */
    public static byte[] encode(List<SmtpCommand> commands) {
        SmtpCommandEncoder encoder = new SmtpCommandEncoder();
        List<byte[]> parts = new ArrayList<>();
        int n = 0;
        for (SmtpCommand c : commands) {
            ByteBuffer b = encoder.encode(c);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            parts.add(bytes);
            n += bytes.length;
        }
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, p, part.length);
            p += part.length;
        }
        return out;
    }

    private static <T> Optional<T> attempt(Supplier<T> construction) {
        try {
            return Optional.of(construction.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
