// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailwire.dns.codec.DnsDecodeResult;
import org.mailwire.dns.codec.DnsLimits;
import org.mailwire.dns.codec.DnsMessage;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRecord;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.codec.Rdata;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.mailwire.dns.codec.DnsFixtures;

/**
 * The DNS message codec: mailwire's {@link DnsMessage} against dnsjava's {@link Message}, the
 * library a Java user would otherwise pick, parsing a realistic MX response and encoding a query.
 *
 * <p>The response is a recorded answer of NSD 4.6.1 to {@code dig MX example.test} over the zone
 * of {@code mail-dns/src/test/resources/dns/example.test.zone} (the same bytes as
 * {@code DnsFixtures.MX_RESPONSE} in mail-dns' tests): 5 MX records whose exchange names are
 * compressed, one NS in the authority section, and in the additional section 5 A, 3 AAAA and
 * the EDNS0 OPT record; 361 octets.
 *
 * <p>Both parse benchmarks read the same things from the result, so neither side can gain by
 * parsing lazily: every answer's MX preference and exchange name, every authority and additional
 * record's owner name, type and RDATA object, with indexed loops so that no iterator is counted.
 * dnsjava's additional section also holds the OPT record, which mailwire keeps apart as
 * {@code edns()}; dnsjava keeps A and AAAA addresses as octets and makes the
 * {@code InetAddress} only when asked, mailwire makes it while decoding, so the mailwire side
 * does that extra work in every parse.
 *
 * <p>Both encode benchmarks build and write the query {@code example.test. IN MX} with RD set
 * and no OPT record (what {@code Message.newQuery} produces), drawing its ID from a
 * {@link SecureRandom} as dnsjava does inside {@code Message.newQuery} and as mailwire's resolver
 * does (RFC 5452 §9.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1">RFC 1035 §4.1</a>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class DnsMessageBenchmark {

    private byte[] response;
    private ByteBuffer responseBuffer;
    private DnsLimits limits;

    private DnsName mailwireName;
    private Name dnsjavaName;
    private final SecureRandom random = new SecureRandom();

    /** Decodes the response once with each library and checks that both see the same records. */
    @Setup
    public void setUp() throws IOException {
        response = HexFormat.of().parseHex(DnsFixtures.MX_RESPONSE);
        responseBuffer = ByteBuffer.wrap(response);
        limits = DnsLimits.defaults();
        mailwireName = DnsName.of("example.test.");
        dnsjavaName = Name.fromString("example.test.");

        DnsMessage message = ((DnsDecodeResult.Decoded) DnsMessage.decode(responseBuffer, limits)).message();
        Message peer = new Message(response);
        long mailwireMx = message.answers().stream().filter(r -> r.rdata() instanceof Rdata.Mx).count();
        long mailwireA = message.additionals().stream().filter(r -> r.rdata() instanceof Rdata.A).count();
        long mailwireAaaa = message.additionals().stream().filter(r -> r.rdata() instanceof Rdata.Aaaa).count();
        long peerMx = peer.getSection(Section.ANSWER).stream().filter(r -> r instanceof MXRecord).count();
        long peerA = peer.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A).count();
        long peerAaaa = peer.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.AAAA).count();
        if (mailwireMx != 5 || mailwireA != 5 || mailwireAaaa != 3 || message.edns().isEmpty()
                || peerMx != mailwireMx || peerA != mailwireA || peerAaaa != mailwireAaaa || peer.getOPT() == null) {
            throw new IllegalStateException("fixture is not the 5-MX response both libraries agree on: mailwire "
                    + mailwireMx + "/" + mailwireA + "/" + mailwireAaaa + ", dnsjava " + peerMx + "/" + peerA
                    + "/" + peerAaaa);
        }
        int mailwireQuery = DnsMessage.query(0, mailwireName, DnsType.MX, true, 0).toBytes().length;
        int peerQuery = Message.newQuery(Record.newRecord(dnsjavaName, Type.MX, DClass.IN)).toWire().length;
        if (mailwireQuery != peerQuery) {
            throw new IllegalStateException("queries differ: " + mailwireQuery + " vs " + peerQuery + " octets");
        }
    }

    /**
     * Parses the MX response with mailwire's {@link DnsMessage#decode(ByteBuffer, DnsLimits)}.
     *
     * @param bh consumes what was read
     */
    @Benchmark
    public void parseMailwire(Blackhole bh) {
        DnsDecodeResult result = DnsMessage.decode(responseBuffer, limits);
        DnsMessage message = ((DnsDecodeResult.Decoded) result).message();
        List<DnsRecord> answers = message.answers();
        for (int i = 0; i < answers.size(); i++) {
            Rdata.Mx mx = (Rdata.Mx) answers.get(i).rdata();
            bh.consume(mx.preference());
            bh.consume(mx.exchange());
        }
        consume(bh, message.authorities());
        consume(bh, message.additionals());
    }

    private static void consume(Blackhole bh, List<DnsRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            DnsRecord record = records.get(i);
            bh.consume(record.name());
            bh.consume(record.type());
            bh.consume(record.rdata());
        }
    }

    /**
     * Parses the same bytes with dnsjava's {@code new Message(byte[])}.
     *
     * @param bh consumes what was read
     * @throws IOException never, the response is well formed
     */
    @Benchmark
    public void parseDnsjava(Blackhole bh) throws IOException {
        Message message = new Message(response);
        List<Record> answers = message.getSection(Section.ANSWER);
        for (int i = 0; i < answers.size(); i++) {
            MXRecord mx = (MXRecord) answers.get(i);
            bh.consume(mx.getPriority());
            bh.consume(mx.getTarget());
        }
        consumeRecords(bh, message.getSection(Section.AUTHORITY));
        consumeRecords(bh, message.getSection(Section.ADDITIONAL));
    }

    private static void consumeRecords(Blackhole bh, List<Record> records) {
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            // The record object is dnsjava's RDATA holder: its fields are the parsed RDATA.
            bh.consume(record.getName());
            bh.consume(record.getType());
            bh.consume(record);
        }
    }

    /**
     * Encodes {@code example.test. IN MX} with mailwire's {@link DnsMessage#query} and
     * {@link DnsMessage#toBytes()}.
     *
     * @return the query octets
     */
    @Benchmark
    public byte[] encodeQueryMailwire() {
        return DnsMessage.query(random.nextInt(0x10000), mailwireName, DnsType.MX, true, 0).toBytes();
    }

    /**
     * Encodes the same query with dnsjava's {@code Message.newQuery(Record.newRecord(..)).toWire()}.
     *
     * @return the query octets
     */
    @Benchmark
    public byte[] encodeQueryDnsjava() {
        return Message.newQuery(Record.newRecord(dnsjavaName, Type.MX, DClass.IN)).toWire();
    }
}
