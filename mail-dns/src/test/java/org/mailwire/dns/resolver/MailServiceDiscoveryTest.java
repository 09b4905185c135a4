// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRcode;
import org.mailwire.dns.codec.Rdata;

/** RFC 6186 service discovery with RFC 8314 preferences, RFC 2782 ordering, and TXT. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailServiceDiscoveryTest {

    private static DnsResolver resolver(TestDnsServer server) {
        return DnsResolver.create(ResolverConfig.of(server.address()).withTimeout(Duration.ofMillis(500)).withAttempts(1));
    }

    private static Rdata.Srv srv(int priority, int weight, int port, String target) {
        return new Rdata.Srv(priority, weight, port, DnsName.of(target));
    }

    @Test
    void implicitTlsServersComeBeforeStartTlsOnesEachByPriority() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("_submission._tcp.example.test.", 300, srv(0, 1, 587, "smtp.example.test."))
                .add("_submissions._tcp.example.test.", 300, srv(20, 1, 465, "backup.example.test."))
                .add("_submissions._tcp.example.test.", 300, srv(10, 1, 465, "smtp.example.test."));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            List<MailServiceDiscovery.ServiceTarget> t = new MailServiceDiscovery(dns)
                    .discover("example.test", MailServiceDiscovery.Service.SUBMISSION).get();
            assertEquals(List.of(465, 465, 587), t.stream().map(MailServiceDiscovery.ServiceTarget::port).toList());
            assertEquals(List.of(true, true, false), t.stream().map(MailServiceDiscovery.ServiceTarget::implicitTls).toList());
            assertEquals(DnsName.of("smtp.example.test."), t.get(0).host());
            assertEquals(DnsName.of("backup.example.test."), t.get(1).host());
        }
    }

    @Test
    void aDotTargetSaysTheServiceIsNotOffered() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("_pop3s._tcp.example.test.", 300, srv(0, 0, 0, "."))
                .add("_pop3._tcp.example.test.", 300, srv(0, 0, 0, "."));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            assertTrue(new MailServiceDiscovery(dns).discover("example.test", MailServiceDiscovery.Service.POP3)
                    .get().isEmpty());
            assertTrue(new MailServiceDiscovery(dns).discover("example.test", MailServiceDiscovery.Service.IMAP)
                    .get().isEmpty(), "no records at all: nothing to offer");
        }
    }

    @Test
    void equalPrioritiesAreOrderedByWeightedChance() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("_imaps._tcp.example.test.", 300, srv(0, 90, 993, "big.example.test."))
                .add("_imaps._tcp.example.test.", 300, srv(0, 10, 993, "small.example.test."));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            int bigFirst = 0;
            Set<DnsName> seenFirst = new HashSet<>();
            for (int seed = 0; seed < 200; seed++) {
                List<MailServiceDiscovery.ServiceTarget> t = new MailServiceDiscovery(dns, new Random(seed))
                        .discover("example.test", MailServiceDiscovery.Service.IMAP).get();
                assertEquals(2, t.size());
                seenFirst.add(t.get(0).host());
                if (t.get(0).host().equals(DnsName.of("big.example.test."))) {
                    bigFirst++;
                }
            }
            assertEquals(2, seenFirst.size(), "both can come first");
            assertTrue(bigFirst > 140, "weight 90 of 100 comes first most of the time: " + bigFirst);
        }
    }

    @Test
    void txtRecordsAreJoinedPerRecordAndFailuresAreErrors() throws Exception {
        ZoneResponder zone = new ZoneResponder()
                .add("example.test.", 300, Rdata.Txt.of("v=spf1 ", "mx -all"))
                .add("example.test.", 300, Rdata.Txt.of("other"));
        try (TestDnsServer server = new TestDnsServer(zone); DnsResolver dns = resolver(server)) {
            assertEquals(Set.of("v=spf1 mx -all", "other"),
                    new HashSet<>(new MailServiceDiscovery(dns).txt("example.test").get()));
            assertTrue(new MailServiceDiscovery(dns).txt("nothing.example.test").get().isEmpty());
        }
        ZoneResponder broken = new ZoneResponder();
        broken.forcedRcode = DnsRcode.SERVFAIL;
        try (TestDnsServer server = new TestDnsServer(broken); DnsResolver dns = resolver(server)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> new MailServiceDiscovery(dns).txt("example.test").get());
            assertInstanceOf(DnsFailureException.class, e.getCause());
        }
    }
}
