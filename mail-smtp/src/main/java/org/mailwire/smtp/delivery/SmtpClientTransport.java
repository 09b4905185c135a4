// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.mailwire.core.net.EventLoopGroup;
import org.mailwire.smtp.client.MessageContent;
import org.mailwire.smtp.client.SmtpClient;
import org.mailwire.smtp.client.SmtpConnection;
import org.mailwire.smtp.client.SmtpConnectionException;
import org.mailwire.smtp.client.SmtpRecipientsRefusedException;
import org.mailwire.smtp.client.SmtpReplyException;
import org.mailwire.smtp.client.SmtpTimeoutException;
import org.mailwire.smtp.client.SmtpTlsRequiredException;
import org.mailwire.smtp.client.SmtpTransaction;
import org.mailwire.smtp.client.SmtpTransactionResult;
import org.mailwire.smtp.client.SmtpUnsupportedException;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.store.MessageSource;

/**
 * The {@link RemoteTransport} that speaks SMTP with mailwire's client: one connection per
 * attempt, STARTTLS whenever offered (RFC 7435 opportunistic, certificate not verified, as MX
 * hosts' names rarely match their certificates), pipelining and CHUNKING when offered, the DSN
 * parameters passed on, QUIT at the end. Every client error is turned into the diagnosis a
 * bounce needs, so the future never fails.
 */
public final class SmtpClientTransport implements RemoteTransport {

    private final SmtpClient client;

    /**
     * Uses the given client (its TLS mode and settings decide the policy).
     *
     * @param client the client
     */
    public SmtpClientTransport(SmtpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A relay transport: opportunistic STARTTLS, our host name in EHLO.
     *
     * @param heloName this server's host name
     * @param loops    the event loops to run on
     * @return the transport
     */
    public static SmtpClientTransport relay(String heloName, EventLoopGroup loops) {
        return new SmtpClientTransport(SmtpClient.builder().heloName(heloName).relay().eventLoops(loops).build());
    }

    @Override
    public CompletionStage<Outcome> deliver(Target target, ReversePath sender, MailParameters parameters,
            List<QueuedRecipient> recipients, MessageSource content) {
        SmtpTransaction transaction;
        try {
            transaction = transaction(sender, parameters, recipients, content);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new Outcome.Failed(DeliveryDiagnosis.local(
                    new EnhancedStatus(4, 3, 0), "Queued message could not be read", "reading the queue")));
        }
        boolean[] dsn = new boolean[1];
        return client.connect(target.address(), target.hostName())
                .thenCompose(connection -> {
                    dsn[0] = connection.capabilities().dsn();
                    return send(connection, transaction);
                })
                .handle((result, failure) -> failure == null ? completed(result, dsn[0])
                        : failed(unwrap(failure), target));
    }

    private static CompletableFuture<SmtpTransactionResult> send(SmtpConnection connection, SmtpTransaction transaction) {
        return connection.send(transaction).whenComplete((r, e) -> connection.quit()
                .whenComplete((q, qe) -> connection.close()));
    }

    private static SmtpTransaction transaction(ReversePath sender, MailParameters parameters,
            List<QueuedRecipient> recipients, MessageSource content) throws IOException {
        SmtpTransaction.Builder b = SmtpTransaction.builder().from(sender).smtpUtf8(parameters.smtpUtf8());
        parameters.body().ifPresent(b::body);
        parameters.ret().ifPresent(b::ret);
        parameters.envelopeId().ifPresent(b::envelopeId);
        for (QueuedRecipient r : recipients) {
            b.to(r.address(), r.parameters());
        }
        MessageContent body = content instanceof MessageSource.File file ? MessageContent.of(file.path())
                : MessageContent.of(content.open());
        return b.content(body).build();
    }

    private static Outcome completed(SmtpTransactionResult result, boolean dsnPassedOn) {
        Map<Mailbox, Outcome.RecipientReply> replies = new HashMap<>();
        for (SmtpTransactionResult.RecipientResult r : result.recipients()) {
            if (!(r.recipient() instanceof Mailbox box)) {
                continue;
            }
            boolean accepted = r.reply().code() / 100 == 2;
            // RFC 5321 §3.3: an accepted recipient's fate is the reply to the end of data.
            replies.put(box, accepted ? new Outcome.RecipientReply(result.data(), "end of DATA")
                    : new Outcome.RecipientReply(r.reply(), "RCPT TO"));
        }
        return new Outcome.Completed(replies, dsnPassedOn);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Outcome failed(Throwable failure, Target target) {
        String host = target.describe();
        if (failure instanceof SmtpRecipientsRefusedException refused) {
            Map<Mailbox, Outcome.RecipientReply> replies = new HashMap<>();
            for (SmtpTransactionResult.RecipientResult r : refused.recipients()) {
                if (r.recipient() instanceof Mailbox box) {
                    replies.put(box, new Outcome.RecipientReply(r.reply(), "RCPT TO"));
                }
            }
            return new Outcome.Completed(replies);
        }
        if (failure instanceof SmtpReplyException reply) {
            return new Outcome.Failed(DeliveryDiagnosis.ofReply(reply.reply(), host, "the transaction (MAIL FROM or DATA)"));
        }
        if (failure instanceof SmtpUnsupportedException unsupported) {
            EnhancedStatus status = unsupported.status();
            String words = FailureWords.forStatus(status, SmtpReply.of(status.klass() == 5 ? 554 : 451,
                    String.valueOf(unsupported.getMessage())));
            return new Outcome.Failed(new DeliveryDiagnosis(status.klass() == 5, status, words, Optional.of(host),
                    Optional.empty(), "EHLO capabilities: " + oneLine(unsupported.getMessage())));
        }
        if (failure instanceof SmtpTlsRequiredException) {
            return new Outcome.Failed(DeliveryDiagnosis.local(new EnhancedStatus(4, 7, 10), FailureWords.TLS_REQUIRED,
                    "STARTTLS at " + host));
        }
        if (failure instanceof SmtpTimeoutException) {
            return new Outcome.Failed(DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 2), "Connection timed out",
                    "conversation with " + host));
        }
        if (failure instanceof SmtpConnectionException) {
            return new Outcome.Failed(DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 1), FailureWords.CONNECTION_FAILED,
                    "connect to " + host));
        }
        return new Outcome.Failed(DeliveryDiagnosis.local(new EnhancedStatus(4, 4, 1), FailureWords.CONNECTION_FAILED,
                "connect to " + host));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
