// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mailwire.smtp.codec.EnhancedStatus;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.OriginalRecipient;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;

/** The queue record survives a restart unchanged, whatever the envelope holds (SMTP-14). */
class QueueRecordFormatProperties {

    @Property(tries = 300)
    void decodeOfEncodeIsIdentity(@ForAll("messages") QueuedMessage message) throws Exception {
        assertEquals(message, QueueRecordFormat.decode(QueueRecordFormat.encode(message)));
    }

    @Property(tries = 300)
    void theRecordIsPrintableAsciiLines(@ForAll("messages") QueuedMessage message) {
        for (byte b : QueueRecordFormat.encode(message).getBytes(StandardCharsets.UTF_8)) {
            assertTrue(b == '\n' || b >= 0x20 && b < 0x7F, "octet " + b);
        }
    }

    @Property(tries = 500)
    void aDamagedRecordIsRejectedNeverMisread(@ForAll("messages") QueuedMessage message,
            @ForAll("positions") double where, @ForAll byte replacement) {
        byte[] record = QueueRecordFormat.encode(message).getBytes(StandardCharsets.US_ASCII);
        int at = (int) (where * (record.length - 1));
        record[at] = replacement;
        try {
            QueuedMessage read = QueueRecordFormat.decode(new String(record, StandardCharsets.ISO_8859_1));
            // A change that still parses must parse to a valid message (e.g. a digit changed).
            assertTrue(read.recipients().size() == message.recipients().size());
        } catch (QueueRecordFormat.CorruptRecordException expected) {
            // the only failure allowed
        }
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<QueuedMessage> messages() {
        Arbitrary<ReversePath> sender = Arbitraries.oneOf(Arbitraries.just(ReversePath.NULL), mailboxes().map(m -> m));
        Arbitrary<MailParameters> parameters = Combinators.combine(Arbitraries.of(MailParameters.Body.values()).optional(),
                Arbitraries.of(true, false), Arbitraries.of(MailParameters.Ret.values()).optional(),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20).filter(s -> s.indexOf('+') < 0
                        && s.indexOf('=') < 0).optional())
                .as((body, utf8, ret, envid) -> {
                    MailParameters p = MailParameters.NONE.withSmtpUtf8(utf8);
                    if (body.isPresent()) {
                        p = p.withBody(body.get());
                    }
                    if (ret.isPresent()) {
                        p = p.withRet(ret.get());
                    }
                    if (envid.isPresent()) {
                        p = p.withEnvelopeId(envid.get());
                    }
                    return p;
                });
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(30),
                Arbitraries.longs().between(0, 4_000_000_000_000L), sender, parameters, recipients().list().ofMinSize(1)
                        .ofMaxSize(4), Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false))
                .as((id, millis, from, p, rcpts, attempts, notified) -> new QueuedMessage(id, Instant.ofEpochMilli(millis)
                        .plusNanos(millis % 1000), from, p, rcpts, attempts, Instant.ofEpochSecond(millis / 7), notified));
    }

    private Arbitrary<Mailbox> mailboxes() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcXYZ09.-_ \"\\|;$(`'éü日本!#%&*+/=?^{}~")
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> domain = Arbitraries.of("example.org", "b.test", "xn--bcher-kva.example", "bücher.example",
                "[192.0.2.1]", "[IPv6:2001:db8::1]");
        return Combinators.combine(local, domain).as((l, d) -> {
            try {
                return Optional.of(new Mailbox(l, d));
            } catch (IllegalArgumentException e) {
                return Optional.<Mailbox>empty();
            }
        }).filter(Optional::isPresent).map(Optional::get);
    }

    private Arbitrary<QueuedRecipient> recipients() {
        Arbitrary<RcptParameters> parameters = Combinators.combine(
                Arbitraries.subsetOf(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE, RcptParameters.Notify.DELAY),
                Arbitraries.of(true, false), Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(30).optional())
                .as((notify, never, orcpt) -> {
                    RcptParameters p = RcptParameters.NONE;
                    if (never) {
                        p = p.withNotify(EnumSet.of(RcptParameters.Notify.NEVER));
                    } else if (!notify.isEmpty()) {
                        p = p.withNotify(EnumSet.copyOf(notify));
                    }
                    if (orcpt.isPresent()) {
                        p = p.withOriginalRecipient(new OriginalRecipient("rfc822", orcpt.get()));
                    }
                    return p;
                });
        return Combinators.combine(mailboxes(), parameters, Arbitraries.of(QueuedRecipient.State.values()),
                diagnoses().optional()).as((box, p, state, diagnosis) -> {
                    Optional<DeliveryDiagnosis> last = state == QueuedRecipient.State.FAILED && diagnosis.isEmpty()
                            ? Optional.of(DeliveryDiagnosis.local(new EnhancedStatus(5, 1, 1), "User unknown", "x"))
                            : diagnosis;
                    return new QueuedRecipient(box, p, state, last);
                });
    }

    private Arbitrary<DeliveryDiagnosis> diagnoses() {
        Arbitrary<String> text = Arbitraries.strings().withChars("ab ,-%é\t<>@\"日\\;").ofMaxLength(30);
        Arbitrary<List<String>> lines = text.list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 9), text, text.optional(),
                lines.optional(), text).as((permanent, detail, summary, host, replyLines, stage) -> {
                    EnhancedStatus status = new EnhancedStatus(permanent ? 5 : 4, detail % 8, detail);
                    Optional<SmtpReply> reply = replyLines.map(l -> new SmtpReply(permanent ? 550 : 451,
                            Optional.of(status), new ArrayList<>(l)));
                    return new DeliveryDiagnosis(permanent, status, summary, host, reply, stage);
                });
    }
}
