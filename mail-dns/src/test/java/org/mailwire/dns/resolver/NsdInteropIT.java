// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.core.testfixtures.Peers;
import org.mailwire.dns.testfixtures.Nsd;

/**
 * The resolver's transport against NSD, a real authoritative server, with {@code dig} on the same
 * zone as the reference.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NsdInteropIT {

    static final String ZONE = """
            $ORIGIN example.test.
            $TTL 3600
            @   IN SOA ns1.example.test. hostmaster.example.test. 2026112301 7200 3600 1209600 300
            @   IN NS ns1.example.test.
            ns1 IN A 127.0.0.1
            @   IN MX 10 mx1.example.test.
            @   IN MX 10 mx2.example.test.
            @   IN MX 20 mx3.example.test.
            mx1 IN A 127.0.0.11
            mx1 IN AAAA ::1
            mx2 IN A 127.0.0.12
            mx3 IN A 127.0.0.13
            www IN CNAME mx1.example.test.
            @   IN TXT "v=spf1 mx -all"
            _submission._tcp IN SRV 0 1 587 mx1.example.test.
            nullmx IN MX 0 .
            """;

    /** {@code example.test. IN MX}, ID 0x4d57, no recursion wanted (RFC 1035 §4.1 layout). */
    private static final byte[] MX_QUERY = HexFormat.of().parseHex(
            "4d5700000001000000000000" + "076578616d706c65047465737400" + "000f0001");

    private static Nsd nsd;
    private static DnsTransport transport;

    @BeforeAll
    static void start() throws Exception {
        Peers.require(Nsd.installed(), "nsd (Debian package nsd) is not installed");
        Peers.require(Nsd.digInstalled(), "dig (Debian package dnsutils) is not installed");
        nsd = Nsd.start("example.test", ZONE);
        transport = new DnsTransport("nsd-interop");
    }

    @AfterAll
    static void stop() {
        if (transport != null) {
            transport.close();
        }
        if (nsd != null) {
            nsd.close();
        }
    }

    @Test
    void recordsOfEveryTypeMatchDig() throws Exception {
        try (DnsResolver dns = DnsResolver.create(ResolverConfig.of(nsd.address()))) {
            String[][] cases = {
                {"example.test.", "MX"}, {"mx1.example.test.", "A"}, {"mx1.example.test.", "AAAA"},
                {"example.test.", "TXT"}, {"_submission._tcp.example.test.", "SRV"},
                {"www.example.test.", "CNAME"}, {"example.test.", "SOA"}, {"example.test.", "NS"},
            };
            for (String[] c : cases) {
                org.mailwire.dns.codec.DnsType type = org.mailwire.dns.DnsLookupAccess.type(c[1]);
                LookupResult r = dns.lookup(org.mailwire.dns.codec.DnsName.of(c[0]), type).get(10, TimeUnit.SECONDS);
                java.util.Set<String> ours = new java.util.TreeSet<>();
                for (org.mailwire.dns.codec.DnsRecord rec : ((LookupResult.Records) r).records()) {
                    ours.add(rec.rdata().toString());
                }
                java.util.Set<String> digs = new java.util.TreeSet<>(nsd.dig(c[0], c[1], "+short", "+norec"));
                assertEquals(digs, ours, c[0] + " " + c[1]);
            }
        }
    }

    @Test
    void mailExchangersOfTheZone() throws Exception {
        try (DnsResolver dns = DnsResolver.create(ResolverConfig.of(nsd.address()))) {
            MxResolver mx = new MxResolver(dns);
            MxResult.Exchangers r = (MxResult.Exchangers) mx.resolve("example.test").get(10, TimeUnit.SECONDS);
            assertEquals(List.of(10, 10, 20), r.exchangers().stream().map(MailExchanger::preference).toList());
            assertEquals("mx3.example.test.", r.exchangers().get(2).host().toString());
            assertEquals(List.of(java.net.InetAddress.getByName("127.0.0.13")), r.exchangers().get(2).addresses());
            assertTrue(mx.resolve("nullmx.example.test").get(10, TimeUnit.SECONDS) instanceof MxResult.NullMx);
            assertTrue(mx.resolve("nope.example.test").get(10, TimeUnit.SECONDS) instanceof MxResult.NoSuchDomain);
            MxResult.Exchangers implicit = (MxResult.Exchangers) mx.resolve("mx2.example.test").get(10, TimeUnit.SECONDS);
            assertTrue(implicit.implicit());
        }
    }

    @Test
    void theLookupToolPrintsWhatDigPrints() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = org.mailwire.dns.DnsLookupAccess.run(new String[] {"MX", "example.test",
            "@127.0.0.1:" + nsd.port()}, out, err);
        assertEquals(0, status, err.toString());
        String text = out.toString();
        for (String line : nsd.dig("example.test", "MX", "+noall", "+answer", "+norec")) {
            String normalized = String.join(" ", line.trim().split("\\s+"));
            assertTrue(text.replaceAll("\\s+", " ").contains(normalized), normalized + " not in\n" + text);
        }
        assertEquals(1, org.mailwire.dns.DnsLookupAccess.run(new String[] {"A", "nope.example.test",
            "@127.0.0.1:" + nsd.port()}, new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream()));
        assertEquals(64, org.mailwire.dns.DnsLookupAccess.run(new String[] {"BOGUS", "x"},
            new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream()));
    }

    @Test
    void udpAndTcpAnswersMatchWhatDigSees() throws Exception {
        byte[] udp = transport.udp(nsd.address(), MX_QUERY, Duration.ofSeconds(2), false).get(10, TimeUnit.SECONDS);
        byte[] tcp = transport.tcp(nsd.address(), MX_QUERY, Duration.ofSeconds(2), false).get(10, TimeUnit.SECONDS);
        int answers = ((udp[6] & 0xff) << 8) | (udp[7] & 0xff);
        assertEquals(0, udp[3] & 0x0f, "NOERROR");
        assertTrue((udp[2] & 0x04) != 0, "AA: NSD is authoritative for the zone");
        assertEquals(answers, ((tcp[6] & 0xff) << 8) | (tcp[7] & 0xff), "same answer count over TCP");
        List<String> dig = nsd.dig("example.test", "MX", "+norec");
        String flags = dig.stream().filter(l -> l.startsWith(";; flags:")).findFirst().orElseThrow();
        assertTrue(flags.contains("ANSWER: " + answers + ","), flags);
        assertEquals(3, answers);
    }
}
