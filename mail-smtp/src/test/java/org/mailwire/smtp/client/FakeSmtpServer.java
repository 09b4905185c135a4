// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scripted SMTP server for client tests (EAST's fake-mail-server): one connection, a script
 * that writes exact bytes and reads lines, so it can misbehave in ways a real server will not
 * (bytes after 220 to STARTTLS, a reply without end, garbage, a 421 anywhere). Every line the
 * client sent is recorded.
 */
final class FakeSmtpServer implements AutoCloseable {

    /** The script of one connection. */
    @FunctionalInterface
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** The server's side of the connection. */
    static final class Peer {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        final List<String> received;

        Peer(Socket socket, List<String> received) throws IOException {
            this.received = received;
            use(socket);
        }

        private void use(Socket s) throws IOException {
            this.socket = s;
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
        }

        /** Writes text exactly as given (no CRLF added). */
        Peer write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Reads one line without its CRLF, recording it; null at end of stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
                    received.add(text);
                    return text;
                }
                line.write(b);
            }
            return null;
        }

        /** Reads a line and checks it starts with the prefix (case-insensitive). */
        String expect(String prefix) throws IOException {
            String line = readLine();
            if (line == null || !line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw new IOException("expected " + prefix + " but got " + line);
            }
            return line;
        }

        /** Reads DATA content up to the terminating dot line, returning it as sent (stuffed). */
        String readData() throws IOException {
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = readLine()) != null && !line.equals(".")) {
                all.append(line).append("\r\n");
            }
            return all.toString();
        }

        /** Greets and answers EHLO with the given keywords. */
        Peer greetAndEhlo(String... keywords) throws IOException {
            write("220 fake.example ESMTP\r\n");
            expect("EHLO");
            ehloReply(keywords);
            return this;
        }

        Peer ehloReply(String... keywords) throws IOException {
            StringBuilder reply = new StringBuilder();
            reply.append(keywords.length == 0 ? "250 " : "250-").append("fake.example\r\n");
            for (int i = 0; i < keywords.length; i++) {
                reply.append(i == keywords.length - 1 ? "250 " : "250-").append(keywords[i]).append("\r\n");
            }
            return write(reply.toString());
        }

        /** Starts TLS as the server. */
        void startTls(SSLContext context) throws IOException {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            use(tls);
        }

        /** Waits until the client closes, reading and recording what it still sends. */
        void drain() throws IOException {
            while (readLine() != null) {
                // recorded
            }
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket listener;
    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    FakeSmtpServer(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(20_000);
                script.run(new Peer(s, received));
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "fake-smtp-server");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
