// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.mailwire.store.Flag;
import org.mailwire.store.FlagOperation;
import org.mailwire.store.Flags;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageSource;
import org.mailwire.store.UidSet;

/**
 * The child process of {@link MaildirCrashIT}: opens a durable store, appends messages as fast
 * as it can and prints {@code ACK <uid> <cycle> <n>} after each append returns, until it is
 * killed. Between appends it also changes flags and expunges, so journal appends and
 * compactions race the kill too: of every three messages, the second gets {@code \Seen}
 * ({@code SEEN <uid>} once the change returned) and the first is expunged when the third is in
 * ({@code DELETING <uid>} before, {@code GONE <uid>} after).
 */
public final class CrashAppender {

    /** The index journal limit of the run: low, so the journal is compacted again and again. */
    static final long JOURNAL_LIMIT = 1024;
    static final MailStoreSettings SETTINGS = MailStoreSettings.defaults().withPasswordIterations(1)
            .withScramIterations(1).withIndexJournalLimit(JOURNAL_LIMIT);
    static final String USER = "crash@example.test";

    private CrashAppender() {
    }

    /** Builds message {@code n} of a cycle; its first line names it, so a reader can rebuild it. */
    static byte[] message(int cycle, int n) {
        StringBuilder text = new StringBuilder("Message-Id: <").append(cycle).append('.').append(n)
                .append("@crash.example.test>\r\n\r\n");
        int lines = 1 + (cycle * 31 + n * 17) % 400;
        for (int i = 0; i < lines; i++) {
            text.append("line ").append(i).append(" of message ").append(cycle).append('.').append(n).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Runs the appender.
     *
     * @param args the data directory and the cycle number
     * @throws Exception on any failure, which the parent sees as a missing READY or ACK
     */
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int cycle = Integer.parseInt(args[1]);
        MailStore store = MailStore.maildir(directory, SETTINGS);
        Mailbox inbox = store.mailboxes(USER).open("INBOX");
        System.out.println("READY");
        System.out.flush();
        List<Long> uids = new ArrayList<>();
        for (int n = 0; ; n++) {
            long uid = inbox.append(MessageSource.of(message(cycle, n)), Flags.none(), Instant.now()).uid();
            uids.add(uid);
            System.out.println("ACK " + uid + " " + cycle + " " + n);
            System.out.flush();
            if (n % 3 == 1) {
                inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.SEEN), OptionalLong.empty());
                System.out.println("SEEN " + uid);
                System.out.flush();
            } else if (n % 3 == 2) {
                long victim = uids.get(n - 2);
                System.out.println("DELETING " + victim);
                System.out.flush();
                inbox.storeFlags(UidSet.of(victim), FlagOperation.ADD, Flags.of(Flag.DELETED), OptionalLong.empty());
                inbox.expunge(UidSet.of(victim));
                System.out.println("GONE " + victim);
                System.out.flush();
            }
        }
    }
}
