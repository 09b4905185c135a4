// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mailwire.dns.codec.DnsName;
import org.mailwire.dns.codec.DnsType;

/**
 * Definite lookup outcomes by (name, type) until their TTL runs out: positive answers for the
 * smallest TTL of the records used, capped by {@link ResolverOptions#maxTtl()}; negative answers
 * for the SOA's negative TTL (RFC 2308 §5), capped by {@link ResolverOptions#maxNegativeTtl()}.
 * Failures are never cached. Least recently used entries go first when it is full. Thread-safe.
 */
final class ResolverCache {

    /** A cache key: the name in lower case (RFC 4343) and the type. */
    record Key(String name, int type) {
        static Key of(DnsName name, DnsType type) {
            return new Key(name.toString().toLowerCase(Locale.ROOT), type.code());
        }
    }

    private record Entry(LookupResult result, long expiresAtMillis) {
    }

    private final Clock clock;
    private final int maxEntries;
    private final LinkedHashMap<Key, Entry> entries;

    ResolverCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > ResolverCache.this.maxEntries;
            }
        };
    }

    /** Returns the cached outcome, or null when absent or expired. */
    synchronized LookupResult get(Key key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.millis() >= e.expiresAtMillis()) {
            entries.remove(key);
            return null;
        }
        return e.result();
    }

    /** Keeps a definite outcome for {@code ttlSeconds}; failures and zero TTLs are not kept. */
    synchronized void put(Key key, LookupResult result, long ttlSeconds) {
        if (maxEntries == 0 || ttlSeconds <= 0 || !result.isDefinite()) {
            return;
        }
        entries.put(key, new Entry(result, clock.millis() + ttlSeconds * 1000));
    }

    synchronized int size() {
        return entries.size();
    }
}
