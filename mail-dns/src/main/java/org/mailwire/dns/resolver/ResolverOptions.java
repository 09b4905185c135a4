// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.time.Duration;
import java.util.Objects;

/**
 * How the stub resolver behaves beyond what {@code resolv.conf} says: EDNS0, case randomisation,
 * and the bounds of its cache and of CNAME chains. Each default names its source.
 *
 * @param ednsUdpSize       the EDNS0 UDP payload size advertised (default 1232, DNS Flag Day
 *                          2020: no IP fragmentation on common paths); answers larger than that
 *                          come truncated and are asked again over TCP (RFC 7766)
 * @param caseRandomization whether query names get random letter case that the answer must echo
 *                          exactly (draft-vixie-dnsext-dns0x20; default off: some servers do not
 *                          echo case)
 * @param maxTtl            the longest a positive answer is cached (default 1 day, capping
 *                          RFC 2181 §8's 68-year maximum)
 * @param maxNegativeTtl    the longest a negative answer is cached (default 1 hour; RFC 2308 §5
 *                          suggests 1 to 3 hours)
 * @param maxCacheEntries   answers kept at once (default 10,000; least recently used go first)
 * @param maxCnameChain     CNAMEs followed for one lookup (default 8, as BIND's default chain limit
 *                          spirit: a loop or a long chain ends as a failure, never a hang)
 */
public record ResolverOptions(int ednsUdpSize, boolean caseRandomization, Duration maxTtl,
        Duration maxNegativeTtl, int maxCacheEntries, int maxCnameChain) {

    // Validates the options.
    public ResolverOptions {
        if (ednsUdpSize != 0 && (ednsUdpSize < 512 || ednsUdpSize > 65_535)) {
            throw new IllegalArgumentException("ednsUdpSize must be 0 (no EDNS) or 512..65535: " + ednsUdpSize);
        }
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
        if (maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
            throw new IllegalArgumentException("negative TTL cap");
        }
        if (maxCacheEntries < 0) {
            throw new IllegalArgumentException("maxCacheEntries < 0: " + maxCacheEntries);
        }
        if (maxCnameChain < 0 || maxCnameChain > 64) {
            throw new IllegalArgumentException("maxCnameChain must be 0..64: " + maxCnameChain);
        }
    }

    /**
     * Returns the defaults described on this record.
     *
     * @return the default options
     */
    public static ResolverOptions defaults() {
        return new ResolverOptions(1232, false, Duration.ofDays(1), Duration.ofHours(1), 10_000, 8);
    }

    /**
     * Returns a copy with case randomisation on or off.
     *
     * @param on whether to randomise
     * @return the changed copy
     */
    public ResolverOptions withCaseRandomization(boolean on) {
        return new ResolverOptions(ednsUdpSize, on, maxTtl, maxNegativeTtl, maxCacheEntries, maxCnameChain);
    }

    /**
     * Returns a copy with another cache size; 0 turns caching off.
     *
     * @param entries answers kept at once
     * @return the changed copy
     */
    public ResolverOptions withMaxCacheEntries(int entries) {
        return new ResolverOptions(ednsUdpSize, caseRandomization, maxTtl, maxNegativeTtl, entries, maxCnameChain);
    }

    /**
     * Returns a copy with another EDNS0 UDP payload size.
     *
     * @param size the size, or 0 for no EDNS0
     * @return the changed copy
     */
    public ResolverOptions withEdnsUdpSize(int size) {
        return new ResolverOptions(size, caseRandomization, maxTtl, maxNegativeTtl, maxCacheEntries, maxCnameChain);
    }
}
