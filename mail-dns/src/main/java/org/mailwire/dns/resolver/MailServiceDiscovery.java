// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRecord;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.codec.Rdata;

/**
 * Finds a domain's mail submission and access servers through SRV records (RFC 6186), preferring
 * the implicit-TLS services of RFC 8314 ({@code _submissions}, {@code _imaps}, {@code _pop3s})
 * over their STARTTLS forms, and reads TXT records (for SPF and DKIM work).
 */
public final class MailServiceDiscovery {

    /** A mail service a client may look for. */
    public enum Service {
        /** Message submission (RFC 6409). */
        SUBMISSION("_submissions._tcp", "_submission._tcp"),
        /** IMAP (RFC 9051). */
        IMAP("_imaps._tcp", "_imap._tcp"),
        /** POP3 (RFC 1939). */
        POP3("_pop3s._tcp", "_pop3._tcp");

        private final String implicitTls;
        private final String startTls;

        Service(String implicitTls, String startTls) {
            this.implicitTls = implicitTls;
            this.startTls = startTls;
        }
    }

    /**
     * One server offering a service.
     *
     * @param host        the server's name
     * @param port        its port
     * @param priority    SRV priority, lower first
     * @param weight      SRV weight among equal priorities
     * @param implicitTls {@code true} when TLS starts at connect (RFC 8314), {@code false} when
     *                    the client must use STARTTLS
     */
    public record ServiceTarget(DnsName host, int port, int priority, int weight, boolean implicitTls) {
    }

    private final DnsResolver dns;
    private final Random random;

    /**
     * Creates the discovery over a resolver.
     *
     * @param dns the stub resolver
     */
    public MailServiceDiscovery(DnsResolver dns) {
        this(dns, new java.security.SecureRandom());
    }

    /**
     * Creates the discovery with a chosen random source for SRV weights.
     *
     * @param dns    the stub resolver
     * @param random orders targets of equal priority by weight
     */
    public MailServiceDiscovery(DnsResolver dns, Random random) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Returns the servers of a service for a domain: implicit-TLS targets first, then STARTTLS
     * ones, each group in RFC 2782 order. An empty list means the domain publishes none, or says
     * the service is not offered (a target of ".", RFC 6186 §4).
     *
     * @param domain  the mail domain
     * @param service the service
     * @return the targets; completed exceptionally with {@link DnsFailureException} when DNS fails
     */
    public CompletableFuture<List<ServiceTarget>> discover(String domain, Service service) {
        DnsName base = DnsName.of(domain.endsWith(".") ? domain : domain + ".");
        CompletableFuture<List<ServiceTarget>> tls = targets(DnsName.of(service.implicitTls + "." + base), true);
        CompletableFuture<List<ServiceTarget>> starttls = targets(DnsName.of(service.startTls + "." + base), false);
        return tls.thenCombine(starttls, (a, b) -> {
            List<ServiceTarget> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    /**
     * Returns the TXT strings of a name, each record's strings joined (as SPF reads them,
     * RFC 7208 §3.3).
     *
     * @param name the name
     * @return one string per TXT record; empty when there are none
     */
    public CompletableFuture<List<String>> txt(String name) {
        DnsName n = DnsName.of(name.endsWith(".") ? name : name + ".");
        return dns.lookup(n, DnsType.TXT).thenApply(r -> {
            if (r instanceof LookupResult.Failure f) {
                throw new java.util.concurrent.CompletionException(new DnsFailureException(f.reason(), null));
            }
            List<String> out = new ArrayList<>();
            if (r instanceof LookupResult.Records records) {
                for (DnsRecord rec : records.records()) {
                    StringBuilder joined = new StringBuilder();
                    for (byte[] s : ((Rdata.Txt) rec.rdata()).strings()) {
                        joined.append(new String(s, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    out.add(joined.toString());
                }
            }
            return out;
        });
    }

    private CompletableFuture<List<ServiceTarget>> targets(DnsName name, boolean implicitTls) {
        return dns.lookup(name, DnsType.SRV).thenApply(r -> {
            if (r instanceof LookupResult.Failure f) {
                throw new java.util.concurrent.CompletionException(new DnsFailureException(f.reason(), null));
            }
            List<Rdata.Srv> srvs = new ArrayList<>();
            if (r instanceof LookupResult.Records records) {
                for (DnsRecord rec : records.records()) {
                    srvs.add((Rdata.Srv) rec.rdata());
                }
            }
            if (srvs.size() == 1 && srvs.get(0).target().isRoot()) {
                return List.of(); // RFC 2782: "." means the service is decidedly not available
            }
            return order(srvs, implicitTls);
        });
    }

    /** RFC 2782: by priority, then a weighted random choice among equal priorities. */
    private List<ServiceTarget> order(List<Rdata.Srv> srvs, boolean implicitTls) {
        List<Rdata.Srv> remaining = new ArrayList<>(srvs);
        remaining.removeIf(s -> s.target().isRoot());
        remaining.sort(Comparator.comparingInt(Rdata.Srv::priority));
        List<ServiceTarget> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            int priority = remaining.get(0).priority();
            List<Rdata.Srv> group = new ArrayList<>();
            for (Rdata.Srv s : remaining) {
                if (s.priority() == priority) {
                    group.add(s);
                }
            }
            remaining.removeAll(group);
            while (!group.isEmpty()) {
                int total = 0;
                for (Rdata.Srv s : group) {
                    total += s.weight();
                }
                int pick = total == 0 ? 0 : random.nextInt(total + 1);
                int sum = 0;
                Rdata.Srv chosen = group.get(0);
                for (Rdata.Srv s : group) {
                    sum += s.weight();
                    if (sum >= pick) {
                        chosen = s;
                        break;
                    }
                }
                group.remove(chosen);
                out.add(new ServiceTarget(chosen.target(), chosen.port(), chosen.priority(), chosen.weight(),
                        implicitTls));
            }
        }
        return out;
    }
}
