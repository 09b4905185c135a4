// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.codec;

/**
 * Why the command decoder refused a line; each {@link SmtpCommandDecoder.Invalid} carries one,
 * beside the reply to send, so that a session can count errors by kind and tests can tell
 * distinct failures apart (SECURITY-CASES SMTP-09, SMTP-13).
 */
public enum SmtpDecodeError {
    /** The line exceeds {@link SmtpLimits#maxCommandLine()} ({@code 500 5.5.2}, RFC 5321 §4.5.3.1.10). */
    LINE_TOO_LONG,
    /** A bare CR or LF ({@code 500 5.5.2}, RFC 5321 §2.3.8). */
    BARE_LINE_ENDING,
    /** Not a command at all: empty, or no verb ({@code 500 5.5.2}). */
    UNRECOGNIZED,
    /** A known verb with arguments that do not follow its grammar ({@code 501 5.5.4}). */
    SYNTAX,
    /** A known ESMTP parameter with an invalid value, or given twice ({@code 501 5.5.4}). */
    INVALID_PARAMETER,
    /** An ESMTP parameter the decoder was not told about ({@code 555 5.5.4}, RFC 5321 §4.1.1.11). */
    UNKNOWN_PARAMETER,
    /** {@code SIZE} above the limit or beyond any integer ({@code 552 5.3.4}, RFC 1870 §6.2). */
    SIZE_TOO_LARGE,
    /** A {@code BDAT} chunk size beyond any integer ({@code 552 5.3.4}); the session should close. */
    CHUNK_TOO_LARGE,
    /** The base64 of an AUTH initial response cannot be decoded ({@code 501 5.5.2}, RFC 4954 §4). */
    INVALID_BASE64,
    /** A path that is not a mailbox ({@code 501 5.1.7} for MAIL, {@code 501 5.1.3} for RCPT). */
    INVALID_ADDRESS,
    /** A local part above {@link SmtpLimits#maxLocalPart()} (RFC 5321 §4.5.3.1.1). */
    LOCAL_PART_TOO_LONG,
    /** A domain above {@link SmtpLimits#maxDomain()} (RFC 5321 §4.5.3.1.2). */
    DOMAIN_TOO_LONG,
    /** A path above {@link SmtpLimits#maxPath()} (RFC 5321 §4.5.3.1.3). */
    PATH_TOO_LONG,
    /** A non-ASCII address outside an SMTPUTF8 transaction ({@code 553 5.6.7}, RFC 6531 §3.5). */
    UTF8_WITHOUT_SMTPUTF8
}
