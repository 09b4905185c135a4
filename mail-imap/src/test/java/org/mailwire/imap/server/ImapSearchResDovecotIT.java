// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailwire.core.Secret;
import org.mailwire.core.testfixtures.Dovecot;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/**
 * SEARCHRES (RFC 9051 §6.4.4.1–§6.4.4.4) side by side with Dovecot's imapd: the same mailbox, the
 * same commands (the RFC's §6.4.4.4 examples on six messages), and the same untagged answers and
 * response kinds from both servers. What the RFC leaves open is left out of the comparison: the
 * order of EXPUNGE responses, {@code \Recent}, and the text after a tagged status.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImapSearchResDovecotIT {

    private static final String[][] MESSAGES = {{"()", "a"}, {"(\\Flagged)", "bb"}, {"(\\Flagged)", "ccc"},
        {"($Junk)", "dddd"}, {"($Junk)", "eeeee"}, {"(\\Flagged)", "ffffff"}};

    private static final List<String> COMMANDS = List.of(
            "SEARCH RETURN (SAVE) FLAGGED",
            "FETCH $ (UID RFC822.SIZE)",
            "UID SEARCH UID $ SMALLER 6",
            "SEARCH (OR $ 1) LARGER 3",
            "SEARCH RETURN (SAVE) KEYWORD $Junk",
            "COPY $ INBOX",
            "SEARCH RETURN (SAVE) KEYWORD $Junk",
            "STORE $ +FLAGS.SILENT (\\Deleted)",
            "EXPUNGE",
            "FETCH $ (UID)",
            "SEARCH RETURN (ALL SAVE) FLAGGED",
            "SEARCH RETURN (SAVE MIN) FLAGGED",
            "UID FETCH $ (FLAGS)",
            "SEARCH RETURN (MAX SAVE MIN) FLAGGED",
            "FETCH $ (UID)",
            "SEARCH RETURN (MAX SAVE MIN COUNT) FLAGGED",
            "FETCH $ (UID)",
            "UID SEARCH RETURN (SAVE COUNT) NOT FLAGGED",
            "UID FETCH $ (UID)",
            "EXAMINE INBOX",
            "FETCH $ (UID)");

    @TempDir
    Path dir;

    @Test
    void savedResultsAnswerAsDovecotAnswers() throws Exception {
        Dovecot.require("imap");
        Map<String, List<String>> dovecot;
        try (Dovecot server = Dovecot.builder(dir, "imap").plaintext().start()) {
            dovecot = run(server.address());
        }
        Map<String, List<String>> ours;
        try (MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000))) {
            store.createUser("alice", Secret.of("secret"));
            try (ImapServer server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                    .settings(ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true)).start()) {
                ours = run(server.address());
            }
        }
        assertTrue(dovecot.get("t10 FETCH $ (UID RFC822.SIZE)").size() == 4, dovecot.toString());
        for (String command : dovecot.keySet()) {
            assertEquals(dovecot.get(command), ours.get(command), command);
        }
    }

    /** Logs in, appends the messages, selects INBOX, runs the commands; the answers by command. */
    private static Map<String, List<String>> run(InetSocketAddress address) throws Exception {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        try (RawClient c = new RawClient(address)) {
            c.readLine();
            int tag = 0;
            List<String> setup = new ArrayList<>();
            setup.add("LOGIN alice secret");
            for (String[] m : MESSAGES) {
                setup.add("APPEND INBOX " + m[0] + " {" + (m[1].length() + 2) + "+}\r\n" + m[1] + "\r\n");
            }
            setup.add("SELECT INBOX");
            for (String command : setup) {
                answer(c, "t" + ++tag, command);
            }
            for (String command : COMMANDS) {
                String t = "t" + ++tag;
                answers.put(t + " " + command, answer(c, t, command));
            }
        }
        return answers;
    }

    /** Sends a command; returns its untagged responses that the RFC fixes, then the status kind. */
    private static List<String> answer(RawClient c, String tag, String command) throws Exception {
        c.write(tag + " " + command + "\r\n");
        List<String> kept = new ArrayList<>();
        while (true) {
            String line = c.readLine();
            if (line == null) {
                throw new IllegalStateException("closed after " + command);
            }
            if (line.startsWith(tag + " ")) {
                kept.add(line.split(" ")[1]);
                return kept;
            }
            boolean open = line.endsWith(" EXPUNGE") || line.endsWith(" RECENT") || line.endsWith(" EXISTS")
                    || line.startsWith("* OK") || line.startsWith("* FLAGS");
            if (!open) {
                kept.add(line.replace(" \\Recent", "").replace("(\\Recent)", "()"));
            }
        }
    }
}
