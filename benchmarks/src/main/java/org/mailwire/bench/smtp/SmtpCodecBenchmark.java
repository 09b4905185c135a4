// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.smtp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.mailwire.smtp.codec.SmtpCommand;
import org.mailwire.smtp.codec.SmtpCommandDecoder;
import org.mailwire.smtp.codec.SmtpCommandEncoder;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.codec.SmtpReplyDecoder;
import org.mailwire.smtp.codec.SmtpReplyEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SMTP codec, one command or reply per operation, beside Netty's {@code codec-smtp}.
 *
 * <p>The input is one client session's commands (EHLO, MAIL with SIZE and BODY, three RCPT,
 * DATA, RSET, NOOP, QUIT: {@value #COMMANDS} commands) and the server's {@value #COMMANDS}
 * replies (the EHLO reply has seven lines). Each benchmark method handles all of them once and
 * reports per command ({@link OperationsPerInvocation}), so {@code gc.alloc.rate.norm} from
 * {@code -prof gc} is the allocation per command or per reply.
 *
 * <p>Server side (the hot path: decode commands, encode replies): Netty has no server codec,
 * so the peer there is the naive baseline ({@code BufferedReader.readLine} and string work).
 * Client side (encode commands, decode replies): Netty's {@link SmtpRequestEncoder} and
 * {@link SmtpResponseDecoder}, driven through an {@link EmbeddedChannel}, the way Netty runs
 * them outside a server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class SmtpCodecBenchmark {

    static final int COMMANDS = 9;

    private static final String COMMAND_TEXT = "EHLO client.example.org\r\n"
            + "MAIL FROM:<sender@example.org> SIZE=12345 BODY=8BITMIME\r\n"
            + "RCPT TO:<alice@example.net>\r\n"
            + "RCPT TO:<bob@example.net>\r\n"
            + "RCPT TO:<carol.long-name@subdomain.example.net>\r\n"
            + "DATA\r\n"
            + "RSET\r\n"
            + "NOOP\r\n"
            + "QUIT\r\n";

    private static final String REPLY_TEXT = "250-mx.example.net greets client.example.org\r\n"
            + "250-PIPELINING\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n"
            + "250 2.1.0 Sender OK\r\n"
            + "250 2.1.5 Recipient OK\r\n"
            + "250 2.1.5 Recipient OK\r\n"
            + "550 5.1.1 User unknown\r\n"
            + "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            + "250 2.0.0 OK\r\n"
            + "250 2.0.0 OK\r\n"
            + "221 2.0.0 Bye\r\n";

    private byte[] commandBytes;
    private byte[] replyBytes;
    private ByteBuffer commandInput;
    private ByteBuffer replyInput;
    private SmtpCommandDecoder commandDecoder;
    private SmtpReplyDecoder replyDecoder;
    private final SmtpReplyEncoder replyEncoder = new SmtpReplyEncoder();
    private final SmtpCommandEncoder commandEncoder = new SmtpCommandEncoder();
    private final ByteBuffer out = ByteBuffer.allocate(4096);
    private SmtpReply[] replies;
    private SmtpCommand[] commands;
    private SmtpRequest[] nettyRequests;
    private EmbeddedChannel nettyEncoder;
    private EmbeddedChannel nettyDecoder;
    private ByteBuf nettyReplyInput;

    /** Builds the inputs and the values to encode, and checks both sides see the same. */
    @Setup
    public void setUp() {
        commandBytes = COMMAND_TEXT.getBytes(US_ASCII);
        replyBytes = REPLY_TEXT.getBytes(US_ASCII);
        commandInput = ByteBuffer.wrap(commandBytes);
        replyInput = ByteBuffer.wrap(replyBytes);
        commandDecoder = SmtpCommandDecoder.of();
        replyDecoder = SmtpReplyDecoder.of();
        List<SmtpCommand> decoded = new ArrayList<>();
        commandInput.clear();
        while (commandInput.hasRemaining()) {
            if (commandDecoder.decode(commandInput) instanceof SmtpCommandDecoder.Command c) {
                decoded.add(c.command());
            }
        }
        commands = decoded.toArray(SmtpCommand[]::new);
        List<SmtpReply> decodedReplies = new ArrayList<>();
        replyInput.clear();
        while (replyInput.hasRemaining()) {
            if (replyDecoder.decode(replyInput) instanceof SmtpReplyDecoder.Reply r) {
                decodedReplies.add(r.reply());
            }
        }
        replies = decodedReplies.toArray(SmtpReply[]::new);
        if (commands.length != COMMANDS || replies.length != COMMANDS) {
            throw new IllegalStateException(commands.length + " commands, " + replies.length + " replies");
        }
        nettyRequests = new SmtpRequest[] {
            SmtpRequests.ehlo("client.example.org"),
            SmtpRequests.mail("sender@example.org", "SIZE=12345", "BODY=8BITMIME"),
            SmtpRequests.rcpt("alice@example.net"),
            SmtpRequests.rcpt("bob@example.net"),
            SmtpRequests.rcpt("carol.long-name@subdomain.example.net"),
            SmtpRequests.data(), SmtpRequests.rset(), SmtpRequests.noop(), SmtpRequests.quit()};
        nettyEncoder = new EmbeddedChannel(new SmtpRequestEncoder());
        nettyDecoder = new EmbeddedChannel(new SmtpResponseDecoder(512));
        nettyReplyInput = Unpooled.wrappedBuffer(replyBytes);
        if (nettyEncodedLength() != commandBytes.length || nettyDecodedCount() != COMMANDS) {
            throw new IllegalStateException("Netty does not see the same session");
        }
    }

    private long nettyEncodedLength() {
        return commandEncodeNetty();
    }

    private long nettyDecodedCount() {
        long count = 0;
        nettyDecoder.writeInbound(nettyReplyInput.retainedDuplicate());
        for (Object m; (m = nettyDecoder.readInbound()) != null; ) {
            count++;
        }
        return count;
    }

    /** Closes Netty's channels. */
    @TearDown
    public void tearDown() {
        nettyEncoder.finishAndReleaseAll();
        nettyDecoder.finishAndReleaseAll();
    }

    /**
     * Server side: mailwire decodes each command line into a typed {@link SmtpCommand}.
     *
     * @return a checksum so that no work is eliminated
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long commandDecodeMailwire() {
        ByteBuffer input = commandInput;
        input.clear();
        long checksum = 0;
        while (input.hasRemaining()) {
            if (commandDecoder.decode(input) instanceof SmtpCommandDecoder.Command c) {
                checksum += c.command().hashCode();
            }
        }
        return checksum;
    }

    /**
     * Server side, naive baseline: {@code readLine}, then the verb upper-cased and the argument
     * cut out as strings (what a hand-written server does; Netty has no server-side decoder).
     *
     * @return a checksum so that no work is eliminated
     * @throws IOException never, the input is in memory
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long commandDecodeNaive() throws IOException {
        long checksum = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(commandBytes), US_ASCII))) {
            for (String line; (line = reader.readLine()) != null; ) {
                int space = line.indexOf(' ');
                String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
                String argument = space < 0 ? "" : line.substring(space + 1);
                checksum += verb.hashCode() + argument.length();
            }
        }
        return checksum;
    }

    /**
     * Server side: mailwire encodes each reply into one reused buffer.
     *
     * @return the octets written
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long replyEncodeMailwire() {
        ByteBuffer dst = out;
        dst.clear();
        for (SmtpReply reply : replies) {
            replyEncoder.encode(reply, dst);
        }
        return dst.position();
    }

    /**
     * Server side, naive baseline: each reply line built as a string and turned into bytes.
     *
     * @return the octets produced
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long replyEncodeNaive() {
        long length = 0;
        for (SmtpReply reply : replies) {
            List<String> lines = reply.lines();
            for (int i = 0; i < lines.size(); i++) {
                String status = reply.status().map(s -> s + " ").orElse("");
                String line = reply.code() + (i == lines.size() - 1 ? " " : "-") + status + lines.get(i) + "\r\n";
                length += line.getBytes(US_ASCII).length;
            }
        }
        return length;
    }

    /**
     * Client side: mailwire decodes each reply, multi-line ones whole.
     *
     * @return a checksum so that no work is eliminated
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long replyDecodeMailwire() {
        ByteBuffer input = replyInput;
        input.clear();
        long checksum = 0;
        while (input.hasRemaining()) {
            if (replyDecoder.decode(input) instanceof SmtpReplyDecoder.Reply r) {
                checksum += r.reply().code();
            }
        }
        return checksum;
    }

    /**
     * Client side: Netty's {@link SmtpResponseDecoder} decodes the same replies.
     *
     * @return a checksum so that no work is eliminated
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long replyDecodeNetty() {
        long checksum = 0;
        nettyDecoder.writeInbound(nettyReplyInput.retainedDuplicate());
        for (Object m; (m = nettyDecoder.readInbound()) != null; ) {
            checksum += ((SmtpResponse) m).code();
        }
        return checksum;
    }

    /**
     * Client side: mailwire encodes each command into one reused buffer.
     *
     * @return the octets written
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long commandEncodeMailwire() {
        ByteBuffer dst = out;
        dst.clear();
        for (SmtpCommand command : commands) {
            commandEncoder.encode(command, dst);
        }
        return dst.position();
    }

    /**
     * Client side: Netty's {@link SmtpRequestEncoder} encodes the same commands.
     *
     * @return the octets produced
     */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long commandEncodeNetty() {
        long length = 0;
        for (SmtpRequest request : nettyRequests) {
            nettyEncoder.writeOutbound(request);
            for (Object m; (m = nettyEncoder.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) m;
                length += buf.readableBytes();
                buf.release();
            }
        }
        return length;
    }
}
