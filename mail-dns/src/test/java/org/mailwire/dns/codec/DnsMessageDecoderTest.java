// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mailwire.dns.codec.DnsFixtures.bytes;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding of recorded NSD responses and of hostile messages (SECURITY-CASES DNS-01, DNS-02,
 * DNS-04, DNS-05).
 *
 * <p>Hostile fixtures are built by hand from the RFC 1035 §4.1 layout, each with the layout in
 * its comment. Most share this prefix: a 12-octet header (ID 0x1234, flags 0x8180 = QR RD RA)
 * and the question {@code example.com. IN MX} at offset 12, whose name occupies offsets 12 to
 * 24 (length octets at 12 and 20) and which ends at offset 29.
 */
class DnsMessageDecoderTest {

    /** Header: QDCOUNT 1, ANCOUNT 1, NSCOUNT 0, ARCOUNT 0. */
    private static final String HEADER_ONE_ANSWER = "1234818000010001" + "00000000";
    /** {@code example.com. IN MX}, offsets 12 to 28. */
    private static final String QUESTION = "076578616d706c6503636f6d00" + "000f0001";
    /** TYPE A, CLASS IN, TTL 3600, RDLENGTH 4, 192.0.2.1: the tail of an answer record. */
    private static final String A_TAIL = "00010001" + "00000e10" + "0004" + "c0000201";

    private static DnsMessage decoded(String hex) {
        return decoded(hex, DnsLimits.defaults());
    }

    private static DnsMessage decoded(String hex, DnsLimits limits) {
        DnsDecodeResult result = DnsMessage.decode(ByteBuffer.wrap(bytes(hex)), limits);
        if (result instanceof DnsDecodeResult.Decoded d) {
            return d.message();
        }
        return fail("expected a message, got " + result);
    }

    private static DnsDecodeResult.Malformed malformed(String hex) {
        return malformed(hex, DnsLimits.defaults());
    }

    private static DnsDecodeResult.Malformed malformed(String hex, DnsLimits limits) {
        return assertInstanceOf(DnsDecodeResult.Malformed.class,
                DnsMessage.decode(ByteBuffer.wrap(bytes(hex)), limits));
    }

    private static void assertMalformed(DnsMalformation reason, int offset, String hex) {
        assertEquals(new DnsDecodeResult.Malformed(reason, offset), malformed(hex));
    }

    // ---- Recorded NSD responses: every record type and its presentation ----

    static List<Arguments> recordedAnswers() {
        return List.of(
                Arguments.of(DnsFixtures.MX_RESPONSE, List.of(
                        "example.test. 3600 IN MX 10 mx1.example.test.",
                        "example.test. 3600 IN MX 10 mx2.example.test.",
                        "example.test. 3600 IN MX 20 mx3.example.test.",
                        "example.test. 3600 IN MX 30 mx4.example.test.",
                        "example.test. 3600 IN MX 40 mx5.example.test.")),
                Arguments.of(DnsFixtures.TXT_RESPONSE, List.of(
                        "example.test. 3600 IN TXT \"v=spf1 mx -all\"",
                        "example.test. 3600 IN TXT \"first string\" \"second \\\"quoted\\\" string\"")),
                Arguments.of(DnsFixtures.CAA_RESPONSE, List.of(
                        "example.test. 3600 IN CAA 0 issue \"letsencrypt.org\"")),
                Arguments.of(DnsFixtures.TYPE65280_RESPONSE, List.of(
                        "example.test. 3600 IN TYPE65280 \\# 4 0A000001")),
                Arguments.of(DnsFixtures.SOA_RESPONSE, List.of(
                        "example.test. 3600 IN SOA ns1.example.test. hostmaster.example.test. "
                                + "2026112301 7200 3600 1209600 300")),
                Arguments.of(DnsFixtures.CNAME_A_RESPONSE, List.of(
                        "www.example.test. 3600 IN CNAME mx1.example.test.",
                        "mx1.example.test. 3600 IN A 192.0.2.1")),
                Arguments.of(DnsFixtures.SRV_RESPONSE, List.of(
                        "_submissions._tcp.example.test. 3600 IN SRV 0 1 465 mx1.example.test.")),
                Arguments.of(DnsFixtures.TLSA_RESPONSE, List.of(
                        "_25._tcp.mx1.example.test. 3600 IN TLSA 3 1 1 "
                                + "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6")),
                Arguments.of(DnsFixtures.PTR_RESPONSE, List.of(
                        "1.2.0.192.in-addr.example.test. 3600 IN PTR mx1.example.test.")),
                Arguments.of(DnsFixtures.NS_DNSSEC_COOKIE_RESPONSE, List.of(
                        "example.test. 3600 IN NS ns1.example.test.")));
    }

    @ParameterizedTest
    @MethodSource("recordedAnswers")
    void decodesRecordedAnswersAndPrintsThemLikeDig(String hex, List<String> expected) {
        DnsMessage message = decoded(hex);
        assertEquals(expected, message.answers().stream().map(DnsRecord::toString).collect(Collectors.toList()));
        assertTrue(message.header().response());
        assertTrue(message.header().authoritative());
    }

    @Test
    void decodesFiveExchangerResponseWithAdditionalAddresses() {
        DnsMessage message = decoded(DnsFixtures.MX_RESPONSE);
        assertEquals(0x1408, message.header().id());
        assertEquals(List.of(DnsQuestion.of(DnsName.of("example.test"), DnsType.MX)), message.questions());
        assertEquals(new Rdata.Mx(10, DnsName.of("mx1.example.test")), message.answers().get(0).rdata());
        assertEquals(List.of("example.test. 3600 IN NS ns1.example.test."),
                message.authorities().stream().map(DnsRecord::toString).collect(Collectors.toList()));
        assertEquals(List.of(
                "mx1.example.test. 3600 IN A 192.0.2.1",
                "mx2.example.test. 3600 IN A 192.0.2.2",
                "mx3.example.test. 3600 IN A 192.0.2.3",
                "mx4.example.test. 3600 IN A 192.0.2.4",
                "ns1.example.test. 3600 IN A 192.0.2.53",
                "mx1.example.test. 3600 IN AAAA 2001:db8::1",
                "mx2.example.test. 3600 IN AAAA 2001:db8::2",
                "mx5.example.test. 3600 IN AAAA 2001:db8::5"),
                message.additionals().stream().map(DnsRecord::toString).collect(Collectors.toList()));
        assertEquals(Edns.of(1232), message.edns().orElseThrow());
        assertEquals(DnsRcode.NOERROR, message.rcode());
    }

    /** Section sizes that take every branch of the decoder's list building (0 to 10, and over). */
    static IntStream sectionSizes() {
        return IntStream.rangeClosed(0, 12);
    }

    @ParameterizedTest
    @MethodSource("sectionSizes")
    void sectionsOfEverySizeRoundTripInOrder(int size) throws UnknownHostException {
        List<DnsRecord> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            records.add(DnsRecord.of(DnsName.of("h" + i + ".example.com"), 300,
                    new Rdata.A((Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) i}))));
        }
        List<DnsQuestion> questions = size == 0 ? List.of()
                : List.of(DnsQuestion.of(DnsName.of("example.com"), DnsType.A));
        DnsMessage message = new DnsMessage(DnsHeader.query(size, false), questions, records,
                records.subList(0, size / 2), records, size % 2 == 0 ? Optional.empty() : Optional.of(Edns.of(1232)));
        DnsMessage decoded = decoded(DnsFixtures.hex(message.toBytes()));
        assertEquals(message, decoded);
        assertEquals(records, decoded.additionals());
        DnsRecord extra = DnsRecord.of(DnsName.of("extra.example.com"), 300, new Rdata.Ns(DnsName.of("ns.example.com")));
        assertThrows(UnsupportedOperationException.class, () -> decoded.answers().add(extra));
    }

    @Test
    void optRecordBeforeOtherAdditionalRecordsIsTakenOutOfTheSection() {
        // Header QD 0, AN 0, NS 0, AR 2; then OPT (root, TYPE 41, 1232 octets, TTL 0, RDLENGTH 0)
        // and an A record owned by the root.
        DnsMessage message = decoded("1234818000000000" + "00000002" + "00002904d0000000000000" + "00" + A_TAIL);
        assertEquals(Edns.of(1232), message.edns().orElseThrow());
        assertEquals(List.of(". 3600 IN A 192.0.2.1"),
                message.additionals().stream().map(DnsRecord::toString).collect(Collectors.toList()));
    }

    @Test
    void printsWholeMessageLikeDig() {
        String text = decoded(DnsFixtures.CNAME_A_RESPONSE).toString();
        assertTrue(text.startsWith(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 24130\n"
                + ";; flags: qr aa; QUERY: 1, ANSWER: 2, AUTHORITY: 1, ADDITIONAL: 2\n"), text);
        assertTrue(text.contains("\n;; QUESTION SECTION:\n;www.example.test. IN A\n"), text);
        assertTrue(text.contains("; EDNS: version: 0, flags:; udp: 1232\n"), text);
    }

    @Test
    void decodesNxdomainWithSoaForNegativeCaching() {
        DnsMessage message = decoded(DnsFixtures.NXDOMAIN_RESPONSE);
        assertEquals(DnsRcode.NXDOMAIN, message.rcode());
        assertTrue(message.answers().isEmpty());
        Rdata.Soa soa = assertInstanceOf(Rdata.Soa.class, message.authorities().get(0).rdata());
        assertEquals(300, soa.minimum());
    }

    @Test
    void decodesTxtStringsAsOctetsAndJoinsThemForSpf() {
        Rdata.Txt txt = assertInstanceOf(Rdata.Txt.class, decoded(DnsFixtures.TXT_RESPONSE).answers().get(1).rdata());
        assertEquals(2, txt.size());
        assertEquals("first stringsecond \"quoted\" string", txt.text());
    }

    @Test
    void decodesUnknownTypeOpaquelyAndReencodesItUnchanged() {
        DnsMessage message = decoded(DnsFixtures.TYPE65280_RESPONSE);
        Rdata.Unknown unknown = assertInstanceOf(Rdata.Unknown.class, message.answers().get(0).rdata());
        assertEquals(DnsType.of(65280), unknown.type());
        assertArrayEquals(bytes("0a000001"), unknown.data());
        assertEquals(message, decoded(DnsFixtures.hex(message.toBytes())));
    }

    // ---- EDNS0, RFC 6891 ----

    @Test
    void decodesDnssecOkBitAndCookieOptionOfDigQuery() {
        Edns edns = decoded(DnsFixtures.NS_DNSSEC_COOKIE_QUERY).edns().orElseThrow();
        assertEquals(1232, edns.udpPayloadSize());
        assertTrue(edns.dnssecOk());
        assertEquals(0, edns.version());
        assertEquals(List.of(new EdnsOption(EdnsOption.COOKIE, bytes("0a87cd4cbb3cbc9e"))), edns.options());
    }

    @Test
    void combinesExtendedRcodeIntoBadvers() {
        assertEquals(1, decoded(DnsFixtures.BADVERS_QUERY).edns().orElseThrow().version());
        DnsMessage response = decoded(DnsFixtures.BADVERS_RESPONSE);
        assertEquals(DnsRcode.NOERROR, response.header().rcode());
        assertEquals(1, response.edns().orElseThrow().extendedRcode());
        assertEquals(DnsRcode.BADVERS, response.rcode());
    }

    @Test
    void secondOptRecordIsRejected() {
        // Header ARCOUNT 2, then two OPT records (root owner, TYPE 41, CLASS 1232, TTL 0, RDLENGTH 0).
        assertMalformed(DnsMalformation.MULTIPLE_OPT, 40,
                "1234818000010000" + "00000002" + QUESTION
                        + "00" + "0029" + "04d0" + "00000000" + "0000"
                        + "00" + "0029" + "04d0" + "00000000" + "0000");
    }

    @Test
    void optRecordInAnswerSectionIsRejected() {
        assertMalformed(DnsMalformation.OPT_INVALID, 29,
                HEADER_ONE_ANSWER + QUESTION + "00" + "0029" + "04d0" + "00000000" + "0000");
    }

    @Test
    void optRecordWithNonRootOwnerIsRejected() {
        // ARCOUNT 1; owner is a pointer to example.com. at offset 12.
        assertMalformed(DnsMalformation.OPT_INVALID, 29,
                "1234818000010000" + "00000001" + QUESTION + "c00c" + "0029" + "04d0" + "00000000" + "0000");
    }

    @Test
    void optOptionRunningPastRdlengthIsRejected() {
        // RDLENGTH 4 announces one option header, whose OPTION-LENGTH 8 runs past it.
        assertMalformed(DnsMalformation.RDATA_LENGTH_MISMATCH, 44,
                "1234818000010000" + "00000001" + QUESTION + "00" + "0029" + "04d0" + "00000000"
                        + "0004" + "000a0008");
    }

    // ---- DNS-01: compression loops ----

    @Test
    void dns01SelfPointerInQuestionIsRejected() {
        // The question name at offset 12 is C0 0C, a pointer to itself (CVE-2007-3409).
        assertMalformed(DnsMalformation.POINTER_NOT_BACKWARDS, 12,
                "1234010000010000" + "00000000" + "c00c" + "00010001");
    }

    @Test
    void dns01SelfPointerInAnswerIsRejected() {
        // The answer name at offset 29 is C0 1D, a pointer to offset 29.
        assertMalformed(DnsMalformation.POINTER_NOT_BACKWARDS, 29, HEADER_ONE_ANSWER + QUESTION + "c01d" + A_TAIL);
    }

    @Test
    void dns01PointerCycleBetweenTwoNamesIsRejected() {
        // Two questions: A = "a" + pointer to 16 at offsets 12..15, B = "b" + pointer to 12 at
        // 16..19, so A -> B -> A. A cycle needs a pointer that does not go backwards; here it is
        // A's pointer (offset 14) to B, caught on the first hop.
        assertMalformed(DnsMalformation.POINTER_NOT_BACKWARDS, 14,
                "1234010000020000" + "00000000" + "0161c010" + "0162c00c" + "00010001" + "00010001");
    }

    @Test
    void dns01PointerBackToStartOfOwnNameIsRejected() {
        // "a" + pointer to 12, its own first label: backwards from the pointer, but not before
        // the run it belongs to, so following it would loop.
        assertMalformed(DnsMalformation.POINTER_NOT_BACKWARDS, 14,
                "1234010000010000" + "00000000" + "0161c00c" + "00010001");
    }

    @Test
    void dns01LongPointerChainStopsAtHopLimit() {
        // Questions 1..4: "a." at 12, then at 19, 27 and 35 a label followed by a pointer to the
        // previous name ("b" + C0 0C, ...), each question followed by TYPE A CLASS IN. The
        // fourth name takes three hops; the third (pointer at 21) is one too many for a limit of 2.
        String hex = "1234010000040000" + "00000000"
                + "016100" + "00010001" // 12: a.
                + "0162c00c" + "00010001" // 19: b.a.
                + "0163c013" + "00010001" // 27: c.b.a.
                + "0164c01b" + "00010001"; // 35: d.c.b.a.
        DnsLimits three = DnsLimits.defaults().withMaxPointerHops(3);
        assertEquals(DnsName.of("d.c.b.a"), decoded(hex, three).questions().get(3).name());
        assertEquals(new DnsDecodeResult.Malformed(DnsMalformation.TOO_MANY_POINTERS, 21),
                malformed(hex, three.withMaxPointerHops(2)));
    }

    // ---- DNS-02: pointers that do not go to a prior label ----

    @Test
    void dns02PointerToLaterOffsetIsRejected() {
        // The answer name at 29 points to 31, its own TYPE field.
        assertMalformed(DnsMalformation.POINTER_NOT_BACKWARDS, 29, HEADER_ONE_ANSWER + QUESTION + "c01f" + A_TAIL);
    }

    @Test
    void dns02PointerPastEndOfMessageIsRejected() {
        assertMalformed(DnsMalformation.POINTER_OUT_OF_RANGE, 29, HEADER_ONE_ANSWER + QUESTION + "c0ff" + A_TAIL);
        assertMalformed(DnsMalformation.POINTER_OUT_OF_RANGE, 29, HEADER_ONE_ANSWER + QUESTION + "ffff" + A_TAIL);
    }

    @Test
    void dns02PointerIntoMiddleOfLabelIsRejected() {
        // Offset 14 is the "x" of "example": backwards, but not where a label starts. Read as a
        // length octet it would give the label "ample" plus garbage; the label-start rule
        // catches it whatever the octets there are.
        assertMalformed(DnsMalformation.POINTER_NOT_TO_LABEL, 29, HEADER_ONE_ANSWER + QUESTION + "c00e" + A_TAIL);
    }

    @Test
    void dns02PointerIntoHeaderIsRejected() {
        // Offset 4 holds QDCOUNT 00 01, which would read as the root name preceded by nothing.
        assertMalformed(DnsMalformation.POINTER_NOT_TO_LABEL, 29, HEADER_ONE_ANSWER + QUESTION + "c004" + A_TAIL);
    }

    @Test
    void dns02PointerToTerminatingZeroIsRejected() {
        // Offset 24 is the root octet ending example.com., not a label start.
        assertMalformed(DnsMalformation.POINTER_NOT_TO_LABEL, 29, HEADER_ONE_ANSWER + QUESTION + "c018" + A_TAIL);
    }

    @Test
    void dns02PointerToPriorLabelIsFollowed() {
        // Offset 20 is the label "com" of the question name.
        DnsMessage message = decoded(HEADER_ONE_ANSWER + QUESTION + "c014" + A_TAIL);
        assertEquals(DnsName.of("com."), message.answers().get(0).name());
        // And the usual pointer to the whole question name.
        assertEquals(DnsName.of("example.com."),
                decoded(HEADER_ONE_ANSWER + QUESTION + "c00c" + A_TAIL).answers().get(0).name());
    }

    // ---- DNS-04: label and name limits, RFC 1035 §2.3.4 ----

    @Test
    void dns04LabelLengthOctet0x40IsRejectedAsReservedLabelType() {
        // 0x40 is 64, one past the limit, and also has the high bits 01 of the obsolete extended
        // label type (RFC 6891 §5), so it is rejected before any length check.
        assertMalformed(DnsMalformation.RESERVED_LABEL_TYPE, 12,
                "1234010000010000" + "00000000" + "40" + "61".repeat(64) + "00" + "00010001");
    }

    @Test
    void dns04ReservedLabelType0x80IsRejected() {
        assertMalformed(DnsMalformation.RESERVED_LABEL_TYPE, 12, "1234010000010000" + "00000000" + "8000" + "00010001");
    }

    @Test
    void dns04LabelOf63OctetsIsAcceptedAndOverTheLimitRejected() {
        String hex = "1234010000010000" + "00000000" + "3f" + "61".repeat(63) + "00" + "00010001";
        assertEquals(63, decoded(hex).questions().get(0).name().labels().get(0).length());
        DnsLimits lower = new DnsLimits(255, 62, 128, 1000);
        assertEquals(new DnsDecodeResult.Malformed(DnsMalformation.LABEL_TOO_LONG, 12), malformed(hex, lower));
        assertEquals(63, decoded(hex, new DnsLimits(255, 63, 128, 1000))
                .questions().get(0).name().labels().get(0).length());
    }

    /** A name of {@code wireLength} octets: 63-octet labels, then one shorter label, then root. */
    private static String nameOfLength(int wireLength) {
        StringBuilder sb = new StringBuilder();
        int left = wireLength - 1;
        while (left > 0) {
            int label = Math.min(63, left - 1);
            sb.append(String.format("%02x", label)).append("61".repeat(label));
            left -= label + 1;
        }
        return sb.append("00").toString();
    }

    @Test
    void dns04NameOf255OctetsIsAcceptedAnd256Rejected() {
        String header = "1234010000010000" + "00000000";
        assertEquals(255, decoded(header + nameOfLength(255) + "00010001").questions().get(0).name().wireLength());
        DnsDecodeResult.Malformed tooLong = malformed(header + nameOfLength(256) + "00010001");
        assertEquals(DnsMalformation.NAME_TOO_LONG, tooLong.reason());
    }

    @Test
    void dns04NameOver255OctetsOnlyAfterDecompressionIsRejected() {
        // Question at 12: a 250-octet name. Answer owner: a 9-octet label, then a pointer to it,
        // 260 octets once decompressed.
        String name250 = nameOfLength(250);
        String hex = HEADER_ONE_ANSWER + name250 + "00010001" + "09" + "62".repeat(9) + "c00c" + A_TAIL;
        assertEquals(DnsMalformation.NAME_TOO_LONG, malformed(hex).reason());
    }

    @Test
    void dns04EmptyLabelInsideNameDesynchronisesAndIsRejected() {
        // Meant as "a..b": on the wire the empty label is the root and ends the name "a.", so
        // 01 62 becomes QTYPE, 00 00 QCLASS, and three octets remain that no count announces.
        assertMalformed(DnsMalformation.TRAILING_BYTES, 19, "1234010000010000" + "00000000" + "016100" + "0162" + "0000" + "000100");
    }

    @Test
    void dns04NameLimitAndLabelLimitAreEnforcedAtTheLimitAndOnePast() {
        // Longest name in the MX response: mx1.example.test., 18 octets; longest label 7 octets.
        assertEquals(5, decoded(DnsFixtures.MX_RESPONSE, new DnsLimits(18, 7, 128, 1000)).answers().size());
        assertEquals(DnsMalformation.NAME_TOO_LONG,
                malformed(DnsFixtures.MX_RESPONSE, new DnsLimits(17, 63, 128, 1000)).reason());
        assertEquals(DnsMalformation.LABEL_TOO_LONG,
                malformed(DnsFixtures.MX_RESPONSE, new DnsLimits(255, 6, 128, 1000)).reason());
    }

    @Test
    void dns04PointerHopLimitIsEnforcedAtTheLimitAndOnePast() {
        // In the MX response an additional owner points at an MX exchange, which points at the
        // question name: two hops.
        assertEquals(8, decoded(DnsFixtures.MX_RESPONSE, DnsLimits.defaults().withMaxPointerHops(2))
                .additionals().size());
        assertEquals(DnsMalformation.TOO_MANY_POINTERS,
                malformed(DnsFixtures.MX_RESPONSE, DnsLimits.defaults().withMaxPointerHops(1)).reason());
    }

    // ---- DNS-05: counts and lengths that disagree with the message ----

    /** Two MX answers of 20 octets each: owner pointer, TYPE MX, CLASS IN, TTL, RDLENGTH 8, 10 mx1.example.com. */
    private static final String TWO_MX = "c00c000f000100000e100008000a036d7831c00c"
            + "c00c000f000100000e100008000a036d7832c00c";

    @Test
    void dns05AnswerCountBeyondMessageIsRejected() {
        // ANCOUNT 5 but two records: 57 octets after the header cannot hold 1 question and 5 records.
        assertMalformed(DnsMalformation.COUNTS_EXCEED_MESSAGE, 4, "1234818000010005" + "00000000" + QUESTION + TWO_MX);
        // ANCOUNT 3 passes the size check and runs out at offset 69, where the third would start.
        assertMalformed(DnsMalformation.TRUNCATED, 69, "1234818000010003" + "00000000" + QUESTION + TWO_MX);
        assertEquals(2, decoded("1234818000010002" + "00000000" + QUESTION + TWO_MX).answers().size());
    }

    @Test
    void dns05RdlengthBeyondEndIsRejected() {
        // RDLENGTH 16 at offset 39 but only four octets follow.
        assertMalformed(DnsMalformation.RDATA_BEYOND_MESSAGE, 39,
                HEADER_ONE_ANSWER + QUESTION + "c00c" + "00010001" + "00000e10" + "0010" + "c0000201");
    }

    @Test
    void dns05MxExchangeRunningPastRdlengthIsRejected() {
        // RDLENGTH 4 covers the preference and "03 6d" only; the label "mx1" runs past it even
        // though the message continues.
        assertMalformed(DnsMalformation.RDATA_LENGTH_MISMATCH, 43,
                HEADER_ONE_ANSWER + QUESTION + "c00c000f000100000e10" + "0004" + "000a036d7831c00c");
    }

    @Test
    void dns05MxExchangeEndingBeforeRdlengthIsRejected() {
        // RDLENGTH 9 for 8 octets of MX RDATA plus one stray octet.
        assertMalformed(DnsMalformation.RDATA_LENGTH_MISMATCH, 49,
                HEADER_ONE_ANSWER + QUESTION + "c00c000f000100000e10" + "0009" + "000a036d7831c00c" + "ff");
    }

    @Test
    void dns05AddressRecordOfWrongLengthIsRejected() {
        assertMalformed(DnsMalformation.RDATA_LENGTH_MISMATCH, 41,
                HEADER_ONE_ANSWER + QUESTION + "c00c" + "00010001" + "00000e10" + "0005" + "c000020101");
        assertMalformed(DnsMalformation.RDATA_LENGTH_MISMATCH, 41,
                HEADER_ONE_ANSWER + QUESTION + "c00c" + "001c0001" + "00000e10" + "0004" + "20010db8");
    }

    @Test
    void dns05SrvTargetCompressedByPeerIsReadLeniently() {
        // RFC 2782 forbids compressing the SRV target, but some servers do; the pointer to the
        // question name at 12 is followed, within RDLENGTH 8.
        DnsMessage message = decoded(HEADER_ONE_ANSWER + QUESTION + "c00c" + "00210001" + "00000e10" + "0008"
                + "000a0005" + "0019" + "c00c");
        assertEquals(new Rdata.Srv(10, 5, 25, DnsName.of("example.com")), message.answers().get(0).rdata());
    }

    @Test
    void dns05SrvTargetRunningPastRdlengthIsRejected() {
        // RDLENGTH 8 ends inside the label "mx1" of the target.
        assertMalformed(DnsMalformation.RDATA_LENGTH_MISMATCH, 47,
                HEADER_ONE_ANSWER + QUESTION + "c00c" + "00210001" + "00000e10" + "0008"
                        + "000a0005" + "0019" + "036d7831c00c");
    }

    @Test
    void dns05PointerIntoOpaqueRdataIsRejected() {
        // Answer 1 is TYPE65280 whose RDATA at offset 41 happens to look like the name "a.";
        // answer 2's owner points there. Opaque RDATA is never read as names (RFC 3597 §4), so
        // offset 41 is no label start.
        assertMalformed(DnsMalformation.POINTER_NOT_TO_LABEL, 44,
                "1234818000010002" + "00000000" + QUESTION
                        + "c00c" + "ff000001" + "00000e10" + "0003" + "016100"
                        + "c029" + A_TAIL);
    }

    @Test
    void dns05CaaWithEmptyTagIsRejected() {
        assertMalformed(DnsMalformation.RDATA_INVALID, 42,
                HEADER_ONE_ANSWER + QUESTION + "c00c" + "01010001" + "00000e10" + "0003" + "000061");
    }

    @Test
    void dns05EveryTruncationOfRecordedResponseIsMalformed() {
        byte[] whole = bytes(DnsFixtures.MX_RESPONSE);
        for (int length = 0; length < whole.length; length++) {
            DnsDecodeResult result = DnsMessage.decode(ByteBuffer.wrap(whole, 0, length), DnsLimits.defaults());
            assertInstanceOf(DnsDecodeResult.Malformed.class, result, "prefix of " + length);
        }
    }

    @Test
    void dns05RecordCountLimitIsEnforcedAtTheLimitAndOnePast() {
        // 1 question, 5 answers, 1 authority, 8 additionals and the OPT record: 16 entries.
        assertEquals(5, decoded(DnsFixtures.MX_RESPONSE, DnsLimits.defaults().withMaxRecords(16)).answers().size());
        assertEquals(new DnsDecodeResult.Malformed(DnsMalformation.TOO_MANY_RECORDS, 4),
                malformed(DnsFixtures.MX_RESPONSE, DnsLimits.defaults().withMaxRecords(15)));
    }

    @Test
    void dns05HeaderShorterThanTwelveOctetsIsTruncated() {
        assertMalformed(DnsMalformation.TRUNCATED, 11, "1234818000010000000000");
    }

    @Test
    void dns05DecodesFromBufferRegionWithoutMovingIt() {
        byte[] message = bytes(DnsFixtures.MX_RESPONSE);
        byte[] padded = new byte[message.length + 10];
        System.arraycopy(message, 0, padded, 7, message.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded);
        direct.position(7).limit(7 + message.length);
        DnsDecodeResult result = DnsMessage.decode(direct, DnsLimits.defaults());
        assertEquals(DnsMessage.decode(message), result);
        assertEquals(7, direct.position());
    }

    @Test
    void dns05DecodesFromHeapSliceWithOffsetAndFromReadOnlyViewAlike() {
        byte[] message = bytes(DnsFixtures.MX_RESPONSE);
        byte[] padded = new byte[message.length + 20];
        System.arraycopy(message, 0, padded, 12, message.length);
        // A slice with a non-zero array offset, then a position inside the slice: both count.
        ByteBuffer slice = ByteBuffer.wrap(padded, 5, padded.length - 5).slice();
        slice.position(7).limit(7 + message.length);
        DnsDecodeResult expected = DnsMessage.decode(message);
        assertEquals(expected, DnsMessage.decode(slice, DnsLimits.defaults()));
        assertEquals(7, slice.position());
        ByteBuffer readOnly = slice.asReadOnlyBuffer();
        assertFalse(readOnly.hasArray());
        assertEquals(expected, DnsMessage.decode(readOnly, DnsLimits.defaults()));
    }

    // ---- Encoding ----

    @Test
    void encodesQueryExactlyAsDigDoes() {
        // dig sets AD in queries by default (RFC 6840 §5.7); otherwise this is DnsMessage.query.
        DnsMessage digLike = new DnsMessage(
                new DnsHeader(0x1408, false, DnsOpcode.QUERY, false, false, false, false, true, false, DnsRcode.NOERROR),
                List.of(DnsQuestion.of(DnsName.of("example.test"), DnsType.MX)), List.of(), List.of(), List.of(),
                java.util.Optional.of(Edns.of(1232)));
        assertEquals(DnsFixtures.MX_QUERY, DnsFixtures.hex(digLike.toBytes()));
        assertEquals(digLike, decoded(DnsFixtures.MX_QUERY));
        DnsMessage query = DnsMessage.query(0x1408, DnsName.of("example.test"), DnsType.MX, false, 1232);
        byte[] expected = bytes(DnsFixtures.MX_QUERY);
        expected[3] = 0; // no AD
        assertArrayEquals(expected, query.toBytes());
    }

    @Test
    void compressesExchangeAgainstOwnerOfLoneRecord() {
        DnsMessage message = new DnsMessage(DnsHeader.query(0x1234, false), List.of(),
                List.of(DnsRecord.of(DnsName.of("example.com"), 300, new Rdata.Mx(10, DnsName.of("mx.example.com")))),
                List.of(), List.of(), Optional.empty());
        // Header 00-11; owner example.com. at 12-24; TYPE, CLASS, TTL, RDLENGTH 7 at 25-34;
        // preference 10, label "mx", then a pointer to offset 12.
        assertEquals("123400000000000100000000" + "076578616d706c6503636f6d00" + "000f0001" + "0000012c"
                + "0007" + "000a" + "026d78" + "c00c", DnsFixtures.hex(message.toBytes()));
    }

    @Test
    void encodesLoneQuestionWithoutCompressionTable() {
        DnsMessage query = DnsMessage.query(0x1234, DnsName.of("example.com"), DnsType.MX, true, 0);
        assertEquals("123401000001000000000000" + "076578616d706c6503636f6d00" + "000f0001",
                DnsFixtures.hex(query.toBytes()));
    }

    static List<String> recordedResponses() {
        return List.of(DnsFixtures.MX_RESPONSE, DnsFixtures.TXT_RESPONSE, DnsFixtures.CAA_RESPONSE,
                DnsFixtures.TYPE65280_RESPONSE, DnsFixtures.SOA_RESPONSE, DnsFixtures.CNAME_A_RESPONSE,
                DnsFixtures.SRV_RESPONSE, DnsFixtures.TLSA_RESPONSE, DnsFixtures.PTR_RESPONSE,
                DnsFixtures.NXDOMAIN_RESPONSE, DnsFixtures.NS_DNSSEC_COOKIE_RESPONSE, DnsFixtures.BADVERS_RESPONSE);
    }

    @ParameterizedTest
    @MethodSource("recordedResponses")
    void reencodesRecordedResponseToTheSameMessage(String hex) {
        DnsMessage message = decoded(hex);
        byte[] encoded = message.toBytes();
        assertEquals(message, decoded(DnsFixtures.hex(encoded)));
        assertFalse(encoded.length > bytes(hex).length, "compression at least as good as NSD's");
    }

    @Test
    void reencodesFiveExchangerResponseByteForByteLikeNsd() {
        assertEquals(DnsFixtures.MX_RESPONSE, DnsFixtures.hex(decoded(DnsFixtures.MX_RESPONSE).toBytes()));
    }

    @Test
    void neverCompressesSrvTarget() {
        DnsName target = DnsName.of("mx1.example.test");
        DnsMessage message = new DnsMessage(DnsHeader.query(1, false), List.of(),
                List.of(DnsRecord.of(target, 60, new Rdata.A((java.net.Inet4Address) address("192.0.2.1"))),
                        DnsRecord.of(DnsName.of("_submissions._tcp.example.test"), 60, new Rdata.Srv(0, 1, 465, target))),
                List.of(), List.of(), java.util.Optional.empty());
        byte[] wire = message.toBytes();
        byte[] targetWire = target.toWire();
        // The target's full wire form ends the message: written out, not as a pointer.
        assertArrayEquals(targetWire, Arrays.copyOfRange(wire, wire.length - targetWire.length, wire.length));
        assertEquals(message, DnsMessage.decode(wire) instanceof DnsDecodeResult.Decoded d ? d.message() : null);
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
