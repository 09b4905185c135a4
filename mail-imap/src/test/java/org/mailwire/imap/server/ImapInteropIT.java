// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import org.mailwire.core.testfixtures.Peers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.store.Flag;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;

/**
 * Software nobody here wrote against our server, over STARTTLS with the test certificate:
 * {@code curl imap://} (LIST, a message by UID) and Python's {@code imaplib} (STARTTLS, LOGIN,
 * SELECT, SEARCH, FETCH, STORE, APPEND, IDLE as a raw command with a push from a second
 * connection, LOGOUT).
 */
class ImapInteropIT {

    static final String FIRST = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: first\r\n"
            + "Message-ID: <1@example.org>\r\n\r\nHello Alice,\r\nthis is the first message.\r\n";

    @TempDir
    Path dir;
    private MailStore store;
    private ImapServer server;
    private Path caFile;

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                MessageSource.of(FIRST.getBytes(StandardCharsets.UTF_8)), Flags.none(), Instant.now());
        store.mailboxes("alice").open(UserMailboxes.INBOX).append(
                MessageSource.of("Subject: second\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8)),
                Flags.none(), Instant.now());
        server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .startTls(TestCertificates.get().server()).start();
        caFile = TestCertificates.get().pemCertificate();
    }

    @AfterEach
    void tearDown() {
        server.close();
        store.close();
    }

    @Test
    void curlListsMailboxesAndFetchesAMessageOverStartTls() throws Exception {
        Peers.require(Peers.runs("curl", "--version"), "curl is missing");
        String base = "imap://127.0.0.1:" + server.address().getPort() + "/";
        List<String> common = List.of("curl", "-s", "-S", "--max-time", "30", "--ssl-reqd", "--cacert",
                caFile.toString(), "-u", "alice:secret");
        List<String> list = new ArrayList<>(common);
        list.add(base);
        Peers.Result listing = Peers.run(list);
        assertEquals(0, listing.exit(), listing.stderr());
        String text = new String(listing.stdout(), StandardCharsets.UTF_8);
        assertTrue(text.contains("* LIST (\\HasNoChildren) \"/\" INBOX"), text);
        assertTrue(text.contains("\\Sent) \"/\" Sent"), text);
        List<String> fetch = new ArrayList<>(common);
        fetch.add(base + "INBOX;UID=1");
        Peers.Result message = Peers.run(fetch);
        assertEquals(0, message.exit(), message.stderr());
        assertArrayEquals(FIRST.getBytes(StandardCharsets.UTF_8), message.stdout());
    }

    @Test
    void pythonImaplibWorksOverStartTlsIncludingIdle() throws Exception {
        Peers.require(Peers.runs("python3", "-c", "import imaplib, ssl"), "python3 with imaplib and ssl is missing");
        Path script = dir.resolve("client.py");
        Files.writeString(script, String.join("\n",
                "import imaplib, ssl, sys",
                "port, cafile = int(sys.argv[1]), sys.argv[2]",
                "ctx = ssl.create_default_context(cafile=cafile)",
                "m = imaplib.IMAP4('127.0.0.1', port, timeout=20)",
                "print('caps', sorted(m.capabilities))",
                "print(m.starttls(ctx))",
                "print(m.login('alice', 'secret'))",
                "print('select', m.select('INBOX'))",
                "print('search', m.search(None, 'UNSEEN'))",
                "print('subject', m.search(None, 'SUBJECT', 'second'))",
                "typ, data = m.fetch('1', '(RFC822)')",
                "sys.stdout.buffer.write(b'body<' + data[0][1] + b'>\\n')",
                "print('item', data[0][0])",
                "typ, data = m.fetch('2', '(RFC822.HEADER)')",
                "print('header item', data[0][0])",
                "print('store', m.store('2', '+FLAGS', '\\\\Flagged'))",
                "print('append', m.append('INBOX', '(\\\\Seen)', None, b'Subject: appended\\r\\n\\r\\nhi\\r\\n'))",
                "tag = m._new_tag()",
                "m.send(tag + b' IDLE\\r\\n')",
                "print('idle', m.readline())",
                "other = imaplib.IMAP4('127.0.0.1', port, timeout=20)",
                "other.starttls(ctx)",
                "other.login('alice', 'secret')",
                "other.append('INBOX', None, None, b'Subject: pushed\\r\\n\\r\\nx\\r\\n')",
                "other.logout()",
                "print('pushed', m.readline())",
                "m.send(b'DONE\\r\\n')",
                "print('done', m.readline())",
                "print('uids', m.uid('SEARCH', None, 'ALL'))",
                "print(m.logout())",
                ""));
        Peers.Result r = Peers.run(List.of("python3", script.toString(), Integer.toString(server.address().getPort()),
                caFile.toString()));
        String out = new String(r.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, r.exit(), out + r.stderr());
        assertTrue(out.contains("'STARTTLS'") && out.contains("'LOGINDISABLED'"), out);
        assertTrue(out.contains("select ('OK', [b'2'])"), out);
        // RFC 3501 §7.4.2: an IMAP4rev1 client's RFC822 items come back under their own names.
        assertTrue(out.contains("item b'1 (RFC822 {"), out);
        assertTrue(out.contains("header item b'2 (RFC822.HEADER {"), out);
        assertTrue(out.contains("search ('OK', [b'1 2'])"), out);
        assertTrue(out.contains("subject ('OK', [b'2'])"), out);
        assertTrue(out.contains("body<" + FIRST + ">"), out);
        assertTrue(out.contains("append ('OK', [b'[APPENDUID"), out);
        assertTrue(out.contains("idle b'+ idling\\r\\n'"), out);
        assertTrue(out.contains("pushed b'* 4 EXISTS\\r\\n'"), out);
        assertTrue(out.contains("done b'"), out);
        assertTrue(out.contains("uids ('OK', [b'1 2 3 4'])"), out);
        assertTrue(out.contains("('BYE', [b'Logging out'])"), out);
        List<MessageInfo> messages = store.mailboxes("alice").open(UserMailboxes.INBOX).messages();
        assertEquals(4, messages.size());
        assertTrue(messages.get(0).flags().contains(Flag.SEEN), "RFC822 sets \\Seen");
        assertTrue(messages.get(1).flags().contains(Flag.FLAGGED));
        assertTrue(messages.get(2).flags().contains(Flag.SEEN));
    }
}
