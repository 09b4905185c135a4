// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.smtp.codec.ForwardPath;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.ReversePath;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.smtp.protocol.SmtpContext;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.UserMailboxes;

/** {@link MailStoreHandler}'s spool: memory up to the threshold, a temporary file beyond, never left behind. */
class MailStoreHandlerSpoolTest {

    private static final int MIB = 1024 * 1024;
    private static final SmtpPeer PEER = new SmtpPeer(new InetSocketAddress("127.0.0.1", 40000),
            new SmtpContext(Optional.of("c.example"), true, false, Optional.empty()));
    private static final List<ForwardPath> ALICE = List.of(Mailbox.parse("alice@example.test"));

    @TempDir
    Path data;
    @TempDir
    Path spool;

    private MailStore store() throws Exception {
        MailStore store = MailStore.maildir(data, MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice@example.test", Secret.of("secret"));
        return store;
    }

    private MailStoreHandler handler(MailStore store, int threshold, MailStoreHandler.SpoolOpener opener) {
        SpoolSettings settings = SpoolSettings.defaults().withDirectory(spool).withInMemoryThreshold(threshold);
        return new MailStoreHandler(store, "mx.example.test", Runnable::run, settings, opener);
    }

    private static MessageReceiver open(MailStoreHandler handler) {
        return handler.message(PEER, new SmtpEnvelope(ReversePath.NULL, MailParameters.NONE, ALICE)).toCompletableFuture().join();
    }

    private long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }

    private static void feed(MessageReceiver receiver, long octets) {
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        while (chunk.hasRemaining()) {
            chunk.put((byte) ('a' + chunk.position() % 26));
        }
        for (long left = octets; left > 0; left -= chunk.limit()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), left));
            receiver.accept(chunk);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void twentyMegabyteMessageWaitsInAFileNotInTheHeap() throws Exception {
        MailStore store = store();
        MessageReceiver receiver = open(handler(store, SpoolSettings.DEFAULT_IN_MEMORY_THRESHOLD,
                file -> java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)));
        long before = usedHeapAfterGc();
        feed(receiver, 20L * MIB);
        long held = usedHeapAfterGc() - before;
        // The receiver keeps at most its threshold (256 KiB) in memory, not 20 MiB.
        assertTrue(held < 8L * MIB, "heap grew by " + held + " octets while receiving");
        assertEquals(1, spoolFiles());
        assertEquals(250, receiver.complete().toCompletableFuture().join().code());
        assertEquals(0, spoolFiles());
        org.mailwire.store.Mailbox inbox = store.mailboxes("alice@example.test").open(UserMailboxes.INBOX);
        MessageInfo info = inbox.messages().get(0);
        try (InputStream in = inbox.openContent(info.uid())) {
            String head = new String(in.readNBytes(9), java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals("Received:", head);
        }
        assertTrue(info.size() > 20L * MIB && info.size() < 20L * MIB + 1024, "stored " + info.size());
    }

    @Test
    void messageUpToTheThresholdStaysInMemoryAndOneOctetMoreIsSpooled() throws Exception {
        MailStore store = store();
        MailStoreHandler handler = handler(store, 4096, file -> java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE));
        MessageReceiver probe = open(handler);
        feed(probe, 100);
        probe.complete().toCompletableFuture().join();
        long trace = store.mailboxes("alice@example.test").open(UserMailboxes.INBOX).messages().get(0).size() - 100;

        MessageReceiver receiver = open(handler);
        feed(receiver, 4096 - trace);
        assertEquals(0, spoolFiles(), "at the threshold");
        feed(receiver, 1);
        assertEquals(1, spoolFiles(), "one octet past it");
        assertEquals(250, receiver.complete().toCompletableFuture().join().code());
        assertEquals(0, spoolFiles());
        assertEquals(4097, store.mailboxes("alice@example.test").open(UserMailboxes.INBOX).messages().get(1).size());
    }

    @Test
    void flt04DiskFullWhileSpoolingIs452AndTheFileIsRemoved() throws Exception {
        MailStore store = store();
        MailStoreHandler handler = handler(store, 64 * 1024, file -> new FullDisk(100 * 1024));
        MessageReceiver receiver = open(handler);
        feed(receiver, MIB);
        assertEquals(0, spoolFiles());
        assertEquals(List.of(SmtpReply.INSUFFICIENT_STORAGE), receiver.completeEach(ALICE).toCompletableFuture().join());
        assertEquals(0, store.mailboxes("alice@example.test").open(UserMailboxes.INBOX).messages().size());
        // The handler keeps serving: the next, smaller message is delivered.
        MessageReceiver next = open(handler);
        feed(next, 1000);
        assertEquals(250, next.complete().toCompletableFuture().join().code());
    }

    @Test
    void abortedMessageLeavesNoSpoolFile() throws Exception {
        MessageReceiver receiver = open(handler(store(), 1024, file -> java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)));
        feed(receiver, 100_000);
        assertEquals(1, spoolFiles());
        receiver.abort();
        assertEquals(0, spoolFiles());
    }
}
