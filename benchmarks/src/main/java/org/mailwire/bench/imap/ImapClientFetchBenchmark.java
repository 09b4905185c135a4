// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.Dovecot;
import org.mailwire.imap.client.ImapBlockingClient;
import org.mailwire.imap.client.ImapClient;
import org.mailwire.imap.codec.FetchData;
import org.mailwire.imap.codec.Fragment;
import org.mailwire.imap.codec.ImapResponse;
import org.mailwire.imap.types.FetchItem;
import org.mailwire.imap.types.MailboxName;
import org.mailwire.imap.types.Section;
import org.mailwire.imap.types.SequenceSet;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages fetched per second from Dovecot's imapd (Debian {@code dovecot-imapd}, started here on
 * loopback, plaintext, a maildir of {@value #MESSAGES} messages of {@value #MESSAGE_SIZE} octets)
 * (the {@code Dovecot} test fixture of mail-protocol-core) by mailwire's {@code ImapClient} beside Angus Mail's IMAP provider. One operation opens INBOX
 * read-only and fetches every message's full body: mailwire with one {@code FETCH 1:n
 * (BODY.PEEK[])}, Angus with {@code IMAPFolder.fetch} of {@code FetchProfileItem.MESSAGE} (its
 * one-command whole-message prefetch) and reading each message's stream.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ImapClientFetchBenchmark {

    static final int MESSAGES = 50;
    static final int MESSAGE_SIZE = 20 * 1024;

    /** Messages and octets received, reported per second beside the operations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Received {
        /** Messages fetched. */
        public long messages;
        /** Body octets received. */
        public long bytes;
    }

    /** Dovecot and one connection of each client. */
    @State(Scope.Benchmark)
    public static class Peers {
        Path dir;
        Dovecot dovecot;
        ImapBlockingClient mailwire;
        Store angus;

        /**
         * Fills the maildir, starts Dovecot and logs both clients in.
         *
         * @throws Exception if Dovecot does not start
         */
        @Setup(Level.Trial)
        public void start() throws Exception {
            dir = Files.createTempDirectory("imap-bench");
            Dovecot.Builder builder = Dovecot.builder(dir, "imap").plaintext();
            StringBuilder line = new StringBuilder();
            while (line.length() < 76) {
                line.append("0123456789abcdefghijklmnopqrstuvwxyz");
            }
            String text = line.substring(0, 76) + "\n";
            for (int i = 1; i <= MESSAGES; i++) {
                StringBuilder m = new StringBuilder("From: bob@example.org\nSubject: message " + i + "\n\n");
                while (m.length() + text.length() <= MESSAGE_SIZE - 100) {
                    m.append(text);
                }
                Files.writeString(builder.maildir().resolve("new").resolve("17000000" + i + ".M" + i + "P1.bench"), m);
            }
            dovecot = builder.start();
            mailwire = new ImapBlockingClient(ImapClient.builder().plaintext().allowPlaintextLogin()
                    .connect(dovecot.address(), "localhost").get(30, TimeUnit.SECONDS));
            mailwire.login("alice", Secret.of("secret"));
            Properties props = new Properties();
            props.put("mail.imap.host", "127.0.0.1");
            props.put("mail.imap.port", Integer.toString(dovecot.address().getPort()));
            angus = Session.getInstance(props).getStore("imap");
            angus.connect("alice", "secret");
        }

        /**
         * Closes the clients, stops Dovecot and deletes its directory.
         *
         * @throws Exception if cleaning up fails
         */
        @TearDown(Level.Trial)
        public void stop() throws Exception {
            mailwire.close();
            angus.close();
            dovecot.close();
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * EXAMINE INBOX, then one {@code FETCH 1:* (BODY.PEEK[])} with mailwire's client.
     *
     * @param peers    the server and clients
     * @param received the counters
     * @return the body octets received
     * @throws Exception if a command fails
     */
    @Benchmark
    public long mailwire(Peers peers, Received received) throws Exception {
        peers.mailwire.async().examine(MailboxName.INBOX).get(30, TimeUnit.SECONDS);
        List<ImapResponse.Fetch> all = peers.mailwire.fetch(false, SequenceSet.of("1:*"),
                new FetchItem.BodySection(Section.ALL, java.util.Optional.empty(), true));
        long bytes = 0;
        for (ImapResponse.Fetch f : all) {
            for (FetchData d : f.items()) {
                if (d instanceof FetchData.BodySection b && b.data().orElse(null) instanceof Fragment.Literal l) {
                    ByteBuffer body = l.asBuffer();
                    bytes += body.remaining();
                }
            }
        }
        received.messages += all.size();
        received.bytes += bytes;
        return bytes;
    }

    /**
     * Open INBOX read-only, prefetch every message whole and read it, with Angus Mail.
     *
     * @param peers    the server and clients
     * @param received the counters
     * @return the body octets received
     * @throws Exception if a command fails
     */
    @Benchmark
    public long angus(Peers peers, Received received) throws Exception {
        Folder inbox = peers.angus.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        try {
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
            inbox.fetch(messages, profile);
            long bytes = 0;
            byte[] buffer = new byte[8192];
            for (Message m : messages) {
                try (InputStream in = ((org.eclipse.angus.mail.imap.IMAPMessage) m).getMimeStream()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        bytes += n;
                    }
                }
            }
            received.messages += messages.length;
            received.bytes += bytes;
            return bytes;
        } finally {
            inbox.close(false);
        }
    }
}
