// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.mailwire.core.net.EventLoopGroup;
import org.mailwire.core.net.TlsSettings;
import org.mailwire.dns.resolver.DnsResolver;
import org.mailwire.dns.resolver.MxResolver;
import org.mailwire.dns.resolver.ResolverConfig;
import org.mailwire.imap.protocol.MessageSpool;
import org.mailwire.imap.server.ImapServer;
import org.mailwire.imap.server.ImapServerSettings;
import org.mailwire.pop3.server.Pop3Server;
import org.mailwire.server.internal.PemFiles;
import org.mailwire.server.internal.SelfSignedCertificate;
import org.mailwire.smtp.codec.SmtpLimits;
import org.mailwire.smtp.delivery.DeliveryHandler;
import org.mailwire.smtp.delivery.DeliveryQueue;
import org.mailwire.smtp.delivery.LocalDelivery;
import org.mailwire.smtp.delivery.OutboundDelivery;
import org.mailwire.smtp.delivery.RemoteTransport;
import org.mailwire.smtp.delivery.SmtpClientTransport;
import org.mailwire.smtp.server.SmtpServer;
import org.mailwire.store.MailStore;
import org.mailwire.store.MailStoreSettings;
import org.mailwire.store.Quota;

/**
 * A complete mail system for one or more domains in one process: SMTP for incoming mail (MX),
 * submission on 587 (STARTTLS + AUTH) and 465 (implicit TLS), POP3 and POP3S, IMAP and IMAPS,
 * the outbound delivery queue with MX routing, retries and bounces, and the durable maildir
 * store, all under one data directory.
 *
 * <pre>{@code
 * try (MailServer server = MailServer.start(MailServerSettings.of(properties))) {
 *     server.listeners().forEach((name, address) -> System.out.println(name + " " + address));
 * }
 * }</pre>
 */
public final class MailServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MailServer.class.getName());

    private final MailServerSettings settings;
    private final MailStore store;
    private final Path certificate;
    private final DnsResolver dns;
    private final OutboundDelivery delivery;
    private final ExecutorService blocking;
    private final EventLoopGroup loops;
    private final RecentLogins recentLogins;
    private final List<AutoCloseable> listeners = new ArrayList<>();
    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();

    private MailServer(MailServerSettings settings, Optional<RemoteTransport> transport) throws IOException,
            GeneralSecurityException {
        this.settings = settings;
        Path data = settings.dataDirectory();
        Files.createDirectories(data);
        MailStoreSettings storeSettings = MailStoreSettings.defaults().withPasswordIterations(settings.passwordIterations());
        if (settings.quotaStorage() > 0 || settings.quotaMessages() > 0) {
            storeSettings = storeSettings.withDefaultQuota(Quota.of(
                    settings.quotaStorage() > 0 ? settings.quotaStorage() : Quota.UNLIMITED,
                    settings.quotaMessages() > 0 ? settings.quotaMessages() : Quota.UNLIMITED));
        }
        try {
            this.store = MailStore.maildir(data.resolve("store"), storeSettings);
        } catch (org.mailwire.store.StorageException e) {
            throw new IOException("cannot open the mail store in " + data.resolve("store") + ": " + e.getMessage(), e);
        }
        this.certificate = data.resolve("tls").resolve("cert.pem");
        TlsSettings tls = TlsSettings.server(sslContext(settings, data.resolve("tls")));
        this.dns = settings.dnsServers().isEmpty() ? DnsResolver.system()
                : DnsResolver.create(ResolverConfig.of(settings.dnsServers().toArray(InetSocketAddress[]::new)));
        this.blocking = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "mailwire-blocking");
            t.setDaemon(true);
            return t;
        });
        this.loops = EventLoopGroup.create();
        this.recentLogins = new RecentLogins(settings.popBeforeSmtp());
        Set<String> domains = Set.copyOf(settings.domains());
        this.delivery = OutboundDelivery.builder(DeliveryQueue.open(data.resolve("queue")), new LocalDelivery(store, domains))
                .mxResolver(new MxResolver(dns))
                .transport(transport.orElseGet(() -> SmtpClientTransport.relay(settings.hostName(), loops)))
                .hostName(settings.hostName())
                .remotePort(settings.port("relay.port").orElse(25))
                .retrySchedule(settings.retrySchedule())
                .build();
        try {
            delivery.start();
            startListeners(tls, domains);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts a server.
     *
     * @param settings the settings
     * @return the running server
     * @throws IOException              if a port cannot be bound or the data directory is unusable
     * @throws GeneralSecurityException if the TLS key or certificate cannot be loaded or made
     */
    public static MailServer start(MailServerSettings settings) throws IOException, GeneralSecurityException {
        return new MailServer(settings, Optional.empty());
    }

    /**
     * Starts a server that hands remote mail to the given transport instead of SMTP (tests).
     *
     * @param settings  the settings
     * @param transport the transport for remote domains
     * @return the running server
     * @throws IOException              if a port cannot be bound
     * @throws GeneralSecurityException if TLS cannot be set up
     */
    public static MailServer start(MailServerSettings settings, RemoteTransport transport) throws IOException,
            GeneralSecurityException {
        return new MailServer(settings, Optional.of(transport));
    }

    private void startListeners(TlsSettings tls, Set<String> domains) throws IOException {
        String bind = settings.bindAddress();
        Path spoolDirectory = Files.createDirectories(settings.dataDirectory().resolve("spool"));
        SmtpLimits limits = SmtpLimits.defaults().withMaxMessageSize(settings.maxMessageSize());
        DeliveryHandler handler = new DeliveryHandler(delivery, settings.hostName(), blocking, 50);
        String[] local = domains.toArray(String[]::new);
        String[] trusted = settings.trustedNetworks().toArray(String[]::new);
        for (String role : List.of("smtp", "submission", "submissions")) {
            Optional<Integer> port = settings.port(role + ".port");
            if (port.isEmpty()) {
                continue;
            }
            SmtpServer.Builder b = SmtpServer.builder().listen(bind, port.get()).hostName(settings.hostName())
                    .handler(handler).authenticator(store.authenticator()).localDomains(local).trustedNetworks(trusted)
                    .limits(limits).tls(tls).eventLoops(loops).relayAllowed(recentLogins::mayRelay).dsn(true);
            switch (role) {
                case "smtp" -> b.mx();
                case "submission" -> b.submission();
                default -> b.submissions();
            }
            SmtpServer server = b.start();
            listeners.add(server);
            addresses.put(role, server.address());
        }
        for (String role : List.of("pop3", "pop3s")) {
            Optional<Integer> port = settings.port(role + ".port");
            if (port.isEmpty()) {
                continue;
            }
            Pop3Server.Builder b = Pop3Server.builder(store).bind(new InetSocketAddress(bind, port.get()))
                    .hostName(settings.hostName()).loginListener(login -> recentLogins.loggedIn(login.address()));
            if (role.equals("pop3")) {
                b.startTls(tls);
            } else {
                b.implicitTls(tls);
            }
            Pop3Server server = b.start();
            listeners.add(server);
            addresses.put(role, server.address());
        }
        for (String role : List.of("imap", "imaps")) {
            Optional<Integer> port = settings.port(role + ".port");
            if (port.isEmpty()) {
                continue;
            }
            ImapServer.Builder b = ImapServer.builder().store(store).bind(new InetSocketAddress(bind, port.get()))
                    .settings(ImapServerSettings.defaults().withHostName(settings.hostName()))
                    .spool(MessageSpool.files(spoolDirectory))
                    .loginListener((user, client) -> recentLogins.loggedIn(client));
            if (role.equals("imap")) {
                b.startTls(tls);
            } else {
                b.implicitTls(tls);
            }
            ImapServer server = b.start();
            listeners.add(server);
            addresses.put(role, server.address());
        }
    }

    private static SSLContext sslContext(MailServerSettings settings, Path tlsDirectory) throws IOException,
            GeneralSecurityException {
        char[] password;
        KeyStore keyStore;
        Optional<String> p12 = settings.value("tls.keystore");
        if (p12.isPresent()) {
            password = settings.value("tls.keystore.password").orElse("").toCharArray();
            keyStore = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(Path.of(p12.get()))) {
                keyStore.load(in, password);
            }
        } else {
            Path cert = settings.value("tls.certificate").map(Path::of).orElse(tlsDirectory.resolve("cert.pem"));
            Path key = settings.value("tls.key").map(Path::of).orElse(tlsDirectory.resolve("key.pem"));
            if (settings.value("tls.certificate").isEmpty() && !Files.exists(cert)) {
                Files.createDirectories(tlsDirectory);
                List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getLoopbackAddress()));
                InetAddress bound = InetAddress.getByName(settings.bindAddress());
                if (!bound.isAnyLocalAddress() && !addresses.contains(bound)) {
                    addresses.add(bound);
                }
                SelfSignedCertificate generated = SelfSignedCertificate.generate(settings.hostName(), List.of("localhost"),
                        addresses, Duration.ofDays(825));
                PemFiles.write(generated.certificate(), generated.key().getPrivate(), cert, key);
                LOG.log(System.Logger.Level.WARNING, "no TLS certificate configured: made a self-signed one for local use: "
                        + cert);
            }
            password = new char[0];
            keyStore = PemFiles.keyStore(cert, key, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    /**
     * Returns the mail store (to manage users, or to look into mailboxes).
     *
     * @return the store
     */
    public MailStore store() {
        return store;
    }

    /**
     * Returns the delivery engine (to inspect or flush the queue).
     *
     * @return the engine
     */
    public OutboundDelivery delivery() {
        return delivery;
    }

    /**
     * Returns where each listener is bound, by role: {@code smtp}, {@code submission},
     * {@code submissions}, {@code pop3}, {@code pop3s}, {@code imap}, {@code imaps}.
     *
     * @return the addresses, in start order
     */
    public Map<String, InetSocketAddress> listeners() {
        return Map.copyOf(addresses);
    }

    /**
     * Returns the PEM file of the certificate in use when it was made or placed in the data
     * directory (clients can trust it with {@code curl --cacert}).
     *
     * @return the certificate file
     */
    public Path certificateFile() {
        return settings.value("tls.certificate").map(Path::of).orElse(certificate);
    }

    @Override
    public void close() {
        for (int i = listeners.size() - 1; i >= 0; i--) {
            try {
                listeners.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing a listener failed", e);
            }
        }
        if (delivery != null) {
            delivery.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (loops != null) {
            loops.close();
        }
        if (blocking != null) {
            blocking.shutdown();
        }
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the store failed", e);
            }
        }
    }
}
