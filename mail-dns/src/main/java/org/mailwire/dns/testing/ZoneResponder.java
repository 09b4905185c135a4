// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.testing;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwire.dns.codec.DnsDecodeResult;
import org.mailwire.dns.codec.DnsHeader;
import org.mailwire.dns.codec.DnsMessage;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsOpcode;
import org.mailwire.dns.codec.DnsQuestion;
import org.mailwire.dns.codec.DnsRcode;
import org.mailwire.dns.codec.DnsRecord;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.codec.Rdata;

/**
 * Answers queries for {@link TestDnsServer} from a list of records, as an authoritative server
 * would: the records of the name and type asked, CNAMEs chased within the list, NXDOMAIN or an
 * empty answer with the zone's SOA otherwise. Extra records can be forced into the answer or the
 * additional section to test what the resolver must ignore.
 */
public final class ZoneResponder implements TestDnsServer.Responder {

    /** Makes an empty zone; add records with {@link #add}. */
    public ZoneResponder() {
    }

    /** The default zone's origin, {@code example.test.} (RFC 2606 reserves {@code .test}). */
    public static final DnsName ORIGIN = DnsName.of("example.test.");
    /** The default zone's SOA record, sent with negative answers (RFC 2308 §3). */
    public static final DnsRecord SOA = DnsRecord.of(ORIGIN, 3600, new Rdata.Soa(DnsName.of("ns1.example.test."),
            DnsName.of("hostmaster.example.test."), 1, 7200, 3600, 1209600, 300));

    /** The zone's records; add before or while serving. */
    public final List<DnsRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Records forced into every answer section. */
    public final List<DnsRecord> extraAnswers = new ArrayList<>();
    /** Records forced into every additional section. */
    public final List<DnsRecord> extraAdditionals = new ArrayList<>();
    /** How many queries were answered. */
    public final AtomicInteger queries = new AtomicInteger();
    /** When set, every answer has this RCODE and no records. */
    public volatile DnsRcode forcedRcode;
    /** When set, UDP answers are empty with TC set (RFC 1035 §4.1.1), so clients retry over TCP. */
    public volatile boolean truncateUdp;
    /** When set, the question is echoed in lower case (RFC 4343 case-insensitivity). */
    public volatile boolean lowerCaseQuestion;
    /** How long to wait before each answer. */
    public volatile long delayMillis;

    /**
     * Adds a record to the zone.
     *
     * @param name  the owner name
     * @param ttl   the TTL in seconds
     * @param rdata the data
     * @return this responder
     */
    public ZoneResponder add(String name, long ttl, Rdata rdata) {
        records.add(DnsRecord.of(DnsName.of(name), ttl, rdata));
        return this;
    }

    /**
     * Returns A record data for a literal IPv4 address.
     *
     * @param address the address, dotted
     * @return the data
     */
    public static Rdata.A a(String address) {
        try {
            return new Rdata.A((java.net.Inet4Address) InetAddress.getByName(address));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Returns AAAA record data for a literal IPv6 address.
     *
     * @param address the address
     * @return the data
     */
    public static Rdata.Aaaa aaaa(String address) {
        try {
            return new Rdata.Aaaa((java.net.Inet6Address) InetAddress.getByName(address));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Answers from the zone's records, as described on the class. */
    @Override
    public List<TestDnsServer.Response> respond(byte[] query, TestDnsServer.Transport transport) {
        queries.incrementAndGet();
        DnsDecodeResult decoded = DnsMessage.decode(query);
        if (!(decoded instanceof DnsDecodeResult.Decoded d)) {
            return List.of();
        }
        DnsMessage q = d.message();
        DnsQuestion question = q.questions().get(0);
        if (lowerCaseQuestion) {
            question = new DnsQuestion(DnsName.of(question.name().toString().toLowerCase(java.util.Locale.ROOT)),
                    question.type(), question.dnsClass());
        }
        boolean truncated = truncateUdp && transport == TestDnsServer.Transport.UDP;
        List<DnsRecord> answers = new ArrayList<>();
        DnsRcode rcode = DnsRcode.NOERROR;
        List<DnsRecord> authorities = new ArrayList<>();
        if (!truncated) {
            DnsName current = question.name();
            for (int hops = 0; hops < 20; hops++) {
                boolean exists = false;
                DnsName next = null;
                for (DnsRecord r : records) {
                    if (r.name().equals(current)) {
                        exists = true;
                        if (r.type().equals(question.type())) {
                            answers.add(r);
                        } else if (r.rdata() instanceof Rdata.Cname c && !question.type().equals(DnsType.CNAME)) {
                            answers.add(r);
                            next = c.target();
                        }
                    }
                }
                if (!exists && answers.isEmpty()) {
                    rcode = DnsRcode.NXDOMAIN;
                }
                if (next == null || !next.isSubdomainOf(ORIGIN)) {
                    if (!exists && hops > 0) {
                        rcode = DnsRcode.NXDOMAIN;
                    }
                    break;
                }
                current = next;
            }
            answers.addAll(extraAnswers);
            if (answers.isEmpty()) {
                authorities.add(SOA);
            }
        }
        if (forcedRcode != null) {
            rcode = forcedRcode;
            answers.clear();
            authorities.clear();
        }
        DnsHeader header = new DnsHeader(q.header().id(), true, DnsOpcode.QUERY, true, truncated,
                q.header().recursionDesired(), true, false, false, rcode);
        DnsMessage response = new DnsMessage(header, List.of(question), answers, authorities,
                truncated ? List.of() : extraAdditionals, Optional.empty());
        TestDnsServer.Response r = TestDnsServer.Response.of(response.toBytes());
        return List.of(delayMillis > 0 ? r.delayed(delayMillis) : r);
    }
}
