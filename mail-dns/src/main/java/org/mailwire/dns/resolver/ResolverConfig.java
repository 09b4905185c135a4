// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how the stub resolver asks: the name servers in order, the search list, and the
 * {@code resolv.conf} options that matter to a stub resolver.
 *
 * <p>{@link #system()} reads {@code /etc/resolv.conf} as the C library does (resolv.conf(5)):
 * {@code nameserver} (up to {@link #MAX_NAME_SERVERS}, IPv4 or IPv6 literals; names are never
 * looked up), {@code search} and {@code domain}, and {@code options ndots:n timeout:n attempts:n
 * rotate}. Unknown lines are ignored, as the C library does. Defaults and caps are theirs.
 *
 * @param nameServers the servers to ask, in order (port 53 unless given)
 * @param search      domains appended to names with fewer than {@code ndots} dots
 * @param ndots       dots a name needs to be tried as absolute first (default 1, at most 15)
 * @param timeout     how long to wait for one server's answer to one try (default 5 s, at most 30 s)
 * @param attempts    how many rounds over all servers before giving up (default 2, at most 5)
 * @param rotate      whether to start each query at the next server (load spreading)
 * @see <a href="https://man7.org/linux/man-pages/man5/resolv.conf.5.html">resolv.conf(5)</a>
 */
public record ResolverConfig(List<InetSocketAddress> nameServers, List<String> search, int ndots,
        Duration timeout, int attempts, boolean rotate) {

    /** The C library reads at most three {@code nameserver} lines (MAXNS). */
    public static final int MAX_NAME_SERVERS = 3;
    /** The DNS port. */
    public static final int DNS_PORT = 53;

    // Validates the configuration.
    public ResolverConfig {
        nameServers = List.copyOf(nameServers);
        search = List.copyOf(search);
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("no name server");
        }
        if (ndots < 0 || ndots > 15) {
            throw new IllegalArgumentException("ndots must be 0..15: " + ndots);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("timeout must be in (0, 30 s]: " + timeout);
        }
        if (attempts < 1 || attempts > 5) {
            throw new IllegalArgumentException("attempts must be 1..5: " + attempts);
        }
    }

    /**
     * Returns a configuration that asks the given servers with the C library's defaults.
     *
     * @param nameServers the servers, in order
     * @return the configuration
     */
    public static ResolverConfig of(InetSocketAddress... nameServers) {
        return new ResolverConfig(List.of(nameServers), List.of(), 1, Duration.ofSeconds(5), 2, false);
    }

    /**
     * Reads {@code /etc/resolv.conf}.
     *
     * @return the system's configuration
     * @throws IOException if the file cannot be read
     */
    public static ResolverConfig system() throws IOException {
        return parse(Files.readString(Path.of("/etc/resolv.conf"), StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses {@code resolv.conf} text. Without a usable {@code nameserver} line the local host
     * ({@code 127.0.0.1}) is used, as the C library does.
     *
     * @param text the file's contents
     * @return the configuration
     */
    public static ResolverConfig parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        int ndots = 1;
        Duration timeout = Duration.ofSeconds(5);
        int attempts = 2;
        boolean rotate = false;
        for (String line : text.split("\n", -1)) { // a literal split, not a pattern
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "nameserver":
                    if (words.size() > 1 && servers.size() < MAX_NAME_SERVERS) {
                        addressLiteral(words.get(1)).ifPresent(a -> servers.add(new InetSocketAddress(a, DNS_PORT)));
                    }
                    break;
                case "domain":
                    // The last of domain and search wins (resolv.conf(5)).
                    search.clear();
                    if (words.size() > 1) {
                        search.add(words.get(1));
                    }
                    break;
                case "search":
                    search.clear();
                    search.addAll(words.subList(1, words.size()));
                    break;
                case "options":
                    for (String option : words.subList(1, words.size())) {
                        if (option.startsWith("ndots:")) {
                            ndots = Math.min(15, number(option.substring(6), ndots));
                        } else if (option.startsWith("timeout:")) {
                            timeout = Duration.ofSeconds(Math.max(1, Math.min(30, number(option.substring(8),
                                    (int) timeout.toSeconds()))));
                        } else if (option.startsWith("attempts:")) {
                            attempts = Math.max(1, Math.min(5, number(option.substring(9), attempts)));
                        } else if (option.equals("rotate")) {
                            rotate = true;
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        if (servers.isEmpty()) {
            servers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), DNS_PORT));
        }
        return new ResolverConfig(servers, search, ndots, timeout, attempts, rotate);
    }

    /**
     * Returns a copy asking other servers.
     *
     * @param servers the servers, in order
     * @return the changed copy
     */
    public ResolverConfig withNameServers(List<InetSocketAddress> servers) {
        return new ResolverConfig(servers, search, ndots, timeout, attempts, rotate);
    }

    /**
     * Returns a copy with another per-try timeout.
     *
     * @param perTry how long to wait for one answer
     * @return the changed copy
     */
    public ResolverConfig withTimeout(Duration perTry) {
        return new ResolverConfig(nameServers, search, ndots, perTry, attempts, rotate);
    }

    /**
     * Returns a copy with another number of attempts.
     *
     * @param rounds rounds over all servers
     * @return the changed copy
     */
    public ResolverConfig withAttempts(int rounds) {
        return new ResolverConfig(nameServers, search, ndots, timeout, rounds, rotate);
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '#' || c == ';') {
                break; // a comment runs to the end of the line
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && " \t\r#;".indexOf(line.charAt(i)) < 0) {
                i++;
            }
            String word = line.substring(start, i);
            // Keywords are matched in lower case; values (domains) are kept as written.
            words.add(words.isEmpty() ? word.toLowerCase(Locale.ROOT) : word);
        }
        return words;
    }

    private static int number(String s, int fallback) {
        if (s.isEmpty() || s.length() > 4) {
            return fallback;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return fallback;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Parses an IPv4 or IPv6 address literal without ever asking DNS (unlike
     * {@link InetAddress#getByName}, which looks names up).
     *
     * @param s the text, such as {@code 192.0.2.1}, {@code 2001:db8::1} or {@code [::1]}
     * @return the address, or empty when the text is not an address literal
     */
    public static java.util.Optional<InetAddress> addressLiteral(String s) {
        return java.util.Optional.ofNullable(literal(s));
    }

    private static InetAddress literal(String s) {
        try {
            if (s.indexOf(':') >= 0) {
                // Java treats a string with a colon as an IPv6 literal and never looks it up.
                return InetAddress.getByName(s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s);
            }
            byte[] b = new byte[4];
            int part = 0;
            int value = -1;
            for (int i = 0; i <= s.length(); i++) {
                char c = i < s.length() ? s.charAt(i) : '.';
                if (c == '.') {
                    if (value < 0 || part > 3) {
                        return null;
                    }
                    b[part++] = (byte) value;
                    value = -1;
                } else if (c >= '0' && c <= '9') {
                    value = value < 0 ? c - '0' : value * 10 + (c - '0');
                    if (value > 255) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return part == 4 ? InetAddress.getByAddress(b) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
