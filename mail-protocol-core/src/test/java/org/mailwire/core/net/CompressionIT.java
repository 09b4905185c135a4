// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.core.testfixtures.RawClient;
import org.mailwire.core.testfixtures.TestCertificates;

/**
 * {@code Step.StartCompression} over loopback (RFC 4978 COMPRESS=DEFLATE as a transport layer):
 * the answer before it goes uncompressed, everything after it raw-DEFLATE both ways with a sync
 * flush per batch, above TLS when TLS is on; compressed octets sent behind the command are not
 * lost; invalid DEFLATE data closes the connection; a small packet that inflates to megabytes is
 * handed to the session one input buffer at a time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionIT {

    /** The client half: raw DEFLATE with a sync flush per write, lines read through an inflater. */
    private static final class Compressed {
        private final OutputStream out;
        private final InputStream in;

        Compressed(Socket socket) throws IOException {
            out = new DeflaterOutputStream(socket.getOutputStream(), new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                    true);
            in = new InflaterInputStream(socket.getInputStream(), new Inflater(true), 512);
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] deflate(String text) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(text.getBytes(StandardCharsets.ISO_8859_1));
        byte[] out = new byte[text.length() + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void linesTravelCompressedBothWaysAfterTheUncompressedAnswer() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("before\r\n");
            assertEquals("ECHO before", c.readLine());
            c.write("COMPRESS\r\n");
            assertEquals("GO DEFLATE", c.readLine());
            Compressed z = new Compressed(c.socket());
            z.write("after\r\n");
            assertEquals("ECHO after", z.readLine());
            // 200 lines of 1 KiB: many deflate chunks, and the watermark on the way.
            z.write("FLOOD 200\r\n");
            assertEquals("FLOODING", z.readLine());
            for (int i = 0; i < 200; i++) {
                assertEquals("x".repeat(LineEchoSession.FLOOD_LINE - 2), z.readLine());
            }
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                many.append("line ").append(i).append(' ').append("y".repeat(500)).append("\r\n");
            }
            z.write(many.toString());
            for (int i = 0; i < 300; i++) {
                assertEquals("ECHO line " + i + " " + "y".repeat(500), z.readLine());
            }
            z.write("QUIT\r\n");
            assertEquals("BYE", z.readLine());
            assertEquals(java.util.List.of(), server.closeCauses);
        }
    }

    @Test
    void compressedOctetsSentBehindTheCommandAreInflatedNotLost() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            byte[] command = "COMPRESS\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] behind = deflate("pipelined\r\n");
            OutputStream raw = c.socket().getOutputStream();
            byte[] both = java.util.Arrays.copyOf(command, command.length + behind.length);
            System.arraycopy(behind, 0, both, command.length, behind.length);
            raw.write(both);
            raw.flush();
            assertEquals("GO DEFLATE", c.readLine());
            Compressed z = new Compressed(c.socket());
            assertEquals("ECHO pipelined", z.readLine());
        }
    }

    @Test
    void compressionRunsAboveTls() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (EchoServer server = new EchoServer(b -> b.implicitTls(certs.server()));
                RawClient c = RawClient.implicitTls(server.address(), certs.clientContext())) {
            assertEquals("HELLO", c.readLine());
            c.write("COMPRESS\r\n");
            assertEquals("GO DEFLATE", c.readLine());
            Compressed z = new Compressed(c.socket());
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                many.append("z".repeat(900)).append(i).append("\r\n"); // several TLS records each way
            }
            z.write(many.toString());
            for (int i = 0; i < 100; i++) {
                assertEquals("ECHO " + "z".repeat(900) + i, z.readLine());
            }
            assertTrue(server.connectionsSecure());
        }
    }

    @Test
    void invalidDeflateDataClosesTheConnection() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("COMPRESS\r\n");
            assertEquals("GO DEFLATE", c.readLine());
            // 0xFF: a block type of 3, which DEFLATE does not define (RFC 1951 §3.2.3).
            c.socket().getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0});
            c.socket().getOutputStream().flush();
            assertTrue(c.isClosedByPeer());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.closeCauses.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertInstanceOf(IOException.class, server.closeCauses.get(0));
        }
    }

    @Test
    void aSmallPacketThatInflatesToMegabytesReachesTheSessionOneBufferAtATime() throws Exception {
        try (EchoServer server = new EchoServer(b -> b); RawClient c = new RawClient(server.address())) {
            assertEquals("HELLO", c.readLine());
            c.write("COMPRESS\r\n");
            assertEquals("GO DEFLATE", c.readLine());
            Compressed z = new Compressed(c.socket());
            z.write("x".repeat(8 * 1024 * 1024) + "\r\nPING\r\n");
            assertEquals("ECHO " + "x".repeat(LineEchoSession.MAX_LINE), z.readLine());
            assertEquals("ECHO PING", z.readLine());
            int largest = server.sessions.get(0).received.stream().mapToInt(ByteBuffer::capacity).max().orElseThrow();
            assertTrue(largest <= TransportSettings.defaults().readBufferSize(), "buffer of " + largest);
        }
    }
}
