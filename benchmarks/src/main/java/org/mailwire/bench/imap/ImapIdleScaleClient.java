// SPDX-License-Identifier: Apache-2.0
package org.mailwire.bench.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the IDLE scale run: opens N connections to the IMAP server with one NIO
 * selector, pipelines {@code LOGIN}, {@code SELECT INBOX} and {@code IDLE} on each, and waits
 * until every one is idling; then reads the server's resident memory from {@code /proc}, sends
 * one message through the server's SMTP port, and measures how long until every idler has seen
 * {@code EXISTS}.
 *
 * <pre>java -cp benchmarks.jar org.mailwire.bench.imap.ImapIdleScaleClient IMAP_PORT SMTP_PORT SERVER_PID N STATS_PORT</pre>
 */
public final class ImapIdleScaleClient {

    private static final byte[] COMMANDS = "a LOGIN alice secret\r\nb SELECT INBOX\r\nc IDLE\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private ImapIdleScaleClient() {
    }

    /** What one connection has seen so far. */
    private static final class Conn {
        final StringBuilder seen = new StringBuilder();
        boolean idling;
        boolean notified;
    }

    /**
     * Runs the measurement and prints the results.
     *
     * @param args imap port, smtp port, server pid, connection count
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        int imapPort = Integer.parseInt(args[0]);
        int smtpPort = Integer.parseInt(args[1]);
        long pid = Long.parseLong(args[2]);
        int n = Integer.parseInt(args[3]);
        int statsPort = Integer.parseInt(args[4]);
        long heapBefore = liveHeapKb(statsPort);
        long rssBefore = rssKb(pid);
        Selector selector = Selector.open();
        List<SocketChannel> channels = new ArrayList<>(n);
        long start = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        int idling = 0;
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.connect(new InetSocketAddress("127.0.0.1", imapPort));
            ch.register(selector, SelectionKey.OP_CONNECT, new Conn());
            channels.add(ch);
            if (i % 500 == 499) {
                idling += pump(selector, 0, buffer, false);
            }
        }
        while (idling < n) {
            if (System.nanoTime() - start > 120_000_000_000L) {
                throw new IOException("only " + idling + " of " + n + " idling after 120 s");
            }
            idling += pump(selector, 1000, buffer, false);
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        long heapIdle = liveHeapKb(statsPort);
        long rssIdle = rssKb(pid);
        long sent = System.nanoTime();
        send(smtpPort);
        int notified = 0;
        while (notified < n) {
            if (System.nanoTime() - sent > 60_000_000_000L) {
                throw new IOException("only " + notified + " of " + n + " notified after 60 s");
            }
            notified += pump(selector, 1000, buffer, true);
        }
        double pushSeconds = (System.nanoTime() - sent) / 1e9;
        System.out.printf("connections %d%nopened, logged in and idling in %.2f s%n", n, openSeconds);
        System.out.printf("server RSS before %d KiB, with all idling %d KiB: %.1f KiB per connection%n", rssBefore,
                rssIdle, (rssIdle - rssBefore) / (double) n);
        System.out.printf("server live heap before %d KiB, with all idling %d KiB: %.1f KiB per connection%n",
                heapBefore, heapIdle, (heapIdle - heapBefore) / (double) n);
        System.out.printf("new message seen by every idler %.3f s after the SMTP 250%n", pushSeconds);
        System.out.flush();
        // HOLD_SECONDS keeps the connections open for inspection (jmap -histo:live on the server).
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("HOLD_SECONDS", "0")) * 1000);
        for (SocketChannel ch : channels) {
            ch.close();
        }
    }

    /** One select round; returns how many connections reached the awaited point in it. */
    private static int pump(Selector selector, long timeout, ByteBuffer buffer, boolean awaitExists) throws IOException {
        if (timeout == 0) {
            selector.selectNow();
        } else {
            selector.select(timeout);
        }
        int reached = 0;
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            SocketChannel ch = (SocketChannel) key.channel();
            Conn c = (Conn) key.attachment();
            if (key.isConnectable()) {
                ch.finishConnect();
                ByteBuffer out = ByteBuffer.wrap(COMMANDS);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                key.interestOps(SelectionKey.OP_READ);
                continue;
            }
            if (key.isReadable()) {
                buffer.clear();
                int r = ch.read(buffer);
                if (r < 0) {
                    throw new IOException("server closed a connection: " + c.seen);
                }
                c.seen.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
                if (!c.idling && c.seen.indexOf("\r\n+ ") >= 0) {
                    c.idling = true;
                    c.seen.setLength(0);
                    if (!awaitExists) {
                        reached++;
                    }
                } else if (awaitExists && c.idling && !c.notified && c.seen.indexOf(" EXISTS\r\n") >= 0) {
                    c.notified = true;
                    reached++;
                }
            }
        }
        return reached;
    }

    private static void send(int smtpPort) throws IOException {
        try (Socket s = new Socket("127.0.0.1", smtpPort)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("EHLO bench\r\nMAIL FROM:<bench@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"
                    + "Subject: wake up\r\n\r\nhello\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] all = in.readAllBytes();
            String replies = new String(all, StandardCharsets.US_ASCII);
            if (!replies.contains("\r\n250 2.0.0") && !replies.contains("250 2.0.0 ")) {
                throw new IOException("the message was not accepted: " + replies);
            }
        }
    }

    private static long liveHeapKb(int statsPort) throws IOException {
        try (Socket s = new Socket("127.0.0.1", statsPort)) {
            return Long.parseLong(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
