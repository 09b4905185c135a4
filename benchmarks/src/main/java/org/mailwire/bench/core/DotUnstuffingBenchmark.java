// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.core;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.io.DotTerminatedMessageReader;
import org.mailwire.core.codec.ContentSink;
import org.mailwire.core.codec.DotUnstuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding the body of SMTP DATA (about 64 KB of 76-character lines, one in 20 dot-stuffed, then
 * {@code .\r\n}) fed in 1,500-octet chunks: {@link DotUnstuffer} against Apache Commons Net's
 * {@link DotTerminatedMessageReader}, the reader a Java user would otherwise pick.
 *
 * <p>One operation decodes the whole body. The {@code bytes} counter (reported in ops/s) is the
 * throughput in input octets per second; {@code gc.alloc.rate.norm} is the allocation per body.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class DotUnstuffingBenchmark {

    private byte[] input;
    private ByteBuffer[] chunks;
    private DotUnstuffer decoder;
    private ContentSink sink;
    private long delivered;
    private final char[] characters = new char[8192];

    /** Input octets decoded, reported by JMH as a rate beside the primary score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Input octets decoded. */
        public long bytes;

        /** Zeroes the counter for every iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    /** Builds the body, its chunk views, the decoder and its sink once. */
    @Setup
    public void setUp() {
        input = (Traffic.stuffedBody(64 * 1024) + ".\r\n").getBytes(ISO_8859_1);
        chunks = Traffic.chunks(input);
        decoder = DotUnstuffer.of(1000);
        sink = chunk -> delivered += chunk.remaining();
    }

    /**
     * Decodes the body with mailwire's {@link DotUnstuffer}.
     *
     * @param counters input octets decoded
     * @return the content length, so that no work can be eliminated
     */
    @Benchmark
    public long mailwire(Counters counters) {
        decoder.reset();
        delivered = 0;
        for (ByteBuffer chunk : chunks) {
            chunk.clear();
            if (decoder.decode(chunk, sink) != DotUnstuffer.Result.NEED_INPUT) {
                break;
            }
        }
        counters.bytes += input.length;
        return delivered;
    }

    /**
     * Decodes the same bytes with Commons Net's {@link DotTerminatedMessageReader}.
     *
     * @param counters input octets decoded
     * @return the content length in characters, so that no work can be eliminated
     * @throws IOException never, the input is in memory
     */
    @Benchmark
    public long commonsNet(Counters counters) throws IOException {
        long total = 0;
        try (DotTerminatedMessageReader reader = new DotTerminatedMessageReader(
                new BufferedReader(new InputStreamReader(new Traffic.ChunkedStream(input), ISO_8859_1)))) {
            int n;
            while ((n = reader.read(characters, 0, characters.length)) != -1) {
                total += n;
            }
        }
        counters.bytes += input.length;
        return total;
    }
}
