// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.testfixtures;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking test client that writes exact bytes and reads CRLF lines, with a read timeout so a
 * test never hangs.
 */
public final class RawClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawClient(InetSocketAddress address) throws IOException {
        this(new Socket(), address);
    }

    public RawClient(Socket unconnected, InetSocketAddress address) throws IOException {
        this.socket = unconnected;
        socket.setSoTimeout(10_000);
        socket.connect(address, 5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public static RawClient implicitTls(InetSocketAddress address, SSLContext context) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        return new RawClient(s, address);
    }

    /** Wraps the connected socket in TLS (the client half of STARTTLS). */
    public void upgrade(SSLContext context, String host) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        s.setUseClientMode(true);
        s.startHandshake();
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    /** Writes {@code text} and returns this client, to read the reply in one expression. */
    public RawClient writeThen(String text) throws IOException {
        write(text);
        return this;
    }

    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one line without its CRLF, or returns null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Returns whether the peer closed: end of stream or a reset. */
    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
