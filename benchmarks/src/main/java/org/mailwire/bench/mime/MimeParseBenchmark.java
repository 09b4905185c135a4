// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.mailwire.core.mime.ContentType;
import org.mailwire.core.mime.Mailbox;
import org.mailwire.core.mime.MessageBuilder;
import org.mailwire.core.mime.MimeParser;
import org.mailwire.core.mime.ParsedMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Structure parsing of a typical multipart message (text, HTML alternative, attachment, forwarded
 * message): mailwire's {@link MimeParser}, which yields ENVELOPE and BODYSTRUCTURE with sizes and
 * line counts, beside apache-mime4j-core's {@code MimeTokenStream} doing the same walk (every
 * header field read, every body scanned for its size and lines).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MimeParseBenchmark {

    @Param({"10240", "1048576"})
    public int size;

    private byte[] message;

    @Setup
    public void build() {
        Random random = new Random(42);
        byte[] attachment = new byte[Math.max(1, size * 3 / 4 - 2_000)];
        random.nextBytes(attachment);
        byte[] forwarded = MessageBuilder.builder(random).from(Mailbox.of("Inner", "inner", "example.org"))
                .subject("forwarded").body(MessageBuilder.Part.text("forwarded text\n".repeat(20))).build();
        message = MessageBuilder.builder(random)
                .from(Mailbox.of("Jürgen Müller", "j", "example.de"))
                .to(Mailbox.of("Mary Smith", "mary", "example.net"), Mailbox.of("jdoe", "example.org"))
                .subject("Quarterly figures and a forwarded note")
                .messageId("<1234@example.de>")
                .body(MessageBuilder.Part.mixed(
                        MessageBuilder.Part.multipart("alternative", java.util.List.of(), java.util.List.of(
                                MessageBuilder.Part.text("Hello Mary,\nplease find the figures attached.\n"
                                        .repeat(8)),
                                MessageBuilder.Part.text("html", "<p>Hello Mary, please find the figures.</p>\n"
                                        .repeat(8)))),
                        MessageBuilder.Part.attachment("figures.pdf", ContentType.of("application", "pdf"),
                                attachment),
                        MessageBuilder.Part.of(ContentType.of("message", "rfc822"), forwarded)))
                .build();
    }

    @Benchmark
    public ParsedMessage mailwire() {
        return MimeParser.parse(message);
    }

    @Benchmark
    public void mime4j(Blackhole blackhole) throws IOException, MimeException {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        stream.parse(new ByteArrayInputStream(message));
        byte[] buffer = new byte[8192];
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (state == EntityState.T_FIELD) {
                blackhole.consume(stream.getField().getName());
                blackhole.consume(stream.getField().getBody());
            } else if (state == EntityState.T_BODY) {
                // BODYSTRUCTURE has a line count for text parts only (message/rfc822 parts are
                // parsed as messages, so their bodies come here as their own parts): count lines
                // only where IMAP needs them, as a mime4j-based server would.
                boolean text = "text".equals(stream.getBodyDescriptor().getMediaType());
                long bytes = 0;
                long lines = 0;
                try (InputStream body = stream.getInputStream()) {
                    int n;
                    while ((n = body.read(buffer)) > 0) {
                        bytes += n;
                        if (text) {
                            for (int i = 0; i < n; i++) {
                                if (buffer[i] == '\n') {
                                    lines++;
                                }
                            }
                        }
                    }
                }
                blackhole.consume(bytes + lines);
            }
        }
    }
}
