// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/**
 * A response code: the 4 bits of the header (RFC 1035 §4.1.1) extended to 12 bits by the upper
 * 8 bits carried in the EDNS0 OPT record (RFC 6891 §6.1.3).
 *
 * @param code the response code, 0 to 4095
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6895#section-2.3">RFC 6895 §2.3</a>
 */
public record DnsRcode(int code) {

    /** No error, RFC 1035 §4.1.1. */
    public static final DnsRcode NOERROR = new DnsRcode(0);
    /** The server could not interpret the query, RFC 1035 §4.1.1. */
    public static final DnsRcode FORMERR = new DnsRcode(1);
    /** The server failed; a temporary condition for mail routing, RFC 1035 §4.1.1. */
    public static final DnsRcode SERVFAIL = new DnsRcode(2);
    /** The name does not exist, RFC 1035 §4.1.1 ("Name Error"). */
    public static final DnsRcode NXDOMAIN = new DnsRcode(3);
    /** The server does not support the query kind, RFC 1035 §4.1.1. */
    public static final DnsRcode NOTIMP = new DnsRcode(4);
    /** The server refused for policy reasons, RFC 1035 §4.1.1. */
    public static final DnsRcode REFUSED = new DnsRcode(5);
    /** A name exists when it should not, RFC 2136 §2.2. */
    public static final DnsRcode YXDOMAIN = new DnsRcode(6);
    /** An RRset exists when it should not, RFC 2136 §2.2. */
    public static final DnsRcode YXRRSET = new DnsRcode(7);
    /** An RRset that should exist does not, RFC 2136 §2.2. */
    public static final DnsRcode NXRRSET = new DnsRcode(8);
    /** The server is not authoritative for the zone, RFC 2136 §2.2. */
    public static final DnsRcode NOTAUTH = new DnsRcode(9);
    /** A name is not within the zone, RFC 2136 §2.2. */
    public static final DnsRcode NOTZONE = new DnsRcode(10);
    /** The EDNS version is not implemented; needs the OPT extension, RFC 6891 §9. */
    public static final DnsRcode BADVERS = new DnsRcode(16);
    /** Bad or missing server cookie; needs the OPT extension, RFC 7873 §8. */
    public static final DnsRcode BADCOOKIE = new DnsRcode(23);

    /**
     * Checks the range.
     *
     * @param code the response code, 0 to 4095
     * @throws IllegalArgumentException if the code does not fit in 12 bits
     */
    public DnsRcode {
        if (code < 0 || code > 0xFFF) {
            throw new IllegalArgumentException("rcode out of range: " + code);
        }
    }

    /**
     * Returns the response code with this value, sharing the constant when there is one.
     *
     * @param code the 12-bit response code
     * @return the response code
     * @throws IllegalArgumentException if the code does not fit in 12 bits
     */
    public static DnsRcode of(int code) {
        return switch (code) {
            case 0 -> NOERROR;
            case 1 -> FORMERR;
            case 2 -> SERVFAIL;
            case 3 -> NXDOMAIN;
            case 4 -> NOTIMP;
            case 5 -> REFUSED;
            case 6 -> YXDOMAIN;
            case 7 -> YXRRSET;
            case 8 -> NXRRSET;
            case 9 -> NOTAUTH;
            case 10 -> NOTZONE;
            case 16 -> BADVERS;
            case 23 -> BADCOOKIE;
            default -> new DnsRcode(code);
        };
    }

    /**
     * Returns the mnemonic as dig prints it in its status line, or {@code RCODE} and the code.
     *
     * @return for example {@code NXDOMAIN}
     */
    @Override
    public String toString() {
        return switch (code) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 6 -> "YXDOMAIN";
            case 7 -> "YXRRSET";
            case 8 -> "NXRRSET";
            case 9 -> "NOTAUTH";
            case 10 -> "NOTZONE";
            case 16 -> "BADVERS";
            case 23 -> "BADCOOKIE";
            default -> "RCODE" + code;
        };
    }
}
