// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.Secret;
import org.mailwire.core.sasl.SaslCredentials;
import org.mailwire.smtp.codec.Mailbox;
import org.mailwire.smtp.codec.MailParameters;
import org.mailwire.smtp.codec.OriginalRecipient;
import org.mailwire.smtp.codec.RcptParameters;

/**
 * Replays {@code transcripts/smtp-client/*.txt} through the client ({@link SmtpConnection} over
 * {@link org.mailwire.smtp.protocol.SmtpClientSession}) with no sockets: server bytes fed whole,
 * one byte at a time, and split at random points. At every point where the server speaks, what
 * the client has written must equal the transcript's {@code C:} lines so far, so a client that
 * waits where it should pipeline, or pipelines where it should wait, fails.
 *
 * <p>Format: {@code S: } server lines, {@code C: } client lines (CRLF added); {@code # } comments;
 * {@code M: } lines of the message content of the last {@code ! send} (CRLF added; a line
 * {@code M:+} ends the content without a final CRLF). Directives: {@code ! helo NAME},
 * {@code ! tls required|opportunistic}, {@code ! credentials USER PASSWORD},
 * {@code ! plaintext-auth}, {@code ! no-chunking},
 * {@code ! send from=A to=B,C [ret=HDRS] [envid=X] [notify=SUCCESS,FAILURE] [orcpt=rfc822;X]
 * [body=8BITMIME] [smtputf8] [stream]}, {@code ! quit}, {@code ! outcome ok|ExceptionName} (for
 * the last send, or the connection with {@code ! connect-outcome}), {@code ! closed}.
 */
class SmtpClientTranscriptTest {

    enum Split { WHOLE, BYTE_AT_A_TIME, RANDOM }

    static Stream<Arguments> transcripts() throws IOException, URISyntaxException {
        Path dir = Path.of(SmtpClientTranscriptTest.class.getResource("/transcripts/smtp-client").toURI());
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                for (Split split : Split.values()) {
                    all.add(Arguments.of(file.getFileName().toString(), split));
                }
            }
        }
        return all.stream();
    }

    /** One queued action of the transcript. */
    private static final class Action {
        SmtpTransaction.Builder tx;
        StringBuilder content = new StringBuilder();
        boolean stream;
        String outcome = "ok";
        CompletableFuture<?> future;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transcripts")
    void replaysTranscript(String name, Split split) throws Exception {
        Path file = Path.of(SmtpClientTranscriptTest.class.getResource("/transcripts/smtp-client/" + name).toURI());
        SmtpClient.Builder builder = SmtpClient.builder().heloName("bar.com").tlsMode(TlsMode.NONE);
        List<Action> actions = new ArrayList<>();
        List<Object[]> script = new ArrayList<>(); // {"S"|"C", text}
        String connectOutcome = "ok";
        boolean expectClosed = false;
        Action last = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("S: ") || line.startsWith("C: ") || line.equals("C:")) {
                script.add(new Object[] {line.substring(0, 1), line.length() > 3 ? line.substring(3) : ""});
            } else if (line.startsWith("M: ") || line.equals("M:")) {
                last.content.append(line.length() > 3 ? line.substring(3) : "").append("\r\n");
            } else if (line.equals("M:+")) {
                last.content.setLength(last.content.length() - 2);
            } else if (line.startsWith("! ")) {
                String[] words = line.substring(2).trim().split(" ");
                switch (words[0]) {
                    case "helo" -> builder.heloName(words[1]);
                    case "tls" -> builder.tlsMode(TlsMode.valueOf(words[1].toUpperCase(java.util.Locale.ROOT)))
                            .tls(SmtpClient.unverifiedTls());
                    case "credentials" -> builder.credentials(SaslCredentials.password(words[1], Secret.of(words[2])));
                    case "plaintext-auth" -> builder.allowPlaintextAuth();
                    case "no-chunking" -> builder.settings(SmtpClientSettings.defaults().withChunking(false));
                    case "send" -> {
                        last = new Action();
                        last.tx = transaction(words, last);
                        actions.add(last);
                    }
                    case "quit" -> {
                        last = new Action();
                        actions.add(last);
                    }
                    case "outcome" -> last.outcome = words[1];
                    case "connect-outcome" -> connectOutcome = words[1];
                    case "closed" -> expectClosed = true;
                    default -> fail("unknown directive " + line);
                }
            } else if (!line.startsWith("#") && !line.isBlank()) {
                fail("unreadable transcript line: " + line);
            }
        }

        ClientDriver driver = new ClientDriver(builder.build());
        CompletableFuture<Object> ready = driver.smtp.ready();
        for (Action a : actions) {
            if (a.tx == null) {
                a.future = driver.smtp.quit();
            } else {
                byte[] content = a.content.toString().getBytes(StandardCharsets.UTF_8);
                a.future = driver.smtp.send(a.tx.content(a.stream
                        ? MessageContent.of(new ByteArrayInputStream(content)) : MessageContent.of(content)).build());
            }
        }
        Random random = new Random(name.hashCode());
        StringBuilder expected = new StringBuilder();
        int i = 0;
        while (i < script.size()) {
            StringBuilder serverSays = new StringBuilder();
            while (i < script.size() && script.get(i)[0].equals("C")) {
                expected.append(script.get(i)[1]).append("\r\n");
                i++;
            }
            assertEquals(expected.toString(), written(driver), "client output before line " + (i + 1) + " of " + name);
            while (i < script.size() && script.get(i)[0].equals("S")) {
                serverSays.append(script.get(i)[1]).append("\r\n");
                i++;
            }
            byte[] bytes = serverSays.toString().getBytes(StandardCharsets.UTF_8);
            switch (split) {
                case WHOLE -> driver.feed(bytes);
                case BYTE_AT_A_TIME -> {
                    for (byte b : bytes) {
                        driver.feed(new byte[] {b});
                    }
                }
                case RANDOM -> {
                    int at = 0;
                    while (at < bytes.length) {
                        int n = 1 + random.nextInt(Math.max(1, bytes.length - at));
                        byte[] part = new byte[n];
                        System.arraycopy(bytes, at, part, 0, n);
                        driver.feed(part);
                        at += n;
                    }
                }
            }
        }
        assertEquals(expected.toString(), written(driver), "client output at the end of " + name);
        check("connect", connectOutcome, ready);
        for (int k = 0; k < actions.size(); k++) {
            check("action " + (k + 1), actions.get(k).outcome, actions.get(k).future);
        }
        if (expectClosed) {
            assertTrue(driver.isClosed(), "the client closed the connection");
        }
    }

    private static String written(ClientDriver driver) {
        return driver.written.toString(StandardCharsets.UTF_8);
    }

    private static void check(String what, String outcome, CompletableFuture<?> future) {
        assertTrue(future.isDone(), what + " is not done");
        if (outcome.equals("ok")) {
            future.join();
            return;
        }
        try {
            future.join();
            fail(what + " succeeded; expected " + outcome);
        } catch (CompletionException e) {
            assertEquals(outcome, e.getCause().getClass().getSimpleName(), what + ": " + e.getCause());
        }
    }

    private static SmtpTransaction.Builder transaction(String[] words, Action action) {
        SmtpTransaction.Builder tx = SmtpTransaction.builder();
        Map<String, String> args = new HashMap<>();
        for (int k = 1; k < words.length; k++) {
            int eq = words[k].indexOf('=');
            args.put(eq < 0 ? words[k] : words[k].substring(0, eq), eq < 0 ? "" : words[k].substring(eq + 1));
        }
        tx.from(args.getOrDefault("from", ""));
        Set<RcptParameters.Notify> notify = null;
        if (args.containsKey("notify")) {
            notify = EnumSet.noneOf(RcptParameters.Notify.class);
            for (String n : args.get("notify").split(",")) {
                notify.add(RcptParameters.Notify.valueOf(n));
            }
        }
        OriginalRecipient orcpt = null;
        if (args.containsKey("orcpt")) {
            String[] parts = args.get("orcpt").split(";", 2);
            orcpt = new OriginalRecipient(parts[0], parts[1]);
        }
        for (String to : args.get("to").split(",")) {
            RcptParameters p = RcptParameters.NONE;
            if (notify != null) {
                p = p.withNotify(notify);
            }
            if (orcpt != null) {
                p = p.withOriginalRecipient(orcpt);
            }
            tx.to(Mailbox.parse(to), p);
        }
        if (args.containsKey("ret")) {
            tx.ret(MailParameters.Ret.valueOf(args.get("ret")));
        }
        if (args.containsKey("envid")) {
            tx.envelopeId(args.get("envid"));
        }
        if (args.containsKey("body")) {
            tx.body(args.get("body").equals("8BITMIME") ? MailParameters.Body.EIGHT_BIT_MIME
                    : MailParameters.Body.valueOf(args.get("body")));
        }
        if (args.containsKey("smtputf8")) {
            tx.smtpUtf8(true);
        }
        action.stream = args.containsKey("stream");
        return tx;
    }
}
