// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/**
 * Angus Mail's IMAP provider (the Jakarta Mail reference implementation) against our server over
 * required STARTTLS with host name checks: folders, messages, flags, search, append with UIDPLUS.
 */
class ImapAngusMailIT {

    private MailStore store;
    private ImapServer server;

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                MessageSource.of(ImapInteropIT.FIRST.getBytes(StandardCharsets.UTF_8)),
                org.mailwire.store.Flags.none(), Instant.now());
        server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .startTls(TestCertificates.get().server()).start();
    }

    @AfterEach
    void tearDown() {
        server.close();
        store.close();
    }

    @Test
    void angusMailReadsFlagsSearchesAndAppends() throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.host", "localhost");
        p.put("mail.imap.port", Integer.toString(server.address().getPort()));
        p.put("mail.imap.starttls.enable", "true");
        p.put("mail.imap.starttls.required", "true");
        p.put("mail.imap.ssl.checkserveridentity", "true");
        p.put("mail.imap.ssl.socketFactory", TestCertificates.get().clientContext().getSocketFactory());
        p.put("mail.imap.connectiontimeout", "10000");
        p.put("mail.imap.timeout", "10000");
        Session session = Session.getInstance(p);
        Store imap = session.getStore("imap");
        imap.connect("alice", "secret");
        try {
            assertTrue(imap.getDefaultFolder().list("*").length >= 6);
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(1, inbox.getMessageCount());
            Message first = inbox.getMessage(1);
            assertEquals("first", first.getSubject());
            assertEquals("bob@example.org", ((InternetAddress) first.getFrom()[0]).getAddress());
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            first.writeTo(raw);
            assertEquals(ImapInteropIT.FIRST, raw.toString(StandardCharsets.UTF_8));
            first.setFlag(Flags.Flag.FLAGGED, true);
            assertTrue(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED));
            assertEquals(1L, ((UIDFolder) inbox).getUID(first));

            MimeMessage draft = new MimeMessage(session);
            draft.setSubject("from angus");
            draft.setText("hello from Jakarta Mail");
            draft.setFrom(new InternetAddress("alice@example.org"));
            inbox.appendMessages(new Message[] {draft});
            assertEquals(2, inbox.getMessageCount());
            Message[] found = inbox.search(new SubjectTerm("angus"));
            assertEquals(1, found.length);
            assertEquals(2L, ((UIDFolder) inbox).getUID(found[0]));
            assertTrue(((String) found[0].getContent()).startsWith("hello from Jakarta Mail"));
            inbox.close(false);
        } finally {
            imap.close();
        }
        var flags = store.mailboxes("alice").open(UserMailboxes.INBOX).messages().get(0).flags();
        assertTrue(flags.contains(org.mailwire.store.Flag.FLAGGED));
    }
}
