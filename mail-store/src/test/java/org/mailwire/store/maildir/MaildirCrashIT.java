// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.store.Flag;
import org.mailwire.store.MailStore;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxStatus;
import org.mailwire.store.MessageInfo;

/**
 * SECURITY-CASES G1 and FLT-01/FLT-02 for the durable store: a child JVM appends messages,
 * changes flags and expunges ({@link CrashAppender}) and is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) at random moments, again and again. After each restart
 * every acknowledged message is present and intact under the UID it was acknowledged with,
 * unless its expunge was started; every acknowledged expunge and flag change holds; the index
 * agrees with the files, UIDVALIDITY holds and no UID is reused. Messages stored but killed
 * before their acknowledgement was printed may be present too (the RFC 1047 window), but
 * complete.
 *
 * <p>Every change goes through the index journal, and the journal limit is low
 * ({@link CrashAppender#JOURNAL_LIMIT}), so the child compacts it during the run: the test
 * checks that both a journal with records and a compaction by the child were seen.
 */
class MaildirCrashIT {

    private static final int CYCLES = 12;

    @TempDir
    Path directory;

    /** Where the children's output goes. */
    @TempDir
    Path outputs;

    private record Ack(long uid, int cycle, int n) {
    }

    /** What a child printed before it was killed. */
    private record Run(List<Ack> acks, Set<Long> seen, Set<Long> deleting, Set<Long> gone) {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void acknowledgedAppendsSurviveSigkill() throws Exception {
        try (MailStore store = MailStore.maildir(directory, CrashAppender.SETTINGS)) {
            store.createUser(CrashAppender.USER, Secret.of("pw"));
        }
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        Map<Long, Ack> everAcknowledged = new HashMap<>();
        Set<Long> everSeen = new HashSet<>();
        Set<Long> everDeleting = new HashSet<>();
        Set<Long> everGone = new HashSet<>();
        long uidValidity = 0;
        long highestUidBefore = 0;
        int totalAcks = 0;
        int compactions = 0;
        int journalReplays = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            byte[] snapshotBefore = Files.readAllBytes(mailboxDirectory().resolve("index"));
            Run run = runAndKill(cycle, 20 + random.nextInt(400));
            List<Ack> acks = run.acks();
            totalAcks += acks.size();
            everSeen.addAll(run.seen());
            everDeleting.addAll(run.deleting());
            everGone.addAll(run.gone());
            if (!Arrays.equals(snapshotBefore, Files.readAllBytes(mailboxDirectory().resolve("index")))) {
                compactions++;
            }
            if (Files.readAllLines(mailboxDirectory().resolve("index.log")).size() > 1) {
                journalReplays++;
            }
            try (MailStore store = MailStore.maildir(directory, CrashAppender.SETTINGS)) {
                Mailbox inbox = store.mailboxes(CrashAppender.USER).open("INBOX");
                MailboxStatus status = inbox.status();
                if (uidValidity == 0) {
                    uidValidity = status.uidValidity();
                }
                String where = "cycle " + cycle + ", seed " + seed;
                assertEquals(uidValidity, status.uidValidity(), where);
                for (Ack ack : acks) {
                    assertTrue(ack.uid() > highestUidBefore, "UID reused after a crash: " + ack + ", " + where);
                    Ack earlier = everAcknowledged.putIfAbsent(ack.uid(), ack);
                    assertTrue(earlier == null, "UID acknowledged twice: " + ack + " and " + earlier);
                }
                List<MessageInfo> messages = inbox.messages();
                Map<Long, MessageInfo> byUid = new HashMap<>();
                long previous = 0;
                for (MessageInfo info : messages) {
                    assertTrue(info.uid() > previous, "UIDs ascending, " + where);
                    previous = info.uid();
                    byUid.put(info.uid(), info);
                    // Every message, acknowledged or not, is complete: it matches what its first
                    // line says it is.
                    byte[] content = read(inbox.openContent(info.uid()));
                    assertArrayEquals(expectedFor(content), content, "message " + info.uid() + ", " + where);
                    assertEquals(content.length, info.size());
                }
                assertTrue(status.uidNext() > previous, "UIDNEXT above every UID, " + where);
                for (Ack ack : everAcknowledged.values()) {
                    if (everDeleting.contains(ack.uid())) {
                        // Its expunge started; whether it finished before the kill is open.
                        continue;
                    }
                    assertNotNull(byUid.get(ack.uid()), "acknowledged message lost: " + ack + ", " + where);
                    assertArrayEquals(CrashAppender.message(ack.cycle(), ack.n()), read(inbox.openContent(ack.uid())),
                            "acknowledged message changed: " + ack + ", " + where);
                    if (everSeen.contains(ack.uid())) {
                        assertTrue(byUid.get(ack.uid()).flags().contains(Flag.SEEN),
                                "acknowledged flag change lost: " + ack + ", " + where);
                    }
                }
                for (long uid : everGone) {
                    assertNull(byUid.get(uid), "acknowledged expunge undone: UID " + uid + ", " + where);
                }
                highestUidBefore = Math.max(previous, status.uidNext() - 1);
                Path tmp = mailboxDirectory().resolve("tmp");
                try (Stream<Path> left = Files.list(tmp)) {
                    assertEquals(0, left.count(), "recovery empties tmp/, " + where);
                }
                try (Stream<Path> cur = Files.list(mailboxDirectory().resolve("cur"))) {
                    assertEquals(messages.size(), cur.count(), "every file in cur/ is indexed, " + where);
                }
            }
        }
        assertTrue(totalAcks > CYCLES, "the child appended between kills (" + totalAcks + " acknowledgements)");
        assertTrue(!everGone.isEmpty() && !everSeen.isEmpty(), "the child expunged and changed flags");
        assertTrue(journalReplays > 0, "a restart replayed journal records");
        assertTrue(compactions > 0, "the child compacted the journal (" + totalAcks + " acknowledgements)");
    }

    private Path mailboxDirectory() throws IOException {
        Path user = directory.resolve("users").resolve("crash@example.test");
        for (String line : Files.readAllLines(user.resolve("user.properties"))) {
            if (line.startsWith("mailbox.") && line.endsWith(".name=INBOX")) {
                return user.resolve("mailboxes").resolve(line.substring("mailbox.".length(), line.indexOf(".name=")));
            }
        }
        throw new AssertionError("no INBOX directory");
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Rebuilds a message from the cycle and number in its first line. */
    private static byte[] expectedFor(byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        int start = text.indexOf('<');
        int dot = text.indexOf('.', start);
        int at = text.indexOf('@', dot);
        if (start < 0 || dot < 0 || at < 0) {
            return new byte[0];
        }
        return CrashAppender.message(Integer.parseInt(text.substring(start + 1, dot)),
                Integer.parseInt(text.substring(dot + 1, at)));
    }

    /**
     * Starts the child, lets it work for a while after it is ready, and kills it. Its output goes
     * to a file, not a pipe: a completed write survives the SIGKILL, whereas a pipe read racing
     * the child's exit can end early ("Stream closed") and lose the last lines, and a lost
     * {@code DELETING} line would make an expunge look like a lost message.
     */
    private Run runAndKill(int cycle, int millisAfterReady) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = outputs.resolve("child-" + cycle + ".out");
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashAppender.class.getName(), directory.toString(),
                Integer.toString(cycle))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(output.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(output, StandardCharsets.US_ASCII).startsWith("READY\n")) {
                assertTrue(child.isAlive(), "child died before it was ready");
                assertTrue(System.nanoTime() < deadline, "child did not start");
                Thread.sleep(10);
            }
            Thread.sleep(millisAfterReady);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        List<Ack> acks = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Set<Long> deleting = new HashSet<>();
        Set<Long> gone = new HashSet<>();
        String text = Files.readString(output, StandardCharsets.US_ASCII);
        // Only complete lines: the kill may have cut the last one.
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).lines().toList()) {
            if (line.startsWith("ACK ") && line.chars().filter(c -> c == ' ').count() == 3) {
                String[] words = new String[3];
                int from = 4;
                for (int i = 0; i < 3; i++) {
                    int space = line.indexOf(' ', from);
                    words[i] = space < 0 ? line.substring(from) : line.substring(from, space);
                    from = space + 1;
                }
                acks.add(new Ack(Long.parseLong(words[0]), Integer.parseInt(words[1]), Integer.parseInt(words[2])));
            } else if (line.startsWith("SEEN ")) {
                seen.add(Long.parseLong(line.substring("SEEN ".length())));
            } else if (line.startsWith("DELETING ")) {
                deleting.add(Long.parseLong(line.substring("DELETING ".length())));
            } else if (line.startsWith("GONE ")) {
                gone.add(Long.parseLong(line.substring("GONE ".length())));
            }
        }
        return new Run(acks, seen, deleting, gone);
    }
}
