// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.mailwire.core.Secret;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;

/**
 * The command line of the mailwire server.
 *
 * <pre>
 * java -jar mailwire.jar demo                         a ready mail system on loopback for trying it out
 * java -jar mailwire.jar run --config=mailwire.properties [--key=value ...]
 * java -jar mailwire.jar user add alice@example.org [--password=...] --config=...
 * java -jar mailwire.jar user passwd alice@example.org [--password=...] --config=...
 * java -jar mailwire.jar user delete alice@example.org --config=...
 * java -jar mailwire.jar user list --config=...
 * </pre>
 *
 * Flags are the keys of {@link MailServerSettings}; they override the configuration file.
 */
public final class Main {

    private static final String DEMO_DOMAIN = "example.test";
    private static final String DEMO_MARKER = ".mailwire-demo";

    private Main() {
    }

    /**
     * Runs a command.
     *
     * @param args the command and its flags
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status >= 0) {
            System.exit(status);
        }
        // The server's threads are daemons: the main thread keeps the process alive until a
        // signal runs the shutdown hook, which closes the server.
        Thread.currentThread().join();
    }

    /**
     * Runs a command; returns the exit status, or -1 when a server keeps running.
     *
     * @param args the command line
     * @param out  where results go
     * @param err  where errors go
     * @return the exit status, -1 for "still running"
     * @throws Exception if the server fails to start
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<String> positional = new ArrayList<>();
        Properties flags = new Properties();
        for (String a : args) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    err.println("flags are --key=value: " + a);
                    return 2;
                }
                flags.setProperty(a.substring(2, eq), a.substring(eq + 1));
            } else {
                positional.add(a);
            }
        }
        String command = positional.isEmpty() ? "help" : positional.get(0);
        try {
            return switch (command) {
                case "demo" -> demo(flags, out);
                case "run" -> serve(settings(flags), out);
                case "user" -> user(positional, flags, out, err);
                default -> {
                    usage(out);
                    yield command.equals("help") ? 0 : 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("mailwire: " + e.getMessage());
            return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: java -jar mailwire.jar <command> [--key=value ...]
                  demo                       start a ready mail system for example.test on loopback ports
                  run --config=FILE          start the mail server (see MailServerSettings for the keys)
                  user add NAME [--password=PW]   add a user (asks for the password if not given)
                  user passwd NAME [--password=PW] change a user's password
                  user delete NAME           remove a user and their mail
                  user list                  list the users""");
    }

    private static MailServerSettings settings(Properties flags) throws IOException {
        Properties all = new Properties();
        String config = flags.getProperty("config");
        if (config != null) {
            try (Reader in = Files.newBufferedReader(Path.of(config), StandardCharsets.UTF_8)) {
                all.load(in);
            }
        }
        for (String name : flags.stringPropertyNames()) {
            if (!name.equals("config") && !name.equals("password")) {
                all.setProperty(name, flags.getProperty(name));
            }
        }
        return MailServerSettings.of(all);
    }

    private static int serve(MailServerSettings settings, PrintStream out) throws IOException, GeneralSecurityException {
        MailServer server = MailServer.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mailwire-shutdown"));
        out.println("mailwire " + settings.hostName() + " for " + String.join(", ", settings.domains()));
        printListeners(server, out);
        return -1;
    }

    private static void printListeners(MailServer server, PrintStream out) {
        Map<String, InetSocketAddress> listeners = server.listeners();
        for (String role : List.of("smtp", "submission", "submissions", "pop3", "pop3s", "imap", "imaps")) {
            InetSocketAddress a = listeners.get(role);
            if (a != null) {
                out.printf("  %-12s %s:%d%n", role, a.getAddress().getHostAddress(), a.getPort());
            }
        }
    }

    private static int demo(Properties flags, PrintStream out) throws IOException, GeneralSecurityException {
        Properties p = new Properties();
        p.setProperty("host.name", "mail." + DEMO_DOMAIN);
        p.setProperty("domains", DEMO_DOMAIN);
        p.setProperty("data.dir", Path.of(System.getProperty("java.io.tmpdir"), "mailwire-demo").toString());
        p.setProperty("bind.address", "127.0.0.1");
        p.setProperty("smtp.port", "2525");
        p.setProperty("submission.port", "2587");
        p.setProperty("submissions.port", "2465");
        p.setProperty("pop3.port", "2110");
        p.setProperty("pop3s.port", "2995");
        p.setProperty("imap.port", "2143");
        p.setProperty("imaps.port", "2993");
        p.putAll(flags);
        MailServerSettings settings = settings(p);
        Path data = settings.dataDirectory();
        wipeDemoDirectory(data);
        Files.createDirectories(data);
        Files.writeString(data.resolve(DEMO_MARKER), "a mailwire demo: deleted at the next demo start\n");
        MailServer server = MailServer.start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mailwire-shutdown"));
        String alice = password();
        String bob = password();
        try {
            server.store().createUser("alice@" + DEMO_DOMAIN, Secret.of(alice));
            server.store().createUser("bob@" + DEMO_DOMAIN, Secret.of(bob));
        } catch (Exception e) {
            server.close();
            throw new IOException("could not create the demo users: " + e.getMessage(), e);
        }
        Map<String, InetSocketAddress> l = server.listeners();
        String cert = server.certificateFile().toString();
        out.println("mailwire demo: a mail system for " + DEMO_DOMAIN + " on loopback (data in " + data + ")");
        printListeners(server, out);
        out.println();
        out.println("users:  alice@" + DEMO_DOMAIN + "  password " + alice);
        out.println("        bob@" + DEMO_DOMAIN + "    password " + bob);
        out.println("TLS:    a self-signed certificate made for this demo: " + cert);
        out.println();
        out.println("Send a message from alice to bob (submission, STARTTLS + AUTH), with swaks:");
        out.println("  swaks --server " + hostPort(l.get("submission")) + " --tls --auth PLAIN --auth-user alice@"
                + DEMO_DOMAIN + " --auth-password " + alice + " --from alice@" + DEMO_DOMAIN + " --to bob@" + DEMO_DOMAIN
                + " --header 'Subject: hello' --body 'Hello Bob, this went through mailwire.'");
        out.println("or with curl:");
        out.println("  printf 'From: alice@" + DEMO_DOMAIN + "\\r\\nTo: bob@" + DEMO_DOMAIN
                + "\\r\\nSubject: hello\\r\\n\\r\\nHello Bob\\r\\n' | curl --ssl-reqd --cacert " + cert + " --url smtp://"
                + hostPort(l.get("submission")) + " --user alice@" + DEMO_DOMAIN + ":" + alice + " --mail-from alice@"
                + DEMO_DOMAIN + " --mail-rcpt bob@" + DEMO_DOMAIN + " --upload-file -");
        out.println();
        out.println("Read it as bob over POP3 (STLS):");
        out.println("  curl --ssl-reqd --cacert " + cert + " --user bob@" + DEMO_DOMAIN + ":" + bob + " pop3://"
                + hostPort(l.get("pop3")) + "/1");
        if (l.containsKey("imaps")) {
            out.println("or over IMAP (TLS):");
            out.println("  curl --cacert " + cert + " --user bob@" + DEMO_DOMAIN + ":" + bob + " 'imaps://"
                    + hostPort(l.get("imaps")) + "/INBOX;UID=1'");
        }
        out.println();
        out.println("Stop with Ctrl-C.");
        return -1;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String password() {
        // Letters and digits only: the password is pasted into shell commands.
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static void wipeDemoDirectory(Path data) throws IOException {
        if (!Files.exists(data)) {
            return;
        }
        if (!Files.exists(data.resolve(DEMO_MARKER))) {
            throw new IllegalArgumentException(data + " exists and is not a mailwire demo directory; choose --data.dir");
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int user(List<String> positional, Properties flags, PrintStream out, PrintStream err) throws Exception {
        if (positional.size() < 2) {
            err.println("user add NAME | user passwd NAME | user delete NAME | user list");
            return 2;
        }
        MailServerSettings settings = settings(flags);
        MailStoreSettings storeSettings = MailStoreSettings.defaults().withPasswordIterations(settings.passwordIterations());
        try (MailStore store = MailStore.maildir(settings.dataDirectory().resolve("store"), storeSettings)) {
            switch (positional.get(1)) {
                case "list" -> store.users().stream().sorted().forEach(out::println);
                case "add", "passwd" -> {
                    String name = argument(positional);
                    String password = flags.getProperty("password");
                    if (password == null) {
                        password = readPassword(out);
                    }
                    if (password == null || password.isEmpty()) {
                        err.println("a password is required");
                        return 2;
                    }
                    if (positional.get(1).equals("add")) {
                        store.createUser(name, Secret.of(password));
                        out.println("added " + name);
                    } else {
                        store.setPassword(name, Secret.of(password));
                        out.println("changed the password of " + name);
                    }
                }
                case "delete" -> {
                    String name = argument(positional);
                    store.deleteUser(name);
                    out.println("deleted " + name);
                }
                default -> {
                    err.println("user add NAME | user passwd NAME | user delete NAME | user list");
                    return 2;
                }
            }
        }
        return 0;
    }

    private static String argument(List<String> positional) {
        if (positional.size() < 3) {
            throw new IllegalArgumentException("the user name is missing");
        }
        return positional.get(2);
    }

    private static String readPassword(PrintStream out) throws IOException {
        if (System.console() != null) {
            char[] typed = System.console().readPassword("password: ");
            return typed == null ? null : new String(typed);
        }
        out.print("password: ");
        out.flush();
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
