// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.imap;

import org.mailwire.testkit.arbitraries.ImapArbitraries;
import org.mailwire.imap.codec.*;
import org.mailwire.imap.types.*;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fuzz invariant for the command decoder (h11's, SECURITY-CASES LOAD-08): whatever the
 * framer makes of hostile input, decoding each line yields a command or a {@code BAD}, never a
 * throwable.
 */
class ImapCommandDecoderProperties {

    @Provide
    Arbitrary<byte[]> hostile() {
        // Valid commands of every kind with one octet changed or the line cut short, beside
        // random and mutated framing.
        Arbitrary<byte[]> valid = net.jqwik.api.Arbitraries.oneOf(ImapArbitraries.commands(),
                ImapArbitraries.commandsSliceTwo()).map(c -> ImapCommandEncoder.of(true,
                        ImapCommandEncoder.LiteralMode.LITERAL_PLUS).encode(c).toBytes());
        Arbitrary<byte[]> mutated = net.jqwik.api.Combinators.combine(valid,
                net.jqwik.api.Arbitraries.integers().between(0, 10_000), net.jqwik.api.Arbitraries.bytes())
                .as((bytes, at, b) -> {
                    bytes[at % bytes.length] = b;
                    return bytes;
                });
        Arbitrary<byte[]> truncated = net.jqwik.api.Combinators.combine(valid,
                net.jqwik.api.Arbitraries.integers().between(0, 10_000)).as((bytes, at) -> {
                    byte[] cut = java.util.Arrays.copyOf(bytes, at % bytes.length + 2);
                    cut[cut.length - 2] = '\r';
                    cut[cut.length - 1] = '\n';
                    return cut;
                });
        return net.jqwik.api.Arbitraries.oneOf(ImapArbitraries.hostileInput(), mutated, truncated);
    }

    @Property(tries = 500)
    void decodingAnyFramedLineNeverThrows(@ForAll("hostile") byte[] bytes) {
        forEachLine(bytes, ImapLimits.defaults(), line -> {
            ImapCommandDecoder.of(false).decode(line);
            ImapCommandDecoder.of(true).decode(line);
            ImapCommandDecoder.of(true, ImapLimits.defaults(), false).decode(line);
            ImapCommandDecoder.isDone(line);
        });
    }

    /** Frames the input as an authenticated server that accepts every literal. */
    private static void forEachLine(byte[] bytes, ImapLimits limits, java.util.function.Consumer<ImapFrame.Line> action) {
        ImapFramer framer = ImapFramer.forCommands(limits);
        framer.useAuthenticatedLimits();
        ByteBuffer input = ByteBuffer.wrap(bytes);
        while (true) {
            ImapFrame frame = framer.next(input);
            if (frame instanceof ImapFrame.NeedInput) {
                return;
            }
            if (frame instanceof ImapFrame.ContinuationRequired) {
                framer.acceptLiteral();
            } else if (frame instanceof ImapFrame.Line line) {
                action.accept(line);
            }
        }
    }
    @Property(tries = 500)
    void decodedCommandsStayWithinTheLimits(@ForAll("hostile") byte[] bytes) {
        ImapLimits limits = ImapLimits.defaults().withMaxSequenceRanges(3).withMaxNestingDepths(1, 2)
                .withMaxSearchKeys(4);
        forEachLine(bytes, limits, line -> {
            for (boolean utf8 : new boolean[] {false, true}) {
                if (ImapCommandDecoder.of(utf8, limits, true).decode(line) instanceof ImapCommandDecoder.Result.Decoded d) {
                    checkLimits(d.command(), 0, limits, new int[1]);
                }
            }
        });
    }

    /** Walks a decoded value: sequence sets and search keys within the limits. */
    private static void checkLimits(Object value, int depth, ImapLimits limits, int[] keys) {
        if (value instanceof org.mailwire.imap.types.SequenceSet.Ranges r) {
            org.junit.jupiter.api.Assertions.assertTrue(r.rangeCount() <= limits.maxSequenceRanges(), r::toString);
            return;
        }
        int inner = depth;
        if (value instanceof org.mailwire.imap.types.SearchKey key) {
            keys[0]++;
            org.junit.jupiter.api.Assertions.assertTrue(keys[0] <= limits.maxSearchKeys(), key::toString);
            if (key instanceof org.mailwire.imap.types.SearchKey.Not || key instanceof org.mailwire.imap.types.SearchKey.Or
                    || key instanceof org.mailwire.imap.types.SearchKey.Group) {
                inner = depth + 1;
                org.junit.jupiter.api.Assertions.assertTrue(inner <= limits.maxNestingDepth(), key::toString);
            }
        }
        if (value instanceof java.util.Optional<?> o) {
            o.ifPresent(v -> checkLimits(v, depth, limits, keys));
        } else if (value instanceof java.util.Collection<?> c) {
            for (Object v : c) {
                checkLimits(v, depth, limits, keys);
            }
        } else if (value instanceof Record record) {
            for (java.lang.reflect.RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    checkLimits(component.getAccessor().invoke(record), inner, limits, keys);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
