// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.testfixtures;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mailwire.dns.codec.DnsMessage;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsType;

/**
 * NSD (NLnet Labs' authoritative server, Debian package {@code nsd}) serving one zone on a free
 * 127.0.0.1 port from a temporary directory, for the interop tests and the resolver benchmark
 * (mail-dns' test jar). Response rate limiting is off, so a benchmark's queries are all answered.
 * Tests check {@link #installed()} with their peer rule first; {@link #start} fails without NSD.
 */
public final class Nsd implements AutoCloseable {

    private static final Path NSD = Path.of("/usr/sbin/nsd");
    private static final Path DIG = Path.of("/usr/bin/dig");

    private final Path dir;
    private final Process process;
    private final int port;
    /**
     * Stops NSD when the JVM exits: if a benchmark throws, JMH may end the fork without running
     * {@code @TearDown}, and NSD, a separate process, would otherwise keep running.
     */
    private final Thread stopAtExit;

    /**
     * Tells whether NSD is installed.
     *
     * @return {@code true} if {@code /usr/sbin/nsd} can be run
     */
    public static boolean installed() {
        return Files.isExecutable(NSD);
    }

    /**
     * Tells whether {@code dig} (Debian package {@code dnsutils}) is installed, for {@link #dig}.
     *
     * @return {@code true} if {@code /usr/bin/dig} can be run
     */
    public static boolean digInstalled() {
        return Files.isExecutable(DIG);
    }

    private Nsd(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.stopAtExit = new Thread(() -> {
            process.destroy();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteDirectory(dir);
        }, "nsd-stop-at-exit");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts NSD serving {@code zoneText} as the zone {@code origin} and waits until it answers.
     *
     * @param origin the zone's name, for example {@code example.test.}
     * @param zoneText the zone file
     * @return the running server
     * @throws IOException if NSD is missing or did not answer after five attempts
     * @throws InterruptedException if interrupted while waiting
     */
    public static Nsd start(String origin, String zoneText) throws IOException, InterruptedException {
        if (!Files.isExecutable(NSD)) {
            throw new IOException(NSD + " is missing: install the Debian package nsd");
        }
        Path dir = Files.createTempDirectory("mailwire-nsd");
        Files.writeString(dir.resolve("zone"), zoneText, StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            String conf = "server:\n"
                    + "  ip-address: 127.0.0.1\n"
                    + "  port: " + port + "\n"
                    + "  username: \"\"\n"
                    + "  chroot: \"\"\n"
                    + "  zonesdir: \"" + dir + "\"\n"
                    + "  pidfile: \"" + dir.resolve("nsd.pid") + "\"\n"
                    + "  database: \"\"\n"
                    + "  zonelistfile: \"" + dir.resolve("zone.list") + "\"\n"
                    + "  xfrdfile: \"" + dir.resolve("xfrd.state") + "\"\n"
                    + "  xfrdir: \"" + dir + "\"\n"
                    + "  logfile: \"" + dir.resolve("nsd.log") + "\"\n"
                    + "  server-count: 1\n"
                    // Response rate limiting (on by default, about 200 queries per second per
                    // source /24) would drop or truncate most answers of a benchmark.
                    + "  rrl-ratelimit: 0\n"
                    + "  rrl-whitelist-ratelimit: 0\n"
                    + "remote-control:\n"
                    + "  control-enable: no\n"
                    + "zone:\n"
                    + "  name: \"" + origin + "\"\n"
                    + "  zonefile: \"zone\"\n";
            Path confFile = dir.resolve("nsd.conf");
            Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(NSD.toString(), "-d", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.out").toFile()).start();
            Nsd server = new Nsd(dir, p, port);
            if (server.awaitReady(origin)) {
                return server;
            }
            String output = Files.readString(dir.resolve("nsd.out"));
            server.stop();
            last = new IOException("nsd did not answer on port " + port + ": " + output);
        }
        deleteDirectory(dir);
        throw last;
    }

    /**
     * Returns where the server listens.
     *
     * @return 127.0.0.1 and the chosen port
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Runs {@code dig} against this server.
     *
     * @param args the query and options, e.g. {@code example.test MX +short}
     * @return dig's output lines
     * @throws IOException if dig is missing or does not finish in 30 seconds
     * @throws InterruptedException if interrupted while waiting
     */
    public List<String> dig(String... args) throws IOException, InterruptedException {
        if (!digInstalled()) {
            throw new IOException(DIG + " is missing: install the Debian package dnsutils");
        }
        List<String> cmd = new ArrayList<>(List.of(DIG.toString(), "@127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dig did not finish");
        }
        return out.lines().toList();
    }

    /** Polls with an SOA query until NSD answers NOERROR (it loads the zone after binding). */
    private boolean awaitReady(String origin) throws IOException, InterruptedException {
        byte[] query = DnsMessage.query(0xABCD, DnsName.of(origin), DnsType.SOA, false, 0).toBytes();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            while (System.nanoTime() < deadline && process.isAlive()) {
                s.send(new DatagramPacket(query, query.length, address()));
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    s.receive(p);
                    if ((p.getData()[3] & 0x0F) == 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // not loaded yet
                }
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        // A port free for TCP; NSD also binds UDP there, and a clash is retried with another port.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops NSD and deletes its directory. */
    @Override
    public void close() {
        stop();
        deleteDirectory(dir);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private static void deleteDirectory(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
