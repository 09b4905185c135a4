// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.smtp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.mailwire.core.codec.ContentSink;
import org.mailwire.core.protocol.Step;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.protocol.SmtpEvent;
import org.mailwire.smtp.protocol.SmtpServerSession;
import org.mailwire.smtp.protocol.SmtpSessionSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One whole mail transaction through the sans-IO server session, no sockets (h11's end-to-end
 * benchmark): a pipelined MAIL, RCPT and DATA, the message, the end of data, every event answered
 * at once. With {@code -prof gc}, {@code gc.alloc.rate.norm} is what the server's protocol layer
 * allocates per message, codec and session together.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class SmtpSessionBenchmark {

    private static final SmtpReply QUEUED = SmtpReply.of(250, "2.0.0", "Queued");

    /** The message size in octets. */
    @Param({"1024", "102400"})
    public int size;

    private SmtpServerSession session;
    private ByteBuffer input;
    private long received;
    private final ContentSink sink = chunk -> {
        received += chunk.remaining();
        chunk.position(chunk.limit());
    };

    /** Builds the transaction's octets and a greeted session. */
    @Setup
    public void setUp() {
        StringBuilder text = new StringBuilder("MAIL FROM:<sender@example.org> SIZE=" + size + "\r\n"
                + "RCPT TO:<alice@example.net>\r\nDATA\r\nSubject: benchmark\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (text.length() < size) {
            text.append(line);
        }
        text.append(".\r\n");
        input = ByteBuffer.wrap(text.toString().getBytes(US_ASCII));
        session = new SmtpServerSession(SmtpSessionSettings.defaults("mx.example.net"));
        session.receive(ByteBuffer.wrap("EHLO client.example.org\r\n".getBytes(US_ASCII)));
        run();
    }

    /**
     * Runs one transaction.
     *
     * @return octets written and received, so that no work is eliminated
     */
    @Benchmark
    public long transaction() {
        input.clear();
        session.receive(input);
        return run();
    }

    private long run() {
        long written = 0;
        while (true) {
            Step<SmtpEvent> step = session.next();
            if (step instanceof Step.Write<SmtpEvent> write) {
                ByteBuffer bytes = write.bytes();
                written += bytes.remaining();
                bytes.position(bytes.limit());
            } else if (step instanceof Step.Event<SmtpEvent> event) {
                SmtpEvent e = event.event();
                if (e instanceof SmtpEvent.MailFrom) {
                    session.answer(SmtpReply.SENDER_OK);
                } else if (e instanceof SmtpEvent.RcptTo) {
                    session.answer(SmtpReply.RECIPIENT_OK);
                } else if (e instanceof SmtpEvent.MessageStart) {
                    session.acceptMessage(sink);
                } else if (e instanceof SmtpEvent.MessageEnd) {
                    session.answer(QUEUED);
                }
            } else {
                return written + received;
            }
        }
    }
}
