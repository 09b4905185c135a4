// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
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
 * Finds where mail for a domain goes, as RFC 5321 §5.1 says: the MX records by preference (equal
 * preferences shuffled), each exchanger with its addresses; the domain itself when it has no MX
 * but has addresses (the implicit MX); a null MX (RFC 7505) as a permanent refusal.
 *
 * <p>Exchanger addresses always come from their own A and AAAA lookups (cached), never from the
 * additional section of the MX answer (SECURITY-CASES DNS-09: additional data can be smuggled).
 *
 * <pre>{@code
 * MxResult r = new MxResolver(dns).resolve("example.org").join();
 * if (r instanceof MxResult.Exchangers x) { ... x.exchangers() ... }
 * }</pre>
 */
public final class MxResolver {

    private final DnsResolver dns;
    private final Random shuffle;

    /**
     * Creates an MX resolver over a stub resolver, shuffling with a secure random source.
     *
     * @param dns the stub resolver
     */
    public MxResolver(DnsResolver dns) {
        this(dns, new java.security.SecureRandom());
    }

    /**
     * Creates an MX resolver with a chosen random source (tests use a seeded one).
     *
     * @param dns     the stub resolver
     * @param shuffle orders exchangers of equal preference
     */
    public MxResolver(DnsResolver dns, Random shuffle) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.shuffle = Objects.requireNonNull(shuffle, "shuffle");
    }

    /**
     * Resolves a mail domain. Unicode domains are converted to A-labels.
     *
     * @param domain the domain of a recipient address
     * @return the outcome; never completed exceptionally
     */
    public CompletableFuture<MxResult> resolve(String domain) {
        DnsName name;
        try {
            name = DnsName.of(domain.endsWith(".") ? domain : domain + ".");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new MxResult.NoSuchDomain(DnsName.root()));
        }
        return resolve(name);
    }

    /**
     * Resolves a mail domain.
     *
     * @param domain the domain
     * @return the outcome; never completed exceptionally
     */
    public CompletableFuture<MxResult> resolve(DnsName domain) {
        return dns.lookup(domain, DnsType.MX).thenCompose(mx -> {
            if (mx instanceof LookupResult.Failure f) {
                return done(new MxResult.TemporaryFailure(domain, f.reason()));
            }
            if (mx instanceof LookupResult.NoSuchName) {
                return done(new MxResult.NoSuchDomain(domain));
            }
            if (mx instanceof LookupResult.NoData) {
                return implicitMx(domain);
            }
            return exchangers(domain, ((LookupResult.Records) mx).records());
        });
    }

    /** RFC 5321 §5.1: no MX records, so the domain itself is the exchanger, preference 0. */
    private CompletableFuture<MxResult> implicitMx(DnsName domain) {
        return addresses(domain).thenApply(a -> {
            if (a.failure != null) {
                return new MxResult.TemporaryFailure(domain, a.failure);
            }
            if (a.noSuchName) {
                return new MxResult.NoSuchDomain(domain);
            }
            if (a.addresses.isEmpty()) {
                return new MxResult.NoAddress(domain, "no MX and no address records for " + domain);
            }
            return new MxResult.Exchangers(domain, List.of(new MailExchanger(domain, 0, a.addresses)), true);
        });
    }

    private CompletableFuture<MxResult> exchangers(DnsName domain, List<DnsRecord> records) {
        List<Rdata.Mx> mxs = new ArrayList<>();
        for (DnsRecord r : records) {
            Rdata.Mx mx = (Rdata.Mx) r.rdata();
            if (!mx.exchange().isRoot()) {
                mxs.add(mx);
            }
        }
        if (mxs.isEmpty()) {
            // RFC 7505 §3: "MX 0 ." says the domain takes no mail; no address fallback.
            return done(new MxResult.NullMx(domain));
        }
        // RFC 5321 §5.1: lowest preference first; equal preferences in random order.
        Collections.shuffle(mxs, shuffle);
        mxs.sort(Comparator.comparingInt(Rdata.Mx::preference));
        List<CompletableFuture<Addresses>> lookups = new ArrayList<>();
        for (Rdata.Mx mx : mxs) {
            lookups.add(addresses(mx.exchange()));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<MailExchanger> out = new ArrayList<>();
            String failure = null;
            for (int i = 0; i < mxs.size(); i++) {
                Addresses a = lookups.get(i).join();
                if (!a.addresses.isEmpty()) {
                    out.add(new MailExchanger(mxs.get(i).exchange(), mxs.get(i).preference(), a.addresses));
                } else if (a.failure != null && failure == null) {
                    failure = a.failure;
                }
            }
            if (!out.isEmpty()) {
                return new MxResult.Exchangers(domain, out, false);
            }
            if (failure != null) {
                return new MxResult.TemporaryFailure(domain, failure);
            }
            return new MxResult.NoAddress(domain, "no exchanger of " + domain + " has an address");
        });
    }

    /** A and AAAA of one name, with whether it exists and whether DNS failed. */
    private static final class Addresses {
        final List<InetAddress> addresses = new ArrayList<>();
        boolean noSuchName;
        String failure;
    }

    private CompletableFuture<Addresses> addresses(DnsName host) {
        return dns.lookup(host, DnsType.A).thenCombine(dns.lookup(host, DnsType.AAAA), (a, aaaa) -> {
            Addresses out = new Addresses();
            DnsResolver.addAddresses(a, out.addresses);
            DnsResolver.addAddresses(aaaa, out.addresses);
            if (out.addresses.isEmpty()) {
                if (a instanceof LookupResult.Failure f) {
                    out.failure = f.reason();
                } else if (aaaa instanceof LookupResult.Failure f) {
                    out.failure = f.reason();
                }
                out.noSuchName = a instanceof LookupResult.NoSuchName;
            }
            return out;
        });
    }

    private static CompletableFuture<MxResult> done(MxResult r) {
        return CompletableFuture.completedFuture(r);
    }
}
