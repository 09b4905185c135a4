// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRcode;
import org.mailwire.dns.codec.DnsRecord;
import org.mailwire.dns.codec.Rdata;

/** MX resolution per RFC 5321 §5.1 and RFC 7505 (SECURITY-CASES DNS-09, DNS-11..14, DNS-16). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MxResolverTest {

    private static DnsResolver resolver(TestDnsServer server) {
        return DnsResolver.create(ResolverConfig.of(server.address()).withTimeout(Duration.ofMillis(500)).withAttempts(1));
    }

    private static ZoneResponder threeExchangers() {
        return new ZoneResponder()
                .add("example.test.", 300, new Rdata.Mx(10, DnsName.of("mx1.example.test.")))
                .add("example.test.", 300, new Rdata.Mx(10, DnsName.of("mx2.example.test.")))
                .add("example.test.", 300, new Rdata.Mx(20, DnsName.of("mx3.example.test.")))
                .add("mx1.example.test.", 300, ZoneResponder.a("127.0.0.11"))
                .add("mx1.example.test.", 300, ZoneResponder.aaaa("::1"))
                .add("mx2.example.test.", 300, ZoneResponder.a("127.0.0.12"))
                .add("mx3.example.test.", 300, ZoneResponder.a("127.0.0.13"));
    }

    @Test
    void exchangersComeByPreferenceWithTheirAddresses() throws Exception {
        try (TestDnsServer server = new TestDnsServer(threeExchangers()); DnsResolver dns = resolver(server)) {
            MxResult.Exchangers r = (MxResult.Exchangers) new MxResolver(dns).resolve("example.test").get();
            assertFalse(r.implicit());
            assertEquals(3, r.exchangers().size());
            assertEquals(DnsName.of("mx3.example.test."), r.exchangers().get(2).host());
            assertEquals(20, r.exchangers().get(2).preference());
            MailExchanger mx1 = r.exchangers().stream()
                    .filter(x -> x.host().equals(DnsName.of("mx1.example.test."))).findFirst().orElseThrow();
            assertEquals(List.of(InetAddress.getByName("127.0.0.11"), InetAddress.getByName("::1")), mx1.addresses());
        }
    }

    @Test
    void dns16EqualPreferencesAreShuffled() throws Exception {
        try (TestDnsServer server = new TestDnsServer(threeExchangers()); DnsResolver dns = resolver(server)) {
            Set<DnsName> firsts = new HashSet<>();
            for (int seed = 0; seed < 20; seed++) {
                MxResult.Exchangers r = (MxResult.Exchangers) new MxResolver(dns, new Random(seed)).resolve("example.test").get();
                firsts.add(r.exchangers().get(0).host());
                assertEquals(DnsName.of("mx3.example.test."), r.exchangers().get(2).host(), "preference 20 stays last");
            }
            assertEquals(2, firsts.size(), "both preference-10 exchangers come first in some runs");
        }
    }

    @Test
    void dns13NoMxButAnAddressIsTheImplicitMx() throws Exception {
        ZoneResponder zone = new ZoneResponder().add("plain.example.test.", 300, ZoneResponder.a("127.0.0.20"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            MxResult.Exchangers r = (MxResult.Exchangers) new MxResolver(dns).resolve("plain.example.test").get();
            assertTrue(r.implicit());
            assertEquals(DnsName.of("plain.example.test."), r.exchangers().get(0).host());
            assertEquals(0, r.exchangers().get(0).preference());
        }
    }

    @Test
    void dns14NullMxIsAPermanentRefusalWithoutAddressFallback() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("nullmx.example.test.", 300, new Rdata.Mx(0, DnsName.root()))
                .add("nullmx.example.test.", 300, ZoneResponder.a("127.0.0.30"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            MxResult r = new MxResolver(dns).resolve("nullmx.example.test").get();
            assertInstanceOf(MxResult.NullMx.class, r);
            assertTrue(r.isPermanent());
        }
    }

    @Test
    void dns12NxdomainIsHostUnknown() throws Exception {
        try (TestDnsServer server = new TestDnsServer(new ZoneResponder()); DnsResolver dns = resolver(server)) {
            MxResult r = new MxResolver(dns).resolve("gone.example.test").get();
            assertInstanceOf(MxResult.NoSuchDomain.class, r);
            assertTrue(r.isPermanent());
        }
    }

    @Test
    void dns11ServerFailureIsTemporaryNeverPermanent() throws Exception {
        ZoneResponder zone = threeExchangers();
        zone.forcedRcode = DnsRcode.SERVFAIL;
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            MxResult r = new MxResolver(dns).resolve("example.test").get();
            assertInstanceOf(MxResult.TemporaryFailure.class, r);
            assertFalse(r.isPermanent());
        }
        try (TestDnsServer silent = new TestDnsServer((q, t) -> List.of()); DnsResolver dns = resolver(silent)) {
            assertInstanceOf(MxResult.TemporaryFailure.class, new MxResolver(dns).resolve("example.test").get());
        }
    }

    @Test
    void dns09AddressesInTheAdditionalSectionAreNotTrusted() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("example.test.", 300, new Rdata.Mx(10, DnsName.of("mx.bank.example.")));
        zone.extraAdditionals.add(DnsRecord.of(DnsName.of("mx.bank.example."), 300, ZoneResponder.a("203.0.113.66")));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            MxResult r = new MxResolver(dns).resolve("example.test").get();
            // Asked separately, mx.bank.example does not exist on this server: no usable exchanger.
            assertInstanceOf(MxResult.NoAddress.class, r);
        }
    }

    @Test
    void exchangersWithoutAddressesAreSkipped() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("example.test.", 300, new Rdata.Mx(5, DnsName.of("dead.example.test.")))
                .add("example.test.", 300, new Rdata.Mx(10, DnsName.of("mx1.example.test.")))
                .add("mx1.example.test.", 300, ZoneResponder.a("127.0.0.11"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            MxResult.Exchangers r = (MxResult.Exchangers) new MxResolver(dns).resolve("example.test").get();
            assertEquals(1, r.exchangers().size());
            assertEquals(DnsName.of("mx1.example.test."), r.exchangers().get(0).host());
        }
    }
}
