// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.OriginalRecipient;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;

/**
 * One mail transaction to send (RFC 5321 §3.3): the reverse-path, the recipients with their DSN
 * parameters, the content, and what the message needs of the server.
 *
 * <p>DSN parameters (RET, ENVID, NOTIFY, ORCPT, RFC 3461 §4) are sent only to a server that
 * announces DSN; toward one that does not they are left out, as a relay does (RFC 3461 §4.1), and
 * the queue that asked for them generates the notifications itself.
 *
 * @param sender     the reverse-path; {@link ReversePath#NULL} ({@code <>}) for bounces
 * @param recipients at least one recipient
 * @param content    the message
 * @param ret        RET, if any
 * @param envelopeId ENVID, if any
 * @param body       the body type declared with BODY (8BITMIME, BINARYMIME), if any
 * @param smtpUtf8   whether the message needs SMTPUTF8 beyond its addresses (UTF-8 header fields,
 *                   RFC 6532); non-ASCII addresses need it anyway
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-3.3">RFC 5321 §3.3</a>
 */
public record SmtpTransaction(
        ReversePath sender,
        List<Recipient> recipients,
        MessageContent content,
        Optional<MailParameters.Ret> ret,
        Optional<String> envelopeId,
        Optional<MailParameters.Body> body,
        boolean smtpUtf8) {

    /**
     * One recipient and its RCPT parameters.
     *
     * @param path       the forward-path
     * @param parameters NOTIFY, ORCPT and others (RFC 3461 §4)
     */
    public record Recipient(ForwardPath path, RcptParameters parameters) {
        /**
         * Checks for null.
         *
         * @param path       see the record description
         * @param parameters see the record description
         */
        public Recipient {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(parameters, "parameters");
        }

        /**
         * Returns a recipient without parameters.
         *
         * @param path the forward-path
         * @return the recipient
         */
        public static Recipient of(ForwardPath path) {
            return new Recipient(path, RcptParameters.NONE);
        }
    }

    /**
     * Checks the transaction.
     *
     * @param sender     see the record description
     * @param recipients see the record description
     * @param content    see the record description
     * @param ret        see the record description
     * @param envelopeId see the record description
     * @param body       see the record description
     * @param smtpUtf8   see the record description
     * @throws IllegalArgumentException if there is no recipient or the ENVID is invalid
     */
    public SmtpTransaction {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one recipient");
        }
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(body, "body");
        // Checked now (xtext, length) rather than at MAIL time, so misuse fails at the call site.
        envelopeId.ifPresent(id -> MailParameters.NONE.withEnvelopeId(id));
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether the transaction needs SMTPUTF8: a non-ASCII address or {@link #smtpUtf8()}.
     *
     * @return {@code true} if SMTPUTF8 is needed (RFC 6531 §3.4)
     */
    public boolean needsSmtpUtf8() {
        return smtpUtf8 || sender.needsSmtpUtf8() || recipients.stream().anyMatch(r -> r.path().needsSmtpUtf8());
    }

    /** Builds an {@link SmtpTransaction}. */
    public static final class Builder {
        private ReversePath sender;
        private final List<Recipient> recipients = new ArrayList<>();
        private MessageContent content;
        private MailParameters.Ret ret;
        private String envelopeId;
        private MailParameters.Body body;
        private boolean smtpUtf8;

        private Builder() {
        }

        /**
         * Sets the reverse-path from an address.
         *
         * @param address {@code local@domain}, or {@code ""} for the null path {@code <>}
         * @return this builder
         * @throws IllegalArgumentException if the address is not a mailbox
         */
        public Builder from(String address) {
            this.sender = address.isEmpty() ? ReversePath.NULL : Mailbox.parse(address);
            return this;
        }

        /**
         * Sets the reverse-path.
         *
         * @param path the path, {@link ReversePath#NULL} for {@code <>}
         * @return this builder
         */
        public Builder from(ReversePath path) {
            this.sender = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Adds a recipient without parameters.
         *
         * @param address {@code local@domain}
         * @return this builder
         */
        public Builder to(String address) {
            return to(Mailbox.parse(address), RcptParameters.NONE);
        }

        /**
         * Adds a recipient without parameters.
         *
         * @param path the forward-path
         * @return this builder
         */
        public Builder to(ForwardPath path) {
            return to(path, RcptParameters.NONE);
        }

        /**
         * Adds a recipient with DSN parameters (RFC 3461 §4.1, §4.2).
         *
         * @param path     the forward-path
         * @param notifyOn when to notify
         * @param orcpt    the original recipient, or {@code null}
         * @return this builder
         */
        public Builder to(ForwardPath path, Set<org.mailwire.smtp.codec.RcptParameters.Notify> notifyOn,
                          OriginalRecipient orcpt) {
            RcptParameters p = RcptParameters.NONE.withNotify(notifyOn);
            return to(path, orcpt == null ? p : p.withOriginalRecipient(orcpt));
        }

        /**
         * Adds a recipient with parameters.
         *
         * @param path       the forward-path
         * @param parameters its parameters
         * @return this builder
         */
        public Builder to(ForwardPath path, RcptParameters parameters) {
            recipients.add(new Recipient(path, parameters));
            return this;
        }

        /**
         * Sets the content.
         *
         * @param value the message
         * @return this builder
         */
        public Builder content(MessageContent value) {
            this.content = Objects.requireNonNull(value, "content");
            return this;
        }

        /**
         * Sets in-memory content (copied).
         *
         * @param message the message octets
         * @return this builder
         */
        public Builder content(byte[] message) {
            return content(MessageContent.of(message));
        }

        /**
         * Sets RET (RFC 3461 §4.3).
         *
         * @param value FULL or HDRS
         * @return this builder
         */
        public Builder ret(MailParameters.Ret value) {
            this.ret = value;
            return this;
        }

        /**
         * Sets ENVID (RFC 3461 §4.4).
         *
         * @param value the envelope identifier, printable ASCII
         * @return this builder
         */
        public Builder envelopeId(String value) {
            this.envelopeId = value;
            return this;
        }

        /**
         * Declares the body type (BODY=, RFC 6152, RFC 3030); the server must offer it.
         *
         * @param value 7BIT, 8BITMIME or BINARYMIME
         * @return this builder
         */
        public Builder body(MailParameters.Body value) {
            this.body = value;
            return this;
        }

        /**
         * Declares that the message itself needs SMTPUTF8 (UTF-8 header fields, RFC 6532).
         *
         * @param value whether it does
         * @return this builder
         */
        public Builder smtpUtf8(boolean value) {
            this.smtpUtf8 = value;
            return this;
        }

        /**
         * Builds the transaction.
         *
         * @return the transaction
         * @throws IllegalStateException if the sender or content is missing
         */
        public SmtpTransaction build() {
            if (sender == null || content == null) {
                throw new IllegalStateException("from(..) and content(..) are required");
            }
            return new SmtpTransaction(sender, recipients, content, Optional.ofNullable(ret),
                    Optional.ofNullable(envelopeId), Optional.ofNullable(body), smtpUtf8);
        }
    }
}
