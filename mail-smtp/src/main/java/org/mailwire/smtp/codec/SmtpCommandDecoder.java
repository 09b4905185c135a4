// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.mailwire.core.codec.Ascii;
import org.mailwire.core.codec.BareLineEndingPolicy;
import org.mailwire.core.codec.LineFramer;

/**
 * The server's incremental command decoder: cuts command lines out of bytes split anywhere and
 * parses each into an {@link SmtpCommand}, or into the exact reply a malformed line deserves.
 *
 * <p>{@link #decode(ByteBuffer)} consumes input up to the end of one line and returns
 * {@link Command}, {@link NeedInput} (everything was consumed, no line is complete yet) or
 * {@link Invalid} with the reply to send; input after the line stays in the buffer for the next
 * call, so a pipelined group (RFC 2920) decodes one command per call, whatever the segmentation
 * (SECURITY-CASES SMTP-24). After an invalid line the decoder is in step with the peer and the
 * next line decodes normally (SMTP-06: {@code 500 5.5.2} for an over-long line, then
 * {@code NOOP} works).
 *
 * <p>What it enforces, strictly unless a {@link SmtpCompliance} value says otherwise:
 * <ul>
 *   <li>Only CRLF ends a line; a bare CR or LF is one {@code 500 5.5.2} and the rest of that line
 *       up to the next CRLF is dropped, so {@code MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\n} is one
 *       error and never two commands (SMTP-05, RFC 5321 §2.3.8).</li>
 *   <li>Command lines are at most {@link SmtpLimits#maxCommandLine()} octets with the CRLF, and
 *       {@code AUTH} lines at most {@link SmtpLimits#maxAuthLine()} (RFC 4954 §4); memory is
 *       bounded by the larger of the two whatever the peer sends.</li>
 *   <li>Verbs and parameter keywords are case-insensitive (RFC 5321 §2.4); arguments follow the
 *       grammar of §4.1.1 and §4.1.2 exactly: one space after the verb, none around the colon of
 *       {@code FROM:} and {@code TO:} (§3.3), paths in angle brackets, no trailing space.</li>
 *   <li>Address lengths ({@code 501 5.1.7} for the sender, {@code 501 5.1.3} for a recipient),
 *       a {@code SIZE} above {@link SmtpLimits#maxMessageSize()} or beyond any integer
 *       ({@code 552 5.3.4}), parameters it was not told about ({@code 555 5.5.4}), and non-ASCII
 *       addresses outside an SMTPUTF8 transaction ({@code 553 5.6.7}, RFC 6531).</li>
 * </ul>
 *
 * <p>SMTPUTF8 is a property of the transaction (RFC 6531 §3.4): the decoder remembers whether the
 * last {@code MAIL} it decoded carried the parameter, and forgets it on {@code RSET}, a greeting,
 * or {@link #reset()}; a session that ends a transaction otherwise (after DATA, or a rejected
 * MAIL) tells it through {@link #smtpUtf8InForce(boolean)}.
 *
 * <p>On the hot path nothing is allocated but the decoded values and their {@link Command}
 * wrapper: lines are parsed in the framer's array, commands without arguments are shared
 * constants, and no exception is thrown for any input. Not thread-safe; one per connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1">RFC 5321 §4.1</a>
 */
public final class SmtpCommandDecoder {

    /** What one {@link #decode(ByteBuffer)} call produced. */
    public sealed interface Result permits Command, NeedInput, Invalid, AuthResponse {
    }

    /**
     * A command was decoded.
     *
     * @param command the command
     */
    public record Command(SmtpCommand command) implements Result {
        /**
         * Checks for null.
         *
         * @param command the command
         */
        public Command {
            Objects.requireNonNull(command, "command");
        }
    }

    /** All input was consumed without completing a line; call again with more. */
    public record NeedInput() implements Result {
    }

    /**
     * A client's line in a SASL exchange after a {@code 334} challenge (RFC 4954 §4), returned
     * only by {@link #decodeAuthResponse(ByteBuffer)}: base64 text, empty for an empty response,
     * or {@code *} to cancel.
     *
     * @param text the base64 text, empty, or {@code *}
     */
    public record AuthResponse(String text) implements Result {
        /**
         * Checks the text.
         *
         * @param text the base64 text, empty, or {@code *}
         * @throws IllegalArgumentException if it is none of these
         */
        public AuthResponse {
            Objects.requireNonNull(text, "text");
            if (!text.isEmpty() && !text.equals("*") && (text.equals("=") || !SmtpSyntax.isBase64OrEmpty(text))) {
                throw new IllegalArgumentException("not a SASL response");
            }
        }

        /**
         * Tells whether the client cancelled the exchange; the server answers {@code 501}
         * (RFC 4954 §4).
         *
         * @return {@code true} for {@code *}
         */
        public boolean isCancel() {
            return text.equals("*");
        }
    }

    /**
     * A line was refused; send {@code reply} and carry on (or count it and close, at the
     * session's discretion).
     *
     * @param error why
     * @param reply the reply the client gets
     */
    public record Invalid(SmtpDecodeError error, SmtpReply reply) implements Result {
        /**
         * Checks for nulls.
         *
         * @param error why
         * @param reply the reply
         */
        public Invalid {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(reply, "reply");
        }

        /**
         * Returns the error as an exception, for sessions that unwind on peer errors.
         *
         * @return an exception carrying the reply
         */
        public SmtpProtocolException toException() {
            return new SmtpProtocolException(reply);
        }
    }

    private static final NeedInput NEED_INPUT = new NeedInput();
    private static final Command DATA = new Command(SmtpCommand.DATA);
    private static final Command RSET = new Command(SmtpCommand.RSET);
    private static final Command QUIT = new Command(SmtpCommand.QUIT);
    private static final Command STARTTLS = new Command(SmtpCommand.STARTTLS);
    private static final Command NOOP = new Command(SmtpCommand.NOOP);
    private static final Command HELP = new Command(SmtpCommand.HELP);

    private static final AuthResponse EMPTY_AUTH_RESPONSE = new AuthResponse("");
    private static final AuthResponse CANCEL_AUTH = new AuthResponse("*");

    private static final Invalid LINE_TOO_LONG = new Invalid(SmtpDecodeError.LINE_TOO_LONG, SmtpReply.LINE_TOO_LONG);
    private static final Invalid BARE_LINE_ENDING =
            new Invalid(SmtpDecodeError.BARE_LINE_ENDING, SmtpReply.BARE_LINE_ENDING);
    private static final Invalid UNRECOGNIZED =
            new Invalid(SmtpDecodeError.UNRECOGNIZED, SmtpReply.COMMAND_UNRECOGNIZED);
    private static final Invalid NO_ARGUMENTS_ALLOWED =
            syntax("Syntax error, no parameters allowed");
    private static final Invalid BAD_HOST_NAME = syntax("Syntax error, domain or address literal required");
    private static final Invalid BAD_TEXT_ARGUMENT = syntax("Syntax error in argument");
    private static final Invalid BAD_MAIL = syntax("Syntax error, expected MAIL FROM:<address>");
    private static final Invalid BAD_RCPT = syntax("Syntax error, expected RCPT TO:<address>");
    private static final Invalid BAD_BDAT = syntax("Syntax error, expected BDAT size [LAST]");
    private static final Invalid BAD_AUTH = syntax("Syntax error, expected AUTH mechanism [initial-response]");
    private static final Invalid BAD_PARAMETERS = syntax("Syntax error in parameters");
    private static final Invalid BAD_BASE64 =
            new Invalid(SmtpDecodeError.INVALID_BASE64, SmtpReply.of(501, "5.5.2", "Cannot decode base64"));
    private static final Invalid SIZE_TOO_LARGE =
            new Invalid(SmtpDecodeError.SIZE_TOO_LARGE, SmtpReply.MESSAGE_TOO_LARGE);
    private static final Invalid CHUNK_TOO_LARGE =
            new Invalid(SmtpDecodeError.CHUNK_TOO_LARGE, SmtpReply.MESSAGE_TOO_LARGE);
    private static final Invalid UTF8_WITHOUT_SMTPUTF8 =
            new Invalid(SmtpDecodeError.UTF8_WITHOUT_SMTPUTF8, SmtpReply.UTF8_NOT_PERMITTED);
    private static final Invalid BAD_SENDER = address(SmtpDecodeError.INVALID_ADDRESS, "5.1.7", "Bad sender address syntax");
    private static final Invalid BAD_RECIPIENT =
            address(SmtpDecodeError.INVALID_ADDRESS, "5.1.3", "Bad recipient address syntax");
    private static final Invalid SENDER_LOCAL_TOO_LONG =
            address(SmtpDecodeError.LOCAL_PART_TOO_LONG, "5.1.7", "Sender local part too long");
    private static final Invalid RECIPIENT_LOCAL_TOO_LONG =
            address(SmtpDecodeError.LOCAL_PART_TOO_LONG, "5.1.3", "Recipient local part too long");
    private static final Invalid SENDER_DOMAIN_TOO_LONG =
            address(SmtpDecodeError.DOMAIN_TOO_LONG, "5.1.7", "Sender domain too long");
    private static final Invalid RECIPIENT_DOMAIN_TOO_LONG =
            address(SmtpDecodeError.DOMAIN_TOO_LONG, "5.1.3", "Recipient domain too long");
    private static final Invalid SENDER_PATH_TOO_LONG = address(SmtpDecodeError.PATH_TOO_LONG, "5.1.7", "Path too long");
    private static final Invalid RECIPIENT_PATH_TOO_LONG =
            address(SmtpDecodeError.PATH_TOO_LONG, "5.1.3", "Path too long");
    private static final Invalid HOST_NAME_TOO_LONG =
            new Invalid(SmtpDecodeError.DOMAIN_TOO_LONG, SmtpReply.of(501, "5.5.4", "Domain name too long"));

    // Keywords, lower case, for Ascii.equalsIgnoreCase; private and never written.
    private static final byte[] K_HELO = ascii("helo");
    private static final byte[] K_EHLO = ascii("ehlo");
    private static final byte[] K_LHLO = ascii("lhlo");
    private static final byte[] K_MAIL = ascii("mail");
    private static final byte[] K_RCPT = ascii("rcpt");
    private static final byte[] K_DATA = ascii("data");
    private static final byte[] K_BDAT = ascii("bdat");
    private static final byte[] K_RSET = ascii("rset");
    private static final byte[] K_VRFY = ascii("vrfy");
    private static final byte[] K_EXPN = ascii("expn");
    private static final byte[] K_HELP = ascii("help");
    private static final byte[] K_NOOP = ascii("noop");
    private static final byte[] K_QUIT = ascii("quit");
    private static final byte[] K_STARTTLS = ascii("starttls");
    private static final byte[] K_AUTH = ascii("auth");
    private static final byte[] K_FROM = ascii("from:");
    private static final byte[] K_TO = ascii("to:");
    private static final byte[] K_LAST = ascii("last");
    private static final byte[] K_POSTMASTER = ascii("postmaster");
    private static final byte[] K_SIZE = ascii("size");
    private static final byte[] K_BODY = ascii("body");
    private static final byte[] K_SMTPUTF8 = ascii("smtputf8");
    private static final byte[] K_RET = ascii("ret");
    private static final byte[] K_ENVID = ascii("envid");
    private static final byte[] K_NOTIFY = ascii("notify");
    private static final byte[] K_ORCPT = ascii("orcpt");
    private static final byte[] K_7BIT = ascii("7bit");
    private static final byte[] K_8BITMIME = ascii("8bitmime");
    private static final byte[] K_BINARYMIME = ascii("binarymime");
    private static final byte[] K_FULL = ascii("full");
    private static final byte[] K_HDRS = ascii("hdrs");
    private static final byte[] K_NEVER = ascii("never");
    private static final byte[] K_SUCCESS = ascii("success");
    private static final byte[] K_FAILURE = ascii("failure");
    private static final byte[] K_DELAY = ascii("delay");

    private final SmtpLimits limits;
    private final boolean allowSpaceAfterColon;
    private final boolean allowMissingBrackets;
    private final boolean allowTrailingWhitespace;
    private final Set<String> extensionParameters;
    private final LineFramer framer;
    private final ByteChars view = new ByteChars();
    private final StringBuilder scratch = new StringBuilder();
    private final byte[] scratchBytes;

    private boolean smtpUtf8InForce;

    // Set by parsePath: the mailbox (null for <> or <Postmaster>), whether it holds UTF-8, or the error.
    private Mailbox pathMailbox;
    private boolean pathUtf8;
    private Invalid error;

    private SmtpCommandDecoder(SmtpLimits limits, Set<SmtpCompliance> compliance, Set<String> extensionParameters) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.allowSpaceAfterColon = compliance.contains(SmtpCompliance.ALLOW_SPACE_AFTER_COLON);
        this.allowMissingBrackets = compliance.contains(SmtpCompliance.ALLOW_MISSING_ANGLE_BRACKETS);
        this.allowTrailingWhitespace = compliance.contains(SmtpCompliance.ALLOW_TRAILING_WHITESPACE);
        Set<String> upper = new java.util.HashSet<>();
        for (String keyword : extensionParameters) {
            if (!SmtpSyntax.isKeyword(keyword)) {
                throw new IllegalArgumentException("not an esmtp-keyword: " + Mailbox.printable(keyword));
            }
            String u = keyword.toUpperCase(Locale.ROOT);
            if (MailParameters.KEYWORDS.contains(u) || RcptParameters.KEYWORDS.contains(u)) {
                throw new IllegalArgumentException("typed parameter cannot be an extension: " + keyword);
            }
            upper.add(u);
        }
        this.extensionParameters = Set.copyOf(upper);
        int lineLimit = Math.max(limits.maxCommandLine(), limits.maxAuthLine());
        BareLineEndingPolicy policy = compliance.contains(SmtpCompliance.ALLOW_BARE_LF_IN_COMMANDS)
                ? BareLineEndingPolicy.ACCEPT_BARE_LF : BareLineEndingPolicy.REJECT;
        this.framer = LineFramer.of(lineLimit, policy);
        this.scratchBytes = new byte[lineLimit];
    }

    /**
     * Returns a strict decoder with the default limits.
     *
     * @return the decoder
     */
    public static SmtpCommandDecoder of() {
        return new SmtpCommandDecoder(SmtpLimits.defaults(), Set.of(), Set.of());
    }

    /**
     * Returns a decoder with the given limits and leniencies.
     *
     * @param limits the limits
     * @param compliance the leniencies to allow; empty for strict RFC 5321
     * @return the decoder
     */
    public static SmtpCommandDecoder of(SmtpLimits limits, Set<SmtpCompliance> compliance) {
        return new SmtpCommandDecoder(limits, compliance, Set.of());
    }

    /**
     * Returns a decoder that also accepts the named ESMTP parameters on MAIL and RCPT, keeping
     * them as {@link EsmtpParameter}s; any other unknown parameter gets {@code 555 5.5.4}.
     *
     * @param limits the limits
     * @param compliance the leniencies to allow
     * @param extensionParameters keywords of the extension parameters the server supports, such
     *     as {@code MT-PRIORITY}; not one of the typed ones
     * @return the decoder
     */
    public static SmtpCommandDecoder of(SmtpLimits limits, Set<SmtpCompliance> compliance,
            Set<String> extensionParameters) {
        return new SmtpCommandDecoder(limits, compliance, extensionParameters);
    }

    /**
     * Consumes input up to the end of one command line and decodes it.
     *
     * @param input received bytes; the position advances past what was consumed
     * @return the command, {@link NeedInput}, or {@link Invalid} with the reply to send
     */
    public Result decode(ByteBuffer input) {
        switch (framer.next(input)) {
            case LINE:
                return parse(framer.lineArray(), framer.lineLength());
            case LINE_TOO_LONG:
                return LINE_TOO_LONG;
            case BARE_LINE_ENDING:
                return BARE_LINE_ENDING;
            default:
                return NEED_INPUT;
        }
    }

    /**
     * Consumes input up to the end of one line of a SASL exchange and decodes it: what the
     * client sends after a {@code 334} challenge, up to {@link SmtpLimits#maxAuthLine()} octets
     * (RFC 4954 §4). A line that is not base64, empty or {@code *} gets {@code 501 5.5.2}
     * (SECURITY-CASES SMTP-15).
     *
     * @param input received bytes; the position advances past what was consumed
     * @return {@link AuthResponse}, {@link NeedInput}, or {@link Invalid}
     */
    public Result decodeAuthResponse(ByteBuffer input) {
        switch (framer.next(input)) {
            case LINE:
                break;
            case LINE_TOO_LONG:
                return LINE_TOO_LONG;
            case BARE_LINE_ENDING:
                return BARE_LINE_ENDING;
            default:
                return NEED_INPUT;
        }
        byte[] line = framer.lineArray();
        int length = framer.lineLength();
        if (length == 0) {
            return EMPTY_AUTH_RESPONSE;
        }
        if (length == 1 && line[0] == '*') {
            return CANCEL_AUTH;
        }
        if (!SmtpSyntax.isBase64OrEmpty(view.set(line, 0, length)) || (length == 1 && line[0] == '=')) {
            return BAD_BASE64;
        }
        return new AuthResponse(new String(line, 0, length, StandardCharsets.US_ASCII));
    }

    /**
     * Tells whether part of a command has been received, for the per-command deadline
     * (ARCHITECTURE "NeedInput says whether a command is under way").
     *
     * @return {@code true} between the first octet of a line and its CRLF
     */
    public boolean midCommand() {
        return framer.midLine();
    }

    /**
     * Tells whether RCPT commands may carry non-ASCII addresses: the last MAIL carried SMTPUTF8.
     *
     * @return {@code true} inside an SMTPUTF8 transaction
     */
    public boolean smtpUtf8InForce() {
        return smtpUtf8InForce;
    }

    /**
     * Sets whether RCPT commands may carry non-ASCII addresses; a session calls it with
     * {@code false} when a transaction ends other than by RSET or a greeting.
     *
     * @param inForce whether the current transaction is an SMTPUTF8 one
     */
    public void smtpUtf8InForce(boolean inForce) {
        this.smtpUtf8InForce = inForce;
    }

    /**
     * Drops all buffered input and state, as after STARTTLS, where nothing received in plaintext
     * may be processed afterwards (RFC 3207 §4.2, CVE-2011-0411).
     */
    public void reset() {
        framer.reset();
        smtpUtf8InForce = false;
    }

    /**
     * Returns the limits.
     *
     * @return the limits
     */
    public SmtpLimits limits() {
        return limits;
    }

    private Result parse(byte[] line, int length) {
        int end = length;
        if (allowTrailingWhitespace) {
            while (end > 0 && Ascii.isWhitespace(line[end - 1])) {
                end--;
            }
        }
        int v = 0;
        while (v < end && (Ascii.isAlphaNumeric(line[v]) || line[v] == '-')) {
            v++;
        }
        if (v == 0 || !Ascii.isAlpha(line[0])) {
            return UNRECOGNIZED;
        }
        boolean hasArgument = v < end;
        boolean badSeparator = hasArgument && line[v] != ' ';
        int arg = v + 1;
        boolean auth = Ascii.equalsIgnoreCase(line, 0, v, K_AUTH);
        // One framer serves both limits (its buffer is the larger); each verb gets its own here.
        if (length + 2 > (auth ? limits.maxAuthLine() : limits.maxCommandLine())) {
            return LINE_TOO_LONG;
        }
        if (auth) {
            return badSeparator || !hasArgument ? BAD_AUTH : auth(line, arg, end);
        }
        if (v == 4) {
            if (Ascii.equalsIgnoreCase(line, 0, v, K_MAIL)) {
                return badSeparator || !hasArgument ? BAD_MAIL : mail(line, arg, end);
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_RCPT)) {
                return badSeparator || !hasArgument ? BAD_RCPT : rcpt(line, arg, end);
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_DATA)) {
                return hasArgument ? NO_ARGUMENTS_ALLOWED : DATA;
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_BDAT)) {
                return badSeparator || !hasArgument ? BAD_BDAT : bdat(line, arg, end);
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_EHLO)) {
                return greeting(line, arg, end, hasArgument && !badSeparator, 'E');
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_HELO)) {
                return greeting(line, arg, end, hasArgument && !badSeparator, 'H');
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_LHLO)) {
                return greeting(line, arg, end, hasArgument && !badSeparator, 'L');
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_RSET)) {
                if (hasArgument) {
                    return NO_ARGUMENTS_ALLOWED;
                }
                smtpUtf8InForce = false;
                return RSET;
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_QUIT)) {
                return hasArgument ? NO_ARGUMENTS_ALLOWED : QUIT;
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_NOOP)) {
                if (!hasArgument) {
                    return NOOP;
                }
                String text = text(line, arg, end, badSeparator);
                return text == null ? BAD_TEXT_ARGUMENT : new Command(new SmtpCommand.Noop(Optional.of(text)));
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_HELP)) {
                if (!hasArgument) {
                    return HELP;
                }
                String text = text(line, arg, end, badSeparator);
                return text == null ? BAD_TEXT_ARGUMENT : new Command(new SmtpCommand.Help(Optional.of(text)));
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_VRFY)) {
                String text = hasArgument ? text(line, arg, end, badSeparator) : null;
                return text == null ? BAD_TEXT_ARGUMENT : new Command(new SmtpCommand.Vrfy(text));
            }
            if (Ascii.equalsIgnoreCase(line, 0, v, K_EXPN)) {
                String text = hasArgument ? text(line, arg, end, badSeparator) : null;
                return text == null ? BAD_TEXT_ARGUMENT : new Command(new SmtpCommand.Expn(text));
            }
        } else if (v == 8 && Ascii.equalsIgnoreCase(line, 0, v, K_STARTTLS)) {
            return hasArgument ? NO_ARGUMENTS_ALLOWED : STARTTLS;
        }
        if (v > 64) {
            return UNRECOGNIZED;
        }
        return new Command(new SmtpCommand.Unknown(new String(line, 0, v, StandardCharsets.US_ASCII)));
    }

    private String text(byte[] line, int from, int to, boolean badSeparator) {
        if (badSeparator || !SmtpSyntax.isText(view.set(line, from, to))) {
            return null;
        }
        return new String(line, from, to - from, StandardCharsets.US_ASCII);
    }

    private Result greeting(byte[] line, int from, int to, boolean hasArgument, char kind) {
        if (!hasArgument) {
            return BAD_HOST_NAME;
        }
        if (to - from > limits.maxDomain()) {
            // Too long only if it could be a name at all; spaces and NULs are a syntax error.
            for (int i = from; i < to; i++) {
                byte b = line[i];
                if (!Ascii.isAlphaNumeric(b) && b != '-' && b != '.' && b != '[' && b != ']' && b != ':') {
                    return BAD_HOST_NAME;
                }
            }
            return HOST_NAME_TOO_LONG;
        }
        view.set(line, from, to);
        if (!SmtpSyntax.isAscii(view) || !SmtpSyntax.isDomainOrAddressLiteral(view)) {
            return BAD_HOST_NAME;
        }
        String domain = new String(line, from, to - from, StandardCharsets.US_ASCII);
        // A new greeting resets any transaction (RFC 5321 §4.1.4).
        smtpUtf8InForce = false;
        return new Command(switch (kind) {
            case 'E' -> new SmtpCommand.Ehlo(domain);
            case 'H' -> new SmtpCommand.Helo(domain);
            default -> new SmtpCommand.Lhlo(domain);
        });
    }

    private Result bdat(byte[] line, int from, int to) {
        int space = Ascii.indexOf(line, from, to, (byte) ' ');
        int digitsEnd = space < 0 ? to : space;
        if (digitsEnd == from) {
            return BAD_BDAT;
        }
        for (int i = from; i < digitsEnd; i++) {
            if (!Ascii.isDigit(line[i])) {
                return BAD_BDAT;
            }
        }
        long size = Ascii.parseUnsignedLong(line, from, digitsEnd, Long.MAX_VALUE);
        if (size < 0) {
            // All digits, so only overflow is left (SECURITY-CASES SMTP-17, Exim CVE-2020-28019).
            return CHUNK_TOO_LARGE;
        }
        boolean last = false;
        if (space >= 0) {
            if (!Ascii.equalsIgnoreCase(line, space + 1, to, K_LAST)) {
                return BAD_BDAT;
            }
            last = true;
        }
        return new Command(new SmtpCommand.Bdat(size, last));
    }

    private Result auth(byte[] line, int from, int to) {
        int space = Ascii.indexOf(line, from, to, (byte) ' ');
        int mechanismEnd = space < 0 ? to : space;
        if (!SmtpSyntax.isMechanism(view.set(line, from, mechanismEnd))) {
            return BAD_AUTH;
        }
        String mechanism = new String(line, from, mechanismEnd - from, StandardCharsets.US_ASCII);
        if (space < 0) {
            return new Command(new SmtpCommand.Auth(mechanism, Optional.empty()));
        }
        if (!SmtpSyntax.isBase64OrEmpty(view.set(line, space + 1, to))) {
            return BAD_BASE64;
        }
        String response = new String(line, space + 1, to - space - 1, StandardCharsets.US_ASCII);
        return new Command(new SmtpCommand.Auth(mechanism, Optional.of(response)));
    }

    private Result mail(byte[] line, int from, int to) {
        int p = afterColon(line, from, to, K_FROM);
        if (p < 0) {
            return BAD_MAIL;
        }
        p = parsePath(line, p, to, true);
        if (p < 0) {
            return error;
        }
        ReversePath sender = pathMailbox == null ? ReversePath.NULL : pathMailbox;
        boolean utf8 = pathUtf8;
        if (p == to) {
            if (utf8) {
                return UTF8_WITHOUT_SMTPUTF8;
            }
            smtpUtf8InForce = false;
            return new Command(SmtpCommand.Mail.of(sender));
        }
        if (line[p] != ' ') {
            return BAD_MAIL;
        }
        long size = -1;
        MailParameters.Body body = null;
        boolean smtpUtf8 = false;
        MailParameters.Ret ret = null;
        String envelopeId = null;
        String authorized = null;
        List<EsmtpParameter> extensions = null;
        while (p < to) {
            Invalid bad = scanParameter(line, p + 1, to);
            if (bad != null) {
                return bad;
            }
            int k = p + 1;
            int keywordEnd = paramKeywordEnd;
            int valueFrom = paramValueFrom;
            p = paramEnd;
            boolean hasValue = valueFrom >= 0;
            if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_SIZE)) {
                if (size >= 0 || !hasValue) {
                    return invalidParameter(line, k, keywordEnd);
                }
                for (int i = valueFrom; i < p; i++) {
                    if (!Ascii.isDigit(line[i])) {
                        return invalidParameter(line, k, keywordEnd);
                    }
                }
                size = Ascii.parseUnsignedLong(line, valueFrom, p, limits.maxMessageSize());
                if (size < 0) {
                    // All digits, so above the limit or beyond any integer: never wraps (SMTP-13).
                    return SIZE_TOO_LARGE;
                }
            } else if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_BODY)) {
                if (body != null || !hasValue) {
                    return invalidParameter(line, k, keywordEnd);
                }
                if (Ascii.equalsIgnoreCase(line, valueFrom, p, K_7BIT)) {
                    body = MailParameters.Body.SEVEN_BIT;
                } else if (Ascii.equalsIgnoreCase(line, valueFrom, p, K_8BITMIME)) {
                    body = MailParameters.Body.EIGHT_BIT_MIME;
                } else if (Ascii.equalsIgnoreCase(line, valueFrom, p, K_BINARYMIME)) {
                    body = MailParameters.Body.BINARY_MIME;
                } else {
                    return invalidParameter(line, k, keywordEnd);
                }
            } else if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_SMTPUTF8)) {
                if (smtpUtf8 || hasValue) {
                    return invalidParameter(line, k, keywordEnd);
                }
                smtpUtf8 = true;
            } else if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_RET)) {
                if (ret != null || !hasValue) {
                    return invalidParameter(line, k, keywordEnd);
                }
                if (Ascii.equalsIgnoreCase(line, valueFrom, p, K_FULL)) {
                    ret = MailParameters.Ret.FULL;
                } else if (Ascii.equalsIgnoreCase(line, valueFrom, p, K_HDRS)) {
                    ret = MailParameters.Ret.HDRS;
                } else {
                    return invalidParameter(line, k, keywordEnd);
                }
            } else if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_ENVID)) {
                if (envelopeId != null || !hasValue || p - valueFrom > MailParameters.MAX_ENVELOPE_ID_LENGTH
                        || !Xtext.decode(line, valueFrom, p, scratch)) {
                    return invalidParameter(line, k, keywordEnd);
                }
                envelopeId = scratch.toString();
            } else if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_AUTH)) {
                if (authorized != null || !hasValue || !Xtext.decode(line, valueFrom, p, scratch)) {
                    return invalidParameter(line, k, keywordEnd);
                }
                authorized = scratch.toString();
            } else {
                EsmtpParameter extension = extension(line, k, keywordEnd, valueFrom, p);
                if (extension == null) {
                    return unknownParameter(line, k, keywordEnd);
                }
                if (extensions == null) {
                    extensions = new ArrayList<>(2);
                } else if (containsKeyword(extensions, extension.keyword())) {
                    return invalidParameter(line, k, keywordEnd);
                }
                extensions.add(extension);
            }
        }
        if (utf8 && !smtpUtf8) {
            return UTF8_WITHOUT_SMTPUTF8;
        }
        smtpUtf8InForce = smtpUtf8;
        MailParameters parameters = new MailParameters(size < 0 ? OptionalLong.empty() : OptionalLong.of(size),
                Optional.ofNullable(body), smtpUtf8, Optional.ofNullable(ret), Optional.ofNullable(envelopeId),
                Optional.ofNullable(authorized), extensions == null ? List.of() : extensions);
        return new Command(new SmtpCommand.Mail(sender, parameters));
    }

    private Result rcpt(byte[] line, int from, int to) {
        int p = afterColon(line, from, to, K_TO);
        if (p < 0) {
            return BAD_RCPT;
        }
        p = parsePath(line, p, to, false);
        if (p < 0) {
            return error;
        }
        ForwardPath recipient = pathMailbox == null ? ForwardPath.POSTMASTER : pathMailbox;
        if (pathUtf8 && !smtpUtf8InForce) {
            return UTF8_WITHOUT_SMTPUTF8;
        }
        if (p == to) {
            return new Command(SmtpCommand.Rcpt.of(recipient));
        }
        if (line[p] != ' ') {
            return BAD_RCPT;
        }
        Set<RcptParameters.Notify> notify = null;
        OriginalRecipient original = null;
        List<EsmtpParameter> extensions = null;
        while (p < to) {
            Invalid bad = scanParameter(line, p + 1, to);
            if (bad != null) {
                return bad;
            }
            int k = p + 1;
            int keywordEnd = paramKeywordEnd;
            int valueFrom = paramValueFrom;
            p = paramEnd;
            boolean hasValue = valueFrom >= 0;
            if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_NOTIFY)) {
                if (notify != null || !hasValue) {
                    return invalidParameter(line, k, keywordEnd);
                }
                notify = notify(line, valueFrom, p);
                if (notify == null) {
                    return invalidParameter(line, k, keywordEnd);
                }
            } else if (Ascii.equalsIgnoreCase(line, k, keywordEnd, K_ORCPT)) {
                if (original != null || !hasValue) {
                    return invalidParameter(line, k, keywordEnd);
                }
                original = originalRecipient(line, valueFrom, p);
                if (original == null) {
                    return invalidParameter(line, k, keywordEnd);
                }
            } else {
                EsmtpParameter extension = extension(line, k, keywordEnd, valueFrom, p);
                if (extension == null) {
                    return unknownParameter(line, k, keywordEnd);
                }
                if (extensions == null) {
                    extensions = new ArrayList<>(2);
                } else if (containsKeyword(extensions, extension.keyword())) {
                    return invalidParameter(line, k, keywordEnd);
                }
                extensions.add(extension);
            }
        }
        RcptParameters parameters = new RcptParameters(Optional.ofNullable(notify), Optional.ofNullable(original),
                extensions == null ? List.of() : extensions);
        return new Command(new SmtpCommand.Rcpt(recipient, parameters));
    }

    /** Returns the index after {@code " FROM:"}/{@code " TO:"} (and spaces, if allowed), or -1. */
    private int afterColon(byte[] line, int from, int to, byte[] keyword) {
        if (!Ascii.startsWithIgnoreCase(line, from, to, keyword)) {
            return -1;
        }
        int p = from + keyword.length;
        if (allowSpaceAfterColon) {
            while (p < to && line[p] == ' ') {
                p++;
            }
        }
        return p < to ? p : -1;
    }

    /**
     * Parses a path at {@code pos}: sets {@link #pathMailbox} (null for the null reverse-path of
     * MAIL or the {@code <Postmaster>} of RCPT) and {@link #pathUtf8} and returns the index after
     * it, or sets {@link #error} and returns -1.
     */
    private int parsePath(byte[] line, int pos, int end, boolean mail) {
        int innerFrom;
        int innerTo;
        int next;
        int pathLength;
        if (line[pos] == '<') {
            innerFrom = pos + 1;
            innerTo = closingBracket(line, innerFrom, end);
            if (innerTo < 0) {
                return fail(mail ? BAD_SENDER : BAD_RECIPIENT);
            }
            next = innerTo + 1;
            pathLength = next - pos;
        } else if (allowMissingBrackets && line[pos] != ' ') {
            innerFrom = pos;
            innerTo = unquotedSpace(line, pos, end);
            next = innerTo;
            // Counted as if the brackets were there, so that the limit means the same.
            pathLength = innerTo - innerFrom + 2;
        } else {
            return fail(mail ? BAD_SENDER : BAD_RECIPIENT);
        }
        if (pathLength > limits.maxPath()) {
            return fail(mail ? SENDER_PATH_TOO_LONG : RECIPIENT_PATH_TOO_LONG);
        }
        pathUtf8 = false;
        if (innerFrom == innerTo) {
            if (!mail) {
                return fail(BAD_RECIPIENT);
            }
            pathMailbox = null;
            return next;
        }
        if (!mail && Ascii.equalsIgnoreCase(line, innerFrom, innerTo, K_POSTMASTER)) {
            pathMailbox = null;
            return next;
        }
        Invalid bad = mail ? BAD_SENDER : BAD_RECIPIENT;
        int mailboxFrom = innerFrom;
        if (line[mailboxFrom] == '@') {
            mailboxFrom = skipSourceRoute(line, innerFrom, innerTo);
            if (mailboxFrom < 0) {
                return fail(bad);
            }
        }
        int at;
        int quotedLength = -1;
        if (mailboxFrom < innerTo && line[mailboxFrom] == '"') {
            int i = mailboxFrom + 1;
            int n = 0;
            while (i < innerTo && line[i] != '"') {
                byte b = line[i];
                if (b == '\\') {
                    // quoted-pairSMTP = %d92 %d32-126 (RFC 5321 §4.1.2): never a control.
                    if (i + 1 >= innerTo || line[i + 1] < 32 || line[i + 1] > 126) {
                        return fail(bad);
                    }
                    scratchBytes[n++] = line[i + 1];
                    i += 2;
                } else if (b < 0 || SmtpSyntax.isQtext((char) b)) {
                    scratchBytes[n++] = b;
                    i++;
                } else {
                    return fail(bad);
                }
            }
            at = i + 1;
            if (i >= innerTo || at >= innerTo || line[at] != '@' || n == 0) {
                return fail(bad);
            }
            quotedLength = n;
        } else {
            at = Ascii.indexOf(line, mailboxFrom, innerTo, (byte) '@');
            if (at <= mailboxFrom) {
                return fail(bad);
            }
        }
        if (at - mailboxFrom > limits.maxLocalPart()) {
            return fail(mail ? SENDER_LOCAL_TOO_LONG : RECIPIENT_LOCAL_TOO_LONG);
        }
        int domainFrom = at + 1;
        if (innerTo - domainFrom > limits.maxDomain()) {
            return fail(mail ? SENDER_DOMAIN_TOO_LONG : RECIPIENT_DOMAIN_TOO_LONG);
        }
        boolean utf8 = false;
        for (int i = mailboxFrom; i < innerTo; i++) {
            if (line[i] < 0) {
                utf8 = true;
                break;
            }
        }
        if (utf8 && !SmtpSyntax.isUtf8(line, mailboxFrom, innerTo)) {
            return fail(bad);
        }
        if (quotedLength < 0 && !SmtpSyntax.isDotString(view.set(line, mailboxFrom, at))) {
            return fail(bad);
        }
        if (!SmtpSyntax.isDomainOrAddressLiteral(view.set(line, domainFrom, innerTo))) {
            return fail(bad);
        }
        String local = quotedLength >= 0
                ? new String(scratchBytes, 0, quotedLength, StandardCharsets.UTF_8)
                : new String(line, mailboxFrom, at - mailboxFrom, StandardCharsets.UTF_8);
        String domain = new String(line, domainFrom, innerTo - domainFrom, StandardCharsets.UTF_8);
        pathMailbox = new Mailbox(local, domain);
        pathUtf8 = utf8;
        return next;
    }

    private int fail(Invalid invalid) {
        error = invalid;
        return -1;
    }

    /** Returns the index of the {@code >} that closes a path, skipping quoted strings, or -1. */
    private static int closingBracket(byte[] line, int from, int end) {
        boolean quoted = false;
        for (int i = from; i < end; i++) {
            byte b = line[i];
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == '>') {
                return i;
            }
        }
        return -1;
    }

    /** Returns the index of the first space outside a quoted string, or {@code end}. */
    private static int unquotedSpace(byte[] line, int from, int end) {
        boolean quoted = false;
        for (int i = from; i < end; i++) {
            byte b = line[i];
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == ' ') {
                return i;
            }
        }
        return end;
    }

    /**
     * Skips {@code A-d-l ":"} (RFC 5321 §4.1.2: a source route, obsolete; accepted and ignored,
     * as §C and §4.1.1.3 ask), checking each hop is a domain. Returns the index after the colon,
     * or -1.
     */
    private int skipSourceRoute(byte[] line, int from, int to) {
        int i = from;
        while (i < to && line[i] == '@') {
            int start = i + 1;
            int j = start;
            while (j < to && line[j] != ',' && line[j] != ':') {
                j++;
            }
            view.set(line, start, j);
            if (j == to || !SmtpSyntax.isAscii(view) || !SmtpSyntax.isDomainOrAddressLiteral(view)) {
                return -1;
            }
            if (line[j] == ':') {
                return j + 1 < to ? j + 1 : -1;
            }
            i = j + 1;
        }
        return -1;
    }

    /** NOTIFY = "NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" ), RFC 3461 §4.1; null if invalid. */
    private static Set<RcptParameters.Notify> notify(byte[] line, int from, int to) {
        Set<RcptParameters.Notify> set = EnumSet.noneOf(RcptParameters.Notify.class);
        int i = from;
        while (i <= to) {
            int comma = Ascii.indexOf(line, i, to, (byte) ',');
            int itemEnd = comma < 0 ? to : comma;
            RcptParameters.Notify item;
            if (Ascii.equalsIgnoreCase(line, i, itemEnd, K_NEVER)) {
                item = RcptParameters.Notify.NEVER;
            } else if (Ascii.equalsIgnoreCase(line, i, itemEnd, K_SUCCESS)) {
                item = RcptParameters.Notify.SUCCESS;
            } else if (Ascii.equalsIgnoreCase(line, i, itemEnd, K_FAILURE)) {
                item = RcptParameters.Notify.FAILURE;
            } else if (Ascii.equalsIgnoreCase(line, i, itemEnd, K_DELAY)) {
                item = RcptParameters.Notify.DELAY;
            } else {
                return null;
            }
            if (!set.add(item)) {
                return null;
            }
            if (comma < 0) {
                break;
            }
            i = comma + 1;
        }
        if (set.contains(RcptParameters.Notify.NEVER) && set.size() > 1) {
            return null;
        }
        return set;
    }

    /** ORCPT = addr-type ";" xtext, RFC 3461 §4.2; null if invalid or carrying a control. */
    private OriginalRecipient originalRecipient(byte[] line, int from, int to) {
        if (to - from > OriginalRecipient.MAX_ENCODED_LENGTH) {
            return null;
        }
        int semicolon = Ascii.indexOf(line, from, to, (byte) ';');
        if (semicolon <= from || semicolon + 1 >= to) {
            return null;
        }
        for (int i = from; i < semicolon; i++) {
            char c = (char) (line[i] & 0xFF);
            if (c >= 0x80 || c == '.' || c == '+' || !SmtpSyntax.isAtext(c)) {
                return null;
            }
        }
        if (!Xtext.decode(line, semicolon + 1, to, scratch)) {
            return null;
        }
        return new OriginalRecipient(new String(line, from, semicolon - from, StandardCharsets.US_ASCII),
                scratch.toString());
    }

    // Where scanParameter found the parts of the last "keyword[=value]" (RFC 5321 §4.1.2
    // esmtp-param): the keyword's end, the value's start (-1 when there is none), the end.
    private int paramKeywordEnd;
    private int paramValueFrom;
    private int paramEnd;

    /**
     * Scans one ESMTP parameter starting at {@code k} and checks its keyword and value syntax;
     * the parts land in {@link #paramKeywordEnd}, {@link #paramValueFrom}, {@link #paramEnd}.
     *
     * @return null when the parameter is well formed, else the reply for it
     */
    private Invalid scanParameter(byte[] line, int k, int to) {
        int p = k;
        while (p < to && line[p] != '=' && line[p] != ' ') {
            p++;
        }
        int keywordEnd = p;
        int valueFrom = -1;
        if (p < to && line[p] == '=') {
            valueFrom = ++p;
            while (p < to && line[p] != ' ') {
                p++;
            }
        }
        paramKeywordEnd = keywordEnd;
        paramValueFrom = valueFrom;
        paramEnd = p;
        if (!SmtpSyntax.isKeyword(view.set(line, k, keywordEnd))) {
            return BAD_PARAMETERS;
        }
        if (valueFrom >= 0 && !SmtpSyntax.isEsmtpValue(view.set(line, valueFrom, p))) {
            return invalidParameter(line, k, keywordEnd);
        }
        return null;
    }

    private EsmtpParameter extension(byte[] line, int k, int keywordEnd, int valueFrom, int valueTo) {
        if (extensionParameters.isEmpty()) {
            return null;
        }
        String keyword = new String(line, k, keywordEnd - k, StandardCharsets.US_ASCII);
        if (!extensionParameters.contains(keyword.toUpperCase(Locale.ROOT))) {
            return null;
        }
        return new EsmtpParameter(keyword, valueFrom < 0 ? Optional.empty()
                : Optional.of(new String(line, valueFrom, valueTo - valueFrom, StandardCharsets.US_ASCII)));
    }

    private static boolean containsKeyword(List<EsmtpParameter> parameters, String keyword) {
        for (EsmtpParameter p : parameters) {
            if (p.keyword().equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 501 5.5.4} naming the parameter (a checked keyword, so safe to echo). */
    private static Invalid invalidParameter(byte[] line, int from, int to) {
        return new Invalid(SmtpDecodeError.INVALID_PARAMETER,
                SmtpReply.of(501, "5.5.4", "Invalid " + keyword(line, from, to) + " parameter"));
    }

    /** {@code 555 5.5.4}, RFC 5321 §4.1.1.11: a parameter not recognised. */
    private static Invalid unknownParameter(byte[] line, int from, int to) {
        return new Invalid(SmtpDecodeError.UNKNOWN_PARAMETER,
                SmtpReply.of(555, "5.5.4", "Unsupported parameter " + keyword(line, from, to)));
    }

    private static String keyword(byte[] line, int from, int to) {
        // Keywords are checked as Ldh-str before they get here; cut long ones for the reply line.
        return new String(line, from, Math.min(to - from, 32), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private static Invalid syntax(String text) {
        return new Invalid(SmtpDecodeError.SYNTAX, SmtpReply.of(501, "5.5.4", text));
    }

    private static Invalid address(SmtpDecodeError error, String status, String text) {
        return new Invalid(error, SmtpReply.of(501, status, text));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
