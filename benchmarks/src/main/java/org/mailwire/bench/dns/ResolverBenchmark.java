// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mailwire.dns.codec.DnsMessage;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRcode;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.resolver.DnsResolver;
import org.mailwire.dns.resolver.ResolverConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.mailwire.dns.testfixtures.Nsd;

/**
 * Stub resolver queries per second against NSD on loopback: mailwire's
 * {@link DnsResolver#query(DnsName, DnsType)} (uncached: it always asks the server) against
 * dnsjava's {@link SimpleResolver}, the resolver a Java user would otherwise pick.
 *
 * <p>NSD is started once per trial on a free 127.0.0.1 port serving the zone of mail-dns' tests
 * ({@code mail-dns/src/test/resources/dns/example.test.zone}); every operation asks one question,
 * the names and types rotating over 17 (name, type) pairs that cover every record but the
 * TYPE65280 one. Both sides send RD and an EDNS0 OPT
 * record advertising 1232 octets, wait for the answer over UDP and decode it.
 * {@code *Sequential} has one query in flight; {@code *InFlight16} sends 16 at once and waits for
 * all (the score is still queries per second, via {@link OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ResolverBenchmark {

    /** The zone of mail-dns' NSD interop tests, {@code example.test.zone}. */
    static final String ZONE = """
            $ORIGIN example.test.
            $TTL 3600
            @       IN SOA  ns1.example.test. hostmaster.example.test. 2026112301 7200 3600 1209600 300
            @       IN NS   ns1.example.test.
            @       IN MX   10 mx1.example.test.
            @       IN MX   10 mx2.example.test.
            @       IN MX   20 mx3.example.test.
            @       IN MX   30 mx4.example.test.
            @       IN MX   40 mx5.example.test.
            @       IN TXT  "v=spf1 mx -all"
            @       IN TXT  "first string" "second \\"quoted\\" string"
            @       IN CAA  0 issue "letsencrypt.org"
            @       IN TYPE65280 \\# 4 0A000001
            ns1     IN A    192.0.2.53
            mx1     IN A    192.0.2.1
            mx1     IN AAAA 2001:db8::1
            mx2     IN A    192.0.2.2
            mx2     IN AAAA 2001:db8::2
            mx3     IN A    192.0.2.3
            mx4     IN A    192.0.2.4
            mx5     IN AAAA 2001:db8::5
            www     IN CNAME mx1.example.test.
            _submissions._tcp IN SRV 0 1 465 mx1.example.test.
            _25._tcp.mx1 IN TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
            1.2.0.192.in-addr IN PTR mx1.example.test.
            """;

    /** The questions asked in turn: every owner name and type in {@link #ZONE}. */
    private static final String[][] QUESTIONS = {
        {"example.test.", "MX"}, {"example.test.", "SOA"}, {"example.test.", "NS"},
        {"example.test.", "TXT"}, {"example.test.", "CAA"}, {"ns1.example.test.", "A"},
        {"mx1.example.test.", "A"}, {"mx1.example.test.", "AAAA"}, {"mx2.example.test.", "A"},
        {"mx2.example.test.", "AAAA"}, {"mx3.example.test.", "A"}, {"mx4.example.test.", "A"},
        {"mx5.example.test.", "AAAA"}, {"www.example.test.", "CNAME"},
        {"_submissions._tcp.example.test.", "SRV"}, {"_25._tcp.mx1.example.test.", "TLSA"},
        {"1.2.0.192.in-addr.example.test.", "PTR"},
    };

    private static final int IN_FLIGHT = 16;

    private Nsd nsd;
    private DnsResolver mailwire;
    private SimpleResolver dnsjava;

    private DnsName[] mailwireNames;
    private DnsType[] mailwireTypes;
    private Name[] dnsjavaNames;
    private int[] dnsjavaTypes;
    private int next;

    /**
     * Starts NSD, creates both resolvers, and checks that each gets NOERROR with an answer for
     * every question.
     *
     * @throws IOException if NSD cannot be started
     * @throws InterruptedException if interrupted while NSD starts
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        nsd = Nsd.start("example.test.", ZONE);
        mailwire = DnsResolver.create(ResolverConfig.of(nsd.address()).withTimeout(Duration.ofSeconds(2)));
        dnsjava = new SimpleResolver(nsd.address());
        dnsjava.setTimeout(Duration.ofSeconds(2));
        dnsjava.setEDNS(0, 1232, 0, Collections.emptyList());
        int n = QUESTIONS.length;
        mailwireNames = new DnsName[n];
        mailwireTypes = new DnsType[n];
        dnsjavaNames = new Name[n];
        dnsjavaTypes = new int[n];
        for (int i = 0; i < n; i++) {
            mailwireNames[i] = DnsName.of(QUESTIONS[i][0]);
            mailwireTypes[i] = DnsType.of(Type.value(QUESTIONS[i][1]));
            dnsjavaNames[i] = Name.fromString(QUESTIONS[i][0]);
            dnsjavaTypes[i] = Type.value(QUESTIONS[i][1]);
            DnsMessage mine = mailwire.query(mailwireNames[i], mailwireTypes[i]).join();
            Message theirs = dnsjava.send(dnsjavaQuery(i));
            if (!mine.rcode().equals(DnsRcode.NOERROR) || mine.answers().isEmpty()
                    || theirs.getRcode() != Rcode.NOERROR || theirs.getSection(1).isEmpty()
                    || mine.answers().size() != theirs.getSection(1).size()) {
                throw new IllegalStateException("NSD did not answer " + QUESTIONS[i][0] + " " + QUESTIONS[i][1]
                        + " alike: mailwire " + mine.rcode() + "/" + mine.answers().size()
                        + ", dnsjava " + Rcode.string(theirs.getRcode()) + "/" + theirs.getSection(1).size());
            }
        }
    }

    /** Closes both resolvers and stops NSD. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (mailwire != null) {
            mailwire.close();
        }
        if (nsd != null) {
            nsd.close();
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == mailwireNames.length ? 0 : i + 1;
        return i;
    }

    private Message dnsjavaQuery(int i) {
        return Message.newQuery(Record.newRecord(dnsjavaNames[i], dnsjavaTypes[i], DClass.IN));
    }

    /**
     * One uncached query with mailwire's {@link DnsResolver#query}, waiting for the answer.
     *
     * @return the answer
     */
    @Benchmark
    public DnsMessage mailwireSequential() {
        int i = nextIndex();
        return mailwire.query(mailwireNames[i], mailwireTypes[i]).join();
    }

    /**
     * One query with dnsjava's blocking {@code SimpleResolver.send}.
     *
     * @return the answer
     * @throws IOException on a timeout, which would spoil the run
     */
    @Benchmark
    public Message dnsjavaSequential() throws IOException {
        return dnsjava.send(dnsjavaQuery(nextIndex()));
    }

    /**
     * Sixteen uncached mailwire queries at once, waiting for all of them.
     *
     * @return the futures, all complete
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object mailwireInFlight16() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[IN_FLIGHT];
        for (int k = 0; k < IN_FLIGHT; k++) {
            int i = nextIndex();
            futures[k] = mailwire.query(mailwireNames[i], mailwireTypes[i]);
        }
        CompletableFuture.allOf(futures).join();
        return futures;
    }

    /**
     * Sixteen dnsjava queries at once with {@code SimpleResolver.sendAsync}, waiting for all.
     *
     * @return the futures, all complete
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object dnsjavaInFlight16() {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[IN_FLIGHT];
        for (int k = 0; k < IN_FLIGHT; k++) {
            futures[k] = dnsjava.sendAsync(dnsjavaQuery(nextIndex())).toCompletableFuture();
        }
        CompletableFuture.allOf(futures).join();
        return futures;
    }
}
