// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decodes one message from a buffer region without copying it (RFC 1035 §4.1). One instance
 * serves one call of {@link DnsMessage#decode(ByteBuffer, DnsLimits)}.
 *
 * <p>Termination: every loop either advances a position towards the end of the region, or, for
 * compression pointers, moves strictly before the position where the current run of labels
 * began, so no input can make it loop; pointer hops are also capped by the limits.
 *
 * <p>Pointer rule: a pointer must go strictly backwards from the start of the current run
 * (this rejects self pointers, cycles and forward pointers) and must land on the first octet of
 * a label that was read earlier as part of a name (this rejects pointers into the header, into
 * the middle of a label, into opaque RDATA, and at the terminating zero octet). That is
 * stricter than RFC 1035 §4.1.4 literally requires, and exactly what any encoder that points to
 * "a prior occurrence of the same name" produces.
 */
final class DnsMessageDecoder {

    /** Octets of the fixed header (RFC 1035 §4.1.1). */
    private static final int HEADER_LENGTH = 12;
    /** Smallest question: root name, QTYPE, QCLASS (RFC 1035 §4.1.2). */
    private static final int MIN_QUESTION_LENGTH = 5;
    /** Smallest record: root name, TYPE, CLASS, TTL, RDLENGTH (RFC 1035 §4.1.3). */
    private static final int MIN_RECORD_LENGTH = 11;
    /** Names remembered by start offset, so that pure pointers reuse the decoded name. */
    private static final int NAME_CACHE_SIZE = 16;
    /** Entries allocated at first; enough for a typical MX answer, doubled once when full. */
    private static final int NAME_CACHE_INITIAL = 8;

    private final ByteBuffer buffer;
    /**
     * The backing array of a writable heap buffer, read directly because that skips the
     * per-octet checks of {@code ByteBuffer.get(int)}; null for direct and read-only buffers.
     */
    private final byte[] array;
    /** Index in {@link #array} of message offset 0. */
    private final int arrayBase;
    private final int base;
    private final int length;
    private final DnsLimits limits;

    /** One bit per message offset: set where a label of an already decoded name begins. */
    private final long[] labelStarts;
    // Octets of an address being read; the JDK address classes copy them, so these are reused.
    // Allocated on the first A or AAAA record.

    /** Start offset (upper 16 bits) and pointer hops (lower 14 bits) of each cached name. */
    private int[] cachedKeys = new int[NAME_CACHE_INITIAL];
    private DnsName[] cachedNames = new DnsName[NAME_CACHE_INITIAL];
    private int cacheCount;

    /** Offset just past the last name read, in the run where it started. */
    private int nameEnd;

    private Edns edns;

    DnsMessageDecoder(ByteBuffer buffer, int base, int length, DnsLimits limits) {
        this.buffer = buffer;
        this.array = buffer.hasArray() ? buffer.array() : null;
        this.arrayBase = array == null ? 0 : buffer.arrayOffset() + base;
        this.base = base;
        this.length = length;
        this.limits = limits;
        // Pointers carry 14-bit offsets, so only the first 16 KiB can ever be a target.
        this.labelStarts = new long[(Math.min(length, 0x4000) + 63) >>> 6];
    }

    /** Internal signal of a broken rule; carries no stack trace and never leaves this class. */
    private static final class Failure extends Exception {
        private final DnsMalformation reason;
        private final int offset;

        Failure(DnsMalformation reason, int offset) {
            super(null, null, false, false);
            this.reason = reason;
            this.offset = offset;
        }
    }

    DnsDecodeResult decode() {
        try {
            return new DnsDecodeResult.Decoded(readMessage());
        } catch (Failure failure) {
            return new DnsDecodeResult.Malformed(failure.reason, failure.offset);
        }
    }

    private DnsMessage readMessage() throws Failure {
        if (length < HEADER_LENGTH) {
            throw new Failure(DnsMalformation.TRUNCATED, length);
        }
        int id = u16(0);
        int flags = u16(2);
        int questionCount = u16(4);
        int answerCount = u16(6);
        int authorityCount = u16(8);
        int additionalCount = u16(10);
        int recordCount = answerCount + authorityCount + additionalCount;
        if (questionCount + recordCount > limits.maxRecords()) {
            throw new Failure(DnsMalformation.TOO_MANY_RECORDS, 4);
        }
        // Refuse counts the octets cannot hold before sizing any list by them (glibc CVE-2015-7547).
        long needed = (long) questionCount * MIN_QUESTION_LENGTH + (long) recordCount * MIN_RECORD_LENGTH;
        if (needed > length - HEADER_LENGTH) {
            throw new Failure(DnsMalformation.COUNTS_EXCEED_MESSAGE, 4);
        }
        int pos = HEADER_LENGTH;
        // One scratch array, sized by the largest section (bounded by the octets above), is
        // reused for every section; each list then gets one exact array (see immutableList).
        Object[] scratch = new Object[Math.max(questionCount,
                Math.max(answerCount, Math.max(authorityCount, additionalCount)))];
        for (int i = 0; i < questionCount; i++) {
            DnsName name = readName(pos, length);
            pos = nameEnd;
            need(pos, 4, length);
            scratch[i] = new DnsQuestion(name, DnsType.of(u16(pos)), DnsClass.of(u16(pos + 2)));
            pos += 4;
        }
        List<DnsQuestion> questions = immutableList(scratch, questionCount);
        pos = readRecords(pos, scratch, answerCount, false);
        List<DnsRecord> answers = immutableList(scratch, answerCount);
        pos = readRecords(pos, scratch, authorityCount, false);
        List<DnsRecord> authorities = immutableList(scratch, authorityCount);
        // The OPT record, if any, is not stored, so the list is one shorter.
        pos = readRecords(pos, scratch, additionalCount, true);
        List<DnsRecord> additionals = immutableList(scratch, edns == null ? additionalCount : additionalCount - 1);
        if (pos != length) {
            throw new Failure(DnsMalformation.TRAILING_BYTES, pos);
        }
        return new DnsMessage(DnsHeader.of(id, flags), questions, answers, authorities, additionals,
                Optional.ofNullable(edns));
    }

    /**
     * Returns the first {@code count} elements of {@code scratch} as an unmodifiable list that
     * {@link List#copyOf} (in DnsMessage's constructor) keeps as it is. On JDK 17 the fixed-arity
     * {@code List.of} overloads keep their own exact argument array, whereas {@code List.of(E...)}
     * copies the array it is given, so up to ten elements cost one array instead of two.
     */
    @SuppressWarnings("unchecked")
    private static <E> List<E> immutableList(Object[] s, int count) {
        return (List<E>) switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(s[0]);
            case 2 -> List.of(s[0], s[1]);
            case 3 -> List.of(s[0], s[1], s[2]);
            case 4 -> List.of(s[0], s[1], s[2], s[3]);
            case 5 -> List.of(s[0], s[1], s[2], s[3], s[4]);
            case 6 -> List.of(s[0], s[1], s[2], s[3], s[4], s[5]);
            case 7 -> List.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
            case 8 -> List.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
            case 9 -> List.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
            case 10 -> List.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]);
            default -> List.of(Arrays.copyOf(s, count));
        };
    }

    private int readRecords(int pos, Object[] out, int count, boolean additional) throws Failure {
        int filled = 0;
        for (int i = 0; i < count; i++) {
            int recordStart = pos;
            DnsName name = readName(pos, length);
            pos = nameEnd;
            need(pos, 10, length);
            int type = u16(pos);
            int dnsClass = u16(pos + 2);
            long ttl = u32(pos + 4);
            int rdLength = u16(pos + 8);
            int rdStart = pos + 10;
            int rdEnd = rdStart + rdLength;
            if (rdEnd > length) {
                throw new Failure(DnsMalformation.RDATA_BEYOND_MESSAGE, pos + 8);
            }
            if (type == DnsType.OPT.code()) {
                readOpt(recordStart, name, additional, dnsClass, ttl, rdStart, rdEnd);
            } else {
                Rdata rdata = readRdata(DnsType.of(type), rdStart, rdEnd);
                out[filled++] = new DnsRecord(name, DnsClass.of(dnsClass), ttl, rdata);
            }
            pos = rdEnd;
        }
        return pos;
    }

    /** Reads the OPT pseudo-record (RFC 6891 §6.1.2, §6.1.3). */
    private void readOpt(int recordStart, DnsName name, boolean additional, int udpSize, long ttl,
            int rdStart, int rdEnd) throws Failure {
        if (!additional || !name.isRoot()) {
            throw new Failure(DnsMalformation.OPT_INVALID, recordStart);
        }
        if (edns != null) {
            throw new Failure(DnsMalformation.MULTIPLE_OPT, recordStart);
        }
        List<EdnsOption> options = rdEnd == rdStart ? List.of() : new ArrayList<>(2);
        int p = rdStart;
        while (p < rdEnd) {
            needRdata(p, 4, rdEnd);
            int code = u16(p);
            int optionLength = u16(p + 2);
            needRdata(p + 4, optionLength, rdEnd);
            options.add(new EdnsOption(code, copy(p + 4, optionLength)));
            p += 4 + optionLength;
        }
        int extendedRcode = (int) (ttl >>> 24);
        int version = (int) (ttl >>> 16) & 0xFF;
        boolean dnssecOk = (ttl & 0x8000) != 0; // DO is the top bit of the flags half (RFC 3225 §3)
        edns = new Edns(udpSize, extendedRcode, version, dnssecOk, options);
    }

    private Rdata readRdata(DnsType type, int start, int end) throws Failure {
        int rdLength = end - start;
        Rdata rdata;
        int p = start;
        switch (type.code()) {
            case 1 -> { // A, RFC 1035 §3.4.1
                if (rdLength != 4) {
                    throw new Failure(DnsMalformation.RDATA_LENGTH_MISMATCH, start);
                }
                rdata = new Rdata.A((int) u32(start));
                p = end;
            }
            case 28 -> { // AAAA, RFC 3596 §2.2
                if (rdLength != 16) {
                    throw new Failure(DnsMalformation.RDATA_LENGTH_MISMATCH, start);
                }
                rdata = new Rdata.Aaaa(u32(start) << 32 | u32(start + 4), u32(start + 8) << 32 | u32(start + 12));
                p = end;
            }
            case 2 -> {
                rdata = new Rdata.Ns(readName(start, end));
                p = nameEnd;
            }
            case 5 -> {
                rdata = new Rdata.Cname(readName(start, end));
                p = nameEnd;
            }
            case 12 -> {
                rdata = new Rdata.Ptr(readName(start, end));
                p = nameEnd;
            }
            case 15 -> { // MX, RFC 1035 §3.3.9
                needRdata(p, 2, end);
                int preference = u16(p);
                DnsName exchange = readName(p + 2, end);
                rdata = new Rdata.Mx(preference, exchange);
                p = nameEnd;
            }
            case 6 -> { // SOA, RFC 1035 §3.3.13
                DnsName mname = readName(p, end);
                DnsName rname = readName(nameEnd, end);
                p = nameEnd;
                needRdata(p, 20, end);
                rdata = new Rdata.Soa(mname, rname, u32(p), u32(p + 4), u32(p + 8), u32(p + 12), u32(p + 16));
                p += 20;
            }
            case 16 -> { // TXT, RFC 1035 §3.3.14: one or more character-strings
                if (rdLength == 0) {
                    throw new Failure(DnsMalformation.RDATA_LENGTH_MISMATCH, start);
                }
                List<byte[]> strings = new ArrayList<>(1);
                while (p < end) {
                    int stringLength = u8(p);
                    needRdata(p + 1, stringLength, end);
                    strings.add(copy(p + 1, stringLength));
                    p += 1 + stringLength;
                }
                rdata = new Rdata.Txt(strings);
            }
            case 33 -> { // SRV, RFC 2782; compression is not allowed but is read leniently
                needRdata(p, 6, end);
                int priority = u16(p);
                int weight = u16(p + 2);
                int port = u16(p + 4);
                rdata = new Rdata.Srv(priority, weight, port, readName(p + 6, end));
                p = nameEnd;
            }
            case 52 -> { // TLSA, RFC 6698 §2.1
                needRdata(p, 3, end);
                rdata = new Rdata.Tlsa(u8(p), u8(p + 1), u8(p + 2), copy(p + 3, rdLength - 3));
                p = end;
            }
            case 257 -> { // CAA, RFC 8659 §4.1
                needRdata(p, 2, end);
                int flags = u8(p);
                int tagLength = u8(p + 1);
                needRdata(p + 2, tagLength, end);
                if (tagLength == 0) {
                    throw new Failure(DnsMalformation.RDATA_INVALID, p + 1);
                }
                byte[] tag = copy(p + 2, tagLength);
                for (byte b : tag) {
                    if (!(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9')) {
                        throw new Failure(DnsMalformation.RDATA_INVALID, p + 2);
                    }
                }
                int valueStart = p + 2 + tagLength;
                rdata = new Rdata.Caa(flags, new String(tag, StandardCharsets.US_ASCII),
                        copy(valueStart, end - valueStart));
                p = end;
            }
            default -> {
                rdata = new Rdata.Unknown(type, copy(start, rdLength));
                p = end;
            }
        }
        if (p != end) {
            throw new Failure(DnsMalformation.RDATA_LENGTH_MISMATCH, p);
        }
        return rdata;
    }

    /**
     * Reads a possibly compressed name starting at {@code start} (RFC 1035 §4.1.4). Labels read
     * in place must end before {@code limit}, the end of the RDATA or of the message; after a
     * pointer the labels lie in an earlier, already checked part of the message. Sets
     * {@link #nameEnd} to the offset after the name where it started.
     *
     * <p>A first pass checks every rule and measures the name; a second pass copies it into an
     * array of exactly that size, so no scratch buffer is needed.
     */
    private DnsName readName(int start, int limit) throws Failure {
        int p = start;
        int runStart = start; // pointer targets must lie strictly before this
        int runLimit = limit;
        int end = -1;
        int hops = 0;
        int measured = 0; // octets of the uncompressed name so far
        int maxName = limits.maxNameLength();
        while (true) {
            if (p >= runLimit) {
                throw new Failure(limit == length || end >= 0
                        ? DnsMalformation.TRUNCATED : DnsMalformation.RDATA_LENGTH_MISMATCH, p);
            }
            int b = u8(p);
            switch (b & 0xC0) {
                case 0x00 -> {
                    if (b == 0) {
                        nameEnd = end < 0 ? p + 1 : end;
                        return materialize(start, measured + 1, hops);
                    }
                    if (b > limits.maxLabelLength()) {
                        throw new Failure(DnsMalformation.LABEL_TOO_LONG, p);
                    }
                    // This label, its length octet and at least the root octet must still fit.
                    if (measured + 1 + b + 1 > maxName) {
                        throw new Failure(DnsMalformation.NAME_TOO_LONG, p);
                    }
                    if (p + 1 + b > runLimit) {
                        throw new Failure(runLimit == length
                                ? DnsMalformation.TRUNCATED : DnsMalformation.RDATA_LENGTH_MISMATCH, p);
                    }
                    markLabelStart(p);
                    measured += 1 + b;
                    p += 1 + b;
                }
                case 0xC0 -> {
                    if (p + 2 > runLimit) {
                        throw new Failure(runLimit == length
                                ? DnsMalformation.TRUNCATED : DnsMalformation.RDATA_LENGTH_MISMATCH, p);
                    }
                    int target = (b & 0x3F) << 8 | u8(p + 1);
                    if (end < 0) {
                        end = p + 2;
                    }
                    if (target >= length) {
                        throw new Failure(DnsMalformation.POINTER_OUT_OF_RANGE, p);
                    }
                    if (target >= runStart) { // self pointer, cycle or forward (CVE-2017-12995)
                        throw new Failure(DnsMalformation.POINTER_NOT_BACKWARDS, p);
                    }
                    if (!isLabelStart(target)) {
                        throw new Failure(DnsMalformation.POINTER_NOT_TO_LABEL, p);
                    }
                    if (++hops > limits.maxPointerHops()) {
                        throw new Failure(DnsMalformation.TOO_MANY_POINTERS, p);
                    }
                    if (measured == 0) {
                        // The whole name is a pointer: reuse the name decoded at the target if the
                        // hop budget still allows the hops it took.
                        DnsName cached = cachedAt(target, hops);
                        if (cached != null) {
                            nameEnd = end;
                            return cached;
                        }
                    }
                    p = target;
                    runStart = target;
                    runLimit = length;
                }
                // 01 is the obsolete extended label type (RFC 6891 §5), 10 is reserved.
                default -> throw new Failure(DnsMalformation.RESERVED_LABEL_TYPE, p);
            }
        }
    }

    /** Copies a name that {@link #readName} has checked into its wire form, and caches it. */
    private DnsName materialize(int start, int wireLength, int hops) {
        DnsName name;
        if (wireLength == 1) {
            name = DnsName.root();
        } else {
            byte[] wire = new byte[wireLength];
            int out = 0;
            int p = start;
            for (int b = u8(p); b != 0; b = u8(p)) {
                if (b >= 0xC0) {
                    p = (b & 0x3F) << 8 | u8(p + 1);
                    continue;
                }
                wire[out] = (byte) b;
                copyOut(p + 1, wire, out + 1, b);
                out += 1 + b;
                p += 1 + b;
            }
            name = new DnsName(wire); // the last octet is already the root's zero
        }
        if (cacheCount == cachedKeys.length && cacheCount < NAME_CACHE_SIZE) {
            cachedKeys = Arrays.copyOf(cachedKeys, NAME_CACHE_SIZE);
            cachedNames = Arrays.copyOf(cachedNames, NAME_CACHE_SIZE);
        }
        if (cacheCount < cachedKeys.length && start <= 0xFFFF) {
            cachedKeys[cacheCount] = start << 14 | hops;
            cachedNames[cacheCount] = name;
            cacheCount++;
        }
        return name;
    }

    /** Returns the name decoded at {@code offset} if cached and reachable with {@code hopsSoFar}. */
    private DnsName cachedAt(int offset, int hopsSoFar) {
        for (int i = 0; i < cacheCount; i++) {
            int key = cachedKeys[i];
            if (key >>> 14 == offset) {
                return hopsSoFar + (key & 0x3FFF) <= limits.maxPointerHops() ? cachedNames[i] : null;
            }
        }
        return null;
    }

    private void markLabelStart(int offset) {
        if (offset < 0x4000) {
            labelStarts[offset >>> 6] |= 1L << offset;
        }
    }

    private boolean isLabelStart(int offset) {
        return (labelStarts[offset >>> 6] & 1L << offset) != 0;
    }

    /** Copies {@code count} message octets from {@code offset} into {@code dst}. */
    private void copyOut(int offset, byte[] dst, int dstIndex, int count) {
        if (array != null) {
            System.arraycopy(array, arrayBase + offset, dst, dstIndex, count);
        } else {
            buffer.get(base + offset, dst, dstIndex, count);
        }
    }

    private byte[] copy(int offset, int count) {
        byte[] out = new byte[count];
        copyOut(offset, out, 0, count);
        return out;
    }

    private void need(int offset, int count, int end) throws Failure {
        if (offset + count > end) {
            throw new Failure(DnsMalformation.TRUNCATED, offset);
        }
    }

    private void needRdata(int offset, int count, int end) throws Failure {
        if (offset + count > end) {
            throw new Failure(DnsMalformation.RDATA_LENGTH_MISMATCH, offset);
        }
    }

    private int u8(int offset) {
        return (array != null ? array[arrayBase + offset] : buffer.get(base + offset)) & 0xFF;
    }

    private int u16(int offset) {
        if (array != null) {
            return (array[arrayBase + offset] & 0xFF) << 8 | array[arrayBase + offset + 1] & 0xFF;
        }
        return (buffer.get(base + offset) & 0xFF) << 8 | buffer.get(base + offset + 1) & 0xFF;
    }

    private long u32(int offset) {
        return (long) u16(offset) << 16 | u16(offset + 2);
    }
}
