// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mailwire.core.mime.ContentType;
import org.mailwire.core.mime.MessageBuilder;
import org.mailwire.core.mime.MessageBuilder.Part;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;

/**
 * Builds the delivery status notification that tells a sender their message failed or is
 * delayed: RFC 3464's {@code multipart/report; report-type=delivery-status} of three parts, a
 * text for people naming each cause in plain words with the remote server's reply quoted, the
 * machine-readable {@code message/delivery-status}, and the original message's header (or
 * the whole message when the sender asked with {@code RET=FULL} and it is small enough).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3464">RFC 3464</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3461#section-6">RFC 3461 §6</a>
 */
public final class DeliveryReport {

    /** What happened to the recipients a report is about (RFC 3464 §2.3.3). */
    public enum Action {
        /** Delivery failed for good. */
        FAILED,
        /** Delivery is delayed and still being tried. */
        DELAYED,
        /** Delivered into the recipient's mailbox (reported on NOTIFY=SUCCESS). */
        DELIVERED,
        /** Handed to a next hop that does not send notifications (reported on NOTIFY=SUCCESS). */
        RELAYED;

        String fieldValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The most header octets copied into a report. */
    public static final int MAX_HEADER_OCTETS = 64 * 1024;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx",
            Locale.ROOT);

    private final String reportingHost;
    private final long maxReturnedMessage;
    private final RandomGenerator random;

    /**
     * Creates a report builder.
     *
     * @param reportingHost      this server's host name: the {@code Reporting-MTA} and the
     *                           domain of {@code MAILER-DAEMON}
     * @param maxReturnedMessage the largest original returned whole under {@code RET=FULL};
     *                           larger ones are returned as headers only
     * @param random             the source of boundaries and message ids
     */
    public DeliveryReport(String reportingHost, long maxReturnedMessage, RandomGenerator random) {
        this.reportingHost = Objects.requireNonNull(reportingHost, "reportingHost");
        this.maxReturnedMessage = maxReturnedMessage;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Builds the report to the original sender.
     *
     * @param original   the queued message (its sender must not be {@code <>})
     * @param recipients the recipients the report is about
     * @param action     failed or delayed
     * @param content    the original content, read for its header (and whole under RET=FULL)
     * @param now        the time of the report
     * @param retryUntil for a delay, until when delivery is tried
     * @return the report, CRLF line ends
     * @throws IOException if the original content cannot be read
     */
    public byte[] build(QueuedMessage original, List<QueuedRecipient> recipients, Action action, InputStream content,
            Instant now, Instant retryUntil) throws IOException {
        if (!(original.sender() instanceof Mailbox sender)) {
            throw new IllegalArgumentException("a message with the null reverse-path is never reported on (RFC 5321 §4.5.5)");
        }
        Returned returned = returnedContent(original, content);
        MessageBuilder message = MessageBuilder.builder(random)
                .from(org.mailwire.core.mime.Mailbox.of("Mail Delivery System", "MAILER-DAEMON", reportingHost))
                .to(org.mailwire.core.mime.Mailbox.of(sender.localPart(), sender.domain()))
                .subject(switch (action) {
                    case FAILED -> "Undelivered Mail Returned to Sender";
                    case DELAYED -> "Delayed Mail (still being retried)";
                    case DELIVERED, RELAYED -> "Successful Mail Delivery Report";
                })
                .date(now.atOffset(ZoneOffset.UTC))
                .messageId("<" + Long.toUnsignedString(random.nextLong(), 36) + "." + original.id() + "@" + reportingHost + ">")
                // RFC 3834 §5: an automatic response, so that other automata do not answer it.
                .header("Auto-Submitted", "auto-replied");
        Part text = Part.text(humanText(recipients, action, retryUntil));
        Part status = Part.of(ContentType.of("message", "delivery-status"),
                statusFields(original, recipients, action, now, retryUntil).getBytes(StandardCharsets.UTF_8));
        Part attached = returned.whole() ? Part.of(ContentType.of("message", "rfc822"), returned.bytes())
                : Part.of(ContentType.of("text", "rfc822-headers"), returned.bytes());
        message.body(Part.report("delivery-status", text, status, attached));
        return message.build();
    }

    String humanText(List<QueuedRecipient> recipients, Action action, Instant retryUntil) {
        StringBuilder out = new StringBuilder("This is the mail delivery system at ").append(reportingHost).append(".\n\n");
        switch (action) {
            case FAILED -> out.append("Your message could not be delivered to one or more recipients.\n")
                    .append("The reasons are below; the message's header is attached.\n\n");
            case DELAYED -> out.append("Your message has not been delivered yet to the recipients below.\n")
                    .append("Delivery will be tried until ").append(DATE.format(retryUntil.atOffset(ZoneOffset.UTC)))
                    .append("; you do not need to send it again.\n\n");
            case DELIVERED -> out.append("Your message was delivered to the mailboxes of the recipients below,\n")
                    .append("as you asked.\n\n");
            case RELAYED -> out.append("Your message was passed on to the recipients' mail systems below,\n")
                    .append("which do not send delivery notifications: this is the last report you get.\n\n");
        }
        for (QueuedRecipient r : recipients) {
            out.append('<').append(r.address()).append(">: ");
            if (action == Action.DELIVERED || action == Action.RELAYED) {
                out.append(action == Action.DELIVERED ? "delivered to mailbox\n" : "relayed\n");
                continue;
            }
            if (r.last().isEmpty()) {
                out.append("not yet delivered\n");
                continue;
            }
            DeliveryDiagnosis d = r.last().get();
            out.append(d.summary()).append('\n');
            if (d.remoteReply().isPresent()) {
                out.append("    ").append(d.remoteHost().orElse("the remote server")).append(" said: ")
                        .append(replyText(d)).append(" (in reply to ").append(d.stage()).append(")\n");
            } else {
                out.append("    (").append(d.stage()).append(")\n");
            }
        }
        return out.toString();
    }

    private String statusFields(QueuedMessage original, List<QueuedRecipient> recipients, Action action, Instant now,
            Instant retryUntil) {
        // RFC 3464 §2.2: per-message fields, a blank line, then one group per recipient (§2.3).
        StringBuilder out = new StringBuilder();
        out.append("Reporting-MTA: dns; ").append(reportingHost).append("\r\n");
        original.parameters().envelopeId().ifPresent(id -> out.append("Original-Envelope-Id: ").append(id).append("\r\n"));
        out.append("Arrival-Date: ").append(DATE.format(original.arrival().atOffset(ZoneOffset.UTC))).append("\r\n");
        for (QueuedRecipient r : recipients) {
            out.append("\r\n");
            r.parameters().originalRecipient().ifPresent(o -> out.append("Original-Recipient: ").append(o.addressType())
                    .append("; ").append(o.address()).append("\r\n"));
            out.append("Final-Recipient: rfc822; ").append(r.address()).append("\r\n");
            out.append("Action: ").append(action.fieldValue()).append("\r\n");
            if (action == Action.DELIVERED || action == Action.RELAYED) {
                out.append("Status: 2.0.0\r\n");
            } else if (r.last().isPresent()) {
                DeliveryDiagnosis d = r.last().get();
                out.append("Status: ").append(action == Action.FAILED ? d.expired().status() : d.status()).append("\r\n");
                d.remoteHost().ifPresent(h -> out.append("Remote-MTA: dns; ").append(hostOnly(h)).append("\r\n"));
                d.remoteReply().ifPresent(x -> out.append("Diagnostic-Code: smtp; ").append(replyText(d)).append("\r\n"));
            } else {
                out.append("Status: 4.0.0\r\n");
            }
            out.append("Last-Attempt-Date: ").append(DATE.format(now.atOffset(ZoneOffset.UTC))).append("\r\n");
            if (action == Action.DELAYED) {
                out.append("Will-Retry-Until: ").append(DATE.format(retryUntil.atOffset(ZoneOffset.UTC))).append("\r\n");
            }
        }
        return out.toString();
    }

    private static String replyText(DeliveryDiagnosis d) {
        var reply = d.remoteReply().orElseThrow();
        StringBuilder out = new StringBuilder().append(reply.code());
        reply.status().ifPresent(s -> out.append(' ').append(s));
        for (String line : reply.lines()) {
            out.append(' ').append(line);
        }
        return out.toString();
    }

    private static String hostOnly(String described) {
        int space = described.indexOf(" [");
        return space > 0 ? described.substring(0, space) : described;
    }

    /** What goes into the third part: the whole message, or its header. */
    private record Returned(byte[] bytes, boolean whole) {
    }

    private Returned returnedContent(QueuedMessage original, InputStream content) throws IOException {
        // RFC 3461 §4.3: RET=FULL asks for the whole message, RET=HDRS or nothing for the header.
        boolean full = original.parameters().ret().map(r -> r == MailParameters.Ret.FULL).orElse(false);
        long limit = full ? Math.max(maxReturnedMessage, MAX_HEADER_OCTETS) : MAX_HEADER_OCTETS;
        byte[] bytes = content.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        int headerEnd = headerEnd(bytes);
        if (full && bytes.length <= maxReturnedMessage) {
            return new Returned(bytes, true);
        }
        // Headers only: up to the blank line, or what fits, cut at a line end.
        int end = headerEnd >= 0 ? headerEnd : lastLineEnd(bytes, Math.min(bytes.length, MAX_HEADER_OCTETS));
        byte[] header = new byte[end];
        System.arraycopy(bytes, 0, header, 0, end);
        return new Returned(header, false);
    }

    /** Returns the length of the header including its last CRLF (before the blank line), or -1. */
    static int headerEnd(byte[] bytes) {
        if (bytes.length >= 2 && bytes[0] == '\r' && bytes[1] == '\n') {
            return 0;
        }
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private static int lastLineEnd(byte[] bytes, int limit) {
        for (int i = limit - 1; i > 0; i--) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
                return i + 1;
            }
        }
        return 0;
    }
}
