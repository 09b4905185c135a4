// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mailwire.core.Secret;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.Rdata;
import org.mailwire.dns.resolver.ResolverConfig;
import org.mailwire.dns.testing.TestDnsServer;
import org.mailwire.dns.testing.ZoneResponder;
import org.mailwire.imap.server.ImapServer;
import org.mailwire.imap.server.ImapServerSettings;
import org.mailwire.pop3.client.Pop3BlockingClient;
import org.mailwire.pop3.client.Pop3Client;
import org.mailwire.pop3.server.Pop3Server;
import org.mailwire.smtp.client.SmtpBlockingClient;
import org.mailwire.smtp.client.SmtpClient;
import org.mailwire.smtp.client.SmtpTransaction;
import org.mailwire.smtp.client.SmtpTransactionResult;
import org.mailwire.smtp.client.TlsMode;
import org.mailwire.smtp.server.SmtpServer;
import org.mailwire.store.MailStore;
import org.mailwire.store.Mailbox;
import org.mailwire.store.MessageInfo;
import org.mailwire.store.StoreException;
import org.mailwire.store.UserMailboxes;
import org.mailwire.testkit.internal.KitCertificate;
import org.opentest4j.AssertionFailedError;

/**
 * A set of embedded servers for one test: SMTP (RFC 5321, STARTTLS per RFC 3207), POP3
 * (RFC 1939, STLS per RFC 2595) and IMAP (RFC 9051) over one in-memory store, and a DNS server (RFC 1035) answering
 * MX and A records, each on a free loopback port. It hands out clients configured to reach and
 * trust them, and waits for and asserts received mail. {@link MailwireExtension} makes one per
 * {@link MailServerTest}; {@link #builder()} makes one anywhere else.
 */
public final class TestMailServer implements AutoCloseable {

    /**
     * The mailbox {@code <Postmaster>} is delivered to (RFC 5321 §4.5.1), always present; read
     * it with {@code messages(TestMailServer.POSTMASTER)}.
     */
    public static final String POSTMASTER = "postmaster";

    private final String hostName;
    private final MailStore store;
    private final KitCertificate tls;
    private final SmtpServer smtp;
    private final Pop3Server pop3;
    private final ImapServer imap;
    private final TestDnsServer dns;
    private final ZoneResponder zone;
    private final Map<String, String> passwords = new java.util.concurrent.ConcurrentHashMap<>();

    private TestMailServer(Builder b) throws IOException {
        this.hostName = b.hostName;
        this.store = MailStore.inMemory();
        this.tls = b.tls ? KitCertificate.generate(b.hostName) : null;
        this.zone = new ZoneResponder();
        boolean started = false;
        SmtpServer smtpServer = null;
        Pop3Server pop3Server = null;
        ImapServer imapServer = null;
        TestDnsServer dnsServer = null;
        try {
            // RFC 5321 §4.5.1: <Postmaster> must be accepted; the store handler delivers it to this user.
            addUser(POSTMASTER, Long.toHexString(new java.security.SecureRandom().nextLong()));
            for (Map.Entry<String, String> user : b.users.entrySet()) {
                addUser(user.getKey(), user.getValue());
            }
            for (Mx mx : b.mxRecords) {
                addMx(mx.domain(), mx.exchange(), mx.preference(), mx.address());
            }
            Set<String> domains = new LinkedHashSet<>(b.domains);
            for (String user : b.users.keySet()) {
                domains.add(user.substring(user.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
            }
            SmtpServer.Builder sb = SmtpServer.builder().listen("127.0.0.1", 0).hostName(hostName).mx()
                    .deliverTo(store).localDomains(domains.toArray(String[]::new));
            Pop3Server.Builder pb = Pop3Server.builder(store).bind(new InetSocketAddress("127.0.0.1", 0))
                    .hostName(hostName);
            ImapServerSettings imapSettings = ImapServerSettings.defaults().withHostName(hostName);
            ImapServer.Builder ib = ImapServer.builder().store(store).listen("127.0.0.1", 0);
            if (tls != null) {
                sb.tls(tls.server());
                pb.startTls(tls.server());
                ib.startTls(tls.server());
            } else {
                pb.allowPlaintextWithoutTls(true);
                imapSettings = imapSettings.withAllowPlaintextWithoutTls(true);
            }
            smtpServer = sb.start();
            pop3Server = pb.start();
            imapServer = ib.settings(imapSettings).start();
            dnsServer = new TestDnsServer(zone);
            started = true;
        } finally {
            if (!started) {
                closeAll(smtpServer, pop3Server, imapServer, dnsServer, store);
            }
        }
        this.smtp = smtpServer;
        this.pop3 = pop3Server;
        this.imap = imapServer;
        this.dns = dnsServer;
    }

    /**
     * Starts building a server set.
     *
     * @return a builder with TLS on and no users
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the SMTP server's address (MX role: mail for local domains from anyone; AUTH
     * accepted for the users after STARTTLS when TLS is on).
     *
     * @return the loopback address
     */
    public InetSocketAddress smtpAddress() {
        return smtp.address();
    }

    /**
     * Returns the POP3 server's address.
     *
     * @return the loopback address
     */
    public InetSocketAddress pop3Address() {
        return pop3.address();
    }

    /**
     * Returns the IMAP server's address (IMAP4rev2 and rev1, RFC 9051; STARTTLS when TLS is on,
     * LOGIN only after it).
     *
     * @return the loopback address
     */
    public InetSocketAddress imapAddress() {
        return imap.address();
    }

    /**
     * Returns the DNS server's address, the same port for UDP and TCP.
     *
     * @return the loopback address
     */
    public InetSocketAddress dnsAddress() {
        return dns.address();
    }

    /**
     * Returns a resolver configuration that asks only the test DNS server, for
     * {@code DnsResolver.create(..)} and so for {@code MxResolver} and outbound delivery.
     *
     * @return the configuration
     */
    public ResolverConfig resolverConfig() {
        return ResolverConfig.of(dns.address()).withTimeout(Duration.ofSeconds(1)).withAttempts(2);
    }

    /**
     * Returns the servers' host name (the greeting's domain and the certificate's name).
     *
     * @return the host name
     */
    public String hostName() {
        return hostName;
    }

    /**
     * Returns the in-memory store the servers share, to look at or change mailboxes directly.
     *
     * @return the store
     */
    public MailStore store() {
        return store;
    }

    /**
     * Returns client TLS settings that trust the kit's certificate and nothing else.
     *
     * @return the settings
     * @throws IllegalStateException if TLS is off
     */
    public TlsSettings clientTls() {
        return requireTls().client();
    }

    /**
     * Returns a key store holding only the kit's certificate, for clients other than mailwire's.
     *
     * @return the trust store
     * @throws IllegalStateException if TLS is off
     */
    public KeyStore trustStore() {
        return requireTls().trustStore();
    }

    /**
     * Adds a user while the servers run. Its domain must be local already (a declared domain or
     * one of a user declared at start) for SMTP to accept mail for it.
     *
     * @param name     the address, used as login
     * @param password the password
     */
    public void addUser(String name, String password) {
        try {
            store.createUser(name, Secret.of(password));
            passwords.put(name, password);
        } catch (StoreException e) {
            throw new IllegalStateException("cannot add user " + name, e);
        }
    }

    /**
     * Adds an MX record (RFC 1035 §3.3.9) and, if an address is given, the exchange's A record.
     *
     * @param domain     the mail domain
     * @param exchange   the exchange's host name
     * @param preference the preference, lower first
     * @param address    the exchange's IPv4 address, or {@code null} or empty for none
     */
    public void addMx(String domain, String exchange, int preference, String address) {
        zone.add(absolute(domain), 300, new Rdata.Mx(preference, DnsName.of(absolute(exchange))));
        if (address != null && !address.isEmpty()) {
            addAddress(exchange, address);
        }
    }

    /**
     * Adds an A or AAAA record for a host.
     *
     * @param host    the host name
     * @param address the IPv4 or IPv6 address literal
     */
    public void addAddress(String host, String address) {
        Rdata data = address.indexOf(':') >= 0 ? ZoneResponder.aaaa(address) : ZoneResponder.a(address);
        zone.add(absolute(host), 300, data);
    }

    /**
     * Returns an SMTP client builder configured for these servers: STARTTLS required with the
     * kit's trust when TLS is on, plaintext otherwise.
     *
     * @return the builder, to add credentials or settings
     */
    public SmtpClient.Builder smtpClientBuilder() {
        SmtpClient.Builder b = SmtpClient.builder().heloName("client.example.test");
        if (tls != null) {
            b.tlsMode(TlsMode.REQUIRED).tls(tls.client());
        } else {
            b.tlsMode(TlsMode.NONE);
        }
        return b;
    }

    /**
     * Connects a blocking SMTP client to the SMTP server.
     *
     * @return the connected client; close it
     * @throws IOException if the connection or TLS fails
     */
    public SmtpBlockingClient smtpClient() throws IOException {
        return SmtpBlockingClient.connect(smtpClientBuilder().build(), smtp.address(), hostName);
    }

    /**
     * Sends one message through the SMTP server.
     *
     * @param from    the envelope sender
     * @param to      the recipient
     * @param message the message octets (CRLF line ends)
     * @return the server's replies
     * @throws IOException if sending fails
     */
    public SmtpTransactionResult send(String from, String to, byte[] message) throws IOException {
        try (SmtpBlockingClient client = smtpClient()) {
            SmtpTransactionResult result = client.send(SmtpTransaction.builder().from(from).to(to).content(message).build());
            client.quit();
            return result;
        }
    }

    /**
     * Connects a blocking POP3 client and logs in as a declared user.
     *
     * @param user the user
     * @return the client in the TRANSACTION state; close it
     * @throws IOException if the connection, TLS or the login fails
     */
    public Pop3BlockingClient pop3Client(String user) throws IOException {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user: " + user);
        }
        Pop3Client.Builder b = Pop3Client.builder();
        if (tls != null) {
            b.startTls(tls.client());
        } else {
            b.plaintext().allowPlaintextLogin();
        }
        Pop3BlockingClient client = Pop3BlockingClient.connect(b, pop3.address(), hostName, Duration.ofSeconds(10));
        try {
            client.login(user, Secret.of(password));
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Returns the messages now in the user's INBOX, oldest first.
     *
     * @param user the user
     * @return the messages
     */
    public List<ReceivedMessage> messages(String user) {
        try {
            Mailbox inbox = store.mailboxes(user).open(UserMailboxes.INBOX);
            List<ReceivedMessage> out = new ArrayList<>();
            for (MessageInfo info : inbox.messages()) {
                try (InputStream in = inbox.openContent(info.uid())) {
                    out.add(new ReceivedMessage(user, info.uid(), in.readAllBytes()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read " + user + "'s INBOX", e);
        }
    }

    /**
     * Waits until the user's INBOX holds at least {@code count} messages, and fails the test
     * (listing what did arrive) if it does not within the timeout.
     *
     * @param user    the user
     * @param count   how many messages
     * @param timeout the longest wait
     * @return the messages, oldest first
     */
    public List<ReceivedMessage> awaitMessages(String user, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReceivedMessage> now = messages(user);
        while (now.size() < count) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionFailedError("messages in " + user + "'s INBOX after " + timeout
                        + ": " + now.size() + "\n" + String.join("\n----\n", now.stream().map(ReceivedMessage::text).toList()),
                        count, now.size());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted while waiting for mail");
            }
            now = messages(user);
        }
        return now;
    }

    /** Stops the servers and drops the store. */
    @Override
    public void close() {
        closeAll(smtp, pop3, imap, dns, store);
    }

    private KitCertificate requireTls() {
        if (tls == null) {
            throw new IllegalStateException("TLS is off for these servers");
        }
        return tls;
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing anyway; the test's own result matters more
                }
            }
        }
    }

    private record Mx(String domain, String exchange, int preference, String address) {
    }

    /** Builds a {@link TestMailServer}; one way to set each thing. */
    public static final class Builder {
        private String hostName = "mail.example.test";
        private boolean tls = true;
        private final Set<String> domains = new LinkedHashSet<>(List.of("example.test"));
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<Mx> mxRecords = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the servers' host name. Default {@code mail.example.test}.
         *
         * @param value the name
         * @return this builder
         */
        public Builder hostName(String value) {
            this.hostName = Objects.requireNonNull(value, "hostName");
            return this;
        }

        /**
         * Turns STARTTLS/STLS with the kit's certificate on (default) or off.
         *
         * @param value whether TLS is offered
         * @return this builder
         */
        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        /**
         * Replaces the local domains besides the users' (default {@code example.test}).
         *
         * @param values the domains
         * @return this builder
         */
        public Builder domains(String... values) {
            domains.clear();
            for (String d : values) {
                domains.add(d.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Adds a user.
         *
         * @param name     the address, used as login
         * @param password the password
         * @return this builder
         */
        public Builder user(String name, String password) {
            if (name.indexOf('@') <= 0) {
                throw new IllegalArgumentException("a user is an address, local@domain: " + name);
            }
            users.put(name, Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * Adds an MX record and, if an address is given, the exchange's A record.
         *
         * @param domain     the mail domain
         * @param exchange   the exchange
         * @param preference the preference
         * @param address    the exchange's address, or empty for none
         * @return this builder
         */
        public Builder mx(String domain, String exchange, int preference, String address) {
            mxRecords.add(new Mx(domain, exchange, preference, address));
            return this;
        }

        /**
         * Starts the servers.
         *
         * @return the running servers; close them
         * @throws IOException if a port or the certificate cannot be had
         */
        public TestMailServer start() throws IOException {
            return new TestMailServer(this);
        }
    }
}
