// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import org.mailwire.core.testfixtures.RawClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.store.Flag;
import org.mailwire.store.MailStore;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MailboxStatus;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UserMailboxes;

/**
 * SECURITY-CASES POP-02 (RFC 1939 §6): a child JVM serves a durable Maildir store over POP3; the
 * test logs in, DELEs a few messages, sends QUIT and kills the child with SIGKILL
 * ({@link Process#destroyForcibly()}) at once, after a short random delay, or after the
 * {@code +OK} to QUIT arrived. After each kill the store is opened directly and must be whole:
 * every message is present with its exact bytes or absent, never truncated, duplicated or
 * resurrected; messages not DELE'd are untouched; no UID is reused; and if the server ever
 * answered QUIT with {@code +OK}, every DELE'd message is gone (G1: {@code +OK} means durable).
 *
 * <p>A message whose deletion was cut short may survive with {@code \Deleted} set (QUIT marks,
 * then expunges); that is allowed and counted. Set {@code -Dpop02.seed=...} to replay a run.
 */
class Pop3CrashIT {

    private static final int CYCLES = 15;
    private static final int INITIAL_MESSAGES = 16;
    private static final int TOP_UP_BELOW = 4;
    private static final int TOP_UP_COUNT = 8;

    @TempDir
    Path directory;

    /** What the client saw in one session. */
    private record Session(List<Long> listed, List<Long> deleted, String quitReply, boolean replyBeforeKill,
                           long replyMicros, String timing) {
        boolean quitOk() {
            return quitReply != null && quitReply.startsWith("+OK");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pop02KillDuringUpdateLeavesEachMessageWholeOrGone() throws Exception {
        long seed = Long.getLong("pop02.seed", new Random().nextLong());
        Random random = new Random(seed);
        Map<Long, Integer> serialByUid = new HashMap<>();
        Map<Integer, Long> uidBySerial = new HashMap<>();
        Set<Long> everDeleted = new HashSet<>();
        Set<Long> gone = new HashSet<>();
        List<Long> expected = null;
        long uidValidity = 0;
        long highestUid = 0;
        int nextSerial = INITIAL_MESSAGES + 1;
        int quitOkSeen = 0;
        int quitOkBeforeKill = 0;
        int noneApplied = 0;
        int allGone = 0;
        int allMarked = 0;
        int mixed = 0;
        int survivorsMarked = 0;
        long replyMicros = 20_000;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            String where = "cycle " + cycle + ", seed " + seed;
            Session session = runSessionAndKill(cycle, random, replyMicros);
            if (session.quitOk() && session.replyBeforeKill()) {
                replyMicros = session.replyMicros();
            }
            if (expected != null) {
                assertEquals(expected, session.listed(), "the POP3 maildrop is the store's INBOX, " + where);
            }
            everDeleted.addAll(session.deleted());
            if (session.quitOk()) {
                quitOkSeen++;
                quitOkBeforeKill += session.replyBeforeKill() ? 1 : 0;
            }
            try (MailStore store = MailStore.maildir(directory, Pop3CrashServer.SETTINGS)) {
                Mailbox inbox = store.mailboxes(Pop3CrashServer.USER).open(UserMailboxes.INBOX);
                MailboxStatus status = inbox.status();
                if (uidValidity == 0) {
                    uidValidity = status.uidValidity();
                }
                assertEquals(uidValidity, status.uidValidity(), "UIDVALIDITY kept (index not rebuilt), " + where);
                List<MessageInfo> messages = inbox.messages();
                Map<Long, MessageInfo> byUid = new HashMap<>();
                long previous = 0;
                for (MessageInfo info : messages) {
                    assertTrue(info.uid() > previous, "UIDs ascending, " + where);
                    previous = info.uid();
                    byUid.put(info.uid(), info);
                    byte[] content = read(inbox.openContent(info.uid()));
                    int serial = serialOf(content);
                    assertArrayEquals(Pop3CrashServer.message(serial), content,
                            "message " + info.uid() + " whole, " + where);
                    assertEquals(content.length, info.size(), "indexed size of " + info.uid() + ", " + where);
                    Integer known = serialByUid.putIfAbsent(info.uid(), serial);
                    Long knownUid = uidBySerial.putIfAbsent(serial, info.uid());
                    if (known == null) {
                        assertTrue(knownUid == null, "message " + serial + " duplicated or resurrected as UID "
                                + info.uid() + " (was " + knownUid + "), " + where);
                        assertTrue(info.uid() > highestUid, "UID " + info.uid() + " reused, " + where);
                    } else {
                        assertEquals(known.intValue(), serial, "UID " + info.uid() + " changed content, " + where);
                    }
                    assertFalse(gone.contains(info.uid()), "deleted message " + info.uid() + " came back, " + where);
                    if (!everDeleted.contains(info.uid())) {
                        assertFalse(info.flags().contains(Flag.DELETED),
                                "\\Deleted on a message never DELE'd: " + info.uid() + ", " + where);
                    }
                }
                if (expected == null) {
                    assertEquals(INITIAL_MESSAGES, session.listed().size(), "first run's messages, " + where);
                }
                List<Long> before = expected == null ? session.listed() : expected;
                for (long uid : before) {
                    assertTrue(byUid.containsKey(uid) || session.deleted().contains(uid),
                            "message " + uid + " lost without DELE, " + where);
                }
                assertTrue(before.containsAll(byUid.keySet()), "no message appeared from nowhere, " + where);
                assertTrue(status.uidNext() > previous, "UIDNEXT above every UID, " + where);
                highestUid = Math.max(highestUid, Math.max(previous, status.uidNext() - 1));

                int deletedGone = countGone(session.deleted(), byUid);
                int deletedMarked = 0;
                for (long uid : session.deleted()) {
                    MessageInfo info = byUid.get(uid);
                    if (info == null) {
                        gone.add(uid);
                    } else if (info.flags().contains(Flag.DELETED)) {
                        deletedMarked++;
                    }
                }
                int n = session.deleted().size();
                String outcome;
                if (deletedGone == n) {
                    allGone++;
                    outcome = "all gone";
                } else if (deletedGone == 0 && deletedMarked == 0) {
                    noneApplied++;
                    outcome = "none applied";
                } else if (deletedGone == 0 && deletedMarked == n) {
                    allMarked++;
                    outcome = "all present with \\Deleted";
                } else {
                    mixed++;
                    outcome = deletedGone + " gone, " + deletedMarked + " marked, "
                            + (n - deletedGone - deletedMarked) + " untouched";
                }
                survivorsMarked += deletedMarked;
                System.out.println("POP-02 " + where + ": DELE UIDs " + session.deleted() + ", " + session.timing()
                        + ", QUIT reply " + (session.quitReply() == null ? "none" : "'" + session.quitReply() + "'"
                        + (session.replyBeforeKill() ? " before kill" : " after kill"))
                        + " -> " + outcome);
                if (session.quitOk()) {
                    // G1: the server answers +OK only after the UPDATE state's work is durable.
                    assertEquals(n, deletedGone, "+OK to QUIT but DELE'd messages survived, " + where);
                }

                Path mailbox = mailboxDirectory();
                try (Stream<Path> left = Files.list(mailbox.resolve("tmp"))) {
                    assertEquals(0, left.count(), "recovery empties tmp/, " + where);
                }
                try (Stream<Path> cur = Files.list(mailbox.resolve("cur"))) {
                    assertEquals(messages.size(), cur.count(), "every file in cur/ is indexed, " + where);
                }

                if (messages.size() < TOP_UP_BELOW) {
                    Pop3CrashServer.appendMessages(inbox, nextSerial, TOP_UP_COUNT);
                    nextSerial += TOP_UP_COUNT;
                }
                expected = new ArrayList<>();
                for (MessageInfo info : inbox.messages()) {
                    expected.add(info.uid());
                }
            }
        }
        System.out.println("POP-02 summary (seed " + seed + "): " + CYCLES + " kills; +OK to QUIT received in "
                + quitOkSeen + " (" + quitOkBeforeKill + " before the kill); DELE'd sets: " + allGone + " all gone, "
                + noneApplied + " none applied, " + allMarked + " all present with \\Deleted, " + mixed
                + " mixed; " + survivorsMarked + " surviving message(s) kept \\Deleted");
        assertTrue(quitOkSeen >= CYCLES / 4, "cycles that wait for +OK saw it: " + quitOkSeen);
    }

    private static int countGone(List<Long> deleted, Map<Long, MessageInfo> byUid) {
        int n = 0;
        for (long uid : deleted) {
            n += byUid.containsKey(uid) ? 0 : 1;
        }
        return n;
    }

    /**
     * Starts the child, runs USER/PASS, UIDL, a few DELEs and QUIT over a raw socket, then kills
     * the child: once the reply to QUIT has arrived (every fourth cycle from the first, which also
     * measures how long QUIT takes), right after QUIT is written (every fourth cycle from the
     * second), or after a random delay of up to 30 ms, mostly between half and 1.2 times the last
     * measured QUIT time, so that kills land inside the UPDATE work.
     */
    private Session runSessionAndKill(int cycle, Random random, long replyMicros) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Pop3CrashServer.class.getName(), directory.toString(),
                Integer.toString(INITIAL_MESSAGES))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread output = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("PORT ")) {
                        port.complete(Integer.parseInt(line.substring(5).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The pipe breaks when the child dies.
            }
            port.complete(-1);
        });
        output.setDaemon(true);
        output.start();
        try {
            int p = port.get(30, TimeUnit.SECONDS);
            assertTrue(p > 0, "child did not start (cycle " + cycle + ")");
            try (RawClient c = new RawClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                String greeting = c.readLine();
                assertTrue(greeting != null && greeting.startsWith("+OK"), greeting);
                c.write("USER " + Pop3CrashServer.USER + "\r\nPASS " + Pop3CrashServer.PASSWORD + "\r\n");
                assertEquals("+OK send PASS", c.readLine());
                String opened = c.readLine();
                assertTrue(opened != null && opened.startsWith("+OK maildrop has"), opened);
                c.write("UIDL\r\n");
                String uidl = c.readLine();
                assertTrue(uidl != null && uidl.startsWith("+OK"), uidl);
                List<Long> listed = new ArrayList<>();
                for (String line = c.readLine(); !".".equals(line); line = c.readLine()) {
                    assertNotNull(line, "connection closed inside UIDL");
                    assertEquals(Integer.toString(listed.size() + 1), line.substring(0, line.indexOf(' ')), line);
                    listed.add(Long.parseLong(line.substring(line.indexOf('.') + 1)));
                }
                List<Integer> numbers = new ArrayList<>();
                for (int i = 1; i <= listed.size(); i++) {
                    numbers.add(i);
                }
                Collections.shuffle(numbers, random);
                List<Integer> chosen = numbers.subList(0, Math.min(listed.size(), 1 + random.nextInt(3)));
                List<Long> deleted = new ArrayList<>();
                for (int number : chosen) {
                    c.write("DELE " + number + "\r\n");
                    assertEquals("+OK message " + number + " deleted", c.readLine());
                    deleted.add(listed.get(number - 1));
                }
                deleted.sort(null);

                long delayMicros;
                String timing;
                boolean waitForReply = cycle % 4 == 1;
                if (waitForReply) {
                    delayMicros = -1;
                    timing = "kill after the QUIT reply";
                } else if (cycle % 4 == 2) {
                    delayMicros = 0;
                    timing = "kill right after QUIT";
                } else {
                    // Mostly between half and 1.2 times the measured QUIT time, where the
                    // flag and expunge writes are, sometimes anywhere in 0-30 ms.
                    long from = Math.min(25_000, replyMicros / 2);
                    long width = Math.min(30_000 - from, Math.max(1_000, replyMicros * 7 / 10));
                    delayMicros = random.nextInt(5) == 0 ? random.nextInt(30_001) : from + random.nextInt((int) width + 1);
                    timing = "kill " + delayMicros + " us after QUIT";
                }
                long[] replyAt = {Long.MAX_VALUE};
                CompletableFuture<String> reply = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    String line = null;
                    try {
                        line = c.readLine();
                    } catch (IOException e) {
                        // Reset by the kill: no reply.
                    }
                    replyAt[0] = System.nanoTime();
                    reply.complete(line);
                });
                reader.setDaemon(true);
                c.write("QUIT\r\n");
                long quitSent = System.nanoTime();
                reader.start();
                if (waitForReply) {
                    reply.get(10, TimeUnit.SECONDS);
                } else {
                    long until = quitSent + TimeUnit.MICROSECONDS.toNanos(delayMicros);
                    for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                        LockSupport.parkNanos(until - now);
                    }
                }
                long killedAt = System.nanoTime();
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
                String quitReply = reply.get(10, TimeUnit.SECONDS);
                reader.join(1_000);
                boolean beforeKill = quitReply != null && replyAt[0] < killedAt;
                long micros = TimeUnit.NANOSECONDS.toMicros(replyAt[0] - quitSent);
                return new Session(listed, deleted, quitReply, beforeKill, micros,
                        beforeKill ? timing + ", reply after " + micros + " us" : timing);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            output.join(5_000);
        }
    }

    private Path mailboxDirectory() throws IOException {
        Path user = directory.resolve("users").resolve(Pop3CrashServer.USER);
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

    /** The serial number in a message's first line, or -1 if the line is damaged. */
    private static int serialOf(byte[] content) {
        String text = new String(content, StandardCharsets.US_ASCII);
        int start = text.indexOf('<');
        int at = text.indexOf('@', start + 1);
        if (start < 0 || at < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(start + 1, at));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
