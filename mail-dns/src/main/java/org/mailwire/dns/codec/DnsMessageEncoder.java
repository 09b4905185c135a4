// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a message in wire form with name compression (RFC 1035 §4.1.4). One instance serves
 * one call of {@link DnsMessage#toBytes()}.
 *
 * <p>Compression: every name written in a compressible position records the offset of each of
 * its suffixes (only offsets below 0x4000 fit in a pointer); a later name whose suffix was
 * recorded ends with a pointer to it. Only owner names, question names and names in the RDATA
 * of NS, CNAME, SOA, PTR and MX are compressed or recorded (RFC 3597 §4); SRV targets are
 * written in full (RFC 2782). Recording only these keeps every pointer aimed at a label a
 * strict decoder, ours included, has read as part of a name.
 */
final class DnsMessageEncoder {

    private static final int MAX_POINTER_OFFSET = 0x3FFF;

    private byte[] out;
    private int pos;
    /** Offsets of recorded suffixes; null when no later name could point to one. */
    private Map<Suffix, Integer> suffixOffsets;

    /** A name suffix, compared and hashed ignoring ASCII case like {@link DnsName}. */
    private record Suffix(byte[] wire, int from) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Suffix other && other.wire.length - other.from == wire.length - from
                    && DnsName.regionEqualsIgnoreCase(wire, from, other.wire, other.from, wire.length - from);
        }

        @Override
        public int hashCode() {
            int h = 0;
            for (int i = from; i < wire.length; i++) {
                h = 31 * h + DnsName.toLower(wire[i]);
            }
            return h;
        }
    }

    byte[] encode(DnsMessage message) {
        DnsHeader header = message.header();
        int additionalCount = message.additionals().size() + (message.edns().isPresent() ? 1 : 0);
        out = new byte[initialCapacity(message)];
        // A lone question (a query) leaves no later name that could point into it: record
        // nothing. Any record may bring a second name (its owner's, or one in its RDATA).
        if (message.questions().size() > 1 || !message.answers().isEmpty()
                || !message.authorities().isEmpty() || !message.additionals().isEmpty()) {
            suffixOffsets = new HashMap<>();
        }
        u16(header.id());
        u16(header.flags());
        u16(count(message.questions().size()));
        u16(count(message.answers().size()));
        u16(count(message.authorities().size()));
        u16(count(additionalCount));
        for (DnsQuestion question : message.questions()) {
            name(question.name(), true);
            u16(question.type().code());
            u16(question.dnsClass().code());
        }
        records(message.answers());
        records(message.authorities());
        records(message.additionals());
        message.edns().ifPresent(this::opt);
        return pos == out.length ? out : Arrays.copyOf(out, pos);
    }

    /**
     * Sizes the output so that a query fits exactly (and is returned without a copy) and most
     * responses need no growth: the header, the uncompressed questions, each record's fixed part
     * and owner name plus a typical RDATA, and the OPT record.
     */
    private static int initialCapacity(DnsMessage message) {
        long size = 12;
        for (DnsQuestion question : message.questions()) {
            size += question.name().wireLength() + 4;
        }
        size += recordsEstimate(message.answers()) + recordsEstimate(message.authorities())
                + recordsEstimate(message.additionals());
        if (message.edns().isPresent()) {
            size += 11;
            for (EdnsOption option : message.edns().get().options()) {
                size += 4 + option.rawData().length;
            }
        }
        return (int) Math.min(size, DnsMessage.MAX_LENGTH);
    }

    private static long recordsEstimate(List<DnsRecord> records) {
        long size = 0;
        for (DnsRecord record : records) {
            size += record.name().wireLength() + 10 + 32; // 32: an address, or a short name
        }
        return size;
    }

    private static int count(int count) {
        if (count > 0xFFFF) {
            throw new IllegalStateException("section count over 65535: " + count);
        }
        return count;
    }

    private void records(List<DnsRecord> records) {
        for (DnsRecord record : records) {
            name(record.name(), true);
            u16(record.type().code());
            u16(record.dnsClass().code());
            u32(record.ttl());
            int lengthAt = pos;
            u16(0); // RDLENGTH, filled in below
            rdata(record.rdata());
            int rdLength = pos - lengthAt - 2;
            out[lengthAt] = (byte) (rdLength >>> 8);
            out[lengthAt + 1] = (byte) rdLength;
        }
    }

    private void rdata(Rdata rdata) {
        if (rdata instanceof Rdata.A a) {
            bytes(a.octets());
        } else if (rdata instanceof Rdata.Aaaa aaaa) {
            bytes(aaaa.octets());
        } else if (rdata instanceof Rdata.Mx mx) {
            u16(mx.preference());
            name(mx.exchange(), true);
        } else if (rdata instanceof Rdata.Ns ns) {
            name(ns.host(), true);
        } else if (rdata instanceof Rdata.Cname cname) {
            name(cname.target(), true);
        } else if (rdata instanceof Rdata.Ptr ptr) {
            name(ptr.target(), true);
        } else if (rdata instanceof Rdata.Soa soa) {
            name(soa.mname(), true);
            name(soa.rname(), true);
            u32(soa.serial());
            u32(soa.refresh());
            u32(soa.retry());
            u32(soa.expire());
            u32(soa.minimum());
        } else if (rdata instanceof Rdata.Txt txt) {
            for (byte[] s : txt.rawStrings()) {
                u8(s.length);
                bytes(s);
            }
        } else if (rdata instanceof Rdata.Srv srv) {
            u16(srv.priority());
            u16(srv.weight());
            u16(srv.port());
            name(srv.target(), false);
        } else if (rdata instanceof Rdata.Tlsa tlsa) {
            u8(tlsa.usage());
            u8(tlsa.selector());
            u8(tlsa.matchingType());
            bytes(tlsa.rawData());
        } else if (rdata instanceof Rdata.Caa caa) {
            u8(caa.flags());
            u8(caa.tag().length());
            for (int i = 0; i < caa.tag().length(); i++) {
                u8(caa.tag().charAt(i)); // ASCII letters and digits, checked by Caa
            }
            bytes(caa.rawValue());
        } else if (rdata instanceof Rdata.Unknown unknown) {
            bytes(unknown.rawData());
        } else {
            throw new AssertionError("unhandled RDATA " + rdata.getClass()); // sealed: unreachable
        }
    }

    /** Writes the OPT pseudo-record (RFC 6891 §6.1.2, §6.1.3). */
    private void opt(Edns edns) {
        u8(0); // owner: the root
        u16(DnsType.OPT.code());
        u16(edns.udpPayloadSize());
        u8(edns.extendedRcode());
        u8(edns.version());
        u16(edns.dnssecOk() ? 0x8000 : 0);
        int length = 0;
        for (EdnsOption option : edns.options()) {
            length += 4 + option.rawData().length;
        }
        u16(length);
        for (EdnsOption option : edns.options()) {
            u16(option.code());
            u16(option.rawData().length);
            bytes(option.rawData());
        }
    }

    private void name(DnsName name, boolean compress) {
        byte[] wire = name.wire();
        int p = 0;
        while (wire[p] != 0) {
            if (compress && suffixOffsets != null) {
                Suffix suffix = new Suffix(wire, p);
                Integer offset = suffixOffsets.get(suffix);
                if (offset != null) {
                    u16(0xC000 | offset);
                    return;
                }
                if (pos <= MAX_POINTER_OFFSET) {
                    suffixOffsets.put(suffix, pos);
                }
            }
            int labelLength = wire[p] + 1;
            ensure(labelLength);
            System.arraycopy(wire, p, out, pos, labelLength);
            pos += labelLength;
            p += labelLength;
        }
        u8(0);
    }

    private void ensure(int count) {
        if (pos + count > DnsMessage.MAX_LENGTH) {
            throw new IllegalStateException("DNS message over 65535 octets");
        }
        if (pos + count > out.length) {
            out = Arrays.copyOf(out, Math.min(DnsMessage.MAX_LENGTH, Math.max(out.length * 2, pos + count)));
        }
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        pos += bytes.length;
    }

    private void u8(int value) {
        ensure(1);
        out[pos++] = (byte) value;
    }

    private void u16(int value) {
        ensure(2);
        out[pos++] = (byte) (value >>> 8);
        out[pos++] = (byte) value;
    }

    private void u32(long value) {
        ensure(4);
        out[pos++] = (byte) (value >>> 24);
        out[pos++] = (byte) (value >>> 16);
        out[pos++] = (byte) (value >>> 8);
        out[pos++] = (byte) value;
    }
}
