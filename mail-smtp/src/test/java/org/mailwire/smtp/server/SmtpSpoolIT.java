// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.smtp.server.SmtpServerIT.command;
import static org.mailwire.smtp.server.SmtpServerIT.last;
import static org.mailwire.smtp.server.SmtpServerIT.reply;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.UserMailboxes;

/** Large messages through the spool over loopback, and a disk that fills up while spooling. */
class SmtpSpoolIT {

    @TempDir
    Path data;
    @TempDir
    Path spool;

    private long spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }

    private static void startData(RawClient client) throws Exception {
        last(client);
        client.write("EHLO c.example\r\nMAIL FROM:<s@c.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
        reply(client);
        last(client);
        last(client);
        assertTrue(last(client).startsWith("354 "));
    }

    @Test
    void twentyMegabyteMessageIsDeliveredThroughTheSpoolAndTheFileRemoved() throws Exception {
        MailStore store = MailStore.maildir(data, MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice@example.test", Secret.of("secret"));
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store)
                .spool(SpoolSettings.defaults().withDirectory(spool)).start();
             RawClient client = new RawClient(server.address())) {
            startData(client);
            byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = client.socket().getOutputStream();
            for (int i = 0; i < 20 * 1024; i++) {
                out.write(line);
            }
            client.write(".\r\n");
            assertTrue(last(client).startsWith("250 2.0.0"));
            assertEquals("250 2.0.0 OK", command(client, "NOOP"));
        }
        assertEquals(0, spoolFiles());
        long size = store.mailboxes("alice@example.test").open(UserMailboxes.INBOX).messages().get(0).size();
        assertTrue(size > 20L * 1024 * 1000 && size < 20L * 1024 * 1000 + 1024, "stored " + size);
    }

    @Test
    void flt04DiskFullWhileSpoolingIs452AndTheServerKeepsServing() throws Exception {
        MailStore store = StoreFixture.create();
        ExecutorService blocking = Executors.newSingleThreadExecutor();
        MailStoreHandler handler = new MailStoreHandler(store, "mx.example.test", blocking,
                SpoolSettings.defaults().withDirectory(spool).withInMemoryThreshold(4096), file -> new FullDisk(8192));
        try (SmtpServer server = SmtpServer.builder().listen("127.0.0.1", 0).localDomains("example.test")
                .handler(handler).start();
             RawClient client = new RawClient(server.address())) {
            startData(client);
            client.write(("y".repeat(78) + "\r\n").repeat(1000) + ".\r\n");
            assertEquals("452 4.3.1 Insufficient system storage", last(client));
            assertEquals(0, spoolFiles());
            assertTrue(command(client, "MAIL FROM:<s@c.example>").startsWith("250 "));
            assertTrue(command(client, "RCPT TO:<alice@example.test>").startsWith("250 "));
            assertTrue(command(client, "DATA").startsWith("354 "));
            assertTrue(command(client, "small\r\n.").startsWith("250 2.0.0"));
        } finally {
            blocking.shutdownNow();
        }
        assertEquals(1, StoreFixture.inbox(store, "alice@example.test").size());
    }
}
