// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/**
 * The kind of query in a message header, a 4-bit code (RFC 1035 §4.1.1).
 *
 * @param code the opcode, 0 to 15
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1.1">RFC 1035 §4.1.1</a>
 */
public record DnsOpcode(int code) {

    /** A standard query, RFC 1035 §4.1.1. */
    public static final DnsOpcode QUERY = new DnsOpcode(0);
    /** An inverse query, obsoleted by RFC 3425. */
    public static final DnsOpcode IQUERY = new DnsOpcode(1);
    /** A server status request, RFC 1035 §4.1.1. */
    public static final DnsOpcode STATUS = new DnsOpcode(2);
    /** A zone change notification, RFC 1996. */
    public static final DnsOpcode NOTIFY = new DnsOpcode(4);
    /** A dynamic update, RFC 2136. */
    public static final DnsOpcode UPDATE = new DnsOpcode(5);

    /**
     * Checks the range.
     *
     * @param code the opcode, 0 to 15
     * @throws IllegalArgumentException if the code does not fit in 4 bits
     */
    public DnsOpcode {
        if (code < 0 || code > 15) {
            throw new IllegalArgumentException("opcode out of range: " + code);
        }
    }

    /**
     * Returns the opcode with this code, sharing the constant when there is one.
     *
     * @param code the 4-bit opcode
     * @return the opcode
     * @throws IllegalArgumentException if the code does not fit in 4 bits
     */
    public static DnsOpcode of(int code) {
        return switch (code) {
            case 0 -> QUERY;
            case 1 -> IQUERY;
            case 2 -> STATUS;
            case 4 -> NOTIFY;
            case 5 -> UPDATE;
            default -> new DnsOpcode(code);
        };
    }

    /**
     * Returns the mnemonic as dig prints it, or {@code OPCODE} and the decimal code.
     *
     * @return for example {@code QUERY}
     */
    @Override
    public String toString() {
        return switch (code) {
            case 0 -> "QUERY";
            case 1 -> "IQUERY";
            case 2 -> "STATUS";
            case 4 -> "NOTIFY";
            case 5 -> "UPDATE";
            default -> "OPCODE" + code;
        };
    }
}
