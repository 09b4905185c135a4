// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import org.mailwire.smtp.codec.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the SMTP codec: commands and replies round trip, decoding does not depend on how
 * the bytes are split (whole, one byte at a time, at a random index), and any input, random or
 * hostile, gives values or typed errors within the limits and never an exception (h11's fuzz
 * invariant, SECURITY-CASES LOAD-08). Tries are modest; the build shares two cores.
 */
class SmtpCodecProperties {

    private static final SmtpLimits LIMITS = SmtpLimits.defaults().withMaxCommandLine(4096);

    @Provide
    Arbitrary<SmtpCommand> commands() {
        return SmtpArbitraries.commands();
    }

    @Provide
    Arbitrary<SmtpReply> replies() {
        return SmtpArbitraries.replies();
    }

    @Provide
    Arbitrary<List<SmtpCommand>> commandLists() {
        return SmtpArbitraries.commands().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<SmtpReply>> replyLists() {
        return SmtpArbitraries.replies().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<byte[]> hostileBytes() {
        return SmtpArbitraries.hostileBytes();
    }

    @Provide
    Arbitrary<byte[]> hostileCommandBytes() {
        return net.jqwik.api.Arbitraries.oneOf(SmtpArbitraries.hostileBytes(), SmtpArbitraries.mutatedCommands());
    }

    @Provide
    Arbitrary<byte[]> hostileReplyBytes() {
        return net.jqwik.api.Arbitraries.oneOf(SmtpArbitraries.hostileBytes(), SmtpArbitraries.mutatedReplies());
    }

    private static SmtpCommandDecoder commandDecoder() {
        SmtpCommandDecoder decoder = SmtpCommandDecoder.of(LIMITS, Set.of(), SmtpArbitraries.EXTENSIONS);
        // Generated RCPTs may be UTF-8; they stand for the inside of an SMTPUTF8 transaction.
        decoder.smtpUtf8InForce(true);
        return decoder;
    }

    @Property(tries = 400)
    void decodeOfEncodedCommandIsTheCommand(@ForAll("commands") SmtpCommand command) {
        ByteBuffer wire = new SmtpCommandEncoder().encode(command);
        assertEquals(SmtpCommandEncoder.encodedLength(command), wire.remaining());
        SmtpCommandDecoder.Result result = commandDecoder().decode(wire);
        assertEquals(new SmtpCommandDecoder.Command(command), result, command.toString());
        Statistics.collect(command instanceof SmtpCommand.Unknown ? "unknown verb" : command.verb());
    }

    @Property(tries = 400)
    void decodeOfEncodedReplyIsTheReply(@ForAll("replies") SmtpReply reply) {
        ByteBuffer wire = new SmtpReplyEncoder().encode(reply);
        assertEquals(SmtpReplyEncoder.encodedLength(reply), wire.remaining());
        assertEquals(new SmtpReplyDecoder.Reply(reply), SmtpReplyDecoder.of().decode(wire), reply.toString());
    }

    @Property(tries = 200)
    void commandDecodingIsTheSameWhateverTheSplit(@ForAll("commandLists") List<SmtpCommand> commands,
            @ForAll @IntRange(min = 0, max = 1000) int splitPerMille) {
        byte[] bytes = SmtpArbitraries.encode(commands);
        List<SmtpCommandDecoder.Result> whole = decodeCommands(commandDecoder(), bytes, bytes.length);
        assertEquals(commands.size(), whole.size());
        assertEquals(whole, decodeCommands(commandDecoder(), bytes, 1));
        int split = (int) ((long) bytes.length * splitPerMille / 1000);
        SmtpCommandDecoder decoder = commandDecoder();
        List<SmtpCommandDecoder.Result> twoParts = new ArrayList<>(decodeCommands(decoder, slice(bytes, 0, split), split + 1));
        twoParts.addAll(decodeCommands(decoder, slice(bytes, split, bytes.length), bytes.length + 1));
        assertEquals(whole, twoParts);
    }

    @Property(tries = 200)
    void replyDecodingIsTheSameWhateverTheSplit(@ForAll("replyLists") List<SmtpReply> replies,
            @ForAll @IntRange(min = 0, max = 1000) int splitPerMille) {
        SmtpReplyEncoder encoder = new SmtpReplyEncoder();
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        for (SmtpReply reply : replies) {
            all.put(encoder.encode(reply));
        }
        byte[] bytes = new byte[all.flip().remaining()];
        all.get(bytes);
        List<SmtpReplyDecoder.Result> whole = decodeReplies(SmtpReplyDecoder.of(), bytes, bytes.length);
        List<SmtpReplyDecoder.Result> expected = new ArrayList<>();
        replies.forEach(r -> expected.add(new SmtpReplyDecoder.Reply(r)));
        assertEquals(expected, whole);
        assertEquals(whole, decodeReplies(SmtpReplyDecoder.of(), bytes, 1));
        int split = (int) ((long) bytes.length * splitPerMille / 1000);
        SmtpReplyDecoder decoder = SmtpReplyDecoder.of();
        List<SmtpReplyDecoder.Result> twoParts = new ArrayList<>(decodeReplies(decoder, slice(bytes, 0, split), split + 1));
        twoParts.addAll(decodeReplies(decoder, slice(bytes, split, bytes.length), bytes.length + 1));
        assertEquals(whole, twoParts);
    }

    @Property(tries = 500)
    void hostileBytesGiveCommandsOrInvalidWithinTheLimits(@ForAll("hostileCommandBytes") byte[] input,
            @ForAll @IntRange(min = 1, max = 64) int chunk, @ForAll boolean lenient) {
        // Every leniency on exercises the lenient paths; none of them may loosen a limit.
        SmtpCommandDecoder decoder = lenient
                ? SmtpCommandDecoder.of(SmtpLimits.defaults(), java.util.EnumSet.allOf(SmtpCompliance.class))
                : SmtpCommandDecoder.of();
        for (SmtpCommandDecoder.Result result : decodeCommands(decoder, input, chunk)) {
            Statistics.collect(result instanceof SmtpCommandDecoder.Invalid invalid ? invalid.error() : "command");
            if (result instanceof SmtpCommandDecoder.Invalid invalid) {
                assertTrue(invalid.reply().isPermanent(), invalid.toString());
                continue;
            }
            SmtpCommand command = ((SmtpCommandDecoder.Command) result).command();
            assertWithinLimits(command, SmtpLimits.defaults());
            // Whatever decodes is a valid value: it encodes and decodes again to itself.
            SmtpCommandDecoder again = SmtpCommandDecoder.of(LIMITS, Set.of());
            again.smtpUtf8InForce(true);
            assertEquals(result, again.decode(new SmtpCommandEncoder().encode(command)));
        }
    }

    @Property(tries = 500)
    void hostileBytesGiveRepliesOrMalformedWithinTheLimits(@ForAll("hostileReplyBytes") byte[] input,
            @ForAll @IntRange(min = 1, max = 64) int chunk) {
        SmtpLimits limits = SmtpLimits.defaults().withReplyLimits(512, 5);
        for (SmtpReplyDecoder.Result result : decodeReplies(SmtpReplyDecoder.of(limits), input, chunk)) {
            Statistics.collect(result instanceof SmtpReplyDecoder.Malformed m ? m.problem() : "reply");
            if (result instanceof SmtpReplyDecoder.Reply reply) {
                assertTrue(reply.reply().lines().size() <= 5);
                for (String line : reply.reply().lines()) {
                    assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 512 * 3, line);
                }
            }
        }
    }

    private static void assertWithinLimits(SmtpCommand command, SmtpLimits limits) {
        Mailbox mailbox = null;
        if (command instanceof SmtpCommand.Mail mail && mail.sender() instanceof Mailbox m) {
            mailbox = m;
        } else if (command instanceof SmtpCommand.Rcpt rcpt && rcpt.recipient() instanceof Mailbox m) {
            mailbox = m;
        }
        if (mailbox != null) {
            assertTrue(mailbox.localPart().getBytes(StandardCharsets.UTF_8).length <= limits.maxLocalPart(), mailbox.toString());
            assertTrue(mailbox.domain().getBytes(StandardCharsets.UTF_8).length <= limits.maxDomain(), mailbox.toString());
            assertTrue(mailbox.toPath().getBytes(StandardCharsets.UTF_8).length <= limits.maxPath(), mailbox.toString());
        }
        assertTrue(SmtpCommandEncoder.encodedLength(command) <= limits.maxAuthLine(), command.toString());
    }

    /** Feeds {@code bytes} in chunks of {@code chunk} octets; any throwable fails the property. */
    private static List<SmtpCommandDecoder.Result> decodeCommands(SmtpCommandDecoder decoder, byte[] bytes, int chunk) {
        List<SmtpCommandDecoder.Result> results = new ArrayList<>();
        for (int from = 0; from < Math.max(1, bytes.length); from += chunk) {
            ByteBuffer input = ByteBuffer.wrap(bytes, from, Math.min(chunk, bytes.length - from));
            while (true) {
                SmtpCommandDecoder.Result result = decoder.decode(input);
                if (result instanceof SmtpCommandDecoder.NeedInput) {
                    assertTrue(!input.hasRemaining());
                    break;
                }
                results.add(result);
            }
        }
        return results;
    }

    private static List<SmtpReplyDecoder.Result> decodeReplies(SmtpReplyDecoder decoder, byte[] bytes, int chunk) {
        List<SmtpReplyDecoder.Result> results = new ArrayList<>();
        for (int from = 0; from < Math.max(1, bytes.length); from += chunk) {
            ByteBuffer input = ByteBuffer.wrap(bytes, from, Math.min(chunk, bytes.length - from));
            while (true) {
                SmtpReplyDecoder.Result result = decoder.decode(input);
                if (result instanceof SmtpReplyDecoder.NeedInput) {
                    break;
                }
                results.add(result);
                if (result instanceof SmtpReplyDecoder.Malformed) {
                    return results;
                }
            }
        }
        return results;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
