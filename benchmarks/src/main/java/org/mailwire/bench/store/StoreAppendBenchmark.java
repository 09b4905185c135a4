// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mailwire.core.Secret;
import org.mailwire.store.AppendResult;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UidSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput of the two stores: in memory, and durable (each append fsyncs the file and
 * the {@code cur/} directory and appends to the index journal with an fdatasync before it
 * returns, SECURITY-CASES G1).
 *
 * <p>Steady state: every {@value #BATCH} appends the messages are flagged and expunged (cost
 * included in the score), so the in-memory store does not measure a growing heap and the durable
 * mailbox stays under {@value #BATCH} messages. {@link StoreFlagBenchmark} measures a change in
 * a large mailbox.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
public class StoreAppendBenchmark {

    private static final Instant DATE = Instant.parse("2026-01-01T00:00:00Z");
    private static final int BATCH = 500;

    /** Which store. */
    @Param({"in-memory", "maildir"})
    public String store;

    /** Message size in octets: a typical text mail, and one with an attachment. */
    @Param({"4096", "102400"})
    public int size;

    private MailStore mailStore;
    private Mailbox inbox;
    private byte[] content;
    private Path directory;
    private int appended;

    /**
     * Builds the message once and opens an empty store.
     *
     * @throws Exception if the store cannot be made
     */
    @Setup(Level.Iteration)
    public void open() throws Exception {
        StringBuilder text = new StringBuilder("From: a@example.test\r\nSubject: bench\r\n\r\n");
        while (text.length() < size) {
            text.append("0123456789012345678901234567890123456789012345678901234567890123456789012345\r\n");
        }
        content = text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
        // Cheap hashing: user creation is not what is measured.
        MailStoreSettings settings = MailStoreSettings.defaults().withPasswordIterations(1).withScramIterations(1);
        if (store.equals("maildir")) {
            directory = Files.createTempDirectory("mailwire-bench");
            mailStore = MailStore.maildir(directory, settings);
        } else {
            mailStore = MailStore.inMemory(settings);
        }
        mailStore.createUser("bench@example.test", Secret.of("pw"));
        inbox = mailStore.mailboxes("bench@example.test").open("INBOX");
    }

    /**
     * Closes the store and removes its files.
     *
     * @throws IOException if they cannot be removed
     */
    @TearDown(Level.Iteration)
    public void close() throws IOException {
        mailStore.close();
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /**
     * Appends one message to INBOX.
     *
     * @return the result, so the call is not eliminated
     * @throws Exception if the append fails
     */
    @Benchmark
    public AppendResult append() throws Exception {
        AppendResult result = inbox.append(MessageSource.of(content), Flags.none(), DATE);
        if (++appended % BATCH == 0) {
            inbox.storeFlags(UidSet.all(), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
            inbox.expunge();
        }
        return result;
    }
}
