// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

/**
 * The states of a server-side SMTP session and every transition between them, in this one file
 * (the diagram is in {@code package-info.java}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-4.1.4">RFC 5321 §4.1.4, order of commands</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3, mail transactions</a>
 */
public enum SmtpState {
    /** Connected; the greeting is not sent yet. */
    CONNECTED,
    /** Greeting sent; no EHLO or HELO yet (again after STARTTLS, RFC 3207 §4.2). */
    READY,
    /** EHLO or HELO accepted; no transaction. */
    GREETED,
    /** Inside a SASL exchange: the next line is a response to a {@code 334} challenge (RFC 4954 §4). */
    AUTHENTICATING,
    /** MAIL accepted; no recipient yet. */
    MAIL,
    /** At least one recipient accepted. */
    RECIPIENTS,
    /** After {@code 354}: reading dot-stuffed content up to {@code <CRLF>.<CRLF>} (RFC 5321 §4.1.1.4). */
    DATA,
    /** Reading the exact octets of one BDAT chunk (RFC 3030 §2). */
    CHUNK,
    /** Between BDAT chunks of one message: only BDAT, RSET, NOOP and QUIT make sense. */
    CHUNKS_RECEIVED,
    /** The session is over. */
    CLOSED;

    /**
     * Tells whether a transaction is open (MAIL accepted, message not yet ended).
     *
     * @return {@code true} from MAIL to the end of the message
     */
    public boolean inTransaction() {
        return this == MAIL || this == RECIPIENTS || this == DATA || this == CHUNK || this == CHUNKS_RECEIVED;
    }

    /** EHLO, HELO or the end of a STARTTLS: a new greeting (RSET implied, RFC 5321 §4.1.4). */
    SmtpState onGreeting() {
        return check(this != CLOSED && this != DATA && this != CHUNK, GREETED);
    }

    /** RSET (RFC 5321 §4.1.1.5): drop the transaction, keep the greeting. */
    SmtpState onReset() {
        return this == READY ? READY : check(this != CLOSED && this != DATA && this != CHUNK, GREETED);
    }

    /** STARTTLS accepted: everything before is forgotten (RFC 3207 §4.2). */
    SmtpState onTlsStarted() {
        return check(this == GREETED || this == READY, READY);
    }

    /** AUTH started with a challenge to answer. */
    SmtpState onAuthenticationStarted() {
        return check(this == GREETED || this == AUTHENTICATING, AUTHENTICATING);
    }

    /** The SASL exchange ended, by success, failure or cancel. */
    SmtpState onAuthenticationEnded() {
        return check(this == GREETED || this == AUTHENTICATING, GREETED);
    }

    /** MAIL accepted by the application. */
    SmtpState onMail() {
        return check(this == GREETED, MAIL);
    }

    /** RCPT accepted by the application. */
    SmtpState onRecipient() {
        return check(this == MAIL || this == RECIPIENTS, RECIPIENTS);
    }

    /** {@code 354} sent. */
    SmtpState onData() {
        return check(this == RECIPIENTS, DATA);
    }

    /** A BDAT command whose chunk is now read. */
    SmtpState onChunk() {
        return check(this == RECIPIENTS || this == CHUNKS_RECEIVED, CHUNK);
    }

    /** A chunk that was not the last one fully read. */
    SmtpState onChunkRead() {
        return check(this == CHUNK, CHUNKS_RECEIVED);
    }

    /** The transaction ended: message stored, rejected or too large, or RSET, EHLO or QUIT. */
    SmtpState onMessageEnded() {
        return check(inTransaction(), GREETED);
    }

    /** QUIT, a fatal error, a timeout, shutdown or the end of the stream. */
    SmtpState onClose() {
        return CLOSED;
    }

    private SmtpState check(boolean allowed, SmtpState next) {
        if (!allowed) {
            throw new IllegalStateException("no transition from " + this + " to " + next);
        }
        return next;
    }
}
