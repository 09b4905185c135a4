// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.OriginalRecipient;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.core.codec.Utf8;

/**
 * The text form of a queue record: one {@code key value} per line, every free-text value
 * percent-encoded (UTF-8, every octet outside {@code [A-Za-z0-9.@_+]} escaped), so an envelope
 * with control bytes, spaces or shell characters is stored inertly and parses back identically
 * after a restart (SECURITY-CASES SMTP-14). Any deviation from the format is a
 * {@link CorruptRecordException}; nothing is guessed.
 */
final class QueueRecordFormat {

    static final String MAGIC = "mailwire-queue 1";
    private static final String NONE = "-";
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** A record that does not follow the format. */
    static final class CorruptRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptRecordException(String message) {
            super(message);
        }
    }

    private QueueRecordFormat() {
    }

    static String encode(QueuedMessage m) {
        StringBuilder out = new StringBuilder(256).append(MAGIC).append('\n');
        line(out, "id", m.id());
        line(out, "arrival", m.arrival().toString());
        line(out, "sender", m.sender() instanceof Mailbox box ? mailbox(box) : NONE);
        MailParameters p = m.parameters();
        line(out, "body", p.body().map(MailParameters.Body::keyword).orElse(NONE));
        line(out, "smtputf8", Boolean.toString(p.smtpUtf8()));
        line(out, "ret", p.ret().map(Enum::name).orElse(NONE));
        line(out, "envid", optional(p.envelopeId()));
        line(out, "attempts", Integer.toString(m.attempts()));
        line(out, "next", m.nextAttempt().toString());
        line(out, "delay-notified", Boolean.toString(m.delayNotified()));
        for (QueuedRecipient r : m.recipients()) {
            String notify = r.parameters().notifyOn()
                    .map(set -> String.join(",", set.stream().map(Enum::name).sorted().toList())).orElse(NONE);
            String orcpt = r.parameters().originalRecipient()
                    .map(o -> escape(o.addressType()) + "," + escape(o.address())).orElse(NONE);
            line(out, "rcpt", r.state().name() + " " + mailbox(r.address()) + " " + notify + " " + orcpt + " "
                    + r.last().map(QueueRecordFormat::diagnosis).orElse(NONE));
        }
        return out.toString();
    }

    static QueuedMessage decode(String text) throws CorruptRecordException {
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].isEmpty()) {
            throw new CorruptRecordException("not a complete queue record");
        }
        try {
            int i = 1;
            String id = value(lines[i++], "id");
            Instant arrival = Instant.parse(value(lines[i++], "arrival"));
            String sender = value(lines[i++], "sender");
            ReversePath from = sender.equals(NONE) ? ReversePath.NULL : parseMailbox(sender);
            MailParameters p = MailParameters.NONE;
            String body = value(lines[i++], "body");
            if (!body.equals(NONE)) {
                p = p.withBody(bodyType(body));
            }
            p = p.withSmtpUtf8(bool(value(lines[i++], "smtputf8")));
            String ret = value(lines[i++], "ret");
            if (!ret.equals(NONE)) {
                p = p.withRet(MailParameters.Ret.valueOf(ret));
            }
            Optional<String> envid = parseOptional(value(lines[i++], "envid"));
            if (envid.isPresent()) {
                p = p.withEnvelopeId(envid.get());
            }
            int attempts = Integer.parseInt(value(lines[i++], "attempts"));
            Instant next = Instant.parse(value(lines[i++], "next"));
            boolean delayNotified = bool(value(lines[i++], "delay-notified"));
            List<QueuedRecipient> recipients = new ArrayList<>();
            for (; i < lines.length - 1; i++) {
                recipients.add(recipient(value(lines[i], "rcpt")));
            }
            return new QueuedMessage(id, arrival, from, p, recipients, attempts, next, delayNotified);
        } catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException e) {
            throw new CorruptRecordException("invalid queue record: " + e.getMessage());
        }
    }

    private static QueuedRecipient recipient(String value) throws CorruptRecordException {
        String[] f = value.split(" ", -1);
        if (f.length != 5) {
            throw new CorruptRecordException("a recipient line has five fields");
        }
        QueuedRecipient.State state = QueuedRecipient.State.valueOf(f[0]);
        RcptParameters parameters = RcptParameters.NONE;
        if (!f[2].equals(NONE)) {
            Set<RcptParameters.Notify> notify = EnumSet.noneOf(RcptParameters.Notify.class);
            for (String n : f[2].split(",", -1)) {
                notify.add(RcptParameters.Notify.valueOf(n));
            }
            parameters = parameters.withNotify(notify);
        }
        if (!f[3].equals(NONE)) {
            String[] o = fields(f[3], 2);
            parameters = parameters.withOriginalRecipient(new OriginalRecipient(unescape(o[0]), unescape(o[1])));
        }
        Optional<DeliveryDiagnosis> last = f[4].equals(NONE) ? Optional.empty() : Optional.of(parseDiagnosis(f[4]));
        return new QueuedRecipient(parseMailbox(f[1]), parameters, state, last);
    }

    private static String diagnosis(DeliveryDiagnosis d) {
        return String.join(",", d.permanent() ? "P" : "T", d.status().toString(), escape(d.summary()),
                optional(d.remoteHost()), escape(d.stage()),
                d.remoteReply().map(r -> Integer.toString(r.code())).orElse(NONE),
                d.remoteReply().flatMap(SmtpReply::status).map(EnhancedStatus::toString).orElse(NONE),
                d.remoteReply().map(r -> escape(String.join("\n", r.lines()))).orElse(NONE));
    }

    private static DeliveryDiagnosis parseDiagnosis(String text) throws CorruptRecordException {
        String[] f = fields(text, 8);
        boolean permanent = switch (f[0]) {
            case "P" -> true;
            case "T" -> false;
            default -> throw new CorruptRecordException("diagnosis kind is P or T");
        };
        Optional<SmtpReply> reply = Optional.empty();
        if (!f[5].equals(NONE)) {
            Optional<EnhancedStatus> status = f[6].equals(NONE) ? Optional.empty() : Optional.of(EnhancedStatus.parse(f[6]));
            reply = Optional.of(new SmtpReply(Integer.parseInt(f[5]), status, Arrays.asList(unescape(f[7]).split("\n", -1))));
        }
        return new DeliveryDiagnosis(permanent, EnhancedStatus.parse(f[1]), unescape(f[2]), parseOptional(f[3]), reply,
                unescape(f[4]));
    }

    private static String[] fields(String text, int count) throws CorruptRecordException {
        String[] f = text.split(",", -1);
        if (f.length != count) {
            throw new CorruptRecordException("expected " + count + " comma-separated fields");
        }
        return f;
    }

    private static String mailbox(Mailbox box) {
        return escape(box.localPart()) + "," + escape(box.domain());
    }

    private static Mailbox parseMailbox(String text) throws CorruptRecordException {
        String[] f = fields(text, 2);
        return new Mailbox(unescape(f[0]), unescape(f[1]));
    }

    private static MailParameters.Body bodyType(String keyword) {
        for (MailParameters.Body b : MailParameters.Body.values()) {
            if (b.keyword().equals(keyword)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown BODY type");
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static String optional(Optional<String> value) {
        return value.map(QueueRecordFormat::escape).orElse(NONE);
    }

    private static Optional<String> parseOptional(String text) throws CorruptRecordException {
        return text.equals(NONE) ? Optional.empty() : Optional.of(unescape(text));
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(' ').append(value).append('\n');
    }

    private static String value(String line, String key) throws CorruptRecordException {
        if (!line.startsWith(key) || line.length() <= key.length() || line.charAt(key.length()) != ' ') {
            throw new CorruptRecordException("expected " + key);
        }
        return line.substring(key.length() + 1);
    }

    /** Percent-encodes the UTF-8 form; the empty string becomes {@code %} alone to stay non-empty. */
    static String escape(String text) {
        if (text.isEmpty()) {
            return "%";
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 8);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '@' || c == '_'
                    || c == '+') {
                out.append((char) c);
            } else {
                out.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 15]);
            }
        }
        return out.toString();
    }

    static String unescape(String text) throws CorruptRecordException {
        if (text.equals("%")) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new CorruptRecordException("truncated escape");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new CorruptRecordException("invalid escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c > ' ' && c < 0x7F && c != ',') {
                out.write(c);
            } else {
                throw new CorruptRecordException("unescaped character in a value");
            }
        }
        String decoded = Utf8.decodeStrict(out.toByteArray());
        if (decoded == null) {
            throw new CorruptRecordException("escaped value is not UTF-8");
        }
        return decoded;
    }
}
