// SPDX-License-Identifier: Apache-2.0
package org.mailwire.imap.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailwire.core.Secret;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/**
 * COMPRESS=DEFLATE (RFC 4978) end to end: after the OK both directions are raw DEFLATE with a
 * sync flush per batch; a second COMPRESS gets {@code NO [COMPRESSIONACTIVE]}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImapCompressIT {

    @Test
    void afterCompressBothDirectionsAreDeflated() throws Exception {
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        try (ImapServer server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .settings(ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true)).start();
             Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readUntil(in, "* OK");
            out.write("a LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(in, "a OK").contains("COMPRESS=DEFLATE"), "offered after login");
            out.write("b COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(in, "b OK");

            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater inflater = new Inflater(true);
            send(out, deflater, "c CAPABILITY\r\n");
            String capability = readCompressed(in, inflater, "c OK");
            assertFalse(capability.contains("COMPRESS=DEFLATE"), "not offered twice: " + capability);
            send(out, deflater, "d COMPRESS DEFLATE\r\n");
            assertTrue(readCompressed(in, inflater, "d ").startsWith("d NO [COMPRESSIONACTIVE]"));
            send(out, deflater, "e SELECT INBOX\r\nf LOGOUT\r\n");   // pipelined, in one compressed batch
            String last = readCompressed(in, inflater, "f OK");
            assertTrue(last.contains("EXISTS") && last.contains("e OK") && last.contains("* BYE"), last);
        }
    }

    @Test
    void anUnknownMechanismIsBadAndLeavesTheConnectionPlain() throws Exception {
        MailStore store = MailStore.inMemory(MailStoreSettings.defaults().withPasswordIterations(1000));
        store.createUser("alice", Secret.of("secret"));
        try (ImapServer server = ImapServer.builder().listen("127.0.0.1", 0).store(store)
                .settings(ImapServerSettings.defaults().withAllowPlaintextWithoutTls(true)).start();
             Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readUntil(in, "* OK");
            out.write("a COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(in, "a ").startsWith("a BAD"), "not before login");
            out.write("b LOGIN alice secret\r\nc COMPRESS LZ4\r\nd NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readUntil(in, "c ").contains("c BAD"));
            assertTrue(readUntil(in, "d OK").contains("d OK"), "still plaintext");
        }
    }

    private static void send(OutputStream out, Deflater deflater, String text) throws IOException {
        deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
        byte[] buffer = new byte[4096];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        out.flush();
    }

    /** Reads plaintext lines until one starts with {@code prefix}; returns everything read. */
    private static String readUntil(InputStream in, String prefix) throws IOException {
        StringBuilder all = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            all.append((char) c);
            line.append((char) c);
            if (c == '\n') {
                if (line.toString().startsWith(prefix)) {
                    return all.toString();
                }
                line.setLength(0);
            }
        }
        throw new IOException("closed before " + prefix + ": " + all);
    }

    /** Inflates what arrives until a line starts with {@code prefix}; returns from that line's batch. */
    private static String readCompressed(InputStream in, Inflater inflater, String prefix)
            throws IOException, DataFormatException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] raw = new byte[4096];
        byte[] plain = new byte[16384];
        while (true) {
            String so = text.toString(StandardCharsets.US_ASCII);
            int at = so.startsWith(prefix) ? 0 : so.indexOf("\r\n" + prefix);
            if (at >= 0 && so.indexOf("\r\n", at + 2) >= 0) {
                return so;
            }
            if (inflater.needsInput()) {
                int n = in.read(raw);
                if (n < 0) {
                    throw new IOException("closed before " + prefix + ": " + so);
                }
                inflater.setInput(raw, 0, n);
            }
            int m;
            while ((m = inflater.inflate(plain)) > 0) {
                text.write(plain, 0, m);
            }
        }
    }
}
