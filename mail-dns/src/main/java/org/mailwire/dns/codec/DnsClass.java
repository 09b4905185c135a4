// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/**
 * A resource record CLASS or QCLASS (RFC 1035 §3.2.4, §3.2.5): a 16-bit code with named
 * constants; other codes are kept as is (RFC 3597 §2).
 *
 * @param code the 16-bit class code, 0 to 65535
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-3.2.4">RFC 1035 §3.2.4</a>
 */
public record DnsClass(int code) {

    /** The Internet, RFC 1035 §3.2.4. */
    public static final DnsClass IN = new DnsClass(1);
    /** Chaos, RFC 1035 §3.2.4. */
    public static final DnsClass CH = new DnsClass(3);
    /** Hesiod, RFC 1035 §3.2.4. */
    public static final DnsClass HS = new DnsClass(4);
    /** QCLASS NONE, RFC 2136 §1.3. */
    public static final DnsClass NONE = new DnsClass(254);
    /** QCLASS matching any class, RFC 1035 §3.2.5. */
    public static final DnsClass ANY = new DnsClass(255);

    /**
     * Checks the range.
     *
     * @param code the 16-bit class code, 0 to 65535
     * @throws IllegalArgumentException if the code does not fit in 16 bits
     */
    public DnsClass {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("class code out of range: " + code);
        }
    }

    /**
     * Returns the class with this code, sharing the constant when there is one.
     *
     * @param code the 16-bit class code
     * @return the class
     * @throws IllegalArgumentException if the code does not fit in 16 bits
     */
    public static DnsClass of(int code) {
        return switch (code) {
            case 1 -> IN;
            case 3 -> CH;
            case 4 -> HS;
            case 254 -> NONE;
            case 255 -> ANY;
            default -> new DnsClass(code);
        };
    }

    /**
     * Returns the mnemonic, or {@code CLASS} followed by the decimal code (RFC 3597 §5).
     *
     * @return for example {@code IN} or {@code CLASS32}
     */
    @Override
    public String toString() {
        return switch (code) {
            case 1 -> "IN";
            case 3 -> "CH";
            case 4 -> "HS";
            case 254 -> "NONE";
            case 255 -> "ANY";
            default -> "CLASS" + code;
        };
    }
}
