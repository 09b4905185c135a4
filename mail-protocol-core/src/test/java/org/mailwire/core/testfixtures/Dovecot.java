// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Dovecot (Debian {@code dovecot-core} with {@code dovecot-pop3d} or {@code dovecot-imapd}) as a
 * test peer: started on 127.0.0.1 and a free port with its own configuration in a directory the
 * caller owns, one user {@code alice} with password {@code secret} and a maildir the caller may
 * fill before {@link Builder#start()}, the {@link TestCertificates} certificate for STARTTLS.
 *
 * <p>Dovecot's login processes must not run as root: when the tests run as root they run as the
 * package's {@code dovenull} and the mail processes as {@code dovecot}, which then owns the
 * maildir; as any other user, every process runs as that user, without chroot. Shared by the
 * POP3 and IMAP interop tests and the IMAP client benchmark through mail-protocol-core's test jar.
 */
public final class Dovecot implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final InetSocketAddress address;

    private Dovecot(Path dir, Process process, InetSocketAddress address) {
        this.dir = dir;
        this.process = process;
        this.address = address;
    }

    /**
     * Returns Dovecot's master binary, if installed.
     *
     * @return the path
     */
    public static Optional<Path> binary() {
        for (String candidate : List.of("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether Dovecot and the daemon of a protocol are installed.
     *
     * @param protocol {@code pop3} or {@code imap}
     * @return {@code true} if both are there
     */
    public static boolean installed(String protocol) {
        return binary().isPresent() && Files.isExecutable(Path.of("/usr/lib/dovecot/" + protocol));
    }

    /**
     * Requires Dovecot for one protocol, as {@link Peers#require} does (a failure in CI, a skip
     * elsewhere): its daemon, and as root the {@code dovecot} and {@code dovenull} users.
     *
     * @param protocol {@code pop3} or {@code imap}
     */
    public static void require(String protocol) {
        Peers.require(installed(protocol), "Dovecot's " + protocol + " server (Debian package dovecot-" + protocol
                + "d) is not installed");
        if (root()) {
            Peers.require(Peers.runs("id", "dovecot") && Peers.runs("id", "dovenull"),
                    "the dovecot and dovenull users of the dovecot-core package are missing");
        }
    }

    /**
     * Tells whether the tests run as root, when Dovecot needs its {@code dovecot} and
     * {@code dovenull} users.
     *
     * @return {@code true} as root
     */
    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Starts configuring a Dovecot in a directory.
     *
     * @param dir      a fresh directory the caller deletes afterwards
     * @param protocol {@code pop3} or {@code imap}
     * @return the builder
     * @throws IOException if the maildir cannot be made
     */
    public static Builder builder(Path dir, String protocol) throws IOException {
        return new Builder(dir, protocol);
    }

    /**
     * Returns where Dovecot listens.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns Dovecot's output and log, for failure messages.
     *
     * @return the text
     */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("stdout.txt", "dovecot.log")) {
            try {
                b.append('\n').append(name).append(":\n").append(Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                b.append('\n').append(name).append(": ").append(e);
            }
        }
        return b.toString();
    }

    /** Stops Dovecot and its children. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }

    /** Chooses the settings, then starts Dovecot. */
    public static final class Builder {
        private final Path dir;
        private final String protocol;
        private final Path maildir;
        private final List<String> settings = new ArrayList<>();
        private boolean tls = true;

        private Builder(Path dir, String protocol) throws IOException {
            this.dir = dir;
            this.protocol = protocol;
            this.maildir = dir.resolve("mail").resolve("alice");
            for (String sub : List.of("cur", "new", "tmp")) {
                Files.createDirectories(maildir.resolve(sub));
            }
        }

        /**
         * Returns alice's maildir (with {@code cur}, {@code new}, {@code tmp}), to fill before
         * starting.
         *
         * @return the directory
         */
        public Path maildir() {
            return maildir;
        }

        /**
         * Turns TLS off and lets passwords go in plaintext (default: STARTTLS offered and
         * plaintext authentication refused).
         *
         * @return this builder
         */
        public Builder plaintext() {
            tls = false;
            return this;
        }

        /**
         * Adds a line to the configuration, e.g. {@code imap_capability = IMAP4rev1 IDLE}.
         *
         * @param line the setting
         * @return this builder
         */
        public Builder setting(String line) {
            settings.add(line);
            return this;
        }

        /**
         * Writes the configuration, starts Dovecot and waits up to 30 seconds for its greeting.
         *
         * @return the running Dovecot
         * @throws Exception if it does not start
         */
        public Dovecot start() throws Exception {
            boolean root = root();
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            UserPrincipalLookupService names = dir.getFileSystem().getUserPrincipalLookupService();
            try (Stream<Path> all = Files.walk(dir.resolve("mail"))) {
                for (Path p : root ? all.toList() : List.<Path>of()) {
                    Files.setOwner(p, names.lookupPrincipalByName("dovecot"));
                    Files.getFileAttributeView(p, PosixFileAttributeView.class)
                            .setGroup(names.lookupPrincipalByGroupName("dovecot"));
                }
            }
            int uid = (Integer) Files.getAttribute(maildir, "unix:uid");
            int gid = (Integer) Files.getAttribute(maildir, "unix:gid");
            Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret:" + uid + ":" + gid + "::" + maildir + "::\n");
            if (tls) {
                writePem();
            }
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            Files.createDirectories(dir.resolve("run"));
            List<String> config = new ArrayList<>(List.of(
                    "base_dir = " + dir.resolve("run"),
                    "state_dir = " + dir.resolve("run"),
                    "log_path = " + dir.resolve("dovecot.log"),
                    "protocols = " + protocol,
                    "listen = 127.0.0.1",
                    // Login processes must not run as root (Dovecot refuses); without root,
                    // every process runs as the current user and nothing is chrooted.
                    "default_internal_user = " + (root ? "dovecot" : System.getProperty("user.name")),
                    "default_login_user = " + (root ? "dovenull" : System.getProperty("user.name")),
                    "first_valid_uid = 1",
                    tls ? "ssl = yes" : "ssl = no",
                    tls ? "ssl_cert = <" + dir.resolve("cert.pem") : "",
                    tls ? "ssl_key = <" + dir.resolve("key.pem") : "",
                    "disable_plaintext_auth = " + (tls ? "yes" : "no"),
                    "auth_mechanisms = plain",
                    "mail_location = maildir:" + dir.resolve("mail") + "/%u",
                    "passdb {",
                    "  driver = passwd-file",
                    "  args = scheme=PLAIN " + dir.resolve("users"),
                    "}",
                    "userdb {",
                    "  driver = passwd-file",
                    "  args = " + dir.resolve("users"),
                    "}",
                    root ? "" : "service anvil {\n  chroot =\n}",
                    "service " + protocol + "-login {",
                    root ? "" : "  chroot =",
                    "  inet_listener " + protocol + " {",
                    "    address = 127.0.0.1",
                    "    port = " + port,
                    "  }",
                    "  inet_listener " + protocol + "s {",
                    "    port = 0",
                    "  }",
                    "}"));
            config.addAll(settings);
            config.add("");
            Path file = dir.resolve("dovecot.conf");
            Files.writeString(file, String.join("\n", config));
            Process process = new ProcessBuilder(binary().orElseThrow().toString(), "-F", "-c", file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
            Dovecot dovecot = new Dovecot(dir, process, address);
            try {
                dovecot.awaitGreeting(protocol.equals("pop3") ? "+OK" : "* OK");
            } catch (Exception | AssertionError e) {
                dovecot.close();
                throw e;
            }
            return dovecot;
        }

        /** Writes the keytool-made certificate and its key as PEM, which Dovecot reads. */
        private void writePem() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(TestCertificates.get().keyStore())) {
                ks.load(in, TestCertificates.PASSWORD);
            }
            Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + mime.encodeToString(ks.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n");
            Path key = dir.resolve("key.pem");
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                    + mime.encodeToString(ks.getKey("server", TestCertificates.PASSWORD).getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void awaitGreeting(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("dovecot exited: " + logs());
            }
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(5000);
                byte[] greeting = s.getInputStream().readNBytes(prefix.length());
                if (new String(greeting, StandardCharsets.US_ASCII).equals(prefix)) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("dovecot did not greet within 30 s: " + logs());
    }
}
