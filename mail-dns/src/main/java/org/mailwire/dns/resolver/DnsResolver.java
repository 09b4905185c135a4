// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwire.dns.codec.DnsClass;
import org.mailwire.dns.codec.DnsDecodeResult;
import org.mailwire.dns.codec.DnsLimits;
import org.mailwire.dns.codec.DnsMessage;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsRcode;
import org.mailwire.dns.codec.DnsRecord;
import org.mailwire.dns.codec.DnsType;
import org.mailwire.dns.codec.Rdata;

/**
 * An asynchronous stub resolver: it asks the configured recursive name servers, caches their
 * answers, and follows CNAMEs.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>Spoofing resistance (RFC 5452): a CSPRNG query ID and a fresh random source port per
 *       query, an answer accepted only from the server asked with the same ID and question;
 *       optional 0x20 case randomisation ({@link ResolverOptions#caseRandomization()}).</li>
 *   <li>UDP with EDNS0 (payload 1232 by default), the same query over TCP when the answer is
 *       truncated (RFC 7766); per-server timeout and {@code attempts} rounds over all servers
 *       (resolv.conf semantics).</li>
 *   <li>Only answer-section records on the CNAME chain of the name asked count (RFC 1034 §4.3.2);
 *       additional and authority data are never taken as answers (dnsjava CVE-2024-25638), and
 *       data for a CNAME target outside the query name's parent domain is asked for separately
 *       (SECURITY-CASES DNS-09: a stub resolver knows no zone cuts, so this is the conservative
 *       reading of the bailiwick rule).</li>
 *   <li>A cache honouring TTLs with caps, negative caching from the SOA (RFC 2308 §5), and
 *       identical lookups in flight coalesced into one query.</li>
 *   <li>Outcomes typed as definite or temporary ({@link LookupResult}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (DnsResolver dns = DnsResolver.system()) {
 *     LookupResult r = dns.lookup(DnsName.of("example.org"), DnsType.MX).join();
 * }
 * }</pre>
 */
public final class DnsResolver implements AutoCloseable {

    private final ResolverConfig config;
    private final ResolverOptions options;
    private final DnsTransport transport;
    private final SecureRandom random = new SecureRandom();
    private final ResolverCache cache;
    private final ConcurrentHashMap<ResolverCache.Key, CompletableFuture<LookupResult>> inFlight =
            new ConcurrentHashMap<>();
    private final AtomicInteger rotation = new AtomicInteger();
    private final DnsLimits limits = DnsLimits.defaults();

    private DnsResolver(ResolverConfig config, ResolverOptions options, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.cache = new ResolverCache(clock, options.maxCacheEntries());
        this.transport = new DnsTransport("mailwire-dns");
    }

    /**
     * Creates a resolver with the default options.
     *
     * @param config the name servers and resolv.conf options
     * @return the resolver; close it to stop its I/O thread
     */
    public static DnsResolver create(ResolverConfig config) {
        return create(config, ResolverOptions.defaults());
    }

    /**
     * Creates a resolver.
     *
     * @param config  the name servers and resolv.conf options
     * @param options EDNS, 0x20 and cache settings
     * @return the resolver; close it to stop its I/O thread
     */
    public static DnsResolver create(ResolverConfig config, ResolverOptions options) {
        return new DnsResolver(config, options, Clock.systemUTC());
    }

    /** Creates a resolver with a clock of the test's choosing, for TTL tests. */
    static DnsResolver create(ResolverConfig config, ResolverOptions options, Clock clock) {
        return new DnsResolver(config, options, clock);
    }

    /**
     * Creates a resolver configured by {@code /etc/resolv.conf}.
     *
     * @return the resolver
     * @throws IOException if the file cannot be read
     */
    public static DnsResolver system() throws IOException {
        return create(ResolverConfig.system());
    }

    /**
     * Returns the configuration.
     *
     * @return the name servers and options in use
     */
    public ResolverConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ one question

    /**
     * Asks the name servers one question, with recursion desired, and returns the first usable
     * answer (NOERROR or NXDOMAIN), uncached and as it came. Servers are tried in order (rotated
     * per query when {@link ResolverConfig#rotate()}), {@link ResolverConfig#attempts()} rounds.
     *
     * @param name the name
     * @param type the type
     * @return the answer, or a {@link DnsFailureException} when no server gave a usable one
     */
    public CompletableFuture<DnsMessage> query(DnsName name, DnsType type) {
        List<InetSocketAddress> servers = serverOrder();
        CompletableFuture<DnsMessage> result = new CompletableFuture<>();
        attempt(name, type, servers, 0, null, result);
        return result;
    }

    private List<InetSocketAddress> serverOrder() {
        List<InetSocketAddress> servers = config.nameServers();
        if (!config.rotate() || servers.size() == 1) {
            return servers;
        }
        int start = Math.floorMod(rotation.getAndIncrement(), servers.size());
        List<InetSocketAddress> rotated = new ArrayList<>(servers.subList(start, servers.size()));
        rotated.addAll(servers.subList(0, start));
        return rotated;
    }

    private void attempt(DnsName name, DnsType type, List<InetSocketAddress> servers, int index, Throwable last,
            CompletableFuture<DnsMessage> result) {
        if (index >= servers.size() * config.attempts()) {
            result.completeExceptionally(new DnsFailureException("no usable answer for " + name + " " + type
                    + (last != null ? ": " + describe(last) : ""), last));
            return;
        }
        InetSocketAddress server = servers.get(index % servers.size());
        exchange(server, name, type).whenComplete((message, failure) -> {
            if (failure == null) {
                result.complete(message);
            } else {
                attempt(name, type, servers, index + 1, unwrap(failure), result);
            }
        });
    }

    private CompletableFuture<DnsMessage> exchange(InetSocketAddress server, DnsName name, DnsType type) {
        boolean exactCase = options.caseRandomization();
        DnsName asked = exactCase ? randomCase(name) : name;
        // RFC 5452 §9.2: an unpredictable ID from a CSPRNG for every query.
        byte[] query = DnsMessage.query(random.nextInt(0x10000), asked, type, true, options.ednsUdpSize()).toBytes();
        return transport.udp(server, query, config.timeout(), exactCase)
                .thenCompose(bytes -> DnsWire.isTruncated(bytes)
                        ? transport.tcp(server, query, config.timeout(), exactCase)
                        : CompletableFuture.completedFuture(bytes))
                .thenApply(bytes -> usable(bytes, server));
    }

    private DnsMessage usable(byte[] bytes, InetSocketAddress server) {
        DnsDecodeResult decoded = DnsMessage.decode(ByteBuffer.wrap(bytes), limits);
        if (decoded instanceof DnsDecodeResult.Malformed m) {
            throw new CompletionException(new DnsFailureException(
                    "malformed answer from " + server + ": " + m.reason() + " at offset " + m.offset(), null));
        }
        DnsMessage message = ((DnsDecodeResult.Decoded) decoded).message();
        DnsRcode rcode = message.rcode();
        if (rcode.equals(DnsRcode.NOERROR) || rcode.equals(DnsRcode.NXDOMAIN)) {
            return message;
        }
        // SERVFAIL, REFUSED, NOTIMP, FORMERR...: this server cannot help; try the next one.
        throw new CompletionException(new DnsFailureException(server + " answered " + rcode, null));
    }

    private DnsName randomCase(DnsName name) {
        String text = name.toString();
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                // keep escapes (\. and \DDD) as they are
                int end = i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)) ? Math.min(i + 4, text.length()) : i + 2;
                b.append(text, i, Math.min(end, text.length()));
                i = Math.min(end, text.length()) - 1;
            } else if ((c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && random.nextBoolean()) {
                b.append((char) (c ^ 0x20));
            } else {
                b.append(c);
            }
        }
        return DnsName.of(b.toString());
    }

    // ------------------------------------------------------------------ lookups

    /**
     * Looks up the records of a type at an absolute name, following CNAMEs, through the cache.
     *
     * @param name the name
     * @param type the type
     * @return the outcome; never completed exceptionally
     */
    public CompletableFuture<LookupResult> lookup(DnsName name, DnsType type) {
        return lookup(name, type, options.maxCnameChain());
    }

    /**
     * Looks up a name given as text: Unicode names are converted to A-labels (IDNA); a name
     * ending in a dot is absolute, other names are tried with the search list as resolv.conf(5)
     * says (names with at least {@code ndots} dots first as they are).
     *
     * @param name the name
     * @param type the type
     * @return the outcome of the first candidate with records, else that of the name as given
     */
    public CompletableFuture<LookupResult> lookup(String name, DnsType type) {
        DnsName asGiven;
        try {
            asGiven = DnsName.of(name);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new LookupResult.NoSuchName(DnsName.root(), DnsName.root()));
        }
        if (name.endsWith(".") || config.search().isEmpty()) {
            return lookup(asGiven, type);
        }
        List<DnsName> candidates = new ArrayList<>();
        int dots = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                dots++;
            }
        }
        if (dots >= config.ndots()) {
            candidates.add(asGiven);
        }
        for (String domain : config.search()) {
            try {
                candidates.add(DnsName.of(name + "." + domain));
            } catch (IllegalArgumentException e) {
                // too long with this suffix: skip it
            }
        }
        if (dots < config.ndots()) {
            candidates.add(asGiven);
        }
        return firstWithRecords(candidates, 0, type, null);
    }

    private CompletableFuture<LookupResult> firstWithRecords(List<DnsName> candidates, int i, DnsType type,
            LookupResult asGiven) {
        if (i == candidates.size()) {
            return CompletableFuture.completedFuture(asGiven);
        }
        return lookup(candidates.get(i), type).thenCompose(r -> {
            if (r instanceof LookupResult.Records || r instanceof LookupResult.Failure) {
                return CompletableFuture.completedFuture(r);
            }
            return firstWithRecords(candidates, i + 1, type, asGiven == null ? r : asGiven);
        });
    }

    /**
     * Returns the IPv4 and IPv6 addresses of a host (A and AAAA looked up together).
     *
     * @param host the host name
     * @return the addresses, IPv4 first; completed exceptionally with an
     *         {@link UnknownHostException} when the name has none and with a
     *         {@link DnsFailureException} when DNS did not answer
     */
    public CompletableFuture<List<InetAddress>> addresses(DnsName host) {
        CompletableFuture<LookupResult> v4 = lookup(host, DnsType.A);
        CompletableFuture<LookupResult> v6 = lookup(host, DnsType.AAAA);
        return v4.thenCombine(v6, (a, b) -> {
            List<InetAddress> out = new ArrayList<>();
            addAddresses(a, out);
            addAddresses(b, out);
            if (!out.isEmpty()) {
                return out;
            }
            if (a instanceof LookupResult.Failure f) {
                throw new CompletionException(new DnsFailureException(f.reason(), null));
            }
            if (b instanceof LookupResult.Failure f) {
                throw new CompletionException(new DnsFailureException(f.reason(), null));
            }
            throw new CompletionException(new UnknownHostException(host.toString()));
        });
    }

    static void addAddresses(LookupResult r, List<InetAddress> out) {
        if (r instanceof LookupResult.Records records) {
            for (DnsRecord record : records.records()) {
                if (record.rdata() instanceof Rdata.A a) {
                    out.add(a.address());
                } else if (record.rdata() instanceof Rdata.Aaaa aaaa) {
                    out.add(aaaa.address());
                }
            }
        }
    }

    private CompletableFuture<LookupResult> lookup(DnsName name, DnsType type, int cnamesLeft) {
        ResolverCache.Key key = ResolverCache.Key.of(name, type);
        LookupResult cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<LookupResult> mine = new CompletableFuture<>();
        CompletableFuture<LookupResult> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running; // coalesce identical lookups in flight
        }
        query(name, type)
                .thenCompose(message -> interpret(name, type, message, cnamesLeft, key))
                .exceptionally(t -> new LookupResult.Failure(name, describe(unwrap(t))))
                .whenComplete((r, t) -> {
                    inFlight.remove(key, mine);
                    mine.complete(r != null ? r : new LookupResult.Failure(name, describe(t)));
                });
        return mine;
    }

    /** Reads the answer: the records at the end of the CNAME chain, or a negative outcome. */
    private CompletableFuture<LookupResult> interpret(DnsName qname, DnsType type, DnsMessage message, int cnamesLeft,
            ResolverCache.Key key) {
        DnsName current = qname;
        long ttl = options.maxTtl().toSeconds();
        Set<DnsName> seen = new HashSet<>();
        seen.add(current);
        for (int hops = 0; ; hops++) {
            List<DnsRecord> found = new ArrayList<>();
            DnsRecord cname = null;
            for (DnsRecord r : message.answers()) {
                if (!r.name().equals(current) || !r.dnsClass().equals(DnsClass.IN)) {
                    continue; // not on the chain: never an answer (CVE-2024-25638)
                }
                if (r.type().equals(type)) {
                    found.add(r);
                } else if (r.rdata() instanceof Rdata.Cname && cname == null) {
                    cname = r;
                }
            }
            if (!found.isEmpty()) {
                for (DnsRecord r : found) {
                    ttl = Math.min(ttl, r.ttl());
                }
                LookupResult result = new LookupResult.Records(qname, current, type, found);
                cache.put(key, result, ttl);
                return CompletableFuture.completedFuture(result);
            }
            if (cname == null) {
                break;
            }
            DnsName next = ((Rdata.Cname) cname.rdata()).target();
            ttl = Math.min(ttl, cname.ttl());
            if (hops >= cnamesLeft || !seen.add(next)) {
                return CompletableFuture.completedFuture(new LookupResult.Failure(qname,
                        "CNAME chain from " + qname + " loops or exceeds " + cnamesLeft + " links"));
            }
            if (!inBailiwick(qname, next)) {
                int left = cnamesLeft - hops - 1;
                long chainTtl = ttl;
                return lookup(next, type, left).thenApply(r -> {
                    LookupResult renamed = renamed(qname, r);
                    cache.put(key, renamed, Math.min(chainTtl, ttlOf(renamed)));
                    return renamed;
                });
            }
            current = next;
        }
        long negativeTtl = negativeTtl(message);
        LookupResult result = message.rcode().equals(DnsRcode.NXDOMAIN)
                ? new LookupResult.NoSuchName(qname, current)
                : new LookupResult.NoData(qname, current, type);
        cache.put(key, result, negativeTtl);
        return CompletableFuture.completedFuture(result);
    }

    /** Data for a CNAME target is taken from the same answer only within the query's parent domain. */
    private static boolean inBailiwick(DnsName qname, DnsName target) {
        DnsName zone = qname.isRoot() ? qname : qname.parent();
        return target.isSubdomainOf(zone) && !zone.isRoot();
    }

    private long ttlOf(LookupResult r) {
        if (r instanceof LookupResult.Records records) {
            long ttl = options.maxTtl().toSeconds();
            for (DnsRecord rec : records.records()) {
                ttl = Math.min(ttl, rec.ttl());
            }
            return ttl;
        }
        return r.isDefinite() ? options.maxNegativeTtl().toSeconds() : 0;
    }

    private static LookupResult renamed(DnsName qname, LookupResult r) {
        if (r instanceof LookupResult.Records x) {
            return new LookupResult.Records(qname, x.canonicalName(), x.type(), x.records());
        }
        if (r instanceof LookupResult.NoData x) {
            return new LookupResult.NoData(qname, x.canonicalName(), x.type());
        }
        if (r instanceof LookupResult.NoSuchName x) {
            return new LookupResult.NoSuchName(qname, x.canonicalName());
        }
        return new LookupResult.Failure(qname, ((LookupResult.Failure) r).reason());
    }

    /** RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its MINIMUM field. */
    private long negativeTtl(DnsMessage message) {
        for (DnsRecord r : message.authorities()) {
            if (r.rdata() instanceof Rdata.Soa soa) {
                return Math.min(options.maxNegativeTtl().toSeconds(), Math.min(r.ttl(), soa.minimum()));
            }
        }
        return 0; // no SOA: not cached (RFC 2308 §5)
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        // Some socket exceptions (port unreachable) carry no message: name the condition instead.
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Stops the resolver's I/O thread; pending lookups fail. */
    @Override
    public void close() {
        transport.close();
    }
}
