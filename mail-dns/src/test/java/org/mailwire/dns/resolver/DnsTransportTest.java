// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import org.mailwire.dns.testing.TestDnsServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The resolver's transport against {@link TestDnsServer}: matching, spoofing resistance,
 * truncation and TCP framing (SECURITY-CASES DNS-06, DNS-07, DNS-10).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsTransportTest {

    /** A query for {@code example.com. IN MX} with ID 0x1234, RD set (RFC 1035 §4.1 layout). */
    private static final byte[] QUERY = HexFormat.of().parseHex(
            "123401000001000000000000" + "076578616d706c6503636f6d00" + "000f0001");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DnsTransport transport = new DnsTransport("test-dns-io");

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void udpReturnsTheResponseThatAnswersTheQuery() throws Exception {
        try (TestDnsServer server = new TestDnsServer((q, t) -> List.of(TestDnsServer.Response.of(TestDnsServer.echo(q))))) {
            byte[] r = transport.udp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS);
            assertArrayEquals(TestDnsServer.echo(QUERY), r);
        }
    }

    @Test
    void dns06ResponsesWithAnotherIdOrQuestionOrPortAreIgnored() throws Exception {
        try (TestDnsServer server = new TestDnsServer((q, t) -> {
            byte[] wrongId = TestDnsServer.echo(q);
            wrongId[1] ^= 1;
            byte[] wrongType = TestDnsServer.echo(q);
            wrongType[wrongType.length - 3] = 1; // QTYPE A instead of MX
            byte[] wrongName = TestDnsServer.echo(q);
            wrongName[13] = 'x';
            byte[] spoofed = TestDnsServer.echo(q);
            spoofed[3] = 5; // would say REFUSED
            byte[] genuine = TestDnsServer.echo(q);
            return List.of(
                    TestDnsServer.Response.of(wrongId),
                    TestDnsServer.Response.of(wrongType),
                    TestDnsServer.Response.of(wrongName),
                    TestDnsServer.Response.of(spoofed).spoofedPort(),
                    TestDnsServer.Response.of(genuine).delayed(100));
        })) {
            byte[] r = transport.udp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS);
            assertArrayEquals(TestDnsServer.echo(QUERY), r);
        }
    }

    @Test
    void theQuestionMatchesWithoutRegardToCaseUnlessAskedFor() throws Exception {
        try (TestDnsServer server = new TestDnsServer((q, t) -> {
            byte[] upper = TestDnsServer.echo(q);
            upper[13] = 'E'; // "Example"
            return List.of(TestDnsServer.Response.of(upper));
        })) {
            byte[] r = transport.udp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS);
            assertEquals('E', r[13]);
            // With 0x20 randomisation the server must echo the case exactly (DNS-08).
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> transport.udp(server.address(), QUERY, Duration.ofMillis(300), true).get(5, TimeUnit.SECONDS));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (TestDnsServer server = new TestDnsServer((q, t) -> List.of())) {
            long start = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> transport.udp(server.address(), QUERY, Duration.ofMillis(300), false).get(5, TimeUnit.SECONDS));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 280 && ms < 3_000, ms + " ms");
        }
    }

    @Test
    void dns07EachQueryLeavesFromItsOwnRandomPort() throws Exception {
        try (TestDnsServer server = new TestDnsServer((q, t) -> List.of(TestDnsServer.Response.of(TestDnsServer.echo(q))))) {
            for (int i = 0; i < 40; i++) {
                transport.udp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS);
            }
            Set<Integer> ports = new HashSet<>();
            for (TestDnsServer.Received r : server.received) {
                ports.add(r.client().getPort());
            }
            assertTrue(ports.size() >= 35, "ports must not repeat: " + ports.size() + " distinct of 40");
        }
    }

    @Test
    void dns10TruncatedUdpAnswersAreReturnedForTheTcpRetry() throws Exception {
        try (TestDnsServer server = new TestDnsServer((q, t) -> {
            if (t == TestDnsServer.Transport.UDP) {
                byte[] tc = TestDnsServer.echo(q);
                tc[2] |= 0x02;
                return List.of(TestDnsServer.Response.of(tc));
            }
            return List.of(TestDnsServer.Response.of(TestDnsServer.echoWithPadding(q, 6000)));
        })) {
            byte[] udp = transport.udp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS);
            assertTrue(DnsWire.isTruncated(udp));
            byte[] tcp = transport.tcp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS);
            assertEquals(QUERY.length + 6000, tcp.length, "answers over 4 KiB come whole over TCP");
        }
    }

    @Test
    void dns10BrokenTcpFramingFailsCleanly() throws Exception {
        byte[] zeroLength = {0, 0};
        try (TestDnsServer server = new TestDnsServer((q, t) -> List.of(TestDnsServer.Response.of(zeroLength).raw()))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> transport.tcp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
        }
        try (TestDnsServer server = new TestDnsServer((q, t) -> {
            byte[] r = TestDnsServer.echo(q);
            byte[] claimsMore = new byte[2 + r.length];
            claimsMore[0] = (byte) 0xff; // 65,280 octets announced, a few sent, then close
            claimsMore[1] = 0;
            System.arraycopy(r, 0, claimsMore, 2, r.length);
            return List.of(TestDnsServer.Response.of(claimsMore).raw());
        })) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> transport.tcp(server.address(), QUERY, TIMEOUT, false).get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
        }
    }

    @Test
    void aQueryWithoutExactlyOneQuestionIsRefusedBeforeSending() {
        byte[] noQuestion = HexFormat.of().parseHex("123401000000000000000000");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.udp(new java.net.InetSocketAddress("127.0.0.1", 9), noQuestion, TIMEOUT, false).get());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
}
