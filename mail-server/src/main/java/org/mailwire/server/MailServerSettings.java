// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.mailwire.smtp.delivery.RetrySchedule;

/**
 * Everything a {@link MailServer} needs to know, read from a {@code .properties} file (a format
 * the JDK reads; keys below) and overridden by {@code --key=value} command-line flags. A port of
 * {@code -1} turns a listener off.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code host.name}</td><td>{@code localhost}</td><td>this server's name: EHLO, greetings, Received, bounces</td></tr>
 *   <tr><td>{@code domains}</td><td>(required)</td><td>comma-separated mail domains stored here</td></tr>
 *   <tr><td>{@code data.dir}</td><td>{@code ./mailwire-data}</td><td>the store, the queue and the TLS files</td></tr>
 *   <tr><td>{@code bind.address}</td><td>{@code 127.0.0.1}</td><td>the address every listener binds</td></tr>
 *   <tr><td>{@code smtp.port}, {@code submission.port}, {@code submissions.port}</td><td>25, 587, 465</td><td>MX, submission (STARTTLS + AUTH), implicit TLS submission</td></tr>
 *   <tr><td>{@code pop3.port}, {@code pop3s.port}</td><td>110, 995</td><td>POP3 with STLS, POP3 over TLS</td></tr>
 *   <tr><td>{@code imap.port}, {@code imaps.port}</td><td>143, 993</td><td>IMAP with STARTTLS, IMAP over TLS</td></tr>
 *   <tr><td>{@code dns.servers}</td><td>(from {@code /etc/resolv.conf})</td><td>comma-separated {@code address[:port]} of resolvers</td></tr>
 *   <tr><td>{@code message.size.max}</td><td>52428800</td><td>largest message accepted (SMTP SIZE, RFC 1870)</td></tr>
 *   <tr><td>{@code quota.storage}, {@code quota.messages}</td><td>0 (none)</td><td>per-user quota for new users</td></tr>
 *   <tr><td>{@code pop.before.smtp}</td><td>{@code 0} (off)</td><td>relay allowed from an address for this long after a POP3/IMAP login ({@code 10m})</td></tr>
 *   <tr><td>{@code trusted.networks}</td><td>(none)</td><td>CIDR blocks that may relay without AUTH</td></tr>
 *   <tr><td>{@code tls.keystore}, {@code tls.keystore.password}</td><td></td><td>a PKCS#12 key store</td></tr>
 *   <tr><td>{@code tls.certificate}, {@code tls.key}</td><td></td><td>PEM certificate chain and PKCS#8 key</td></tr>
 *   <tr><td>{@code relay.port}</td><td>25</td><td>port of remote mail exchangers (tests use another)</td></tr>
 *   <tr><td>{@code retry.delays}, {@code retry.max.age}</td><td>{@code 5m,10m,20m,40m,1h,2h,4h}, {@code 5d}</td><td>retry schedule for deferred mail</td></tr>
 *   <tr><td>{@code password.iterations}</td><td>600000</td><td>PBKDF2 iterations for stored passwords</td></tr>
 * </table>
 *
 * Without TLS files a self-signed certificate is made on first start in {@code data.dir/tls}.
 * Settings are immutable; every value is checked when the settings are made.
 */
public final class MailServerSettings {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("host.name", "localhost"),
            Map.entry("data.dir", "mailwire-data"),
            Map.entry("bind.address", "127.0.0.1"),
            Map.entry("smtp.port", "25"),
            Map.entry("submission.port", "587"),
            Map.entry("submissions.port", "465"),
            Map.entry("pop3.port", "110"),
            Map.entry("pop3s.port", "995"),
            Map.entry("imap.port", "143"),
            Map.entry("imaps.port", "993"),
            Map.entry("message.size.max", Long.toString(50L * 1024 * 1024)),
            Map.entry("quota.storage", "0"),
            Map.entry("quota.messages", "0"),
            Map.entry("pop.before.smtp", "0"),
            Map.entry("relay.port", "25"),
            Map.entry("retry.delays", "5m,10m,20m,40m,1h,2h,4h"),
            Map.entry("retry.max.age", "5d"),
            Map.entry("password.iterations", "600000"));

    private final Map<String, String> values;

    /** Checks every value now, so that a typo fails at start, not at first use. */
    private MailServerSettings(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>(DEFAULTS);
        copy.putAll(values);
        for (String key : copy.keySet()) {
            if (!DEFAULTS.containsKey(key) && !List.of("domains", "dns.servers", "trusted.networks", "tls.keystore",
                    "tls.keystore.password", "tls.certificate", "tls.key").contains(key)) {
                throw new IllegalArgumentException("unknown setting: " + key);
            }
        }
        this.values = Map.copyOf(copy);
        MailServerSettings check = this;
        check.domains();
        check.dataDirectory();
        for (String p : List.of("smtp.port", "submission.port", "submissions.port", "pop3.port", "pop3s.port",
                "imap.port", "imaps.port", "relay.port")) {
            check.port(p);
        }
        check.dnsServers();
        check.maxMessageSize();
        check.popBeforeSmtp();
        check.retrySchedule();
        check.passwordIterations();
        check.quotaStorage();
        check.quotaMessages();
    }

    /**
     * Returns every value by key, defaults included.
     *
     * @return the values
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * Reads settings from properties (a file's, or flags'), over the defaults.
     *
     * @param properties the values
     * @return the settings
     * @throws IllegalArgumentException if a key is unknown or a value invalid
     */
    public static MailServerSettings of(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name).trim());
        }
        return new MailServerSettings(map);
    }

    /**
     * Returns a copy with one value changed.
     *
     * @param key   the key
     * @param value the value
     * @return the changed settings
     */
    public MailServerSettings with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(key, value);
        return new MailServerSettings(map);
    }

    /**
     * Returns this server's host name.
     *
     * @return the name
     */
    public String hostName() {
        return values.get("host.name");
    }

    /**
     * Returns the mail domains stored here, lower case.
     *
     * @return the domains, at least one
     */
    public List<String> domains() {
        List<String> out = list("domains").stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("domains: at least one mail domain is required");
        }
        return out;
    }

    /**
     * Returns the data directory.
     *
     * @return the directory
     */
    public Path dataDirectory() {
        return Path.of(values.get("data.dir"));
    }

    /**
     * Returns the address listeners bind.
     *
     * @return the host or address literal
     */
    public String bindAddress() {
        return values.get("bind.address");
    }

    /**
     * Returns a listener's port.
     *
     * @param key for example {@code smtp.port}
     * @return the port, 0 for any free one, or empty when the listener is off ({@code -1})
     */
    public Optional<Integer> port(String key) {
        int port = integer(key);
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(key + ": a port is 0 to 65535, or -1 for off");
        }
        return port == -1 ? Optional.empty() : Optional.of(port);
    }

    /**
     * Returns the configured resolvers, or empty to use the system's.
     *
     * @return the name servers
     */
    public List<InetSocketAddress> dnsServers() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : list("dns.servers")) {
            int colon = s.lastIndexOf(':');
            boolean hasPort = colon > 0 && s.indexOf(':') == colon;
            String host = hasPort ? s.substring(0, colon) : s;
            int port = hasPort ? Integer.parseInt(s.substring(colon + 1)) : 53;
            out.add(new InetSocketAddress(host, port));
        }
        return out;
    }

    /**
     * Returns the largest message accepted.
     *
     * @return octets
     */
    public long maxMessageSize() {
        long v = longValue("message.size.max");
        if (v < 1024) {
            throw new IllegalArgumentException("message.size.max: at least 1024");
        }
        return v;
    }

    /**
     * Returns the storage quota for new users, 0 for none.
     *
     * @return octets
     */
    public long quotaStorage() {
        return nonNegative("quota.storage");
    }

    /**
     * Returns the message-count quota for new users, 0 for none.
     *
     * @return messages
     */
    public long quotaMessages() {
        return nonNegative("quota.messages");
    }

    /**
     * Returns how long an address may relay after a POP3 or IMAP login; zero for off.
     *
     * @return the duration
     */
    public Duration popBeforeSmtp() {
        return duration(values.get("pop.before.smtp"));
    }

    /**
     * Returns the networks that may relay without AUTH.
     *
     * @return CIDR blocks
     */
    public List<String> trustedNetworks() {
        return list("trusted.networks");
    }

    /**
     * Returns a free-form value (TLS file paths and password).
     *
     * @param key the key
     * @return the value, if set and not empty
     */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /**
     * Returns the retry schedule for deferred mail.
     *
     * @return the schedule
     */
    public RetrySchedule retrySchedule() {
        List<Duration> delays = list("retry.delays").stream().map(MailServerSettings::duration).toList();
        return new RetrySchedule(delays, duration(values.get("retry.max.age")), RetrySchedule.DEFAULT.delayNoticeAfter());
    }

    /**
     * Returns the PBKDF2 iteration count for stored passwords.
     *
     * @return the count
     */
    public int passwordIterations() {
        int v = integer("password.iterations");
        if (v < 1) {
            throw new IllegalArgumentException("password.iterations: at least 1");
        }
        return v;
    }

    /**
     * Parses {@code 30s}, {@code 10m}, {@code 4h}, {@code 5d} or plain seconds.
     *
     * @param text the duration
     * @return the duration
     */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        char unit = t.charAt(t.length() - 1);
        String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative duration: " + text);
        }
        return switch (Character.isDigit(unit) ? 's' : unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("duration unit is s, m, h or d: " + text);
        };
    }

    private List<String> list(String key) {
        String v = values.getOrDefault(key, "");
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(Objects.requireNonNull(values.get(key), key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + values.get(key));
        }
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(Objects.requireNonNull(values.get(key), key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + values.get(key));
        }
    }

    private long nonNegative(String key) {
        long v = longValue(key);
        if (v < 0) {
            throw new IllegalArgumentException(key + ": must not be negative");
        }
        return v;
    }
}
