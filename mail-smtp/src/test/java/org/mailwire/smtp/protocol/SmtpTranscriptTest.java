// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.smtp.codec.SmtpLimits;

/**
 * Replays {@code transcripts/smtp/*.txt} through {@link SmtpServerSession} with no sockets:
 * whole, one byte at a time, and split at random points; the server's bytes must equal the
 * {@code S:} lines every time.
 *
 * <p>Format: {@code C: } lines are sent with CRLF; {@code S: } lines are expected with CRLF;
 * {@code ! option} lines set up the session ({@code auth}, {@code starttls}, {@code secure},
 * {@code require-tls}, {@code require-auth}, {@code no-chunking}, {@code max-recipients N},
 * {@code max-size N}, {@code lmtp}, {@code unknown LOCALPART}, {@code over-quota LOCALPART});
 * {@code #} lines are comments. After {@code C: STARTTLS} the client's
 * later lines are sent only once the session has asked for the TLS upgrade, as a real client
 * would.
 */
class SmtpTranscriptTest {

    enum Split { WHOLE, BYTE_AT_A_TIME, RANDOM }

    static Stream<Arguments> transcripts() throws IOException, URISyntaxException {
        Path dir = Path.of(SmtpTranscriptTest.class.getResource("/transcripts/smtp").toURI());
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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transcripts")
    void replaysTranscript(String name, Split split) throws Exception {
        Path file = Path.of(SmtpTranscriptTest.class.getResource("/transcripts/smtp/" + name).toURI());
        SmtpSessionSettings settings = SmtpSessionSettings.defaults("foo.com");
        boolean auth = false;
        List<String> unknown = new ArrayList<>();
        List<String> overQuota = new ArrayList<>();
        SmtpLimits limits = SmtpLimits.defaults();
        List<ByteArrayOutputStream> segments = new ArrayList<>();
        segments.add(new ByteArrayOutputStream());
        StringBuilder expected = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("C: ") || line.equals("C:")) {
                String text = line.length() > 3 ? line.substring(3) : "";
                segments.get(segments.size() - 1).writeBytes((text + "\r\n").getBytes(StandardCharsets.UTF_8));
                if (text.equalsIgnoreCase("STARTTLS")) {
                    segments.add(new ByteArrayOutputStream());
                }
            } else if (line.startsWith("S: ")) {
                expected.append(line.substring(3)).append("\r\n");
            } else if (line.startsWith("! ")) {
                String text = line.substring(2).trim();
                int space = text.indexOf(' ');
                String[] option = space < 0 ? new String[] {text} : new String[] {text.substring(0, space), text.substring(space + 1)};
                switch (option[0]) {
                    case "auth" -> auth = true;
                    case "starttls" -> settings = settings.withTls(true, settings.secure());
                    case "secure" -> settings = settings.withTls(settings.startTls(), true);
                    case "require-tls" -> settings = settings.withRequirements(true, settings.requireAuth());
                    case "require-auth" -> settings = settings.withRequirements(settings.requireTls(), true);
                    case "no-chunking" -> settings = settings.withExtensions(false, settings.smtpUtf8());
                    case "max-recipients" -> limits = limits.withMaxRecipients(Integer.parseInt(option[1]));
                    case "max-size" -> limits = limits.withMaxMessageSize(Long.parseLong(option[1]));
                    case "lmtp" -> settings = settings.withLmtp(true);
                    case "unknown" -> unknown.add(option[1]);
                    case "over-quota" -> overQuota.add(option[1]);
                    default -> throw new IllegalArgumentException("unknown option " + line);
                }
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalArgumentException("bad transcript line: " + line);
            }
        }
        settings = settings.withLimits(limits);
        if (auth) {
            settings = settings.withSasl(SessionHarness.sasl(false));
        }
        SessionHarness harness = new SessionHarness(settings);
        harness.unknownUsers.addAll(unknown);
        harness.overQuota.addAll(overQuota);
        Random random = new Random(name.hashCode() * 31L + split.ordinal());
        for (ByteArrayOutputStream segment : segments) {
            byte[] bytes = segment.toByteArray();
            switch (split) {
                case WHOLE -> harness.feed(bytes);
                case BYTE_AT_A_TIME -> {
                    for (byte b : bytes) {
                        harness.feed(new byte[] {b});
                    }
                }
                case RANDOM -> {
                    int at = 0;
                    while (at < bytes.length) {
                        int n = 1 + random.nextInt(Math.min(64, bytes.length - at));
                        harness.feed(java.util.Arrays.copyOfRange(bytes, at, at + n));
                        at += n;
                    }
                }
            }
        }
        harness.eof();
        assertEquals(expected.toString(), harness.output(), name);
    }
}
