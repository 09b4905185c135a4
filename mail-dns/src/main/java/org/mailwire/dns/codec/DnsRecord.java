// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.Objects;

/**
 * A resource record (RFC 1035 §4.1.3): owner name, class, TTL and RDATA; the type is that of
 * the RDATA, so the two cannot disagree. The EDNS0 OPT pseudo-record is not a {@code DnsRecord}
 * but {@link Edns}.
 *
 * @param name the owner name
 * @param dnsClass the class, almost always {@link DnsClass#IN}
 * @param ttl seconds the record may be cached, 32-bit unsigned as on the wire; RFC 2181 §8 says
 *     to read values with the top bit set as zero, which is the cache's business
 * @param rdata the typed data
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1.3">RFC 1035 §4.1.3</a>
 */
public record DnsRecord(DnsName name, DnsClass dnsClass, long ttl, Rdata rdata) {

    /**
     * Checks for nulls and the TTL range.
     *
     * @param name the owner name
     * @param dnsClass the class, almost always {@link DnsClass#IN}
     * @param ttl seconds the record may be cached, 32-bit unsigned as on the wire; RFC 2181 §8
     *     says to read values with the top bit set as zero, which is the cache's business
     * @param rdata the typed data
     * @throws IllegalArgumentException if the TTL does not fit in 32 unsigned bits
     */
    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dnsClass, "dnsClass");
        Objects.requireNonNull(rdata, "rdata");
        if (ttl < 0 || ttl > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("TTL out of 32-bit range: " + ttl);
        }
    }

    /**
     * Returns a record in class IN.
     *
     * @param name the owner name
     * @param ttl the TTL in seconds
     * @param rdata the data
     * @return the record
     */
    public static DnsRecord of(DnsName name, long ttl, Rdata rdata) {
        return new DnsRecord(name, DnsClass.IN, ttl, rdata);
    }

    /**
     * Returns the record type, that of the RDATA.
     *
     * @return the type
     */
    public DnsType type() {
        return rdata.type();
    }

    /**
     * Returns the record in presentation format on one line, as dig prints it (RFC 1035 §5.1),
     * with single spaces between fields.
     *
     * @return for example {@code example.com. 3600 IN MX 10 mx1.example.com.}
     */
    @Override
    public String toString() {
        return name + " " + ttl + " " + dnsClass + " " + rdata.type() + " " + rdata;
    }
}
