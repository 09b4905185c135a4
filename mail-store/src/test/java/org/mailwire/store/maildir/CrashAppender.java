// SPDX-License-Identifier: Apache-2.0
package org.mailwire.store.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
 * killed. Every few messages it also changes flags, so index rewrites race the kill too.
 */
public final class CrashAppender {

    static final MailStoreSettings SETTINGS = MailStoreSettings.defaults().withPasswordIterations(1).withScramIterations(1);
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
        for (int n = 0; ; n++) {
            long uid = inbox.append(MessageSource.of(message(cycle, n)), Flags.none(), Instant.now()).uid();
            System.out.println("ACK " + uid + " " + cycle + " " + n);
            System.out.flush();
            if (n % 4 == 3) {
                inbox.storeFlags(UidSet.of(uid), FlagOperation.ADD, Flags.of(Flag.SEEN), OptionalLong.empty());
            }
        }
    }
}
