// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.pop3.client.Pop3Client;
import org.mailwire.pop3.client.Pop3ErrorException;
import org.mailwire.pop3.codec.Pop3ResponseCode;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/** Our client against our server over loopback (go-imap's newClientServerPair). */
class Pop3ClientIT {

    private MailStore store;
    private Pop3Server server;

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        for (String m : List.of(Pop3ServerIT.DOTTED, "Subject: 2\r\n\r\nsecond\r\n")) {
            store.mailboxes("alice").open(UserMailboxes.INBOX)
                    .append(MessageSource.of(m.getBytes(StandardCharsets.UTF_8)), Flags.none(), Instant.now());
        }
        server = Pop3Server.builder(store).startTls(TestCertificates.get().server()).start();
    }

    @AfterEach
    void tearDown() {
        server.close();
        store.close();
    }

    private Pop3Client connect() {
        return Pop3Client.builder().startTls(TestCertificates.get().client())
                .connect(server.address(), "localhost").join();
    }

    @Test
    void downloadsAndDeletesOverStls() throws Exception {
        Pop3Client client = connect();
        assertTrue(client.isSecure());
        client.login("alice", Secret.of("secret")).join();
        assertArrayEquals(new long[] {2, Pop3ServerIT.DOTTED.length() + 22}, client.stat().join());
        assertEquals(List.of(new Pop3Client.Entry(1, Integer.toString(Pop3ServerIT.DOTTED.length())),
                new Pop3Client.Entry(2, "22")), client.list().join());
        assertEquals(2, client.uniqueIds().join().size());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        client.retrieve(1, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            content.writeBytes(b);
        }).join();
        assertArrayEquals(Pop3ServerIT.DOTTED.getBytes(StandardCharsets.UTF_8), content.toByteArray());
        ByteArrayOutputStream top = new ByteArrayOutputStream();
        client.top(2, 0, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            top.writeBytes(b);
        }).join();
        assertEquals("Subject: 2\r\n\r\n", top.toString(StandardCharsets.UTF_8));
        client.noop().join();
        client.delete(1).join();
        assertTrue(client.quit().join().text().contains("1 message left"));
        assertEquals(1, store.mailboxes("alice").open(UserMailboxes.INBOX).messages().size());
    }

    @Test
    void wrongPasswordFailsWithTheAuthCode() {
        Pop3Client client = connect();
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.login("alice", Secret.of("wrong")).join());
        Pop3ErrorException error = assertInstanceOf(Pop3ErrorException.class, e.getCause());
        assertEquals(Pop3ResponseCode.AUTH, error.response().code().orElseThrow());
        client.close();
    }

    @Test
    void sec09PlaintextConnectionRefusesToSendThePassword() {
        Pop3Client client = Pop3Client.builder().plaintext().connect(server.address(), "localhost").join();
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.login("alice", Secret.of("secret")).join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        client.close();
    }
}
