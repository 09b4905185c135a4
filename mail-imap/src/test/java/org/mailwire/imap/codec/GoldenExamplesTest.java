// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden sweep: every command and response example of RFC 9051 §6-§8 and of the extension
 * RFCs of issue 7 ({@code src/test/resources/golden/*.txt}, each with its RFC section) decodes to
 * the expected value and encodes back to the same octets. Commands go through the server side
 * (framer, {@link ImapCommandDecoder}) and back through the client side
 * ({@link ImapCommandEncoder}); responses through the client side ({@link ImapResponseDecoder})
 * and back through the server side ({@link ImapResponse#toBytes(boolean)}).
 */
class GoldenExamplesTest {

    /** The resource files, one per RFC. */
    static final String[] FILES = {
        "rfc9051.txt", "rfc2177-idle.txt", "rfc4315-uidplus.txt", "rfc6851-move.txt", "rfc3691-unselect.txt",
        "rfc4959-sasl-ir.txt", "rfc5161-enable.txt", "rfc2342-namespace.txt", "rfc7888-literal.txt",
        "rfc7889-appendlimit.txt", "rfc8438-status-size.txt", "rfc8474-objectid.txt", "rfc6154-special-use.txt",
        "rfc5819-list-status.txt", "rfc4731-esearch.txt",
        "rfc7162-condstore.txt",
        "rfc9208-quota.txt", "rfc5256-sort-thread.txt",
        "rfc2971-id.txt", "rfc5258-list-extended.txt",
    };

    private static final ImapLimits LIMITS = ImapLimits.defaults().withMaxLineLength(65536)
            .withMaxCommandSize(4 * 1024 * 1024);

    static Stream<GoldenExamples.Example> examples() {
        return Stream.of(FILES).map(GoldenExamples::load).flatMap(g -> g.examples().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void decodesToTheExpectedValueAndEncodesBack(GoldenExamples.Example example) {
        Object value;
        try {
            value = example.direction() == GoldenExamples.Direction.COMMAND ? command(example) : response(example);
        } catch (AssertionError e) {
            throw new AssertionError(example.file() + ":" + example.lineNo() + " " + example.text() + e.getMessage(), e);
        }
        record(example, value);
        example.expected().ifPresent(expected -> assertEquals(expected, value.toString(),
                example.file() + ":" + example.lineNo()));
    }

    private static ImapCommand command(GoldenExamples.Example example) {
        ImapCommand command = decodeCommand(example.wire(), example.utf8());
        boolean plus = example.text().contains("+}\r\n");
        ImapCommandEncoder encoder = ImapCommandEncoder.of(example.utf8(),
                plus ? ImapCommandEncoder.LiteralMode.LITERAL_PLUS : ImapCommandEncoder.LiteralMode.SYNCHRONIZING);
        byte[] encoded = encoder.encode(command).toBytes();
        if (example.canonical()) {
            assertEquals(example.text(), new String(encoded, StandardCharsets.UTF_8), "encoded back");
        } else {
            assertEquals(command, decodeCommand(encoded, example.utf8()), "encoded and decoded again");
        }
        return command;
    }

    private static ImapCommand decodeCommand(byte[] wire, boolean utf8) {
        ImapFramer framer = ImapFramer.forCommands(LIMITS);
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(wire);
        ImapFrame frame;
        while ((frame = framer.next(input)) instanceof ImapFrame.ContinuationRequired) {
            framer.acceptLiteral();
        }
        ImapFrame.Line line = assertInstanceOf(ImapFrame.Line.class, frame, "framed");
        assertEquals(0, input.remaining(), "one command");
        ImapCommandDecoder.Result result = ImapCommandDecoder.of(utf8, LIMITS, true).decode(line);
        return assertInstanceOf(ImapCommandDecoder.Result.Decoded.class, result, () -> "decoded: " + result)
                .command();
    }

    private static ImapResponse response(GoldenExamples.Example example) {
        ImapResponse response = decodeResponse(example.wire(), example.utf8());
        byte[] encoded = response.toBytes(example.utf8());
        if (example.canonical()) {
            assertEquals(example.text(), new String(encoded, StandardCharsets.UTF_8), "encoded back");
        } else {
            assertEquals(response, decodeResponse(encoded, example.utf8()), "encoded and decoded again");
        }
        return response;
    }

    private static ImapResponse decodeResponse(byte[] wire, boolean utf8) {
        ImapFramer framer = ImapFramer.forResponses(LIMITS);
        ByteBuffer input = ByteBuffer.wrap(wire);
        ImapFrame.Line line = assertInstanceOf(ImapFrame.Line.class, framer.next(input), "framed");
        assertEquals(0, input.remaining(), "one response");
        ImapResponseDecoder.Result result = ImapResponseDecoder.of(utf8, LIMITS).decode(line);
        return assertInstanceOf(ImapResponseDecoder.Result.Decoded.class, result, () -> "decoded: " + result)
                .response();
    }

    /**
     * With {@code -Dgolden.record=<file>}, appends each example's value to that file (file, line,
     * value), so expectations can be reviewed and written into the resources.
     */
    private static void record(GoldenExamples.Example example, Object value) {
        String target = System.getProperty("golden.record");
        if (target == null || example.expected().isPresent()) {
            return;
        }
        try {
            Files.writeString(Path.of(target), example.file() + "\t" + example.lastLine() + "\t" + value + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
