// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.util.List;
import java.util.Objects;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRecord;
import org.mailwire.dns.codec.DnsType;

/**
 * The outcome of looking up one name and type: records, an empty answer, a name that does not
 * exist, or a failure to get an answer. Permanent and temporary outcomes are distinct types, so a
 * caller cannot bounce mail on a server failure (RFC 5321 §5.1, SECURITY-CASES DNS-11).
 */
public sealed interface LookupResult {

    /**
     * Returns the name that was looked up.
     *
     * @return the queried name
     */
    DnsName name();

    /**
     * Tells whether the outcome is a definite answer from DNS (records, no data, no such name)
     * rather than a failure to get one.
     *
     * @return {@code true} for an authoritative outcome that retrying would not change soon
     */
    default boolean isDefinite() {
        return !(this instanceof Failure);
    }

    /**
     * Records of the type asked for.
     *
     * @param name          the queried name
     * @param canonicalName the name the records are at, after following CNAMEs (RFC 1034 §3.6.2)
     * @param type          the type asked for
     * @param records       the records, at least one
     */
    record Records(DnsName name, DnsName canonicalName, DnsType type, List<DnsRecord> records) implements LookupResult {
        // Copies the list.
        public Records {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(canonicalName, "canonicalName");
            Objects.requireNonNull(type, "type");
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("no records: use NoData");
            }
        }
    }

    /**
     * The name exists but has no records of the type (NOERROR with an empty answer, RFC 2308 §2.2).
     *
     * @param name          the queried name
     * @param canonicalName the name after following CNAMEs
     * @param type          the type asked for
     */
    record NoData(DnsName name, DnsName canonicalName, DnsType type) implements LookupResult {
    }

    /**
     * The name does not exist (NXDOMAIN, RFC 2308 §2.1): a permanent answer.
     *
     * @param name          the queried name
     * @param canonicalName the name that does not exist, after following CNAMEs
     */
    record NoSuchName(DnsName name, DnsName canonicalName) implements LookupResult {
    }

    /**
     * No usable answer: every server timed out, answered SERVFAIL, REFUSED or something
     * malformed, or the CNAME chain looped or ran too long. A temporary condition: mail is
     * deferred, never bounced (what an MTA reports as 451 4.4.3).
     *
     * @param name   the queried name
     * @param reason what went wrong, for logs and delay notices
     */
    record Failure(DnsName name, String reason) implements LookupResult {
    }
}
