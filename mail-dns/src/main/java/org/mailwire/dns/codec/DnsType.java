// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/**
 * A resource record TYPE or QTYPE (RFC 1035 §3.2.2, §3.2.3): a 16-bit code with named constants
 * for the types this codec knows; any other code is kept as is (RFC 3597 §2).
 *
 * @param code the 16-bit type code, 0 to 65535
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-3.2.2">RFC 1035 §3.2.2</a>
 */
public record DnsType(int code) {

    /** Host address, RFC 1035 §3.4.1. */
    public static final DnsType A = new DnsType(1);
    /** Authoritative name server, RFC 1035 §3.3.11. */
    public static final DnsType NS = new DnsType(2);
    /** Canonical name for an alias, RFC 1035 §3.3.1. */
    public static final DnsType CNAME = new DnsType(5);
    /** Start of a zone of authority, RFC 1035 §3.3.13. */
    public static final DnsType SOA = new DnsType(6);
    /** Domain name pointer, RFC 1035 §3.3.12. */
    public static final DnsType PTR = new DnsType(12);
    /** Mail exchange, RFC 1035 §3.3.9. */
    public static final DnsType MX = new DnsType(15);
    /** Text strings, RFC 1035 §3.3.14. */
    public static final DnsType TXT = new DnsType(16);
    /** IPv6 host address, RFC 3596 §2.1. */
    public static final DnsType AAAA = new DnsType(28);
    /** Service location, RFC 2782. */
    public static final DnsType SRV = new DnsType(33);
    /** EDNS0 pseudo-record, RFC 6891 §6.1.1. */
    public static final DnsType OPT = new DnsType(41);
    /** TLS certificate association, RFC 6698 §2. */
    public static final DnsType TLSA = new DnsType(52);
    /** QTYPE asking for all records, RFC 1035 §3.2.3 (RFC 8482 lets servers answer minimally). */
    public static final DnsType ANY = new DnsType(255);
    /** Certification authority authorization, RFC 8659 §4. */
    public static final DnsType CAA = new DnsType(257);

    /**
     * Checks the range.
     *
     * @param code the 16-bit type code, 0 to 65535
     * @throws IllegalArgumentException if the code does not fit in 16 bits
     */
    public DnsType {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("type code out of range: " + code);
        }
    }

    /**
     * Returns the type with this code, sharing the constant when there is one.
     *
     * @param code the 16-bit type code
     * @return the type
     * @throws IllegalArgumentException if the code does not fit in 16 bits
     */
    public static DnsType of(int code) {
        return switch (code) {
            case 1 -> A;
            case 2 -> NS;
            case 5 -> CNAME;
            case 6 -> SOA;
            case 12 -> PTR;
            case 15 -> MX;
            case 16 -> TXT;
            case 28 -> AAAA;
            case 33 -> SRV;
            case 41 -> OPT;
            case 52 -> TLSA;
            case 255 -> ANY;
            case 257 -> CAA;
            default -> new DnsType(code);
        };
    }

    /**
     * Tells whether this codec decodes the type's RDATA into a typed {@link Rdata} record rather
     * than {@link Rdata.Unknown}.
     *
     * @return true for A, NS, CNAME, SOA, PTR, MX, TXT, AAAA, SRV, TLSA and CAA
     */
    public boolean hasTypedRdata() {
        return switch (code) {
            case 1, 2, 5, 6, 12, 15, 16, 28, 33, 52, 257 -> true;
            default -> false;
        };
    }

    /**
     * Returns the mnemonic, or {@code TYPE} followed by the decimal code for types without one
     * here (RFC 3597 §5).
     *
     * @return for example {@code MX} or {@code TYPE65280}
     */
    @Override
    public String toString() {
        return switch (code) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 41 -> "OPT";
            case 52 -> "TLSA";
            case 255 -> "ANY";
            case 257 -> "CAA";
            default -> "TYPE" + code;
        };
    }
}
