// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.mailwire.imap.codec.ImapCommand;
import org.mailwire.imap.codec.ImapCommandDecoder;
import org.mailwire.imap.codec.ImapCommandEncoder;
import org.mailwire.imap.codec.ImapFrame;
import org.mailwire.imap.codec.ImapFramer;
import org.mailwire.imap.codec.ImapLimits;
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

/**
 * Commands both ways with mailwire alone (Angus Mail writes commands straight to its socket
 * stream, so there is no encoder to set beside it): the client encodes a command value to its
 * framed wire form ({@code encode}, then {@code toBytes}), the server frames and decodes the
 * octets back to the value ({@code decode}).
 * <ul>
 *   <li>{@code fetch}: {@code a1 UID FETCH 1:100,200:* (UID FLAGS INTERNALDATE RFC822.SIZE
 *       ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])};</li>
 *   <li>{@code search}: {@code a2 UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM "alice"
 *       SINCE 1-Feb-2024) NOT (SEEN FLAGGED) LARGER 10000};</li>
 *   <li>{@code append}: {@code a3 APPEND Sent (\Seen) " 7-Feb-2024 21:52:25 -0800" {2048+}} and
 *       2 KiB of message.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class ImapCommandBenchmark {

    /** Which command. */
    @Param({"fetch", "search", "append"})
    public String command;

    private ImapCommand value;
    private ByteBuffer wire;
    private ImapCommandEncoder encoder;
    private ImapFramer framer;
    private ImapCommandDecoder decoder;

    /** Builds the command from its wire form and checks both directions agree. */
    @Setup
    public void setup() {
        String text = switch (command) {
            case "fetch" -> "a1 UID FETCH 1:100,200:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE"
                    + " BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])\r\n";
            case "search" -> "a2 UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR (FROM \"alice\" SINCE 1-Feb-2024)"
                    + " NOT (SEEN FLAGGED) LARGER 10000\r\n";
            case "append" -> "a3 APPEND Sent (\\Seen) \" 7-Feb-2024 21:52:25 -0800\" {2048+}\r\n"
                    + "x".repeat(2046) + "\r\n\r\n";
            default -> throw new IllegalArgumentException(command);
        };
        wire = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        encoder = ImapCommandEncoder.of(true, ImapCommandEncoder.LiteralMode.LITERAL_PLUS);
        framer = ImapFramer.forCommands(ImapLimits.defaults());
        framer.useAuthenticatedLimits();
        decoder = ImapCommandDecoder.of(true);
        value = decode();
        if (!value.equals(((ImapCommandDecoder.Result.Decoded) decoder.decode(encoder.encode(value))).command())) {
            throw new IllegalStateException("round trip failed for " + command);
        }
    }

    /** Client side: the command value to its wire octets. */
    @Benchmark
    public byte[] encode() {
        return encoder.encode(value).toBytes();
    }

    /** Server side: the wire octets framed and decoded to the command value. */
    @Benchmark
    public ImapCommand decode() {
        wire.clear();
        ImapFrame frame = framer.next(wire);
        return ((ImapCommandDecoder.Result.Decoded) decoder.decode((ImapFrame.Line) frame)).command();
    }
}
