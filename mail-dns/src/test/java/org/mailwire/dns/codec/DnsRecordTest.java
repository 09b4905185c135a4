// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.dns.codec.DnsFixtures.bytes;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Construction rules and dig-style presentation of records, RDATA and the small value types. */
class DnsRecordTest {

    private static final DnsName OWNER = DnsName.of("example.test");

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text); // an address literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void printsEveryRecordTypeLikeDig() {
        List<Rdata> rdata = List.of(
                new Rdata.A((Inet4Address) literal("192.0.2.1")),
                new Rdata.Aaaa((Inet6Address) literal("2001:db8::1")),
                new Rdata.Ns(DnsName.of("ns1.example.test")),
                new Rdata.Cname(DnsName.of("mx1.example.test")),
                new Rdata.Ptr(DnsName.of("mx1.example.test")),
                new Rdata.Mx(10, DnsName.of("mx1.example.test")),
                new Rdata.Soa(DnsName.of("ns1.example.test"), DnsName.of("hostmaster.example.test"),
                        4294967295L, 7200, 3600, 1209600, 300),
                Rdata.Txt.of("v=spf1 -all", "tab\there \\ \"q\""),
                new Rdata.Srv(0, 1, 465, DnsName.of("mx1.example.test")),
                new Rdata.Tlsa(3, 1, 1, bytes("0c72ac70")),
                Rdata.Caa.of(128, "issue", "ca.example; account=1"),
                new Rdata.Unknown(DnsType.of(65280), bytes("0a000001")),
                new Rdata.Unknown(DnsType.of(65281), new byte[0]));
        List<String> expected = List.of(
                "example.test. 3600 IN A 192.0.2.1",
                "example.test. 3600 IN AAAA 2001:db8::1",
                "example.test. 3600 IN NS ns1.example.test.",
                "example.test. 3600 IN CNAME mx1.example.test.",
                "example.test. 3600 IN PTR mx1.example.test.",
                "example.test. 3600 IN MX 10 mx1.example.test.",
                "example.test. 3600 IN SOA ns1.example.test. hostmaster.example.test. 4294967295 7200 3600 1209600 300",
                "example.test. 3600 IN TXT \"v=spf1 -all\" \"tab\\009here \\\\ \\\"q\\\"\"",
                "example.test. 3600 IN SRV 0 1 465 mx1.example.test.",
                "example.test. 3600 IN TLSA 3 1 1 0C72AC70",
                "example.test. 3600 IN CAA 128 issue \"ca.example; account=1\"",
                "example.test. 3600 IN TYPE65280 \\# 4 0A000001",
                "example.test. 3600 IN TYPE65281 \\# 0");
        for (int i = 0; i < rdata.size(); i++) {
            assertEquals(expected.get(i), DnsRecord.of(OWNER, 3600, rdata.get(i)).toString());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8::1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "::, ::",
        "::1, ::1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "0:0:1:0:0:0:0:0, 0:0:1::",
        "2001:DB8:0:0:0:0:0:ABCD, 2001:db8::abcd",
    })
    void printsIpv6InRfc5952Form(String input, String printed) {
        assertEquals(printed, new Rdata.Aaaa((Inet6Address) literal(input)).toString());
    }

    @Test
    void keepsIpv4MappedIpv6AddressAsAaaa() {
        // InetAddress.getByAddress would turn ::ffff:192.0.2.1 into an Inet4Address; the decoder must not.
        String hex = "1234818000000001" + "00000000" + "00" + "001c0001" + "00000e10" + "0010"
                + "00000000000000000000ffffc0000201";
        DnsMessage message = ((DnsDecodeResult.Decoded) DnsMessage.decode(bytes(hex))).message();
        Rdata.Aaaa aaaa = assertInstanceOf(Rdata.Aaaa.class, message.answers().get(0).rdata());
        assertArrayEquals(bytes("00000000000000000000ffffc0000201"), aaaa.address().getAddress());
        assertEquals(hex, DnsFixtures.hex(message.toBytes()));
    }

    @Test
    void txtStringOf255OctetsIsAcceptedAnd256Rejected() {
        assertEquals(1, new Rdata.Txt(List.of(new byte[255])).size());
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Txt(List.of(new byte[256])));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Txt(List.of()));
    }

    @Test
    void txtCopiesItsOctetsInAndOut() {
        byte[] octets = bytes("616263");
        Rdata.Txt txt = new Rdata.Txt(List.of(octets));
        octets[0] = 'X';
        txt.strings().get(0)[1] = 'Y';
        assertEquals("abc", txt.text());
        assertEquals(Rdata.Txt.of("abc"), txt);
        assertEquals(Rdata.Txt.of("abc").hashCode(), txt.hashCode());
    }

    @Test
    void rejectsOutOfRangeFields() {
        DnsName name = DnsName.of("mx.test");
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Mx(65536, name));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Mx(-1, name));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Srv(0, 0, 65536, name));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Soa(name, name, 1L << 32, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Tlsa(256, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> DnsRecord.of(name, -1, new Rdata.Ns(name)));
        assertThrows(IllegalArgumentException.class, () -> DnsRecord.of(name, 1L << 32, new Rdata.Ns(name)));
        assertEquals(0xFFFFFFFFL, DnsRecord.of(name, 0xFFFFFFFFL, new Rdata.Ns(name)).ttl());
    }

    @Test
    void caaTagMustBeAsciiLettersAndDigits() {
        assertEquals("issuewild", Rdata.Caa.of(0, "issuewild", "ca.test").tag());
        assertThrows(IllegalArgumentException.class, () -> Rdata.Caa.of(0, "", "ca.test"));
        assertThrows(IllegalArgumentException.class, () -> Rdata.Caa.of(0, "is-sue", "ca.test"));
        assertThrows(IllegalArgumentException.class, () -> Rdata.Caa.of(0, "issüe", "ca.test"));
    }

    @Test
    void unknownCannotStandForTypedRdataOrOpt() {
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Unknown(DnsType.MX, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Unknown(DnsType.OPT, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Unknown(DnsType.of(99), new byte[65536]));
        assertEquals(65535, new Rdata.Unknown(DnsType.of(99), new byte[65535]).data().length);
    }

    @Test
    void aaaaRejectsScopedAddress() throws UnknownHostException {
        Inet6Address scoped = Inet6Address.getByAddress(null, bytes("fe800000000000000000000000000001"), 3);
        assertThrows(IllegalArgumentException.class, () -> new Rdata.Aaaa(scoped));
    }

    @Test
    void recognisesNullMx() {
        assertTrue(new Rdata.Mx(0, DnsName.root()).isNullMx());
        assertFalse(new Rdata.Mx(10, DnsName.root()).isNullMx());
        assertFalse(new Rdata.Mx(0, DnsName.of("mx.test")).isNullMx());
    }

    @Test
    void numericTypesShareConstantsAndPrintUnknownCodesGenerically() {
        assertTrue(DnsType.of(15) == DnsType.MX);
        assertEquals(DnsType.MX, new DnsType(15));
        assertEquals("TYPE65280", DnsType.of(65280).toString());
        assertEquals("CLASS32", DnsClass.of(32).toString());
        assertEquals("RCODE4095", DnsRcode.of(4095).toString());
        assertEquals("OPCODE15", DnsOpcode.of(15).toString());
        assertThrows(IllegalArgumentException.class, () -> DnsType.of(65536));
        assertThrows(IllegalArgumentException.class, () -> DnsClass.of(-1));
        assertThrows(IllegalArgumentException.class, () -> DnsRcode.of(4096));
        assertThrows(IllegalArgumentException.class, () -> DnsOpcode.of(16));
    }

    @Test
    void headerHoldsFourRcodeBitsAndEdnsTheRest() {
        assertThrows(IllegalArgumentException.class, () -> new DnsHeader(1, true, DnsOpcode.QUERY, false, false,
                false, false, false, false, DnsRcode.BADVERS));
        assertThrows(IllegalArgumentException.class, () -> DnsHeader.query(65536, true));
        DnsMessage message = new DnsMessage(DnsHeader.of(7, 0x8000), List.of(), List.of(), List.of(), List.of(),
                Optional.of(new Edns(1232, 1, 0, false, List.of())));
        assertEquals(DnsRcode.BADVERS, message.rcode());
    }

    @Test
    void headerFlagBitsMatchRfc1035Layout() {
        // QR opcode=STATUS AA TC RD RA AD CD rcode=NXDOMAIN, Z clear: 1 0010 1 1 1 1 0 1 1 0011.
        DnsHeader header = DnsHeader.of(1, 0x97B3);
        assertTrue(header.response() && header.authoritative() && header.truncated() && header.recursionDesired()
                && header.recursionAvailable() && header.authenticData() && header.checkingDisabled());
        assertEquals(DnsOpcode.STATUS, header.opcode());
        assertEquals(DnsRcode.NXDOMAIN, header.rcode());
        assertEquals(0x97B3, header.flags());
        assertEquals("qr aa tc rd ra ad cd", header.flagNames());
        assertEquals(0x97B3, DnsHeader.of(1, 0x97F3).flags(), "the reserved Z bit is dropped");
    }

    @Test
    void queryBuilderSetsRecursionAndEdns() {
        DnsMessage query = DnsMessage.query(0xBEEF, DnsName.of("example.test"), DnsType.MX, true, 1232);
        assertTrue(query.header().recursionDesired());
        assertFalse(query.header().response());
        assertEquals(Optional.of(Edns.of(1232)), query.edns());
        assertEquals(Optional.empty(), DnsMessage.query(1, OWNER, DnsType.A, true, 0).edns());
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.query(1, OWNER, DnsType.A, true, 511));
    }

    @Test
    void limitsAreCheckedAtTheirBounds() {
        assertEquals(DnsLimits.defaults(), new DnsLimits(255, 63, 128, 1000));
        new DnsLimits(1, 1, 0, 0);
        new DnsLimits(255, 63, 0x3FFF, 4 * 0xFFFF);
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(256, 63, 128, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(0, 63, 128, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(255, 64, 128, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(255, 0, 128, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(255, 63, -1, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(255, 63, 0x4000, 1000));
        assertThrows(IllegalArgumentException.class, () -> new DnsLimits(255, 63, 128, -1));
    }
}
