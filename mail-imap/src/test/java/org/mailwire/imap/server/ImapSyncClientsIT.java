// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import org.mailwire.core.testfixtures.Peers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.core.testfixtures.TestCertificates;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UidSet;
import org.mailwire.store.UserMailboxes;

/**
 * Mailbox synchronisers nobody here wrote against our server over TLS with the test
 * certificate: {@code mbsync} (isync, STARTTLS) and OfflineIMAP (implicit TLS and STARTTLS) each
 * sync a Maildir with the server twice,
 * with new messages, flags and an expunge on both sides in between.
 */
class ImapSyncClientsIT {

    private static final String FIRST = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\n"
            + "Subject: first\r\nMessage-ID: <1@example.org>\r\n\r\nHello Alice,\r\nthis is the first message.\r\n";
    private static final String SECOND = "From: Carol <carol@example.org>\r\nSubject: second\r\n"
            + "Message-ID: <2@example.org>\r\n\r\nhello\r\n";
    private static final String REPORT = "From: Dave <dave@example.org>\r\nSubject: report\r\n"
            + "Message-ID: <3@example.org>\r\n\r\nthe quarterly report\r\n";
    private static final String OLD = "From: Dave <dave@example.org>\r\nSubject: old\r\n"
            + "Message-ID: <4@example.org>\r\n\r\nto be expunged\r\n";
    private static final String SERVER_NEW = "From: Erin <erin@example.org>\r\nSubject: arrived on the server\r\n"
            + "Message-ID: <5@example.org>\r\n\r\nnew on the server\r\n";
    private static final String LOCAL_NEW = "From: alice@example.org\nSubject: written locally\n"
            + "Message-ID: <6@example.org>\n\nnew in the local maildir\n";

    @TempDir
    Path dir;
    private MailStore store;
    private ImapServer server;
    private Path caFile;

    @BeforeEach
    void setUp() throws Exception {
        store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        UserMailboxes boxes = store.mailboxes("alice");
        Mailbox inbox = boxes.open(UserMailboxes.INBOX);
        inbox.append(MessageSource.of(bytes(FIRST)), Flags.of(Flag.SEEN), Instant.parse("2026-01-02T03:04:05Z"));
        inbox.append(MessageSource.of(bytes(SECOND)), Flags.none(), Instant.parse("2026-01-03T03:04:05Z"));
        boxes.create("Work");
        Mailbox work = boxes.open("Work");
        work.append(MessageSource.of(bytes(REPORT)), Flags.of(Flag.FLAGGED), Instant.now());
        work.append(MessageSource.of(bytes(OLD)), Flags.none(), Instant.now());
        server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .startTls(TestCertificates.get().server()).start();
        caFile = TestCertificates.get().pemCertificate();
    }

    @AfterEach
    void tearDown() {
        server.close();
        store.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A Maildir holds messages with the local line ending: mbsync turns CRLF into LF and back. */
    private static byte[] lf(String text) {
        return bytes(text.replace("\r\n", "\n"));
    }

    /**
     * The message without the {@code X-TUID} header line mbsync adds at the end of the header of
     * every message it copies (to find it again if the target gives no UID); checks it is there.
     */
    private static byte[] withoutTuid(byte[] message, String eol) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        String header = eol + "X-TUID: ";
        int at = text.indexOf(header);
        assertTrue(at >= 0 && text.indexOf(eol + eol) == text.indexOf(eol, at + 1), "no X-TUID last in header: " + text);
        int end = text.indexOf(eol, at + 1);
        return (text.substring(0, at) + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every message file of a Maildir folder ({@code cur} and {@code new}), by name. */
    private static List<Path> messageFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            Path d = folder.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    private static Path fileWith(Path folder, String messageId) throws IOException {
        for (Path f : messageFiles(folder)) {
            if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("Message-ID: " + messageId)) {
                return f;
            }
        }
        throw new AssertionError("no message " + messageId + " in " + folder + ": " + messageFiles(folder));
    }

    /** The Maildir info flags of a message file name ({@code ...:2,FS} gives {@code FS}). */
    private static String maildirFlags(Path file) {
        String name = file.getFileName().toString();
        int at = name.indexOf(":2,");
        return at < 0 ? "" : name.substring(at + 3);
    }

    private static byte[] serverContent(Mailbox box, long uid) throws Exception {
        try (InputStream in = box.openContent(uid)) {
            return in.readAllBytes();
        }
    }

    /**
     * After the first sync: the local Maildir holds every server message of INBOX and Work with
     * its flags; {@code stored} maps a local file to the original bytes (with LF line endings).
     */
    private static void assertFirstSync(Path inbox, Path work, UnaryOperator<byte[]> stored) throws IOException {
        assertEquals(2, messageFiles(inbox).size(), messageFiles(inbox).toString());
        assertEquals(2, messageFiles(work).size(), messageFiles(work).toString());
        assertArrayEquals(lf(FIRST), stored.apply(Files.readAllBytes(fileWith(inbox, "<1@example.org>"))));
        assertArrayEquals(lf(SECOND), stored.apply(Files.readAllBytes(fileWith(inbox, "<2@example.org>"))));
        assertArrayEquals(lf(REPORT), stored.apply(Files.readAllBytes(fileWith(work, "<3@example.org>"))));
        assertArrayEquals(lf(OLD), stored.apply(Files.readAllBytes(fileWith(work, "<4@example.org>"))));
        assertEquals("S", maildirFlags(fileWith(inbox, "<1@example.org>")));
        assertEquals("", maildirFlags(fileWith(inbox, "<2@example.org>")));
        assertEquals("F", maildirFlags(fileWith(work, "<3@example.org>")));
    }

    /**
     * Between two syncs: locally a new message in {@code INBOX/new} and the second message read
     * ({@code :2,S}); on the server a new message, the first one flagged, Work's second expunged.
     */
    private void changeBothSides(Path inbox) throws Exception {
        Files.write(inbox.resolve("new").resolve("1700000000.M1P1.localhost"), lf(LOCAL_NEW));
        Path secondFile = fileWith(inbox, "<2@example.org>");
        String secondName = secondFile.getFileName().toString();
        int info = secondName.indexOf(":2,");
        Files.move(secondFile, inbox.resolve("cur").resolve((info < 0 ? secondName : secondName.substring(0, info)) + ":2,S"));
        UserMailboxes boxes = store.mailboxes("alice");
        Mailbox serverInbox = boxes.open(UserMailboxes.INBOX);
        serverInbox.append(MessageSource.of(bytes(SERVER_NEW)), Flags.none(), Instant.now());
        serverInbox.storeFlags(UidSet.of(1), FlagOperation.ADD, Flags.of(Flag.FLAGGED), OptionalLong.empty());
        Mailbox serverWork = boxes.open("Work");
        serverWork.storeFlags(UidSet.of(2), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
        assertEquals(List.of(2L), serverWork.expunge());
    }

    /**
     * After the second sync: the server got the local message (with CRLF; {@code uploaded} maps
     * what the server stored to the original) and the local {@code \Seen}; the local side got
     * the server's new message, its {@code \Flagged} and its expunge.
     */
    private void assertSecondSync(Path inbox, Path work, UnaryOperator<byte[]> stored, UnaryOperator<byte[]> uploaded)
            throws Exception {
        Mailbox serverInbox = store.mailboxes("alice").open(UserMailboxes.INBOX);
        List<MessageInfo> onServer = serverInbox.messages();
        assertEquals(4, onServer.size(), onServer.toString());
        assertEquals(Flags.of(Flag.SEEN, Flag.FLAGGED), onServer.get(0).flags());
        assertEquals(Flags.of(Flag.SEEN), onServer.get(1).flags());
        assertArrayEquals(bytes(LOCAL_NEW.replace("\n", "\r\n")),
                uploaded.apply(serverContent(serverInbox, onServer.get(3).uid())));
        assertEquals(4, messageFiles(inbox).size(), messageFiles(inbox).toString());
        assertArrayEquals(lf(SERVER_NEW), stored.apply(Files.readAllBytes(fileWith(inbox, "<5@example.org>"))));
        assertEquals("FS", maildirFlags(fileWith(inbox, "<1@example.org>")));
        assertEquals("S", maildirFlags(fileWith(inbox, "<2@example.org>")));
        assertEquals(1, messageFiles(work).size(), messageFiles(work).toString());
        fileWith(work, "<3@example.org>");
    }

    @Test
    void mbsyncSyncsAMaildirWithTheServerBothWaysOverStartTls() throws Exception {
        Peers.require(Peers.runs("mbsync", "--version"), "mbsync (Debian package isync) is missing");
        Path local = dir.resolve("mail");
        Files.createDirectories(local);
        Path rc = dir.resolve("mbsyncrc");
        Files.writeString(rc, String.join("\n",
                "IMAPAccount mailwire",
                "Host 127.0.0.1",
                "Port " + server.address().getPort(),
                "User alice",
                "Pass secret",
                "SSLType STARTTLS",
                "SystemCertificates no",
                "CertificateFile " + caFile,
                "",
                "IMAPStore far",
                "Account mailwire",
                "",
                "MaildirStore near",
                "Path " + local + "/",
                "Inbox " + local.resolve("INBOX"),
                "SubFolders Verbatim",
                "",
                "Channel both",
                "Far :far:",
                "Near :near:",
                "Patterns *",
                "Create Both",
                "Expunge Both",
                "Sync All",
                "SyncState *",
                ""));
        List<String> mbsync = List.of("mbsync", "-c", rc.toString(), "-a");
        Path inbox = local.resolve("INBOX");
        Path work = local.resolve("Work");

        Peers.Result first = Peers.run(mbsync);
        assertEquals(0, first.exit(), first.output());
        assertFirstSync(inbox, work, m -> withoutTuid(m, "\n"));
        changeBothSides(inbox);
        Peers.Result second = Peers.run(mbsync);
        assertEquals(0, second.exit(), second.output());
        assertSecondSync(inbox, work, m -> withoutTuid(m, "\n"), m -> withoutTuid(m, "\r\n"));
    }

    /** OfflineIMAP over implicit TLS (IMAPS, RFC 8314), TLS 1.3 as both sides prefer. */
    @Test
    void offlineImapSyncsAMaildirWithTheServerBothWaysOverImplicitTls() throws Exception {
        offlineImapSyncs(TestCertificates.get().server(), true);
    }

    /**
     * OfflineIMAP over STARTTLS, with the server offering TLS 1.2 only. Its imaplib2 reads one
     * Python {@code SSLSocket} from a reader thread while another thread writes to it, which
     * OpenSSL does not allow: under TLS 1.3 the reader handling the server's post-handshake
     * NewSessionTicket races the first command after the upgrade, and that command is sometimes
     * never sent (the client waits, the server waits, until the pre-authentication timeout). It
     * happens against Dovecot too (21 of 300 connections) as against us (3 to 13 of 300), never under
     * TLS 1.2, which has no post-handshake messages: {@code benchmarks/imaplib2-starttls-race.py}
     * reproduces it. Our side of every cut of that boundary is {@code StartTlsSegmentationIT}'s.
     */
    @Test
    void offlineImapSyncsAMaildirWithTheServerBothWaysOverStartTls() throws Exception {
        offlineImapSyncs(TestCertificates.get().server().withProtocols("TLSv1.2"), false);
    }

    private void offlineImapSyncs(TlsSettings tls, boolean implicit) throws Exception {
        Peers.require(Peers.runs("offlineimap", "--version"), "offlineimap (Debian package offlineimap3) is missing");
        server.close();
        ImapServer.Builder builder = ImapServer.builder().listen("127.0.0.1", 0).store(store);
        server = (implicit ? builder.implicitTls(tls) : builder.startTls(tls)).start();
        Path local = dir.resolve("mail");
        Path rc = dir.resolve("offlineimaprc");
        Files.writeString(rc, String.join("\n",
                "[general]",
                "accounts = alice",
                "metadata = " + dir.resolve("meta"),
                "",
                "[Account alice]",
                "localrepository = near",
                "remoterepository = far",
                "",
                "[Repository near]",
                "type = Maildir",
                "localfolders = " + local,
                "",
                "[Repository far]",
                "type = IMAP",
                "remotehost = localhost",   // the name the test certificate carries
                "remoteport = " + server.address().getPort(),
                "remoteuser = alice",
                "remotepass = secret",
                "ssl = " + (implicit ? "yes" : "no"),
                "starttls = " + (implicit ? "no" : "yes"),
                "sslcacertfile = " + caFile,
                ""));
        List<String> offlineimap = List.of("offlineimap", "-c", rc.toString(), "-o", "-u", "basic");
        Path inbox = local.resolve("INBOX");
        Path work = local.resolve("Work");

        Peers.Result first = Peers.run(offlineimap);
        assertEquals(0, first.exit(), first.output());
        assertFirstSync(inbox, work, UnaryOperator.identity());
        changeBothSides(inbox);
        Peers.Result second = Peers.run(offlineimap);
        assertEquals(0, second.exit(), second.output());
        assertSecondSync(inbox, work, UnaryOperator.identity(), UnaryOperator.identity());
    }
}
