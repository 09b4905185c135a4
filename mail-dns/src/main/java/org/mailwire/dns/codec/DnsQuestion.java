// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.Objects;

/**
 * An entry of the question section: what is asked (RFC 1035 §4.1.2). A resolver matches a
 * response to its query by ID and by this question, name compared without case (RFC 5452 §9.1).
 *
 * @param name the QNAME
 * @param type the QTYPE
 * @param dnsClass the QCLASS, almost always {@link DnsClass#IN}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1.2">RFC 1035 §4.1.2</a>
 */
public record DnsQuestion(DnsName name, DnsType type, DnsClass dnsClass) {

    /**
     * Checks for nulls.
     *
     * @param name the QNAME
     * @param type the QTYPE
     * @param dnsClass the QCLASS, almost always {@link DnsClass#IN}
     * @throws NullPointerException if a component is null
     */
    public DnsQuestion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dnsClass, "dnsClass");
    }

    /**
     * Returns a question in class IN.
     *
     * @param name the QNAME
     * @param type the QTYPE
     * @return the question
     */
    public static DnsQuestion of(DnsName name, DnsType type) {
        return new DnsQuestion(name, type, DnsClass.IN);
    }

    /**
     * Returns the question as dig prints it in its question section, without the leading
     * semicolon.
     *
     * @return for example {@code example.com. IN MX}
     */
    @Override
    public String toString() {
        return name + " " + dnsClass + " " + type;
    }
}
