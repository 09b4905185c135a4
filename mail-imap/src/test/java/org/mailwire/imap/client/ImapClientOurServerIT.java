// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.imap.server.ImapServer;
import org.mailwire.imap.types.Flag;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.mailwire.imap.types.StoreAction;
import org.mailwire.store.MailStore;

/** Our IMAP client against our IMAP server over loopback, STARTTLS required. */
class ImapClientOurServerIT {

    private MailStore store;
    private ImapServer server;

    @BeforeEach
    void start() throws Exception {
        store = MailStore.inMemory();
        store.createUser("alice@example.test", Secret.of("secret"));
        server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .startTls(TestCertificates.get().server()).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private ImapClient connect() throws Exception {
        return ImapClient.builder().startTls(TestCertificates.get().client())
                .connect(server.address(), "localhost").get(20, TimeUnit.SECONDS);
    }

    private static byte[] message(String subject) {
        return ("From: bob@example.org\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void loginAppendFetchStoreIdleAndSyncAgainstOurServer() throws Exception {
        ImapClient a = connect();
        ImapClient b = connect();
        try {
            a.authenticate(SaslCredentials.password("alice@example.test", Secret.of("secret"))).get(20, TimeUnit.SECONDS);
            b.login("alice@example.test", Secret.of("secret")).get(20, TimeUnit.SECONDS);
            for (int i = 1; i <= 3; i++) {
                b.append(MailboxName.INBOX, List.of(), message("m" + i)).get(20, TimeUnit.SECONDS);
            }
            SyncResult first = a.synchronize(MailboxName.INBOX, SyncState.EMPTY).get(20, TimeUnit.SECONDS);
            assertEquals(3, first.newMessages().size(), first.toString());
            long uid = first.newMessages().firstKey();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            a.fetchBody(uid, Section.ALL, c -> {
                byte[] x = new byte[c.remaining()];
                c.get(x);
                body.writeBytes(x);
            }).get(20, TimeUnit.SECONDS);
            assertArrayEquals(message("m1"), body.toByteArray());
            CountDownLatch pushed = new CountDownLatch(1);
            ImapIdle idle = a.idle(new MailboxListener() {
                @Override
                public void exists(long count) {
                    pushed.countDown();
                }
            }).get(20, TimeUnit.SECONDS);
            b.append(MailboxName.INBOX, List.of(), message("m4")).get(20, TimeUnit.SECONDS);
            assertTrue(pushed.await(20, TimeUnit.SECONDS));
            idle.done().get(20, TimeUnit.SECONDS);
            b.select(MailboxName.INBOX).get(20, TimeUnit.SECONDS);
            b.store(true, SequenceSet.of(Long.toString(uid)), new StoreAction(StoreAction.Mode.ADD, true,
                    List.of(Flag.System.SEEN))).get(20, TimeUnit.SECONDS);
            SyncResult second = a.synchronize(MailboxName.INBOX, first.next()).get(20, TimeUnit.SECONDS);
            assertEquals(1, second.newMessages().size(), second.toString());
            assertTrue(second.changedFlags().get(uid).contains(Flag.System.SEEN), second.toString());
            a.logout().get(20, TimeUnit.SECONDS);
        } finally {
            a.close();
            b.close();
        }
    }
}
