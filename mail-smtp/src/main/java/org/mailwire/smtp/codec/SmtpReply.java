// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP reply: a three-digit code, an optional enhanced status code, and one or more lines of
 * text. On the wire each line starts with the code, followed by {@code -} on every line but the
 * last and by a space on the last; the enhanced status code, when present, starts the text of
 * every line (RFC 2034 §4).
 *
 * <p>A reply cannot be built invalid: the code is 200 to 599 (SMTP uses no 1yz replies), an
 * enhanced status must be of the reply's class ({@code 2.x.x} for 2yz, ...) and may only be
 * given for 2yz, 4yz and 5yz replies, and no line holds CR, LF, NUL or an unpaired surrogate
 * (SECURITY-CASES SMTPC-01:
 * text that reaches the wire can never start a new reply). A reply without an enhanced status
 * whose first line starts with text that reads as one is refused too, so that every reply has
 * one wire form and one reading.
 *
 * @param code the reply code, 200 to 599
 * @param status the enhanced status code, if any
 * @param lines the text of each line, without code or status; at least one, possibly empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.2">RFC 5321 §4.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3463">RFC 3463</a>
 */
public record SmtpReply(int code, Optional<EnhancedStatus> status, List<String> lines) {

    /** {@code 220 2.0.0 Service ready}, RFC 5321 §4.2.2, without a host name. */
    public static final SmtpReply SERVICE_READY = of(220, "2.0.0", "Service ready");
    /** {@code 221 2.0.0 Bye}, the answer to QUIT (RFC 5321 §4.1.1.10). */
    public static final SmtpReply CLOSING = of(221, "2.0.0", "Bye");
    /** {@code 250 2.0.0 OK}. */
    public static final SmtpReply OK = of(250, "2.0.0", "OK");
    /** {@code 250 2.1.0 Sender OK}, the answer to an accepted MAIL (RFC 3463 X.1.0). */
    public static final SmtpReply SENDER_OK = of(250, "2.1.0", "Sender OK");
    /** {@code 250 2.1.5 Recipient OK}, the answer to an accepted RCPT (RFC 3463 X.1.5). */
    public static final SmtpReply RECIPIENT_OK = of(250, "2.1.5", "Recipient OK");
    /** {@code 220 2.0.0 Ready to start TLS}, the answer to STARTTLS (RFC 3207 §4). */
    public static final SmtpReply READY_TO_START_TLS = of(220, "2.0.0", "Ready to start TLS");
    /** {@code 235 2.7.0 Authentication successful}, RFC 4954 §6. */
    public static final SmtpReply AUTHENTICATION_SUCCESSFUL = of(235, "2.7.0", "Authentication successful");
    /** {@code 252 2.5.2 Cannot VRFY user, but will accept message}, RFC 5321 §3.5.3 (SEC-06). */
    public static final SmtpReply CANNOT_VERIFY = of(252, "2.5.2", "Cannot VRFY user, but will accept message");
    /** {@code 451 4.3.0 Local error in processing}, RFC 5321 §4.2.3. */
    public static final SmtpReply LOCAL_ERROR = of(451, "4.3.0", "Local error in processing");
    /** {@code 452 4.3.1 Insufficient system storage}, RFC 5321 §4.2.3 (SECURITY-CASES FLT-04). */
    public static final SmtpReply INSUFFICIENT_STORAGE = of(452, "4.3.1", "Insufficient system storage");
    /** {@code 454 4.7.0 TLS not available due to temporary reason}, RFC 3207 §4. */
    public static final SmtpReply TLS_NOT_AVAILABLE = of(454, "4.7.0", "TLS not available due to temporary reason");
    /** {@code 501 5.5.2 Authentication cancelled}, the answer to {@code *} (RFC 4954 §4). */
    public static final SmtpReply AUTHENTICATION_CANCELLED = of(501, "5.5.2", "Authentication cancelled");
    /** {@code 530 5.7.0 Must issue a STARTTLS command first}, RFC 3207 §4 (SECURITY-CASES SEC-04). */
    public static final SmtpReply STARTTLS_REQUIRED = of(530, "5.7.0", "Must issue a STARTTLS command first");
    /** {@code 530 5.7.0 Authentication required}, RFC 4954 §6. */
    public static final SmtpReply AUTHENTICATION_REQUIRED = of(530, "5.7.0", "Authentication required");
    /** {@code 535 5.7.8 Authentication credentials invalid}, RFC 4954 §6. */
    public static final SmtpReply AUTHENTICATION_FAILED = of(535, "5.7.8", "Authentication credentials invalid");
    /** {@code 538 5.7.11 Encryption required for requested authentication mechanism}, RFC 4954 §6. */
    public static final SmtpReply ENCRYPTION_REQUIRED =
            of(538, "5.7.11", "Encryption required for requested authentication mechanism");
    /** {@code 550 5.1.1 User unknown}, RFC 3463 X.1.1. */
    public static final SmtpReply USER_UNKNOWN = of(550, "5.1.1", "User unknown");
    /** {@code 554 5.7.1 Relay access denied}, RFC 3463 X.7.1 (SECURITY-CASES SEC-01). */
    public static final SmtpReply RELAY_DENIED = of(554, "5.7.1", "Relay access denied");
    /** {@code 555 5.5.4 MAIL FROM/RCPT TO parameters not recognized or not implemented}, RFC 5321 §4.1.1.11. */
    public static final SmtpReply PARAMETERS_NOT_RECOGNIZED =
            of(555, "5.5.4", "MAIL FROM/RCPT TO parameters not recognized or not implemented");
    /** {@code 354 Start mail input; end with <CRLF>.<CRLF>}, RFC 5321 §4.2.2 (3yz: no enhanced code). */
    public static final SmtpReply START_MAIL_INPUT = of(354, "Start mail input; end with <CRLF>.<CRLF>");
    /** {@code 421 4.4.2 Timeout, closing connection}, RFC 5321 §4.5.3.2. */
    public static final SmtpReply TIMEOUT = of(421, "4.4.2", "Timeout, closing connection");
    /** {@code 421 4.3.2 Service shutting down}, RFC 5321 §3.8. */
    public static final SmtpReply SHUTTING_DOWN = of(421, "4.3.2", "Service shutting down");
    /** {@code 452 4.5.3 Too many recipients}, RFC 5321 §4.5.3.1.10. */
    public static final SmtpReply TOO_MANY_RECIPIENTS = of(452, "4.5.3", "Too many recipients");
    /** {@code 500 5.5.2 Line too long}, RFC 5321 §4.5.3.1.10. */
    public static final SmtpReply LINE_TOO_LONG = of(500, "5.5.2", "Line too long");
    /** {@code 500 5.5.2 Bare CR or LF not allowed}, RFC 5321 §2.3.8. */
    public static final SmtpReply BARE_LINE_ENDING = of(500, "5.5.2", "Bare CR or LF not allowed");
    /** {@code 500 5.5.2 Syntax error, command unrecognized}, RFC 5321 §4.2.2. */
    public static final SmtpReply COMMAND_UNRECOGNIZED = of(500, "5.5.2", "Syntax error, command unrecognized");
    /** {@code 502 5.5.1 Command not implemented}. */
    public static final SmtpReply COMMAND_NOT_IMPLEMENTED = of(502, "5.5.1", "Command not implemented");
    /** {@code 503 5.5.1 Bad sequence of commands}. */
    public static final SmtpReply BAD_SEQUENCE = of(503, "5.5.1", "Bad sequence of commands");
    /** {@code 552 5.3.4 Message size exceeds fixed maximum message size}, RFC 1870 §6.2. */
    public static final SmtpReply MESSAGE_TOO_LARGE = of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /** {@code 553 5.6.7 Non-ASCII address requires SMTPUTF8}, RFC 6531 §3.5. */
    public static final SmtpReply UTF8_NOT_PERMITTED = of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");

    /**
     * Checks the reply.
     *
     * @param code the reply code, 200 to 599
     * @param status the enhanced status code, if any, of the reply's class
     * @param lines at least one line, none holding CR, LF or NUL
     * @throws IllegalArgumentException if any part is invalid
     */
    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code must be 200 to 599: " + code);
        }
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        if (status.isPresent() && status.get().klass() != code / 100) {
            throw new IllegalArgumentException("enhanced status " + status.get() + " does not match reply code " + code);
        }
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("reply text must not contain CR, LF or NUL");
                }
            }
            // An unpaired surrogate has no UTF-8 form; it would not survive the wire.
            if (!SmtpSyntax.isWellFormedUtf16(line)) {
                throw new IllegalArgumentException("reply text holds an unpaired surrogate");
            }
        }
        if (status.isEmpty() && leadingStatusLength(lines.get(0), code / 100) > 0) {
            throw new IllegalArgumentException("text reads as an enhanced status code; pass it as the status: " + lines.get(0));
        }
    }

    /**
     * Returns a one-line reply without an enhanced status code.
     *
     * @param code the reply code
     * @param text the text
     * @return the reply
     */
    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, Optional.empty(), List.of(text));
    }

    /**
     * Returns a one-line reply with an enhanced status code, such as
     * {@code SmtpReply.of(250, "2.0.0", "OK")}.
     *
     * @param code the reply code
     * @param status the enhanced status code in text form
     * @param text the text
     * @return the reply
     */
    public static SmtpReply of(int code, String status, String text) {
        return new SmtpReply(code, Optional.of(EnhancedStatus.parse(status)), List.of(text));
    }

    /**
     * Returns a reply of several lines with an enhanced status code.
     *
     * @param code the reply code
     * @param status the enhanced status code
     * @param lines the lines
     * @return the reply
     */
    public static SmtpReply of(int code, EnhancedStatus status, List<String> lines) {
        return new SmtpReply(code, Optional.of(status), lines);
    }

    /**
     * Returns a reply of several lines without an enhanced status code, such as the answer to
     * EHLO (RFC 5321 §4.1.1.1).
     *
     * @param code the reply code
     * @param lines the lines
     * @return the reply
     */
    public static SmtpReply ofLines(int code, List<String> lines) {
        return new SmtpReply(code, Optional.empty(), lines);
    }

    /**
     * Tells whether this is a positive completion or intermediate reply (2yz or 3yz).
     *
     * @return {@code true} for codes below 400
     */
    public boolean isPositive() {
        return code < 400;
    }

    /**
     * Tells whether this is a transient negative reply (4yz): the same command may succeed later.
     *
     * @return {@code true} for 4yz
     */
    public boolean isTransient() {
        return code / 100 == 4;
    }

    /**
     * Tells whether this is a permanent negative reply (5yz).
     *
     * @return {@code true} for 5yz
     */
    public boolean isPermanent() {
        return code / 100 == 5;
    }

    /**
     * Returns all lines joined with a space, for messages and logs.
     *
     * @return the text
     */
    public String text() {
        return String.join(" ", lines);
    }

    /**
     * Returns the reply as it goes on the wire, lines separated by CRLF, for logs and tests.
     *
     * @return the wire form
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            status.ifPresent(s -> out.append(s).append(' '));
            out.append(lines.get(i));
            if (i < lines.size() - 1) {
                out.append("\r\n");
            }
        }
        return out.toString();
    }

    /**
     * Returns the length of an enhanced status code of class {@code klass} at the start of
     * {@code text}, when it is followed by a space or ends the text, else 0. Shared with the reply
     * decoder, so that building and reading agree on what counts as a status.
     */
    static int leadingStatusLength(CharSequence text, int klass) {
        int n = text.length();
        // 1yz and 3yz replies have no enhanced status class (RFC 3463 §3.1).
        if ((klass != 2 && klass != 4 && klass != 5) || n < 5 || text.charAt(0) != (char) ('0' + klass) || text.charAt(1) != '.') {
            return 0;
        }
        int i = digits(text, 2);
        if (i < 0 || i >= n || text.charAt(i) != '.') {
            return 0;
        }
        int end = digits(text, i + 1);
        if (end < 0 || (end < n && text.charAt(end) != ' ')) {
            return 0;
        }
        return end;
    }

    /** Returns the index after 1 to 3 digits starting at {@code from}, or -1. */
    private static int digits(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && i - from < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == from || (i < text.length() && i - from == 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9')) {
            return -1;
        }
        return i;
    }
}
