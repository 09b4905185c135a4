// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.mime;

import java.util.Arrays;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of {@link MimeParseBenchmark}'s ratio that a busy machine cannot skew: both
 * parsers run in one JVM, in alternating 250 ms windows, so whatever load there is falls on both
 * alike; the figure is the median of the per-pair ratios (mailwire ops / mime4j ops), with the
 * quartiles. It is not a JMH benchmark (no forks, the two share one JIT profile), which is why it
 * sits beside the JMH figures rather than replacing them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.mailwire.bench.mime.MimePairedRatio [size...]}
 * (default sizes 10240 and 1048576).
 */
public final class MimePairedRatio {

    private static final long WINDOW_NANOS = 250_000_000L;
    private static final int WARM_UP_PAIRS = 5;
    private static final int PAIRS = 20;

    private MimePairedRatio() {
    }

    /**
     * Runs the comparison for each size given (octets), or for 10 KiB and 1 MiB.
     *
     * @param args message sizes
     * @throws Exception if a parser fails
     */
    public static void main(String[] args) throws Exception {
        String[] sizes = args.length > 0 ? args : new String[] {"10240", "1048576"};
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String size : sizes) {
            MimeParseBenchmark bench = new MimeParseBenchmark();
            bench.size = Integer.parseInt(size);
            bench.build();
            double[] ratios = new double[PAIRS];
            double mailwireTotal = 0;
            double mime4jTotal = 0;
            for (int pair = -WARM_UP_PAIRS; pair < PAIRS; pair++) {
                double mailwire = opsPerSecond(() -> blackhole.consume(bench.mailwire()));
                double mime4j = opsPerSecond(() -> bench.mime4j(blackhole));
                if (pair >= 0) {
                    ratios[pair] = mailwire / mime4j;
                    mailwireTotal += mailwire;
                    mime4jTotal += mime4j;
                }
            }
            Arrays.sort(ratios);
            System.out.printf("size %s: median ratio %.2f (quartiles %.2f-%.2f); mailwire %.0f ops/s, mime4j %.0f ops/s%n",
                    size, ratios[PAIRS / 2], ratios[PAIRS / 4], ratios[3 * PAIRS / 4], mailwireTotal / PAIRS,
                    mime4jTotal / PAIRS);
        }
        blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    private interface Operation {
        void run() throws Exception;
    }

    private static double opsPerSecond(Operation operation) throws Exception {
        long start = System.nanoTime();
        long end = start + WINDOW_NANOS;
        long count = 0;
        long now;
        do {
            operation.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count * 1e9 / (now - start);
    }
}
