// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mailwire.core.sasl.SaslServer;
import org.mailwire.core.sasl.SaslServerSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays {@code src/test/resources/transcripts/pop3/*.txt} through the session with no sockets.
 *
 * <p>Format: {@code C:} lines are what the client sends (consecutive ones in one segment, as a
 * pipelining client would), {@code S:} lines what the server must answer, byte for byte with
 * CRLF. Directives: {@code !user name password}, {@code !message user} followed by {@code M:}
 * lines, {@code !apop <timestamp>}, {@code !plaintext} (USER/PASS without TLS), {@code !tls}
 * (STLS offered), {@code !secure} (implicit TLS), {@code !sasl}, {@code !closed} (the session
 * must have ended). {@code {uidvalidity}} in an {@code S:} line is the INBOX's UIDVALIDITY.
 */
class Pop3TranscriptTest {

    static Stream<Path> transcripts() throws IOException {
        Path dir = Path.of("src/test/resources/transcripts/pop3");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void replaysTranscript(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StoreDriver driver = new StoreDriver();
        Pop3SessionSettings settings = Pop3SessionSettings.defaults();
        boolean sasl = false;
        boolean expectClosed = false;
        String messageUser = null;
        StringBuilder message = null;
        String lastUser = null;
        int i = 0;
        // Setup directives come first.
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("M:")) {
                message.append(line.length() > 3 ? line.substring(3) : "").append("\r\n");
                continue;
            }
            if (message != null) {
                driver.message(messageUser, message.toString());
                message = null;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = StoreDriver.split(line, " ");
            if (line.startsWith("!user ")) {
                driver.user(words[1], words[2]);
                lastUser = words[1];
            } else if (line.startsWith("!message ")) {
                messageUser = words[1];
                message = new StringBuilder();
            } else if (line.startsWith("!apop ")) {
                settings = settings.withApop(words[1]);
            } else if (line.equals("!plaintext")) {
                settings = settings.withAllowPlaintextWithoutTls(true);
            } else if (line.equals("!tls")) {
                settings = settings.withTls(true, settings.secure());
            } else if (line.equals("!secure")) {
                settings = settings.withTls(false, true);
            } else if (line.equals("!sasl")) {
                sasl = true;
            } else {
                break;
            }
        }
        if (sasl) {
            settings = settings.withSasl(SaslServer.of(driver.store.authenticator(),
                    SaslServerSettings.defaults("localhost").withAllowPlaintextWithoutTls(settings.allowPlaintextWithoutTls())));
        }
        String uidValidity = lastUser == null ? "" : Long.toString(driver.uidValidity(lastUser));
        driver.start(settings);
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("C:")) {
                pending.append(line.substring(Math.min(3, line.length()))).append("\r\n");
                continue;
            }
            if (pending.length() > 0) {
                actual.append(driver.output());
                driver.send(pending.toString());
                pending.setLength(0);
            }
            if (line.startsWith("S:")) {
                expected.append(line.substring(Math.min(3, line.length())).replace("{uidvalidity}", uidValidity))
                        .append("\r\n");
            } else if (line.equals("!closed")) {
                expectClosed = true;
            }
        }
        if (pending.length() > 0) {
            actual.append(driver.output());
            driver.send(pending.toString());
        }
        actual.append(driver.output());
        assertEquals(expected.toString(), actual.toString(), file.getFileName().toString());
        if (expectClosed) {
            assertTrue(driver.closed, "session should have closed");
        }
    }
}
