// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.RcptParameters;
import org.mailwire.store.MessageSource;

/** The durable queue's files: what survives a crash and what is cleaned up. */
class DeliveryQueueTest {

    private static final byte[] CONTENT = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static QueuedMessage message(String id, Mailbox to) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return new QueuedMessage(id, now, new Mailbox("alice", "a.test"), MailParameters.NONE,
                List.of(QueuedRecipient.pending(to, RcptParameters.NONE)), 0, now, false);
    }

    @Test
    void aQueuedMessageIsFoundAgainAfterReopening() throws Exception {
        DeliveryQueue queue = DeliveryQueue.open(dir);
        QueuedMessage m = message(queue.newId(), new Mailbox("bob", "b.test"));
        queue.enqueue(m, MessageSource.of(CONTENT));
        List<QueuedMessage> found = DeliveryQueue.open(dir).recover();
        assertEquals(List.of(m), found);
        try (InputStream in = queue.openContent(m.id())) {
            assertArrayEquals(CONTENT, in.readAllBytes());
        }
    }

    @Test
    void contentWithoutARecordWasNeverAcknowledgedAndIsRemoved() throws Exception {
        DeliveryQueue queue = DeliveryQueue.open(dir);
        Files.write(dir.resolve("messages/orphan"), CONTENT);
        Files.write(dir.resolve("tmp/half.msg"), CONTENT);
        assertTrue(queue.recover().isEmpty());
        assertFalse(Files.exists(dir.resolve("messages/orphan")));
        assertFalse(Files.exists(dir.resolve("tmp/half.msg")));
    }

    @Test
    void anUnreadableRecordIsSetAsideNotGuessed() throws Exception {
        DeliveryQueue queue = DeliveryQueue.open(dir);
        QueuedMessage m = message("m1", new Mailbox("bob", "b.test"));
        queue.enqueue(m, MessageSource.of(CONTENT));
        Files.writeString(dir.resolve("records/m1"), "mailwire-queue 1\nid m1\narrival yesterday\n");
        assertTrue(queue.recover().isEmpty());
        assertTrue(Files.exists(dir.resolve("corrupt/m1")));
    }

    @Test
    void aDiscardedSpoolLeavesNothingAndACommittedOneIsQueued() throws Exception {
        DeliveryQueue queue = DeliveryQueue.open(dir);
        DeliveryQueue.Spool dropped = queue.spool("s1");
        dropped.write(ByteBuffer.wrap(CONTENT));
        dropped.discard();
        DeliveryQueue.Spool kept = queue.spool("s2");
        kept.write(ByteBuffer.wrap(CONTENT));
        assertArrayEquals("Subject".getBytes(StandardCharsets.US_ASCII), kept.head(7));
        kept.commit(message("s2", new Mailbox("bob", "b.test")));
        assertEquals(List.of("s2"), queue.recover().stream().map(QueuedMessage::id).toList());
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void hostileEnvelopeBytesAreStoredInertAndReadBackIdentically() throws Exception {
        // SECURITY-CASES SMTP-14: shell characters, quotes, spaces and 8-bit in the envelope.
        DeliveryQueue queue = DeliveryQueue.open(dir);
        Mailbox hostile = new Mailbox("a b`|;$(rm -rf /)\"x", "b.test");
        QueuedMessage m = message("h1", hostile);
        queue.enqueue(m, MessageSource.of(CONTENT));
        String record = Files.readString(dir.resolve("records/h1"), StandardCharsets.US_ASCII);
        assertFalse(record.contains("rm -rf"), record);
        assertFalse(record.contains("`"), record);
        assertEquals(Optional.of(m), queue.recover().stream().findFirst());
    }

    @Test
    void updateReplacesTheRecordAndRemoveDeletesBoth() throws Exception {
        DeliveryQueue queue = DeliveryQueue.open(dir);
        QueuedMessage m = message("u1", new Mailbox("bob", "b.test"));
        queue.enqueue(m, MessageSource.of(CONTENT));
        QueuedMessage after = m.afterAttempt(List.of(m.recipients().get(0).delivered()), m.nextAttempt());
        queue.update(after);
        assertEquals(List.of(after), queue.recover());
        queue.remove("u1");
        assertTrue(queue.recover().isEmpty());
        assertFalse(Files.exists(dir.resolve("messages/u1")));
    }

    @Test
    void idsThatCouldEscapeTheDirectoryAreRefused() {
        for (String bad : new String[] {"../x", ".hidden", "a/b", "", "x".repeat(65)}) {
            assertFalse(QueuedMessage.isValidId(bad), bad);
        }
    }
}
