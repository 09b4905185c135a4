// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.arbitraries;

import org.mailwire.dns.codec.*;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for every codec value, as static factories that any property can return
 * from a {@code @Provide} method; they are meant to move to mail-testkit.
 *
 * <p>Names draw most labels from a small pool, in mixed case, so that generated messages share
 * suffixes and exercise compression; the rest are arbitrary octets, dots and escapes included.
 */
public final class DnsArbitraries {

    private static final List<String> COMMON_LABELS =
            List.of("example", "EXAMPLE", "test", "com", "mx1", "Mx2", "www", "_tcp", "_25", "a");

    private DnsArbitraries() {
    }

    /** Labels as octets: mostly common words, sometimes any octets up to 63. */
    public static Arbitrary<byte[]> labels() {
        Arbitrary<byte[]> common = Arbitraries.of(COMMON_LABELS).map(s -> s.getBytes(StandardCharsets.US_ASCII));
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(DnsName.MAX_LABEL_LENGTH);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, common),
                net.jqwik.api.Tuple.of(2, any),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new byte[DnsName.MAX_LABEL_LENGTH]).map(a -> fill(a, 'z'))));
    }

    private static byte[] fill(byte[] array, char c) {
        byte[] copy = array.clone();
        Arrays.fill(copy, (byte) c);
        return copy;
    }

    /**
     * Names of 0 to 6 labels, built through {@link DnsName#of(String)} from an all-escaped
     * presentation, and cut from the left to fit 255 octets.
     */
    public static Arbitrary<DnsName> names() {
        return labels().list().ofMaxSize(6).map(DnsArbitraries::nameOf);
    }

    /** Builds a name from label octets, dropping leading labels until it fits 255 octets (RFC 1035 §2.3.4). */
    public static DnsName nameOf(List<byte[]> labels) {
        List<byte[]> kept = new ArrayList<>(labels);
        int total = 1;
        for (byte[] label : kept) {
            total += 1 + label.length;
        }
        while (total > DnsName.MAX_NAME_LENGTH) {
            total -= 1 + kept.remove(0).length;
        }
        if (kept.isEmpty()) {
            return DnsName.root();
        }
        StringBuilder sb = new StringBuilder();
        for (byte[] label : kept) {
            for (byte b : label) {
                int v = b & 0xFF;
                if (v >= 'a' && v <= 'z' || v >= 'A' && v <= 'Z' || v >= '0' && v <= '9' || v == '-' || v == '_') {
                    sb.append((char) v);
                } else {
                    sb.append('\\').append(String.format("%03d", v));
                }
            }
            sb.append('.');
        }
        return DnsName.of(sb.toString());
    }

    /** Unsigned 8-bit values. */
    public static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    /** Unsigned 16-bit values. */
    public static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    /** Unsigned 32-bit values, as TTLs and SOA counters carry (RFC 1035 §3.2.1). */
    public static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFFFFFFL);
    }

    /** Octet strings up to a size. */
    public static Arbitrary<byte[]> octets(int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
    }

    /** A record data (RFC 1035 §3.4.1). */
    public static Arbitrary<Rdata.A> a() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> new Rdata.A((Inet4Address) address(b)));
    }

    /** AAAA record data (RFC 3596 §2.2). */
    public static Arbitrary<Rdata.Aaaa> aaaa() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> new Rdata.Aaaa(address6(b)));
    }

    /** MX record data (RFC 1035 §3.3.9). */
    public static Arbitrary<Rdata.Mx> mx() {
        return Combinators.combine(u16(), names()).as(Rdata.Mx::new);
    }

    /** SOA record data (RFC 1035 §3.3.13). */
    public static Arbitrary<Rdata.Soa> soa() {
        return Combinators.combine(names(), names(), u32(), u32(), u32(), u32(), u32()).as(Rdata.Soa::new);
    }

    /** TXT record data: one or more character-strings (RFC 1035 §3.3.14). */
    public static Arbitrary<Rdata.Txt> txt() {
        return octets(Rdata.Txt.MAX_STRING_LENGTH).list().ofMinSize(1).ofMaxSize(3).map(Rdata.Txt::new);
    }

    /** SRV record data (RFC 2782). */
    public static Arbitrary<Rdata.Srv> srv() {
        return Combinators.combine(u16(), u16(), u16(), names()).as(Rdata.Srv::new);
    }

    /** TLSA record data (RFC 6698 §2.1). */
    public static Arbitrary<Rdata.Tlsa> tlsa() {
        return Combinators.combine(u8(), u8(), u8(), octets(64)).as(Rdata.Tlsa::new);
    }

    /** CAA record data (RFC 8659 §4.1). */
    public static Arbitrary<Rdata.Caa> caa() {
        Arbitrary<String> tags = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(15);
        return Combinators.combine(u8(), tags, octets(40)).as(Rdata.Caa::new);
    }

    /** Record data of types this codec does not know, kept as octets (RFC 3597 §5). */
    public static Arbitrary<Rdata.Unknown> unknown() {
        Arbitrary<DnsType> types = u16().map(DnsType::of)
                .filter(t -> !t.hasTypedRdata() && !t.equals(DnsType.OPT));
        return Combinators.combine(types, octets(40)).as(Rdata.Unknown::new);
    }

    /** RDATA of every type, typed and opaque. */
    public static Arbitrary<Rdata> rdata() {
        return Arbitraries.oneOf(a(), aaaa(), names().map(Rdata.Ns::new), names().map(Rdata.Cname::new),
                names().map(Rdata.Ptr::new), mx(), soa(), txt(), srv(), tlsa(), caa(), unknown());
    }

    /** Record classes, IN mostly (RFC 1035 §3.2.4). */
    public static Arbitrary<DnsClass> classes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(DnsClass.IN)),
                net.jqwik.api.Tuple.of(1, u16().map(DnsClass::of)));
    }

    /** Resource records of every supported type (RFC 1035 §4.1.3). */
    public static Arbitrary<DnsRecord> records() {
        return Combinators.combine(names(), classes(), u32(), rdata()).as(DnsRecord::new);
    }

    /** Questions of any name, type and class (RFC 1035 §4.1.2). */
    public static Arbitrary<DnsQuestion> questions() {
        return Combinators.combine(names(), u16().map(DnsType::of), classes()).as(DnsQuestion::new);
    }

    /** Headers with every flag combination; the reserved Z bit stays clear as the encoder writes it. */
    public static Arbitrary<DnsHeader> headers() {
        return Combinators.combine(u16(), u16()).as((id, flags) -> DnsHeader.of(id, flags & ~0x0040));
    }

    /** EDNS options as code and octets (RFC 6891 §6.1.2). */
    public static Arbitrary<EdnsOption> ednsOptions() {
        return Combinators.combine(u16(), octets(24)).as(EdnsOption::new);
    }

    /** OPT pseudo-records (RFC 6891 §6.1). */
    public static Arbitrary<Edns> edns() {
        return Combinators.combine(u16(), u8(), u8(), Arbitraries.of(true, false), ednsOptions().list().ofMaxSize(3))
                .as(Edns::new);
    }

    /** Whole messages: up to 2 questions, 6 answers, 3 authorities, 4 additionals, maybe EDNS. */
    public static Arbitrary<DnsMessage> messages() {
        return Combinators.combine(headers(), questions().list().ofMaxSize(2), records().list().ofMaxSize(6),
                records().list().ofMaxSize(3), records().list().ofMaxSize(4), edns().optional())
                .as(DnsMessage::new);
    }

    /** Limits anywhere in their ranges, to check that decoded messages respect whatever is set. */
    public static Arbitrary<DnsLimits> limits() {
        return Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(1, 63),
                Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 40)).as(DnsLimits::new);
    }

    /**
     * Encoded messages, generated or recorded, damaged by flipping octets, truncating, or
     * splicing a slice of the message into another place of it.
     */
    public static Arbitrary<byte[]> mutatedMessages() {
        return mutated(messages().map(DnsMessage::toBytes));
    }

    /**
     * Messages from the given source (for example recorded responses) damaged by flipping
     * octets, truncating, or splicing a slice of the message into another place of it.
     *
     * @param valid encoded messages to damage
     * @return the damaged messages
     */
    public static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
        return valid.flatMap(bytes -> Arbitraries.oneOf(flipped(bytes), truncated(bytes), spliced(bytes)));
    }

    private static Arbitrary<byte[]> flipped(byte[] message) {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, message.length - 1), u8())
                .as((index, value) -> new int[] {index, value});
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            byte[] copy = message.clone();
            for (int[] e : edits) {
                copy[e[0]] = (byte) e[1];
            }
            return copy;
        });
    }

    private static Arbitrary<byte[]> truncated(byte[] message) {
        return Arbitraries.integers().between(0, message.length).map(n -> Arrays.copyOf(message, n));
    }

    private static Arbitrary<byte[]> spliced(byte[] message) {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, message.length);
        return Combinators.combine(index, index, index).as((from, to, at) -> {
            int start = Math.min(from, to);
            int end = Math.max(from, to);
            byte[] out = new byte[message.length + end - start];
            System.arraycopy(message, 0, out, 0, at);
            System.arraycopy(message, start, out, at, end - start);
            System.arraycopy(message, at, out, at + end - start, message.length - at);
            return out;
        });
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Inet6Address address6(byte[] octets) {
        try {
            return Inet6Address.getByAddress(null, octets, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
