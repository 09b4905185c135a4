// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.smtp.server.SmtpServerIT.command;
import static org.mailwire.smtp.server.SmtpServerIT.last;
import static org.mailwire.smtp.server.SmtpServerIT.reply;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.smtp.codec.SmtpReply;
import org.mailwire.store.MailStore;
import org.mailwire.store.Quota;

/** The LMTP preset over loopback: per-recipient replies from the store (RFC 2033 §4.2). */
class LmtpServerIT {

    @Test
    void eachRecipientGetsItsOwnDeliveryResult() throws Exception {
        MailStore store = StoreFixture.create();
        store.createUser("carol@example.test", org.mailwire.core.Secret.of("secret"));
        store.mailboxes("bob@example.test").setQuota(Quota.of(10, 100));
        try (SmtpServer server = SmtpServer.builder().lmtp().listen("127.0.0.1", 0).hostName("lmtp.example.test")
                .deliverTo(store).start();
             RawClient client = new RawClient(server.address())) {
            assertEquals("220 lmtp.example.test LMTP Service ready", last(client));
            assertEquals("500 5.5.1 This is an LMTP server, use LHLO", command(client, "EHLO c.example"));
            assertTrue(reply(client.writeThen("LHLO c.example\r\n")).contains("250-PIPELINING"));
            client.write("MAIL FROM:<s@c.example>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\n"
                    + "RCPT TO:<nobody@example.test>\r\nRCPT TO:<carol@example.test>\r\nDATA\r\n");
            assertTrue(last(client).startsWith("250 "));
            assertTrue(last(client).startsWith("250 "));
            assertTrue(last(client).startsWith("250 "));
            assertEquals("550 5.1.1 User unknown", last(client));
            assertTrue(last(client).startsWith("250 "));
            assertTrue(last(client).startsWith("354 "));
            client.write("Subject: lmtp\r\n\r\nhello, more than ten octets\r\n.\r\n");
            // One reply per accepted recipient, in RCPT order: alice, bob (over quota), carol.
            assertEquals("250 2.1.5 Delivered", last(client));
            assertEquals("552 5.2.2 Mailbox full", last(client));
            assertEquals("250 2.1.5 Delivered", last(client));
            assertEquals("250 2.0.0 OK", command(client, "NOOP"));
        }
        assertEquals(1, StoreFixture.inbox(store, "alice@example.test").size());
        assertEquals(0, StoreFixture.inbox(store, "bob@example.test").size());
        List<byte[]> carol = StoreFixture.inbox(store, "carol@example.test");
        assertEquals(1, carol.size());
        String stored = new String(carol.get(0), StandardCharsets.US_ASCII);
        assertTrue(stored.contains("with LMTP id "), stored);
    }

    @Test
    void anSmtpReceiverGetsItsOneReplyRepeatedForEachRecipient() throws Exception {
        SmtpHandler handler = (peer, envelope) -> CompletableFuture.completedFuture(new MessageReceiver() {
            @Override
            public void accept(java.nio.ByteBuffer chunk) {
                chunk.position(chunk.limit());
            }

            @Override
            public CompletionStage<SmtpReply> complete() {
                return CompletableFuture.completedFuture(SmtpReply.of(451, "4.3.0", "Try later"));
            }
        });
        try (SmtpServer server = SmtpServer.builder().lmtp().listen("127.0.0.1", 0).localDomains("example.test")
                .handler(handler).start();
             RawClient client = new RawClient(server.address())) {
            last(client);
            reply(client.writeThen("LHLO c.example\r\n"));
            client.write("MAIL FROM:<s@c.example>\r\nRCPT TO:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nBDAT 3 LAST\r\nabc");
            last(client);
            last(client);
            last(client);
            assertEquals("451 4.3.0 Try later", last(client));
            assertEquals("451 4.3.0 Try later", last(client));
            assertEquals("250 2.0.0 OK", command(client, "NOOP"));
        }
    }

    @Test
    void lmtpRefusesPort25() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SmtpServer.builder().lmtp().listen("127.0.0.1", 25).localDomains("example.test")
                        .handler((peer, envelope) -> new CompletableFuture<>()).start());
        assertTrue(e.getMessage().contains("RFC 2033"), e.getMessage());
    }
}
