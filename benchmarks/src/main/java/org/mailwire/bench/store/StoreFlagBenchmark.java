// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mailwire.core.Secret;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagChangeResult;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
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
 * The cost of one durable flag change (IMAP {@code STORE 1 +FLAGS (\Seen)}) as a function of the
 * mailbox's size: toggles {@code \Seen} on one message at a time, round robin, in a durable
 * mailbox of {@link #messages} messages. Each change is durable when the call returns
 * (SECURITY-CASES G1); what it costs beyond the fsync tells whether the index write is O(1) or
 * O(messages).
 *
 * <p>The mailbox is filled cheaply, without one fsync per message: the files are dropped into
 * {@code new/}, where another Maildir writer would deliver them, and the store adopts them all
 * when it opens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
public class StoreFlagBenchmark {

    private static final String USER = "bench@example.test";

    /** How many messages the mailbox holds. */
    @Param({"100", "10000"})
    public int messages;

    private MailStore mailStore;
    private Mailbox inbox;
    private Path directory;
    private long[] uids;
    private int next;

    /**
     * Makes a durable store whose INBOX holds {@link #messages} messages.
     *
     * @throws Exception if the store cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        MailStoreSettings settings = MailStoreSettings.defaults().withPasswordIterations(1).withScramIterations(1);
        directory = Files.createTempDirectory("mailwire-bench");
        try (MailStore empty = MailStore.maildir(directory, settings)) {
            empty.createUser(USER, Secret.of("pw"));
        }
        Path inboxDirectory = inboxDirectory();
        byte[] content = "From: a@example.test\r\nSubject: bench\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < messages; i++) {
            Files.write(inboxDirectory.resolve("new").resolve("1767225600.M" + i + "P1.bench"), content);
        }
        mailStore = MailStore.maildir(directory, settings);
        inbox = mailStore.mailboxes(USER).open("INBOX");
        List<MessageInfo> infos = inbox.messages();
        if (infos.size() != messages) {
            throw new IllegalStateException("expected " + messages + " messages, found " + infos.size());
        }
        uids = infos.stream().mapToLong(MessageInfo::uid).toArray();
    }

    private Path inboxDirectory() throws IOException {
        Path user = directory.resolve("users").resolve(USER);
        for (String line : Files.readAllLines(user.resolve("user.properties"))) {
            if (line.startsWith("mailbox.") && line.endsWith(".name=INBOX")) {
                return user.resolve("mailboxes").resolve(line.substring("mailbox.".length(), line.indexOf(".name=")));
            }
        }
        throw new IllegalStateException("no INBOX directory");
    }

    /**
     * Closes the store and removes its files.
     *
     * @throws IOException if they cannot be removed
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        mailStore.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Toggles {@code \Seen} on the next message.
     *
     * @return the result, so the call is not eliminated
     * @throws Exception if the change fails
     */
    @Benchmark
    public FlagChangeResult storeSeen() throws Exception {
        int i = next++;
        long uid = uids[i % uids.length];
        FlagOperation operation = (i / uids.length) % 2 == 0 ? FlagOperation.ADD : FlagOperation.REMOVE;
        return inbox.storeFlags(UidSet.of(uid), operation, Flags.of(Flag.SEEN), OptionalLong.empty());
    }
}
