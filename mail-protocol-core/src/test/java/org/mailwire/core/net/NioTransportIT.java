// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.core.testfixtures.TestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport's guarantees, over loopback, with the line-echo protocol of
 * {@link LineEchoSession}: concurrency, TLS (implicit and upgraded), the STARTTLS injection
 * boundary, back-pressure, timeouts, limits and shutdown.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioTransportIT {

    @Test
    void echoesOnAThousandConcurrentConnections() throws Exception {
        try (EchoServer server = new EchoServer(b -> b)) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    clients.add(new RawClient(server.address()));
                }
                for (RawClient c : clients) {
                    assertEquals("HELLO", c.readLine());
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).write("line " + i + "\r\n");
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertEquals("ECHO line " + i, clients.get(i).readLine());
                }
                assertEquals(1000, server.server.connectionCount());
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void pipelinedLinesInOnePacketAreAnsweredInOrder() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                batch.append("p").append(i).append("\r\n");
            }
            c.write(batch.toString());
            for (int i = 0; i < 200; i++) {
                assertEquals("ECHO p" + i, c.readLine());
            }
        }
    }

    @Test
    void asynchronousAnswersKeepPipelinedOrder() throws Exception {
        try (EchoServer server = new EchoServer(b -> b, EchoServer.Answers.OFFLOADED);
                RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("ASK slow-question\r\nPING\r\nASK q\r\nPONG\r\n");
            assertEquals("ANSWER SLOW-QUESTION", c.readLine());
            assertEquals("ECHO PING", c.readLine());
            assertEquals("ANSWER Q", c.readLine());
            assertEquals("ECHO PONG", c.readLine());
        }
    }

    @Test
    void scheduledAnswersWaitTheirDelayAndKeepPipelinedOrder() throws Exception {
        try (EchoServer server = new EchoServer(b -> b, EchoServer.Answers.SCHEDULED);
                RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            long start = System.nanoTime();
            c.write("ASK one\r\nASK two\r\nthree\r\n");
            assertEquals("ANSWER ONE", c.readLine());
            assertEquals("ANSWER TWO", c.readLine());
            assertEquals("ECHO three", c.readLine());
            // Each answer waited its delay, one after the other: the session reads nothing meanwhile.
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= 2 * EchoServer.SCHEDULE_DELAY.toNanos() - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20),
                    "answered after " + elapsed + " ns");
            assertTrue(elapsed < java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void buffersHandedToASessionAreEmptiedOnceConsumed() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            for (int i = 0; i < 20; i++) {
                c.write("round " + i + "\r\n");
                assertEquals("ECHO round " + i, c.readLine());
            }
            LineEchoSession session = server.sessions.get(0);
            // A session that kept a stale reference to a pooled buffer must never see reused bytes.
            for (java.nio.ByteBuffer b : session.received) {
                assertEquals(0, b.remaining());
            }
            assertTrue(session.received.size() >= 20);
        }
    }

    @Test
    void blockingWorkRunsOnTheUsersExecutorAndAnswersOnTheLoop() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "users-own-worker"));
        java.util.concurrent.CompletableFuture<String> workerThread = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> answerThread = new java.util.concurrent.CompletableFuture<>();
        try (EventLoopGroup loops = EventLoopGroup.create(1, executor)) {
            java.util.Map<Connection, LineEchoSession> sessions = new java.util.concurrent.ConcurrentHashMap<>();
            NioServer server = NioServer.builder(conn -> {
                LineEchoSession s = new LineEchoSession();
                sessions.put(conn, s);
                return s;
            }, (Connection conn, String question) -> conn.offload(() -> {
                workerThread.complete(Thread.currentThread().getName());
                return question + "!";
            }).thenAccept(answer -> {
                answerThread.complete(Thread.currentThread().getName());
                sessions.get(conn).answer(answer);
            })).eventLoops(loops).start();
            try (RawClient c = new RawClient(server.address())) {
                assertEquals("HELLO", c.readLine());
                c.write("ASK why\r\n");
                assertEquals("ANSWER why!", c.readLine());
            } finally {
                server.close();
            }
            assertEquals("users-own-worker", workerThread.get(5, TimeUnit.SECONDS));
            assertTrue(answerThread.get(5, TimeUnit.SECONDS).startsWith("mailwire-io-"), answerThread.get());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aPeerThatNeverReadsIsBoundedOverTlsToo() throws Exception {
        TestCertificates certs = TestCertificates.get();
        TransportSettings settings = TransportSettings.defaults().withWriteWatermarks(16 * 1024, 64 * 1024);
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()).settings(settings));
                RawClient c = RawClient.implicitTls(server.address(), certs.clientContext())) {
            assertEquals("HELLO", c.readLine());
            c.write("FLOOD 1000000\r\n");
            LineEchoSession session = server.sessions.get(0);
            Connection conn = server.byConnectionOf(session);
            long maxQueued = awaitStalledProduction(session, conn);
            assertTrue(maxQueued <= 64 * 1024 + LineEchoSession.FLOOD_LINE, "queued " + maxQueued);
            assertEquals("FLOODING", c.readLine());
            assertEquals(LineEchoSession.FLOOD_LINE - 2, c.readLine().length()); // and it still flows
        }
    }

    @Test
    void implicitTlsEchoes() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()));
                RawClient c = RawClient.implicitTls(server.address(), certs.clientContext())) {
            assertEquals("HELLO", c.readLine());
            c.write("over tls\r\n");
            assertEquals("ECHO over tls", c.readLine());
            String big = "y".repeat(900);
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                many.append(big).append(i).append("\r\n"); // 90 KB: several TLS records each way
            }
            c.write(many.toString());
            for (int i = 0; i < 100; i++) {
                assertEquals("ECHO " + big + i, c.readLine());
            }
            assertTrue(server.connectionsSecure());
        }
    }

    @Test
    void startTlsUpgradeNeverProcessesPlaintextSentWithTheCommand() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.startTls(certs.server()));
                RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("before\r\n");
            assertEquals("ECHO before", c.readLine());
            // CVE-2011-0411: the injected command shares the packet with STARTTLS.
            c.write("STARTTLS\r\nINJECTED\r\n");
            assertEquals("GO", c.readLine());
            c.upgrade(certs.clientContext(), "localhost");
            c.write("after\r\n");
            assertEquals("ECHO after", c.readLine());
            LineEchoSession session = server.sessions.get(0);
            assertEquals(List.of("before", "STARTTLS", "after"), session.processed);
            assertTrue(server.connectionsSecure());
        }
    }

    @Test
    void nioClientUpgradesWithStartTlsAndVerifiesTheServer() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.startTls(certs.server()));
                EventLoopGroup loops = EventLoopGroup.create(1)) {
            ClientProbe probe = new ClientProbe();
            Connection c = NioClient.builder(probe, probe).eventLoops(loops).startTls(certs.client())
                    .connect(server.address(), "localhost").get(10, TimeUnit.SECONDS);
            assertEquals("HELLO", probe.line());
            probe.send(c, "STARTTLS");
            assertEquals("GO", probe.line());
            probe.send(c, "secret");
            assertEquals("ECHO secret", probe.line());
            assertTrue(c.isSecure());
            assertTrue(c.tlsSession().isPresent());
            probe.send(c, "QUIT");
            assertEquals("BYE", probe.line());
            c.closeFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nioClientSpeaksImplicitTls() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()));
                EventLoopGroup loops = EventLoopGroup.create(1)) {
            ClientProbe probe = new ClientProbe();
            Connection c = NioClient.builder(probe, probe).eventLoops(loops).implicitTls(certs.client())
                    .connect(server.address(), "localhost").get(10, TimeUnit.SECONDS);
            assertTrue(c.isSecure());
            assertEquals("HELLO", probe.line());
            probe.send(c, "x".repeat(990));
            assertEquals("ECHO " + "x".repeat(990), probe.line());
        }
    }

    @Test
    void clientRefusesACertificateForAnotherName() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()));
                EventLoopGroup loops = EventLoopGroup.create(1)) {
            ClientProbe probe = new ClientProbe();
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> NioClient.builder(probe, probe).eventLoops(loops).implicitTls(certs.client())
                            .connect(server.address(), "mail.wrong.example").join());
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertTrue(probe.lines.isEmpty(), "no application byte may pass");
        }
    }

    @Test
    void clientRefusesAnUntrustedCertificate() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()));
                EventLoopGroup loops = EventLoopGroup.create(1)) {
            ClientProbe probe = new ClientProbe();
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> NioClient.builder(probe, probe).eventLoops(loops).implicitTls(TlsSettings.clientDefaults())
                            .connect(server.address(), "localhost").join());
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
        }
    }

    @Test
    void aPeerThatNeverReadsCannotGrowTheOutboundQueuePastTheWatermark() throws Exception {
        TransportSettings settings = TransportSettings.defaults().withWriteWatermarks(16 * 1024, 64 * 1024)
                .withWriteTimeout(Duration.ofSeconds(2));
        try (EchoServer server = new EchoServer(b -> b.settings(settings))) {
            Socket s = new Socket();
            s.setReceiveBufferSize(16 * 1024);
            try (RawClient c = new RawClient(s, server.address())) {
                assertEquals("HELLO", c.readLine());
                c.write("FLOOD 1000000\r\n"); // a gigabyte, never read
                LineEchoSession session = server.sessions.get(0);
                Connection conn = server.byConnectionOf(session);
                long maxQueued = awaitStalledProduction(session, conn);
                // Kernel buffers take some; the process holds at most the watermark plus one write.
                assertTrue(session.produced.get() < 16 * 1024 * 1024, "produced " + session.produced.get());
                assertTrue(maxQueued <= 64 * 1024 + LineEchoSession.FLOOD_LINE, "queued " + maxQueued);
                // And the write timeout ends it.
                Throwable cause = waitForCloseCause(conn);
                assertInstanceOf(ConnectionTimeoutException.class, cause);
                assertEquals(ConnectionTimeoutException.Kind.WRITE, ((ConnectionTimeoutException) cause).kind());
            }
        }
    }

    @Test
    void aSilentPeerIsClosedAtTheIdleTimeout() throws Exception {
        TransportSettings settings = TransportSettings.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (EchoServer server = new EchoServer(b -> b.settings(settings));
                RawClient c = new RawClient(server.address())) {
            long start = System.nanoTime();
            assertEquals("HELLO", c.readLine());
            assertEquals("TIMEOUT", c.readLine());
            assertTrue(c.isClosedByPeer());
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsed >= 250 && elapsed < 5_000, "closed after " + elapsed + " ms");
            Throwable cause = waitForCloseCause(server.connections().get(0));
            assertEquals(ConnectionTimeoutException.Kind.IDLE, ((ConnectionTimeoutException) cause).kind());
        }
    }

    @Test
    void aTricklingPeerIsClosedAtTheCommandDeadlineNotPerRead() throws Exception {
        TransportSettings settings = TransportSettings.defaults().withIdleTimeout(Duration.ofSeconds(30))
                .withCommandTimeout(Duration.ofMillis(600));
        try (EchoServer server = new EchoServer(b -> b.settings(settings));
                RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    c.write("a"); // a byte every 100 ms: each read alone is quick
                } catch (java.io.IOException e) {
                    closed = true;
                }
                Thread.sleep(100);
                closed |= server.server.connectionCount() == 0;
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closed, "the trickling connection must be closed");
            assertTrue(elapsed < 3_000, "closed after " + elapsed + " ms");
            assertEquals("TIMEOUT", c.readLine());
            Throwable cause = waitForCloseCause(server.connections().get(0));
            assertEquals(ConnectionTimeoutException.Kind.COMMAND, ((ConnectionTimeoutException) cause).kind());
        }
    }

    @Test
    void anUnfinishedTlsHandshakeIsClosed() throws Exception {
        TestCertificates certs = TestCertificates.get();
        TransportSettings settings = TransportSettings.defaults().withTlsHandshakeTimeout(Duration.ofMillis(300));
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()).settings(settings));
                RawClient c = new RawClient(server.address())) {
            c.write("\u0016\u0003\u0001"); // the start of a ClientHello, then silence
            assertTrue(c.isClosedByPeer());
        }
    }

    @Test
    void connectionsPastTheLimitAreRefusedWithTheProtocolsWords() throws Exception {
        try (EchoServer server = new EchoServer(b -> b.limits(new ConnectionLimits(2, 100)));
                RawClient a = new RawClient(server.address());
                RawClient b = new RawClient(server.address())) {
            assertEquals("HELLO", a.readLine());
            assertEquals("HELLO", b.readLine());
            try (RawClient third = new RawClient(server.address())) {
                assertEquals("BUSY TOO_MANY_CONNECTIONS", third.readLine());
                assertTrue(third.isClosedByPeer());
            }
            a.write("still here\r\n");
            assertEquals("ECHO still here", a.readLine());
            a.close();
            waitUntil(() -> server.server.connectionCount() == 1);
            try (RawClient again = new RawClient(server.address())) {
                assertEquals("HELLO", again.readLine());
            }
        }
    }

    @Test
    void oneAddressCannotTakeMoreThanItsShare() throws Exception {
        try (EchoServer server = new EchoServer(b -> b.bind(new InetSocketAddress("127.0.0.1", 0))
                .limits(new ConnectionLimits(100, 1)));
                RawClient a = new RawClient(server.address())) {
            assertEquals("HELLO", a.readLine());
            try (RawClient sameAddress = new RawClient(server.address())) {
                assertEquals("BUSY TOO_MANY_FROM_ADDRESS", sameAddress.readLine());
            }
            Socket other = new Socket();
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            try (RawClient otherAddress = new RawClient(other, server.address())) {
                assertEquals("HELLO", otherAddress.readLine());
            }
        }
    }

    @Test
    void gracefulShutdownLetsSessionsSayGoodbye() throws Exception {
        EchoServer server = new EchoServer(b -> b.settings(TransportSettings.defaults()
                .withShutdownGracePeriod(Duration.ofSeconds(5))));
        try (RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("one\r\n");
            assertEquals("ECHO one", c.readLine());
            server.close();
            assertEquals("SHUTDOWN", c.readLine());
            assertTrue(c.isClosedByPeer());
        }
        try (RawClient late = new RawClient(server.address())) {
            fail("a closed server must not accept");
        } catch (java.io.IOException expected) {
            // connection refused
        }
    }

    @Test
    void aPeerClosingEndsTheConnectionWithoutACause() throws Exception {
        try (EchoServer server = new EchoServer(b -> b)) {
            try (RawClient c = new RawClient(server.address())) {
                assertEquals("HELLO", c.readLine());
                c.write("QUIT\r\n");
                assertEquals("BYE", c.readLine());
                assertTrue(c.isClosedByPeer());
            }
            try (RawClient c = new RawClient(server.address())) {
                assertEquals("HELLO", c.readLine());
            }
            waitUntil(() -> server.server.connectionCount() == 0);
            for (Connection conn : server.connections()) {
                assertNull(conn.closeFuture().handle((v, t) -> t).get(5, TimeUnit.SECONDS));
            }
            assertTrue(server.closeCauses.isEmpty(), server.closeCauses.toString());
        }
    }

    @Test
    void aSessionThatFailsIsClosedWithoutAWordAndTheServerGoesOn() throws Exception {
        SessionFactory<String> factory = conn -> new LineEchoSession() {
            @Override
            public org.mailwire.core.protocol.Step<String> next() {
                org.mailwire.core.protocol.Step<String> step = super.next();
                if (processed.contains("boom")) {
                    throw new IllegalStateException("internal detail that must not reach the wire");
                }
                return step;
            }
        };
        NioServer server = NioServer.builder(factory, (c, e) -> { }).start();
        try {
            try (RawClient c = new RawClient(server.address())) {
                assertEquals("HELLO", c.readLine());
                c.write("boom\r\n");
                assertNull(c.readLine(), "nothing but the close");
            }
            try (RawClient c = new RawClient(server.address())) {
                assertEquals("HELLO", c.readLine());
                c.write("fine\r\n");
                assertEquals("ECHO fine", c.readLine());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void anUpgradeWithoutTlsSettingsClosesTheConnection() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("STARTTLS\r\n");
            // The session's GO is queued before it asks for TLS; the transport then refuses.
            String line = c.readLine();
            assertTrue(line == null || line.equals("GO"), line);
            assertTrue(c.isClosedByPeer());
            Throwable cause = waitForCloseCause(server.connections().get(0));
            assertInstanceOf(IllegalStateException.class, cause);
        }
    }

    @Test
    void aClientConnectingToAClosedPortFails() throws Exception {
        java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = probe.getLocalPort();
        probe.close();
        try (EventLoopGroup loops = EventLoopGroup.create(1)) {
            ClientProbe client = new ClientProbe();
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> NioClient.builder(client, client).eventLoops(loops)
                            .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null).join());
            assertInstanceOf(java.net.ConnectException.class, e.getCause());
        }
    }

    @Test
    void tlsCloseNotifyReachesTheSessionAsEndOfStream() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()))) {
            try (RawClient c = RawClient.implicitTls(server.address(), certs.clientContext())) {
                assertEquals("HELLO", c.readLine());
                c.write("x\r\n");
                assertEquals("ECHO x", c.readLine());
            } // SSLSocket.close sends close_notify
            waitUntil(() -> server.server.connectionCount() == 0);
            assertNull(server.connections().get(0).closeFuture().handle((v, t) -> t).get(5, TimeUnit.SECONDS));
        }
    }

    /**
     * Waits until the session stops producing because the peer does not read; returns the most
     * octets seen queued meanwhile.
     */
    private static long awaitStalledProduction(LineEchoSession session, Connection conn) throws InterruptedException {
        long before;
        long after;
        long maxQueued = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            before = session.produced.get();
            for (int i = 0; i < 10; i++) {
                Thread.sleep(20);
                maxQueued = Math.max(maxQueued, conn.queuedOutboundBytes());
            }
            after = session.produced.get();
        } while (before != after && System.nanoTime() < deadline);
        assertEquals(before, after, "production must stall while the peer does not read");
        return maxQueued;
    }

    private static Throwable waitForCloseCause(Connection c) throws Exception {
        Throwable cause = c.closeFuture().handle((v, t) -> t).get(20, TimeUnit.SECONDS);
        assertNotNull(cause, "closed without a cause");
        return cause instanceof CompletionException ? cause.getCause() : cause;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached in 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** A client application: records every line the client session hands up. */
    private static final class ClientProbe implements SessionFactory<String>, EventHandler<String> {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private LineClientSession session;

        @Override
        public org.mailwire.core.protocol.ProtocolSession<String> open(Connection connection) {
            session = new LineClientSession();
            return session;
        }

        @Override
        public void onEvent(Connection connection, String event) {
            lines.add(event);
        }

        void send(Connection c, String line) {
            c.execute(() -> session.send(line));
        }

        String line() throws InterruptedException {
            String l = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(l, "no line within 10 s");
            assertFalse(l.equals("<EOF>"), "connection ended");
            return l;
        }
    }
}
