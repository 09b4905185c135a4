// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwire.core.testfixtures.TestCertificates;

/**
 * The TLS upgrade boundary as clients put it on the wire: the server's transport must answer the
 * first command after STARTTLS however the client's handshake flights and that command are cut
 * into TCP segments. A hand-driven {@link SSLEngine} client controls every byte: its Finished
 * message and the first command in one write (as OpenSSL clients do), every octet in its own
 * write, random cuts, and the first command sent before the server's TLS 1.3 session tickets are
 * read, over TLS 1.2 and 1.3.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartTlsSegmentationIT {

    /** How the client cuts what it sends into writes. */
    enum Cuts {
        /** Each flight in one write, the first command in another. */
        FLIGHTS,
        /** The last handshake flight and the first command in one write. */
        FINISHED_WITH_COMMAND,
        /** Every octet in its own write. */
        OCTETS,
        /** Writes of random length, the command joined to the last flight. */
        RANDOM
    }

    static Stream<Arguments> cases() {
        return Stream.of("TLSv1.3", "TLSv1.2").flatMap(p -> Stream.of(Cuts.values()).map(c -> Arguments.of(p, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theFirstCommandAfterTheUpgradeIsAnsweredHoweverItArrives(String protocol, Cuts cuts) throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.startTls(certs.server()))) {
            for (int round = 0; round < 10; round++) {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(10_000);
                    socket.connect(server.address(), 5_000);
                    HandDrivenTlsClient client = new HandDrivenTlsClient(socket,
                            certs.clientContext().createSSLEngine("localhost", server.address().getPort()),
                            protocol, cuts, new Random(round));
                    assertEquals("HELLO", client.plainLine());
                    client.plainWrite("STARTTLS\r\n");
                    assertEquals("GO", client.plainLine());
                    client.handshakeThenSend("first " + round + "\r\n");
                    assertEquals("ECHO first " + round, client.secureLine());
                    client.send("second\r\n");
                    assertEquals("ECHO second", client.secureLine());
                    assertEquals(protocol, client.engine.getSession().getProtocol());
                }
            }
            assertTrue(server.closeCauses.stream().noneMatch(c -> !(c instanceof IOException)),
                    () -> "unexpected close causes " + server.closeCauses);
        }
    }

    /** A TLS client whose every write to the socket this test decides. */
    private static final class HandDrivenTlsClient {

        final SSLEngine engine;
        private final InputStream in;
        private final OutputStream out;
        private final Cuts cuts;
        private final Random random;
        private ByteBuffer netIn = ByteBuffer.allocate(64 * 1024).flip();
        private final ByteBuffer appIn = ByteBuffer.allocate(64 * 1024);
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[16 * 1024];

        HandDrivenTlsClient(Socket socket, SSLEngine engine, String protocol, Cuts cuts, Random random)
                throws IOException {
            this.engine = engine;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.cuts = cuts;
            this.random = random;
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {protocol});
        }

        String plainLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        void plainWrite(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /**
         * Runs the handshake, holding each flight until the engine needs the server's answer,
         * then sends {@code command} as the first application data, cut as the case says.
         */
        void handshakeThenSend(String command) throws IOException {
            engine.beginHandshake();
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    wrapInto(held, ByteBuffer.allocate(0));
                } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    emit(held.toByteArray());
                    held.reset();
                    unwrapSome(hs == HandshakeStatus.NEED_UNWRAP_AGAIN);
                } else {
                    break; // FINISHED or NOT_HANDSHAKING
                }
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            wrapInto(data, ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII)));
            if (cuts == Cuts.FLIGHTS) {
                emit(held.toByteArray());
                emit(data.toByteArray());
            } else {
                held.write(data.toByteArray());
                emit(held.toByteArray());
            }
            held.reset();
        }

        void send(String text) throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            wrapInto(data, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            emit(data.toByteArray());
        }

        /** Reads one decrypted line, skipping records without application data (tickets). */
        String secureLine() throws IOException {
            while (true) {
                for (int i = 0; i < appIn.position(); i++) {
                    if (appIn.get(i) == '\n') {
                        byte[] line = new byte[i + 1];
                        appIn.flip();
                        appIn.get(line);
                        appIn.compact();
                        return new String(line, 0, i - (i > 0 && line[i - 1] == '\r' ? 1 : 0),
                                StandardCharsets.US_ASCII);
                    }
                }
                unwrapSome(false);
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_WRAP) {
                    ByteArrayOutputStream reply = new ByteArrayOutputStream();
                    wrapInto(reply, ByteBuffer.allocate(0));
                    emit(reply.toByteArray());
                }
            }
        }

        private void wrapInto(ByteArrayOutputStream sink, ByteBuffer src) throws IOException {
            ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            do {
                net.clear();
                SSLEngineResult r = engine.wrap(src, net);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new IOException("wrap: " + r);
                }
                sink.write(net.array(), 0, net.position());
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
            } while (src.hasRemaining());
        }

        /** Unwraps one record, reading from the socket when no whole record is buffered. */
        private void unwrapSome(boolean again) throws IOException {
            while (true) {
                if (netIn.hasRemaining() || again) {
                    SSLEngineResult r = engine.unwrap(netIn, appIn);
                    if (r.getStatus() == SSLEngineResult.Status.OK) {
                        return;
                    }
                    if (r.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        throw new IOException("unwrap: " + r);
                    }
                }
                int n = in.read(chunk);
                if (n < 0) {
                    throw new IOException("the server closed the connection");
                }
                netIn.compact().put(chunk, 0, n).flip();
                again = false;
            }
        }

        /** Writes {@code bytes} to the socket in the writes the case calls for. */
        private void emit(byte[] bytes) throws IOException {
            int at = 0;
            while (at < bytes.length) {
                int n = switch (cuts) {
                    case OCTETS -> 1;
                    case RANDOM -> 1 + random.nextInt(Math.min(bytes.length - at, 200));
                    default -> bytes.length - at;
                };
                out.write(bytes, at, n);
                out.flush();
                at += n;
            }
        }
    }
}
