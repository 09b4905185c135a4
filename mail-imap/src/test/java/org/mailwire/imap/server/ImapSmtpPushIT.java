// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.smtp.server.SmtpServer;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/**
 * Issue 8's push promise end to end: a message accepted by our SMTP server into the store
 * reaches an IMAP client in IDLE within a second, as DESIGN.md's embedding example wires them.
 */
class ImapSmtpPushIT {

    @Test
    void smtpDeliveryReachesAnIdlingClientWithinASecond() throws Exception {
        try (MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000))) {
            store.createUser("alice@example.test", Secret.of("secret"));
            try (SmtpServer smtp = SmtpServer.builder().listen("127.0.0.1", 0).deliverTo(store).start();
                 ImapServer imap = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                         .settings(ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true)).start();
                 RawClient idler = new RawClient(imap.address());
                 RawClient sender = new RawClient(smtp.address())) {
                idler.readLine();
                idler.write("a LOGIN alice@example.test secret\r\nb SELECT INBOX\r\nc IDLE\r\n");
                String line;
                do {
                    line = idler.readLine();
                } while (!line.startsWith("+ "));
                assertTrue(sender.readLine().startsWith("220"));
                sender.write("EHLO client.example\r\n");
                String reply;
                do {
                    reply = sender.readLine();
                } while (reply.startsWith("250-"));
                sender.write("MAIL FROM:<bob@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
                assertTrue(sender.readLine().startsWith("250"));
                assertTrue(sender.readLine().startsWith("250"));
                assertTrue(sender.readLine().startsWith("354"));
                long start = System.nanoTime();
                sender.write("Subject: pushed\r\n\r\nhello\r\n.\r\n");
                assertEquals("* 1 EXISTS", idler.readLine());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(sender.readLine().startsWith("250"));
                assertTrue(millis < 1000, "push took " + millis + " ms");
                idler.write("DONE\r\nd FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]\r\n");
                assertEquals("c OK IDLE terminated", idler.readLine());
                assertEquals("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {19}", idler.readLine());
            }
        }
    }
}
