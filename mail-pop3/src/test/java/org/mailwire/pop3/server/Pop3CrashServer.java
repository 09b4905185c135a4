// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.mailwire.core.Secret;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UserMailboxes;
import org.mailwire.store.UserNotFoundException;

/**
 * The child process of {@link Pop3CrashIT}: opens a durable (Maildir) store, creates the user
 * and its first messages if the store has no user yet, starts a {@link Pop3Server} on loopback
 * with plaintext USER/PASS allowed, prints {@code PORT <port>} and serves until it is killed.
 */
public final class Pop3CrashServer {

    static final MailStoreSettings SETTINGS = MailStoreSettings.defaults().withPasswordIterations(1).withScramIterations(1);
    static final String USER = "crash@example.test";
    static final String PASSWORD = "pw";

    private Pop3CrashServer() {
    }

    /** Builds message {@code serial}; its first line names it, so a reader can rebuild it. */
    static byte[] message(int serial) {
        StringBuilder text = new StringBuilder("Message-Id: <").append(serial).append("@pop02.example.test>\r\n")
                .append("Subject: message ").append(serial).append("\r\n\r\n");
        int lines = 1 + (serial * 37) % 300;
        for (int i = 0; i < lines; i++) {
            text.append("line ").append(i).append(" of message ").append(serial).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends messages {@code first} to {@code first + count - 1} in that order. */
    static void appendMessages(Mailbox inbox, int first, int count) throws Exception {
        for (int serial = first; serial < first + count; serial++) {
            inbox.append(MessageSource.of(message(serial)), Flags.none(), Instant.now());
        }
    }

    /**
     * Runs the server.
     *
     * @param args the data directory and the number of messages to create on the first run
     * @throws Exception on any failure, which the parent sees as a missing PORT line
     */
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int initial = Integer.parseInt(args[1]);
        MailStore store = MailStore.maildir(directory, SETTINGS);
        try {
            store.mailboxes(USER);
        } catch (UserNotFoundException e) {
            store.createUser(USER, Secret.of(PASSWORD));
            appendMessages(store.mailboxes(USER).open(UserMailboxes.INBOX), 1, initial);
        }
        Pop3Server server = Pop3Server.builder(store).allowPlaintextWithoutTls(true).start();
        System.out.println("PORT " + server.address().getPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
