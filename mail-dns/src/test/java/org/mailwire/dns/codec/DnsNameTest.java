// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailwire.dns.codec.DnsFixtures.bytes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Presentation parsing and printing, IDN, case-insensitive equality and limits of {@link DnsName}. */
class DnsNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            example.com          | example.com.
            example.com.         | example.com.
            .                    | .
            Mx1.Example.COM      | Mx1.Example.COM.
            a\\.b.example        | a\\.b.example.
            a\\046b.example      | a\\.b.example.
            \\065bc.example      | Abc.example.
            sp\\032ace.example   | sp\\032ace.example.
            back\\\\slash.test   | back\\\\slash.test.
            q\\"uote.test        | q\\"uote.test.
            nul\\000.test        | nul\\000.test.
            hi\\255.test         | hi\\255.test.
            _25._tcp.mx.test     | _25._tcp.mx.test.
            """)
    void parsesPresentationAndPrintsItLikeDig(String text, String printed) {
        assertEquals(printed, DnsName.of(text).toString());
        assertEquals(DnsName.of(text), DnsName.of(printed), "printing then parsing gives the same name");
    }

    @Test
    void keepsEscapedDotInsideOneLabel() {
        assertEquals(List.of("a\\.b", "example"), DnsName.of("a\\.b.example").labels());
        assertArrayEquals(bytes("03612e62076578616d706c6500"), DnsName.of("a\\.b.example").toWire());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a..b", ".a", "..", "a\\", "a\\25", "a\\2x5.b", "a\\256.b", "exa mple\u00e9\\.x"})
    void rejectsMalformedPresentation(String text) {
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(text));
    }

    @Test
    void convertsUnicodeNamesToALabels() {
        assertEquals("xn--bcher-kva.example.", DnsName.of("bücher.example").toString());
        assertEquals(DnsName.of("xn--bcher-kva.example."), DnsName.of("bücher.example."));
        assertEquals("xn--mnchen-3ya.de.", DnsName.of("münchen.de").toString());
    }

    @Test
    void comparesIgnoringAsciiCaseOnly() {
        DnsName lower = DnsName.of("mx1.example.com");
        DnsName mixed = DnsName.of("MX1.Example.Com.");
        assertEquals(lower, mixed);
        assertEquals(lower.hashCode(), mixed.hashCode());
        assertFalse(lower.equalsExactly(mixed), "0x20 checks see the case");
        assertEquals("MX1.Example.Com.", mixed.toString(), "case is preserved");
        // RFC 4343 §3: only A-Z fold; octets above 0x7F compare exactly.
        assertNotEquals(DnsName.of("\\196.test"), DnsName.of("\\228.test"));
    }

    @Test
    void navigatesLabels() {
        DnsName name = DnsName.of("mx1.example.com");
        assertEquals(List.of("mx1", "example", "com"), name.labels());
        assertEquals(3, name.labelCount());
        assertEquals(DnsName.of("example.com"), name.parent());
        assertEquals(DnsName.root(), name.parent().parent().parent());
        assertTrue(DnsName.root().isRoot());
        assertEquals(0, DnsName.root().labelCount());
        assertThrows(IllegalStateException.class, () -> DnsName.root().parent());
    }

    @Test
    void subdomainTestFollowsLabelBoundaries() {
        DnsName zone = DnsName.of("example.com");
        assertTrue(DnsName.of("mx.EXAMPLE.com").isSubdomainOf(zone));
        assertTrue(zone.isSubdomainOf(zone));
        assertTrue(zone.isSubdomainOf(DnsName.root()));
        assertFalse(DnsName.of("badexample.com").isSubdomainOf(zone), "suffix but not at a label boundary");
        assertFalse(DnsName.of("mx.bank.example").isSubdomainOf(zone));
        assertFalse(DnsName.of("com").isSubdomainOf(zone));
    }

    @Test
    void labelOf63OctetsIsAcceptedAnd64Rejected() {
        assertEquals(63, DnsName.of("a".repeat(63) + ".test").labels().get(0).length());
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a".repeat(64) + ".test"));
    }

    @Test
    void nameOf255OctetsIsAcceptedAnd256Rejected() {
        // Three 63-octet labels (192 octets with length octets), a 61-octet label (62), root (1).
        String label63 = "a".repeat(63);
        String name255 = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);
        assertEquals(255, DnsName.of(name255).wireLength());
        assertEquals(255, DnsName.of(name255 + ".").wireLength());
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(label63 + "." + label63 + "." + label63 + "." + "b".repeat(62)));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(name255 + ".c"));
    }

    @Test
    void escapedOctetsCountOnceTowardsTheLimits() {
        assertEquals(63, DnsName.of("\\097".repeat(63) + ".test").toWire()[0]);
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("\\097".repeat(64) + ".test"));
    }
}
