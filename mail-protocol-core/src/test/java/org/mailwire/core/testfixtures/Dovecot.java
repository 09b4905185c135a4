// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.testfixtures;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Dovecot (Debian {@code dovecot-pop3d} / {@code dovecot-imapd}) started by a test on a free
 * loopback port with its own configuration, TLS from the given PEM files, plaintext logins only
 * after TLS, and one user whose maildir holds the given messages.
 *
 * <p>Dovecot's login processes must not run as root: when the tests run as root they run as the
 * package's {@code dovenull} and the mail processes as {@code dovecot}, which then owns the
 * maildir; as any other user, every process runs as that user, without chroot.
 */
public final class Dovecot implements AutoCloseable {

    private final Path dir;
    private final Path maildir;
    private final InetSocketAddress address;
    private final Process process;

    private Dovecot(Path dir, Path maildir, InetSocketAddress address, Process process) {
        this.dir = dir;
        this.maildir = maildir;
        this.address = address;
        this.process = process;
    }

    /**
     * Starts Dovecot, or fails (CI) or skips (elsewhere) through {@link Peers#require} when it is
     * not installed.
     *
     * @param dir           a private directory (a test's {@code @TempDir})
     * @param protocol      {@code pop3} or {@code imap}
     * @param user          the login
     * @param password      its password
     * @param messages      maildir file names in {@code new/} and their contents
     * @param certificate   the server certificate, PEM
     * @param key           its private key, PEM
     * @param extraSettings more lines for dovecot.conf
     * @return the running Dovecot, greeting on {@link #address()}
     * @throws Exception if it cannot be set up or does not greet within 30 s
     */
    public static Dovecot start(Path dir, String protocol, String user, String password, Map<String, String> messages,
            Path certificate, Path key, String... extraSettings) throws Exception {
        Path binary = Path.of("/usr/sbin/dovecot");
        Peers.require(Files.isExecutable(binary) && Files.isExecutable(Path.of("/usr/lib/dovecot/" + protocol)),
                "Dovecot's " + protocol + " server (Debian package dovecot-" + protocol + "d) is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Peers.require(Peers.runs("id", "dovecot") && Peers.runs("id", "dovenull"),
                    "the dovecot and dovenull users of the dovecot-core package are missing");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path maildir = dir.resolve("mail").resolve(user);
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        for (Map.Entry<String, String> m : messages.entrySet()) {
            Files.writeString(maildir.resolve("new").resolve(m.getKey()), m.getValue());
        }
        if (root) {
            // The mail processes run as "dovecot", which must own the maildir.
            UserPrincipalLookupService names = dir.getFileSystem().getUserPrincipalLookupService();
            try (Stream<Path> all = Files.walk(dir.resolve("mail"))) {
                for (Path p : all.toList()) {
                    Files.setOwner(p, names.lookupPrincipalByName("dovecot"));
                    Files.getFileAttributeView(p, PosixFileAttributeView.class)
                            .setGroup(names.lookupPrincipalByGroupName("dovecot"));
                }
            }
        }
        int uid = (Integer) Files.getAttribute(maildir, "unix:uid");
        int gid = (Integer) Files.getAttribute(maildir, "unix:gid");
        Files.writeString(dir.resolve("users"), user + ":{PLAIN}" + password + ":" + uid + ":" + gid + "::" + maildir + "::\n");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dir.resolve("run"));
        String self = System.getProperty("user.name");
        List<String> config = new ArrayList<>(List.of(
                "base_dir = " + dir.resolve("run"),
                "state_dir = " + dir.resolve("run"),
                "log_path = " + dir.resolve("dovecot.log"),
                "protocols = " + protocol,
                "listen = 127.0.0.1",
                // Login processes must not run as root (Dovecot refuses); without root, every
                // process runs as the current user and nothing is chrooted.
                "default_internal_user = " + (root ? "dovecot" : self),
                "default_login_user = " + (root ? "dovenull" : self),
                "first_valid_uid = 1",
                "ssl = yes",
                "ssl_cert = <" + certificate,
                "ssl_key = <" + key,
                "disable_plaintext_auth = yes",
                "mail_location = maildir:" + dir.resolve("mail") + "/%u",
                "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN " + dir.resolve("users") + "\n}",
                "userdb {\n  driver = passwd-file\n  args = " + dir.resolve("users") + "\n}",
                root ? "" : "service anvil {\n  chroot =\n}",
                "service " + protocol + "-login {",
                root ? "" : "  chroot =",
                "  inet_listener " + protocol + " {\n    address = 127.0.0.1\n    port = " + port + "\n  }",
                "  inet_listener " + protocol + "s {\n    port = 0\n  }",
                "}"));
        config.addAll(List.of(extraSettings));
        config.add("");
        Path file = dir.resolve("dovecot.conf");
        Files.writeString(file, String.join("\n", config));
        Process process = new ProcessBuilder(binary.toString(), "-F", "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        Dovecot dovecot = new Dovecot(dir, maildir, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), process);
        try {
            Peers.awaitGreeting(process, dovecot.address, protocol.equals("imap") ? "* OK" : "+OK", dovecot::logs);
        } catch (Exception | AssertionError e) {
            dovecot.close();
            throw e;
        }
        return dovecot;
    }

    /**
     * Returns where Dovecot listens.
     *
     * @return the loopback address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the user's maildir.
     *
     * @return the directory holding cur, new and tmp
     */
    public Path maildir() {
        return maildir;
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

    /** Stops Dovecot and every process it started. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }
}
