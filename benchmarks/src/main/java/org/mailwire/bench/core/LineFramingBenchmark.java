// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.core;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.mailwire.core.codec.LineFramer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CRLF line framing of about 64 KB of realistic traffic fed in 1,500-octet chunks:
 * {@link LineFramer} against the naive baseline, {@link BufferedReader#readLine()} over the same
 * bytes.
 *
 * <p>One operation frames the whole input. The {@code bytes} counter (an auxiliary counter
 * reported in ops/s) is the throughput in octets per second; {@code gc.alloc.rate.norm} from
 * {@code -prof gc} is the allocation per whole input, so divide by {@code lines} for the
 * allocation per line.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class LineFramingBenchmark {

    /** Which traffic to frame: a pipelined SMTP session with a 64 KB message, or an IMAP session. */
    @Param({"smtp", "imap"})
    public String traffic;

    private byte[] input;
    private ByteBuffer[] chunks;
    private LineFramer framer;

    /** Octets and lines framed, reported by JMH as rates beside the primary score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Octets framed. */
        public long bytes;
        /** Lines framed. */
        public long lines;

        /** Zeroes the counters for every iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            lines = 0;
        }
    }

    /** Builds the input and the chunk views once. */
    @Setup
    public void setUp() {
        input = "imap".equals(traffic) ? Traffic.imapSession() : Traffic.smtpSession();
        chunks = Traffic.chunks(input);
        // 1000 octets: the SMTP text line limit (RFC 5321 §4.5.3.1.6), also ample for these IMAP lines.
        framer = LineFramer.of(1000);
    }

    /**
     * Frames the input with mailwire's {@link LineFramer}.
     *
     * @param counters octets and lines framed
     * @return the total length of the lines, so that no work can be eliminated
     */
    @Benchmark
    public long mailwire(Counters counters) {
        LineFramer framer = this.framer;
        framer.reset();
        long lines = 0;
        long checksum = 0;
        for (ByteBuffer chunk : chunks) {
            chunk.clear();
            LineFramer.Result result;
            while ((result = framer.next(chunk)) != LineFramer.Result.NEED_INPUT) {
                if (result == LineFramer.Result.LINE) {
                    lines++;
                    checksum += framer.lineLength();
                }
            }
        }
        counters.bytes += input.length;
        counters.lines += lines;
        return checksum;
    }

    /**
     * Frames the same bytes with {@code BufferedReader.readLine()}, the naive baseline.
     *
     * @param counters octets and lines framed
     * @return the total length of the lines, so that no work can be eliminated
     * @throws IOException never, the input is in memory
     */
    @Benchmark
    public long bufferedReader(Counters counters) throws IOException {
        long lines = 0;
        long checksum = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(new Traffic.ChunkedStream(input), ISO_8859_1))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                checksum += line.length();
            }
        }
        counters.bytes += input.length;
        counters.lines += lines;
        return checksum;
    }
}
