// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A blocking line connection for the suites: writes raw bytes (so a check can pipeline, or send
 * what no client library would), reads CRLF lines with a bound, and upgrades to TLS in place.
 * Certificates are not verified: the suites check protocol behaviour, and servers under test
 * usually present self-signed certificates.
 */
final class WireConnection implements AutoCloseable {

    /** The longest line read; longer replies fail the check instead of filling memory. */
    static final int MAX_LINE = 64 * 1024;

    private final ConformanceTarget target;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private WireConnection(ConformanceTarget target, Socket socket) throws IOException {
        this.target = target;
        use(socket);
    }

    static WireConnection open(ConformanceTarget target) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.host(), target.port()), (int) target.timeout().toMillis());
            socket.setTcpNoDelay(true);
            return new WireConnection(target, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        s.setSoTimeout((int) target.timeout().toMillis());
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Reads one line without its CRLF; a bare LF also ends it (the check then sees it).
     *
     * @return the line
     * @throws EOFException if the server closed the connection
     */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new EOFException("closed by the server");
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw CheckTable.fail("a line longer than " + MAX_LINE + " octets");
            }
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Reads an SMTP reply (RFC 5321 §4.2): lines {@code NNN-text} then {@code NNN text}.
     *
     * @return the reply
     */
    SmtpReplyLines readSmtpReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw CheckTable.fail("not a reply line: " + quote(line));
            }
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReplyLines(Integer.parseInt(line.substring(0, 3)), lines);
            }
            if (line.charAt(3) != '-') {
                throw CheckTable.fail("not a reply line: " + quote(line));
            }
            if (lines.size() > 1000) {
                throw CheckTable.fail("more than 1000 reply lines");
            }
        }
    }

    /**
     * Reads the rest of a POP3 multi-line response (RFC 1939 §3) up to the lone dot, unstuffed.
     *
     * @return the lines
     */
    List<String> readDotTerminated() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.equals(".")) {
                return lines;
            }
            lines.add(line.startsWith(".") ? line.substring(1) : line);
            if (lines.size() > 100_000) {
                throw CheckTable.fail("more than 100000 lines without the final dot");
            }
        }
    }

    /**
     * Tells whether the server sends anything, or closes, within the time without being asked.
     *
     * @param millis how long to wait
     * @return {@code true} if something arrived or the connection ended
     */
    boolean sendsUnprompted(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b >= 0;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout((int) target.timeout().toMillis());
        }
    }

    /** Tells whether the server has closed the connection (read returns end of stream in time). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;   // reset by the server
        }
    }

    /** Runs the TLS handshake on this connection, RFC 3207 §4 / RFC 2595 §4. */
    void startTls() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            use(tls);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS unavailable in this JVM", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static String quote(String line) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return "\"" + shown + "\"";
    }

    /** An SMTP reply: its code and its lines as received. */
    record SmtpReplyLines(int code, List<String> lines) {
        /** The text after the code of every line. */
        List<String> texts() {
            return lines.stream().map(l -> l.length() > 4 ? l.substring(4) : "").toList();
        }

        @Override
        public String toString() {
            return String.join(" / ", lines);
        }
    }

    /** Trusts every certificate: the suites test protocol behaviour, not PKI. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // deliberately unchecked, see the class comment
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
