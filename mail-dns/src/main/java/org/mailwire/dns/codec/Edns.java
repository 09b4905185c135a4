// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.List;

/**
 * The EDNS0 OPT pseudo-record of a message's additional section (RFC 6891 §6.1): the sender's
 * UDP payload size, the upper bits of the response code, the EDNS version, the DNSSEC OK bit
 * and opaque options.
 *
 * <p>On the wire the owner is the root, CLASS is the payload size and TTL packs the extended
 * RCODE, the version and the flags (RFC 6891 §6.1.3). Flag bits other than DO are reserved; they
 * are ignored on decode and written as zero (RFC 6891 §6.1.4).
 *
 * @param udpPayloadSize the largest UDP response the sender can take, 0 to 65535; values below
 *     512 are read as 512 (RFC 6891 §6.2.3), and 1232 is the DNS Flag Day 2020 choice
 * @param extendedRcode the upper 8 bits of the 12-bit response code, 0 to 255
 * @param version the EDNS version, 0 to 255 (only 0 is defined)
 * @param dnssecOk DO: the sender wants DNSSEC records (RFC 3225 §3)
 * @param options the options in wire order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6891#section-6.1">RFC 6891 §6.1</a>
 */
public record Edns(int udpPayloadSize, int extendedRcode, int version, boolean dnssecOk,
        List<EdnsOption> options) {

    /** The payload size recommended by DNS Flag Day 2020 to avoid IP fragmentation. */
    public static final int DEFAULT_UDP_PAYLOAD_SIZE = 1232;

    /**
     * Checks ranges and copies the options.
     *
     * @param udpPayloadSize the largest UDP response the sender can take, 0 to 65535; values below
     *     512 are read as 512 (RFC 6891 §6.2.3), and 1232 is the DNS Flag Day 2020 choice
     * @param extendedRcode the upper 8 bits of the 12-bit response code, 0 to 255
     * @param version the EDNS version, 0 to 255 (only 0 is defined)
     * @param dnssecOk DO: the sender wants DNSSEC records (RFC 3225 §3)
     * @param options the options in wire order
     * @throws IllegalArgumentException if a number is out of range or the options exceed 65535
     *     octets of RDATA
     */
    public Edns {
        if (udpPayloadSize < 0 || udpPayloadSize > 0xFFFF) {
            throw new IllegalArgumentException("UDP payload size out of range: " + udpPayloadSize);
        }
        if (extendedRcode < 0 || extendedRcode > 0xFF) {
            throw new IllegalArgumentException("extended rcode out of range: " + extendedRcode);
        }
        if (version < 0 || version > 0xFF) {
            throw new IllegalArgumentException("EDNS version out of range: " + version);
        }
        options = List.copyOf(options);
        int total = 0;
        for (EdnsOption option : options) {
            total += 4 + option.rawData().length;
        }
        if (total > Rdata.MAX_LENGTH) {
            throw new IllegalArgumentException("EDNS options over 65535 octets: " + total);
        }
    }

    /**
     * Returns EDNS version 0 with the given payload size, no extended rcode, DO clear and no
     * options: what a stub resolver sends.
     *
     * @param udpPayloadSize the payload size, for example {@link #DEFAULT_UDP_PAYLOAD_SIZE}
     * @return the OPT values
     */
    public static Edns of(int udpPayloadSize) {
        return new Edns(udpPayloadSize, 0, 0, false, List.of());
    }

    /**
     * Returns dig's OPT pseudo-section line.
     *
     * @return for example {@code EDNS: version: 0, flags: do; udp: 1232}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EDNS: version: ").append(version).append(", flags:");
        if (dnssecOk) {
            sb.append(" do");
        }
        sb.append("; udp: ").append(udpPayloadSize);
        for (EdnsOption option : options) {
            sb.append("; option ").append(option);
        }
        return sb.toString();
    }
}
