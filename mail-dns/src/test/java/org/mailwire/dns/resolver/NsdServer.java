// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * NSD (NLnet Labs' authoritative server, Debian package {@code nsd}) serving one zone on a free
 * loopback port, for interop tests. A missing {@code nsd} fails the test in CI (CI=true) and
 * skips it elsewhere, so CI can never pass without the peer.
 */
final class NsdServer implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final int port;

    private NsdServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts NSD serving {@code zoneText} as the zone {@code origin}. */
    static NsdServer start(String origin, String zoneText) throws IOException, InterruptedException {
        Path nsd = Path.of("/usr/sbin/nsd");
        Peers.require(Files.isExecutable(nsd), "nsd (Debian package nsd) is not installed");
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
                    + "remote-control:\n"
                    + "  control-enable: no\n"
                    + "zone:\n"
                    + "  name: \"" + origin + "\"\n"
                    + "  zonefile: \"zone\"\n";
            Path confFile = dir.resolve("nsd.conf");
            Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(nsd.toString(), "-d", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.out").toFile()).start();
            NsdServer server = new NsdServer(dir, p, port);
            if (server.awaitReady(origin)) {
                return server;
            }
            server.close();
            last = new IOException("nsd did not answer on port " + port + ": "
                    + Files.readString(dir.resolve("nsd.out")) + readLog(dir));
        }
        throw last;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    int port() {
        return port;
    }

    /** Polls with an SOA query until NSD answers (it loads the zone after binding). */
    private boolean awaitReady(String origin) throws IOException, InterruptedException {
        byte[] query = soaQuery(origin);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            while (System.nanoTime() < deadline && process.isAlive()) {
                s.send(new DatagramPacket(query, query.length, address()));
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    s.receive(p);
                    if ((p.getData()[3] & 0x0f) == 0) {
                        return true; // NOERROR: the zone is loaded
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // not yet
                }
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static byte[] soaQuery(String origin) {
        StringBuilder hex = new StringBuilder("abcd00000001000000000000");
        for (String label : origin.split("\\.")) { // test code: a fixed, trusted origin
            if (!label.isEmpty()) {
                hex.append(String.format("%02x", label.length()));
                hex.append(HexFormat.of().formatHex(label.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        hex.append("0000060001");
        return HexFormat.of().parseHex(hex);
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("nsd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        // A port free for TCP; NSD also binds UDP there, and a clash is retried with another port.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code dig} against this server and returns its output lines. */
    List<String> dig(String... args) throws IOException, InterruptedException {
        Peers.require(Files.isExecutable(Path.of("/usr/bin/dig")), "dig (Debian package dnsutils) is not installed");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/dig", "@127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dig did not finish");
        }
        return out.lines().toList();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
