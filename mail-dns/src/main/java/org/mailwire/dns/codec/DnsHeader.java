// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.Objects;

/**
 * The fixed part of a message header: ID, flags, opcode and the low four bits of the response
 * code (RFC 1035 §4.1.1, RFC 4035 §3.2). The section counts are not stored here; they follow
 * from the lists in {@link DnsMessage}.
 *
 * <p>The flags word, most significant bit first:
 * <pre>
 *   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 * |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 * </pre>
 * The Z bit is reserved (RFC 1035 §4.1.1: "must be zero"); it is ignored on decode and written
 * as zero.
 *
 * @param id the query identifier, 0 to 65535, echoed by the server; a resolver must pick it at
 *     random (RFC 5452 §4.3)
 * @param response QR: set in responses, clear in queries
 * @param opcode the kind of query
 * @param authoritative AA: the responding server is an authority for the question name
 * @param truncated TC: the message was cut to fit the transport; retry over TCP (RFC 7766)
 * @param recursionDesired RD: the client asks the server to resolve recursively
 * @param recursionAvailable RA: the server offers recursion
 * @param authenticData AD: the resolver validated all answer and authority data with DNSSEC
 *     (RFC 4035 §3.2.3); trust it only from a resolver on a secure channel
 * @param checkingDisabled CD: the client accepts data that failed DNSSEC checks (RFC 4035 §3.2.2)
 * @param rcode the low four bits of the response code; see {@link DnsMessage#rcode()} for the
 *     full value including the EDNS0 extension
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1.1">RFC 1035 §4.1.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4035#section-3.2">RFC 4035 §3.2</a>
 */
public record DnsHeader(
        int id,
        boolean response,
        DnsOpcode opcode,
        boolean authoritative,
        boolean truncated,
        boolean recursionDesired,
        boolean recursionAvailable,
        boolean authenticData,
        boolean checkingDisabled,
        DnsRcode rcode) {

    // Bit masks of the flags word; bit 0 in the RFC drawing is the most significant bit.
    private static final int QR = 0x8000; // query (0) or response (1)
    private static final int AA = 0x0400; // authoritative answer
    private static final int TC = 0x0200; // truncation
    private static final int RD = 0x0100; // recursion desired
    private static final int RA = 0x0080; // recursion available
    private static final int AD = 0x0020; // authentic data, RFC 4035 §3.2.3
    private static final int CD = 0x0010; // checking disabled, RFC 4035 §3.2.2

    /**
     * Checks ranges.
     *
     * @param id the query identifier, 0 to 65535, echoed by the server; a resolver must pick it at
     *     random (RFC 5452 §4.3)
     * @param response QR: set in responses, clear in queries
     * @param opcode the kind of query
     * @param authoritative AA: the responding server is an authority for the question name
     * @param truncated TC: the message was cut to fit the transport; retry over TCP (RFC 7766)
     * @param recursionDesired RD: the client asks the server to resolve recursively
     * @param recursionAvailable RA: the server offers recursion
     * @param authenticData AD: the resolver validated all answer and authority data with DNSSEC
     *     (RFC 4035 §3.2.3); trust it only from a resolver on a secure channel
     * @param checkingDisabled CD: the client accepts data that failed DNSSEC checks (RFC 4035
     *     §3.2.2)
     * @param rcode the low four bits of the response code; see {@link DnsMessage#rcode()} for the
     *     full value including the EDNS0 extension
     * @throws IllegalArgumentException if the ID does not fit in 16 bits or the rcode in 4 bits
     *     (larger codes need the EDNS0 extension, RFC 6891 §6.1.3)
     */
    public DnsHeader {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("id out of range: " + id);
        }
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(rcode, "rcode");
        if (rcode.code() > 15) {
            throw new IllegalArgumentException("header rcode holds 4 bits; use Edns for " + rcode);
        }
    }

    /**
     * Returns the header of a standard query (RFC 1035 §4.1.1): QR clear, opcode QUERY, no
     * other flag but RD.
     *
     * @param id the query identifier, 0 to 65535
     * @param recursionDesired whether to set RD
     * @return the header
     */
    public static DnsHeader query(int id, boolean recursionDesired) {
        return new DnsHeader(id, false, DnsOpcode.QUERY, false, false, recursionDesired, false,
                false, false, DnsRcode.NOERROR);
    }

    /**
     * Builds a header from the ID and the flags word as they are on the wire (RFC 1035 §4.1.1).
     *
     * @param id    the message ID, 0 to 65535
     * @param flags the second 16-bit word: QR, OPCODE, AA, TC, RD, RA, Z, AD, CD, RCODE
     * @return the header
     */
    public static DnsHeader of(int id, int flags) {
        return new DnsHeader(id, (flags & QR) != 0, DnsOpcode.of(flags >>> 11 & 0xF),
                (flags & AA) != 0, (flags & TC) != 0, (flags & RD) != 0, (flags & RA) != 0,
                (flags & AD) != 0, (flags & CD) != 0, DnsRcode.of(flags & 0xF));
    }

    /**
     * Returns the 16-bit flags word as written on the wire, the reserved Z bit clear.
     *
     * @return the second 16-bit word of the header
     */
    public int flags() {
        return (response ? QR : 0) | opcode.code() << 11 | (authoritative ? AA : 0)
                | (truncated ? TC : 0) | (recursionDesired ? RD : 0)
                | (recursionAvailable ? RA : 0) | (authenticData ? AD : 0)
                | (checkingDisabled ? CD : 0) | rcode.code();
    }

    /**
     * Returns the set flags in lower case as dig lists them, for example {@code qr rd ra}.
     *
     * @return the flag names separated by spaces, empty if none is set
     */
    public String flagNames() {
        StringBuilder sb = new StringBuilder();
        appendFlag(sb, response, "qr");
        appendFlag(sb, authoritative, "aa");
        appendFlag(sb, truncated, "tc");
        appendFlag(sb, recursionDesired, "rd");
        appendFlag(sb, recursionAvailable, "ra");
        appendFlag(sb, authenticData, "ad");
        appendFlag(sb, checkingDisabled, "cd");
        return sb.toString();
    }

    private static void appendFlag(StringBuilder sb, boolean set, String name) {
        if (set) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(name);
        }
    }
}
