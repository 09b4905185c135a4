// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import org.mailwire.dns.codec.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the codec: encode/decode round trip, and the fuzz invariant that any input,
 * random or a damaged valid message, yields a result within the limits and nothing else
 * (SECURITY-CASES LOAD-08, issue "What must hold"). Tries are modest; CI shares two cores.
 */
class DnsMessageProperties {

    /** Generous bound on one decode; a loop would exceed it by far, a GC pause would not. */
    private static final long MAX_DECODE_NANOS = 2_000_000_000L;

    @Provide
    Arbitrary<DnsMessage> messages() {
        return DnsArbitraries.messages();
    }

    @Provide
    Arbitrary<DnsName> names() {
        return DnsArbitraries.names();
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        return DnsArbitraries.mutatedMessages();
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        // Half of them start with a plausible header so that decoding gets past the counts.
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(raw, raw.map(b -> {
            byte[] out = new byte[12 + b.length];
            out[5] = 1;
            out[7] = (byte) (b.length % 4);
            System.arraycopy(b, 0, out, 12, b.length);
            return out;
        }));
    }

    @Provide
    Arbitrary<DnsLimits> limits() {
        return DnsArbitraries.limits();
    }

    @Property(tries = 300)
    void decodeOfEncodeIsIdentity(@ForAll("messages") DnsMessage message) {
        assertEquals(new DnsDecodeResult.Decoded(message), DnsMessage.decode(message.toBytes()));
    }

    @Property(tries = 300)
    void presentationOfNameParsesBackToTheSameOctets(@ForAll("names") DnsName name) {
        assertTrue(DnsName.of(name.toString()).equalsExactly(name), name.toString());
    }

    @Property(tries = 500)
    void randomBytesDecodeToAResultWithinLimits(@ForAll("randomBytes") byte[] input) {
        checkDecode(input, DnsLimits.defaults());
    }

    @Property(tries = 500)
    void mutatedMessagesDecodeToAResultWithinLimits(@ForAll("mutatedMessages") byte[] input) {
        checkDecode(input, DnsLimits.defaults());
    }

    @Property(tries = 300)
    void mutatedMessagesRespectAnyLimits(@ForAll("mutatedMessages") byte[] input, @ForAll("limits") DnsLimits limits) {
        checkDecode(input, limits);
    }

    /** Decodes without any throwable escaping, in bounded time, and checks a decoded message. */
    private static void checkDecode(byte[] input, DnsLimits limits) {
        long start = System.nanoTime();
        DnsDecodeResult result = DnsMessage.decode(ByteBuffer.wrap(input), limits);
        long elapsed = System.nanoTime() - start;
        assertNotNull(result);
        assertTrue(elapsed < MAX_DECODE_NANOS, "decode took " + elapsed + " ns");
        // The report shows how the inputs split between messages and each kind of malformation.
        Statistics.collect(result instanceof DnsDecodeResult.Malformed m ? m.reason() : "decoded");
        if (result instanceof DnsDecodeResult.Malformed malformed) {
            assertTrue(malformed.offset() >= 0 && malformed.offset() <= input.length, malformed.toString());
            return;
        }
        DnsMessage message = ((DnsDecodeResult.Decoded) result).message();
        int entries = message.questions().size() + message.answers().size() + message.authorities().size()
                + message.additionals().size() + (message.edns().isPresent() ? 1 : 0);
        assertTrue(entries <= limits.maxRecords(), "entries " + entries);
        names(message).forEach(name -> {
            assertTrue(name.wireLength() <= limits.maxNameLength(), name.toString());
            byte[] wire = name.toWire();
            for (int p = 0; wire[p] != 0; p += wire[p] + 1) {
                assertTrue(wire[p] <= limits.maxLabelLength(), name.toString());
            }
        });
        // Whatever decoded is a valid value: it encodes, and decodes again to itself.
        assertEquals(result, DnsMessage.decode(message.toBytes()));
    }

    private static Stream<DnsName> names(DnsMessage message) {
        Stream<DnsName> owners = Stream.of(message.answers(), message.authorities(), message.additionals())
                .flatMap(List::stream).flatMap(r -> Stream.concat(Stream.of(r.name()), rdataNames(r.rdata())));
        return Stream.concat(message.questions().stream().map(DnsQuestion::name), owners);
    }

    private static Stream<DnsName> rdataNames(Rdata rdata) {
        if (rdata instanceof Rdata.Mx mx) {
            return Stream.of(mx.exchange());
        } else if (rdata instanceof Rdata.Ns ns) {
            return Stream.of(ns.host());
        } else if (rdata instanceof Rdata.Cname cname) {
            return Stream.of(cname.target());
        } else if (rdata instanceof Rdata.Ptr ptr) {
            return Stream.of(ptr.target());
        } else if (rdata instanceof Rdata.Srv srv) {
            return Stream.of(srv.target());
        } else if (rdata instanceof Rdata.Soa soa) {
            return Stream.of(soa.mname(), soa.rname());
        }
        return Stream.empty();
    }
}
