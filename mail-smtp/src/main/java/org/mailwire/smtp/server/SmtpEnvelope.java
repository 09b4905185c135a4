// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.util.List;
import java.util.Objects;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;

/**
 * The envelope of one mail transaction: the reverse-path, its parameters and the accepted
 * recipients.
 *
 * @param sender the reverse-path ({@code <>} for bounces)
 * @param parameters the MAIL parameters (SIZE, BODY, SMTPUTF8, DSN)
 * @param recipients the accepted forward-paths, in order, at least one
 * @param recipientParameters each recipient's RCPT parameters (NOTIFY, ORCPT), in the same order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5321#section-2.3.1">RFC 5321 §2.3.1</a>
 */
public record SmtpEnvelope(ReversePath sender, MailParameters parameters, List<ForwardPath> recipients,
        List<RcptParameters> recipientParameters) {

    /**
     * Checks the parts and copies the lists.
     *
     * @param sender see the record description
     * @param parameters see the record description
     * @param recipients see the record description
     * @param recipientParameters see the record description
     */
    public SmtpEnvelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(parameters, "parameters");
        recipients = List.copyOf(recipients);
        recipientParameters = List.copyOf(recipientParameters);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope has at least one recipient");
        }
        if (recipientParameters.size() != recipients.size()) {
            throw new IllegalArgumentException("one parameter set per recipient");
        }
    }

    /**
     * An envelope whose recipients came without parameters.
     *
     * @param sender the reverse-path
     * @param parameters the MAIL parameters
     * @param recipients the forward-paths, at least one
     */
    public SmtpEnvelope(ReversePath sender, MailParameters parameters, List<ForwardPath> recipients) {
        this(sender, parameters, recipients, java.util.Collections.nCopies(recipients.size(), RcptParameters.NONE));
    }
}
