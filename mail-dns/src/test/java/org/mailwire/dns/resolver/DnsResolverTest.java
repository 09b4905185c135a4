// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import org.mailwire.dns.testfixtures.ManualClock;
import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRcode;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.codec.Rdata;

/** The stub resolver against {@link TestDnsServer} answering from a {@link ZoneResponder}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsResolverTest {

    private static ResolverConfig config(TestDnsServer... servers) {
        InetSocketAddress[] addresses = new InetSocketAddress[servers.length];
        for (int i = 0; i < servers.length; i++) {
            addresses[i] = servers[i].address();
        }
        return ResolverConfig.of(addresses).withTimeout(Duration.ofMillis(500)).withAttempts(1);
    }

    private static DnsName name(String n) {
        return DnsName.of(n);
    }

    @Test
    void returnsRecordsAndServesTheSecondLookupFromTheCache() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("mx1.example.test.", 300, ZoneResponder.a("192.0.2.1"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            LookupResult r = dns.lookup(name("mx1.example.test."), DnsType.A).get();
            assertInstanceOf(LookupResult.Records.class, r);
            assertEquals("mx1.example.test. 300 IN A 192.0.2.1",
                    ((LookupResult.Records) r).records().get(0).toString().replace('\t', ' ').replaceAll(" +", " "));
            dns.lookup(name("MX1.Example.Test."), DnsType.A).get();
            assertEquals(1, zone.queries.get(), "the second lookup (any case) comes from the cache");
        }
    }

    @Test
    void cachedAnswersExpireWithTheirTtl() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("a.example.test.", 60, ZoneResponder.a("192.0.2.1"));
        ManualClock clock = new ManualClock();
        try (TestDnsServer server = new TestDnsServer(zone);
                DnsResolver dns = DnsResolver.create(config(server), ResolverOptions.defaults(), clock)) {
            dns.lookup(name("a.example.test."), DnsType.A).get();
            clock.advance(Duration.ofSeconds(59));
            dns.lookup(name("a.example.test."), DnsType.A).get();
            assertEquals(1, zone.queries.get());
            clock.advance(Duration.ofSeconds(2));
            dns.lookup(name("a.example.test."), DnsType.A).get();
            assertEquals(2, zone.queries.get(), "asked again after 60 s");
        }
    }

    @Test
    void nxdomainIsPermanentAndCachedForTheSoaMinimum() throws Exception {
        ZoneResponder zone = new ZoneResponder();
        ManualClock clock = new ManualClock();
        try (TestDnsServer server = new TestDnsServer(zone);
                DnsResolver dns = DnsResolver.create(config(server), ResolverOptions.defaults(), clock)) {
            LookupResult r = dns.lookup(name("nope.example.test."), DnsType.MX).get();
            assertInstanceOf(LookupResult.NoSuchName.class, r);
            assertTrue(r.isDefinite());
            clock.advance(Duration.ofSeconds(299));
            dns.lookup(name("nope.example.test."), DnsType.MX).get();
            assertEquals(1, zone.queries.get(), "RFC 2308 §5: min(SOA TTL 3600, MINIMUM 300)");
            clock.advance(Duration.ofSeconds(2));
            dns.lookup(name("nope.example.test."), DnsType.MX).get();
            assertEquals(2, zone.queries.get());
        }
    }

    @Test
    void anExistingNameWithoutTheTypeIsNoData() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("host.example.test.", 300, ZoneResponder.a("192.0.2.1"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            assertInstanceOf(LookupResult.NoData.class, dns.lookup(name("host.example.test."), DnsType.MX).get());
        }
    }

    @Test
    void followsCnamesWithinTheZone() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("www.example.test.", 300, new Rdata.Cname(name("web.example.test.")))
                .add("web.example.test.", 300, new Rdata.Cname(name("host.example.test.")))
                .add("host.example.test.", 300, ZoneResponder.a("192.0.2.7"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            LookupResult.Records r = (LookupResult.Records) dns.lookup(name("www.example.test."), DnsType.A).get();
            assertEquals(name("www.example.test."), r.name());
            assertEquals(name("host.example.test."), r.canonicalName());
            assertEquals(1, zone.queries.get(), "the chain came in one answer");
        }
    }

    @Test
    void aCnameLoopIsATemporaryFailureNotAHang() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("a.example.test.", 300, new Rdata.Cname(name("b.example.test.")))
                .add("b.example.test.", 300, new Rdata.Cname(name("a.example.test.")));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            LookupResult r = dns.lookup(name("a.example.test."), DnsType.A).get();
            assertInstanceOf(LookupResult.Failure.class, r);
        }
    }

    @Test
    void dns09RecordsOffTheChainAndAdditionalDataAreNeverAnswers() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("host.example.test.", 300, ZoneResponder.a("192.0.2.1"));
        zone.extraAnswers.add(org.mailwire.dns.codec.DnsRecord.of(name("bank.example."), 300, ZoneResponder.a("203.0.113.66")));
        zone.extraAdditionals.add(org.mailwire.dns.codec.DnsRecord.of(name("mx.bank.example."), 300, ZoneResponder.a("203.0.113.66")));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            LookupResult.Records r = (LookupResult.Records) dns.lookup(name("host.example.test."), DnsType.A).get();
            assertEquals(1, r.records().size());
            // The smuggled names were not cached either: asking for them asks the server.
            int before = zone.queries.get();
            assertInstanceOf(LookupResult.NoSuchName.class, dns.lookup(name("mx.bank.example."), DnsType.A).get());
            assertEquals(before + 1, zone.queries.get());
        }
    }

    @Test
    void dns09DataForACnameTargetOutsideTheZoneIsAskedForSeparately() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("www.example.test.", 300, new Rdata.Cname(name("cdn.elsewhere.example.")));
        // An answer that also carries an address for the outside target, which must not be used.
        zone.extraAnswers.add(org.mailwire.dns.codec.DnsRecord.of(name("cdn.elsewhere.example."), 300,
                ZoneResponder.a("203.0.113.66")));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            LookupResult r = dns.lookup(name("www.example.test."), DnsType.A).get();
            assertEquals(2, zone.queries.get(), "the target was asked for on its own");
            // Asked on its own, the test server (authoritative for example.test only) has no such
            // name... but it still adds the extra record: the separate answer is what counts.
            assertInstanceOf(LookupResult.Records.class, r);
            assertEquals(name("cdn.elsewhere.example."), ((LookupResult.Records) r).canonicalName());
        }
    }

    @Test
    void dns11ServfailMovesToTheNextServerAndAllFailingIsTemporary() throws Exception {
        ZoneResponder broken = new ZoneResponder();
        broken.forcedRcode = DnsRcode.SERVFAIL;
        ZoneResponder good = new ZoneResponder().add("mx1.example.test.", 300, ZoneResponder.a("192.0.2.1"));
        try (TestDnsServer first = new TestDnsServer(broken); TestDnsServer second = new TestDnsServer(good);
                DnsResolver dns = DnsResolver.create(config(first, second))) {
            assertInstanceOf(LookupResult.Records.class, dns.lookup(name("mx1.example.test."), DnsType.A).get());
            assertEquals(1, broken.queries.get());
        }
        try (TestDnsServer first = new TestDnsServer(broken); DnsResolver dns = DnsResolver.create(config(first))) {
            LookupResult r = dns.lookup(name("mx1.example.test."), DnsType.A).get();
            assertInstanceOf(LookupResult.Failure.class, r);
            assertTrue(((LookupResult.Failure) r).reason().contains("SERVFAIL"), r.toString());
        }
    }

    @Test
    void dns11SilentServersAreATemporaryFailureAfterEveryAttempt() throws Exception {
        try (TestDnsServer silent = new TestDnsServer((q, t) -> List.of());
                DnsResolver dns = DnsResolver.create(config(silent).withAttempts(2))) {
            LookupResult r = dns.lookup(name("mx1.example.test."), DnsType.A).get();
            assertInstanceOf(LookupResult.Failure.class, r);
            assertEquals(2, silent.received.size(), "one query per attempt");
        }
    }

    @Test
    void dns10ATruncatedAnswerIsAskedAgainOverTcp() throws Exception {
        ZoneResponder zone = new ZoneResponder();
        for (int i = 0; i < 200; i++) {
            zone.add("big.example.test.", 300, Rdata.Txt.of("record " + i + " " + "x".repeat(100)));
        }
        zone.truncateUdp = true;
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            LookupResult.Records r = (LookupResult.Records) dns.lookup(name("big.example.test."), DnsType.TXT).get();
            assertEquals(200, r.records().size(), "a 20 KB answer over TCP");
            assertEquals(List.of(TestDnsServer.Transport.UDP, TestDnsServer.Transport.TCP),
                    server.received.stream().map(TestDnsServer.Received::transport).toList());
        }
    }

    @Test
    void identicalLookupsInFlightShareOneQuery() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("slow.example.test.", 300, ZoneResponder.a("192.0.2.1"));
        zone.delayMillis = 200;
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            CompletableFuture<LookupResult> a = dns.lookup(name("slow.example.test."), DnsType.A);
            CompletableFuture<LookupResult> b = dns.lookup(name("slow.example.test."), DnsType.A);
            assertEquals(a.get(), b.get());
            assertEquals(1, zone.queries.get());
        }
    }

    @Test
    void dns07QueryIdsAreUnpredictable() throws Exception {
        ZoneResponder zone = new ZoneResponder();
        try (TestDnsServer server = new TestDnsServer(zone);
                DnsResolver dns = DnsResolver.create(config(server), ResolverOptions.defaults().withMaxCacheEntries(0))) {
            for (int i = 0; i < 100; i++) {
                dns.lookup(name("n" + i + ".example.test."), DnsType.A).get();
            }
            Set<Integer> ids = new HashSet<>();
            int ascending = 0;
            int previous = -1;
            for (TestDnsServer.Received r : server.received) {
                int id = DnsWire.id(r.query());
                ids.add(id);
                if (id == previous + 1) {
                    ascending++;
                }
                previous = id;
            }
            assertTrue(ids.size() >= 95, "IDs repeat: " + ids.size());
            assertTrue(ascending < 5, "IDs look sequential");
        }
    }

    @Test
    void dns08WithCaseRandomizationAnAnswerMustEchoTheCase() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("host.example.test.", 300, ZoneResponder.a("192.0.2.1"));
        ResolverOptions x20 = ResolverOptions.defaults().withCaseRandomization(true);
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server), x20)) {
            assertInstanceOf(LookupResult.Records.class, dns.lookup(name("host.example.test."), DnsType.A).get());
            zone.lowerCaseQuestion = true; // a server (or a spoofer) that does not echo the case
            LookupResult r = dns.lookup(name("host.example.test."), DnsType.AAAA).get();
            assertInstanceOf(LookupResult.Failure.class, r);
        }
    }

    @Test
    void searchListAppliesToShortNames() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("mail.example.test.", 300, ZoneResponder.a("192.0.2.9"));
        try (TestDnsServer server = new TestDnsServer(zone);
                DnsResolver dns = DnsResolver.create(new ResolverConfig(List.of(server.address()),
                        List.of("example.test"), 1, Duration.ofMillis(500), 1, false))) {
            LookupResult.Records r = (LookupResult.Records) dns.lookup("mail", DnsType.A).get();
            assertEquals(name("mail.example.test."), r.canonicalName());
            assertInstanceOf(LookupResult.NoSuchName.class, dns.lookup("absent.", DnsType.A).get());
        }
    }

    @Test
    void unicodeNamesAreConvertedToALabels() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("xn--bcher-kva.example.test.", 300, ZoneResponder.a("192.0.2.3"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = DnsResolver.create(config(server))) {
            assertInstanceOf(LookupResult.Records.class, dns.lookup("bücher.example.test.", DnsType.A).get());
        }
    }
}
