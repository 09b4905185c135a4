// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.store.Flags;
import org.mailwire.store.UserMailboxes;

/**
 * Replays {@code src/test/resources/transcripts/imap/*.txt} through sessions over one in-memory
 * store, with no sockets.
 *
 * <p>Format: {@code C:} lines are what client 1 sends and {@code S:} lines what it must get,
 * byte for byte with CRLF; {@code 2C:}/{@code 2S:} (and 3) are further clients on the same
 * store, each opened at its first line. Consecutive {@code C:} lines of one client go in one
 * segment, as a pipelining client sends them; after each segment every client is pumped, so a
 * client in IDLE shows what it was pushed. {@code S*} matches a line by its start only (for
 * capability lists). Directives before the first client line: {@code !user name password},
 * {@code !message user mailbox [flag...]} followed by {@code M:} lines (internal date
 * 17-Jul-1996 02:44:25 -0700), {@code !mailbox user name}, {@code !tls} (STARTTLS offered, LOGIN
 * refused until then), {@code !nolitplus} (LITERAL- limits). After the exchange, {@code !closed N}
 * says client N's session must have ended. {@code {uidvalidity}} stands for INBOX's UIDVALIDITY.
 */
class ImapTranscriptTest {

    static final Instant DATE = Instant.parse("1996-07-17T09:44:25Z");

    static Stream<Path> transcripts() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/transcripts/imap"))) {
            s.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void replaysTranscript(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ImapDriver driver = new ImapDriver();
        boolean tls = false;
        boolean literalPlus = true;
        String firstUser = null;
        String messageUser = null;
        String messageBox = null;
        List<String> messageFlags = null;
        StringBuilder message = null;
        int i = 0;
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("M:")) {
                message.append(line.length() > 3 ? line.substring(3) : "").append("\r\n");
                continue;
            }
            if (message != null) {
                driver.append(messageUser, messageBox, message.toString(), Flags.parse(messageFlags), DATE);
                message = null;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ");
            if (line.startsWith("!user ")) {
                driver.user(words[1], words[2]);
                firstUser = firstUser == null ? words[1] : firstUser;
            } else if (line.startsWith("!message ")) {
                messageUser = words[1];
                messageBox = words[2];
                messageFlags = List.of(words).subList(3, words.length);
                message = new StringBuilder();
            } else if (line.startsWith("!mailbox ")) {
                driver.store.mailboxes(words[1]).create(words[2]);
            } else if (line.equals("!tls")) {
                tls = true;
            } else if (line.equals("!nolitplus")) {
                literalPlus = false;
            } else {
                break;
            }
        }
        ImapSessionSettings settings = driver.plaintextSettings();
        if (literalPlus) {
            settings = settings.withLimits(settings.limits().withMaxNonSyncLiteralSize(settings.limits().maxLiteralSize()));
        }
        if (tls) {
            settings = settings.withTls(true, false).withAllowPlaintextWithoutTls(false).withSasl(
                    org.mailwire.core.sasl.SaslServer.of(driver.store.authenticator(),
                            org.mailwire.core.sasl.SaslServerSettings.defaults("localhost")));
        }
        String uidValidity = firstUser == null ? "" : Long.toString(
                driver.store.mailboxes(firstUser).open(UserMailboxes.INBOX).status().uidValidity());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        Map<String, StringBuilder> actual = new LinkedHashMap<>();
        List<String> mustClose = new ArrayList<>();
        String pendingClient = null;
        StringBuilder pending = new StringBuilder();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("!closed ")) {
                mustClose.add(line.substring(8).trim());
                continue;
            }
            int colon = line.indexOf(':');
            int star = line.indexOf('*');
            int mark = colon > 0 && (star < 0 || colon < star) ? colon : star;
            String head = line.substring(0, mark);
            String client = head.length() > 1 ? head.substring(0, head.length() - 1) : "1";
            char kind = head.charAt(head.length() - 1);
            String text = line.length() > mark + 2 ? line.substring(mark + 2) : "";
            if (driver.client(client) == null) {
                driver.open(client, settings);
                actual.put(client, new StringBuilder());
                expected.put(client, new ArrayList<>());
            }
            if (pending.length() > 0 && (kind != 'C' || !client.equals(pendingClient))) {
                flush(driver, actual);
                driver.client(pendingClient).send(pending.toString());
                pending.setLength(0);
            }
            if (kind == 'C') {
                pendingClient = client;
                pending.append(text.replace("{uidvalidity}", uidValidity)).append("\r\n");
            } else {
                String e = text.replace("{uidvalidity}", uidValidity);
                expected.get(client).add((line.charAt(mark) == '*' ? "*" : "=") + e);
            }
        }
        if (pending.length() > 0) {
            flush(driver, actual);
            driver.client(pendingClient).send(pending.toString());
        }
        flush(driver, actual);
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> got = List.of(actual.get(e.getKey()).toString().split("\r\n", -1));
            got = got.subList(0, Math.max(0, got.size() - 1));
            StringBuilder want = new StringBuilder();
            StringBuilder have = new StringBuilder();
            for (int k = 0; k < Math.max(e.getValue().size(), got.size()); k++) {
                String w = k < e.getValue().size() ? e.getValue().get(k) : "=<nothing>";
                String g = k < got.size() ? got.get(k) : "<nothing>";
                boolean ok = w.charAt(0) == '*' ? g.startsWith(w.substring(1)) : g.equals(w.substring(1));
                want.append(w.substring(1)).append('\n');
                have.append(ok ? w.substring(1) : g).append('\n');
            }
            assertEquals(want.toString(), have.toString(), file.getFileName() + ", client " + e.getKey());
        }
        for (String c : mustClose) {
            assertTrue(driver.client(c).closed, "client " + c + " should have been closed");
        }
    }

    private static void flush(ImapDriver driver, Map<String, StringBuilder> actual) {
        driver.pumpAll();
        for (Map.Entry<String, StringBuilder> e : actual.entrySet()) {
            e.getValue().append(driver.output(e.getKey()));
        }
    }
}
