// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.util.Objects;
import java.util.Optional;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.SmtpReply;

/**
 * Why one delivery attempt to one recipient did not succeed: the enhanced status, the cause in
 * the plain words a bounce shows ("User unknown", "Host unknown"), and, when a remote server
 * answered, its name and exact reply, which a bounce quotes.
 *
 * @param permanent   {@code true} for a failure that retrying cannot fix (5xx, no such domain)
 * @param status      the enhanced status code of RFC 3463 for the delivery status notification
 * @param summary     the cause in plain words, one line
 * @param remoteHost  the mail exchanger that answered, as {@code name [address]}, if any
 * @param remoteReply the remote server's reply, if the failure was an answer
 * @param stage       what the remote reply answered ({@code RCPT TO}, {@code end of DATA}...) or
 *                    what failed locally ({@code connect}, {@code DNS lookup}); one line
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3464#section-2.3">RFC 3464 §2.3</a>
 */
public record DeliveryDiagnosis(boolean permanent, EnhancedStatus status, String summary, Optional<String> remoteHost,
        Optional<SmtpReply> remoteReply, String stage) {

    /**
     * Checks the values.
     *
     * @param permanent   see the record description
     * @param status      see the record description
     * @param summary     see the record description
     * @param remoteHost  see the record description
     * @param remoteReply see the record description
     * @param stage       see the record description
     */
    public DeliveryDiagnosis {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(remoteReply, "remoteReply");
        summary = oneLine(summary, "summary");
        stage = oneLine(stage, "stage");
        remoteHost.ifPresent(host -> oneLine(host, "remoteHost"));
        if (permanent != (status.klass() == 5)) {
            throw new IllegalArgumentException("a permanent failure has a 5.x.x status, a transient one 4.x.x");
        }
    }

    /**
     * Diagnoses a remote server's reply to a recipient or to the message, naming the cause in the
     * words users know from bounces.
     *
     * @param reply      the 4xx or 5xx reply
     * @param remoteHost the server that sent it, as {@code name [address]}
     * @param stage      what it answered
     * @return the diagnosis
     */
    public static DeliveryDiagnosis ofReply(SmtpReply reply, String remoteHost, String stage) {
        boolean permanent = reply.code() >= 500;
        // RFC 3463 §3: without an enhanced code the class follows the reply code, detail unknown.
        EnhancedStatus status = reply.status()
                .filter(s -> (s.klass() == 5) == permanent && s.klass() != 2)
                .orElse(new EnhancedStatus(permanent ? 5 : 4, 0, 0));
        return new DeliveryDiagnosis(permanent, status, FailureWords.forStatus(status, reply), Optional.of(remoteHost),
                Optional.of(reply), stage);
    }

    /**
     * Diagnoses a failure that has no remote reply: a DNS answer, a refused connection, a
     * timeout, a local store refusing.
     *
     * @param status  the enhanced status; class 5 makes it permanent
     * @param summary the cause in plain words
     * @param stage   what failed
     * @return the diagnosis
     */
    public static DeliveryDiagnosis local(EnhancedStatus status, String summary, String stage) {
        return new DeliveryDiagnosis(status.klass() == 5, status, summary, Optional.empty(), Optional.empty(), stage);
    }

    /**
     * Returns the same cause, made permanent: retries ran out.
     *
     * @return the diagnosis with a 5.x.x status of the same subject and detail
     */
    public DeliveryDiagnosis expired() {
        if (permanent) {
            return this;
        }
        return new DeliveryDiagnosis(true, new EnhancedStatus(5, status.subject(), status.detail()), summary, remoteHost,
                remoteReply, stage);
    }

    private static String oneLine(String text, String what) {
        Objects.requireNonNull(text, what);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException(what + " must be one line");
            }
        }
        return text;
    }
}
