// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.util.List;
import java.util.Objects;
import org.mailwire.dns.codec.DnsName;

/**
 * Where mail for a domain goes, or why it cannot go there. The permanent outcomes
 * ({@link NullMx}, {@link NoSuchDomain}, {@link NoAddress}) make an MTA bounce; the temporary
 * one ({@link TemporaryFailure}) makes it retry later, never bounce (RFC 5321 §5.1,
 * SECURITY-CASES DNS-11..14).
 */
public sealed interface MxResult {

    /**
     * Returns the domain asked about.
     *
     * @return the mail domain
     */
    DnsName domain();

    /**
     * Tells whether retrying later cannot change the outcome soon.
     *
     * @return {@code true} for the outcomes that lead to a bounce
     */
    boolean isPermanent();

    /**
     * The exchangers to try, in order: by preference, equal preferences in random order
     * (RFC 5321 §5.1).
     *
     * @param domain     the mail domain
     * @param exchangers the exchangers with their addresses, at least one
     * @param implicit   {@code true} when the domain has no MX records and its own address
     *                   records serve as the implicit MX
     */
    record Exchangers(DnsName domain, List<MailExchanger> exchangers, boolean implicit) implements MxResult {
        // Copies the list.
        public Exchangers {
            Objects.requireNonNull(domain, "domain");
            exchangers = List.copyOf(exchangers);
            if (exchangers.isEmpty()) {
                throw new IllegalArgumentException("no exchangers");
            }
        }

        @Override
        public boolean isPermanent() {
            return false;
        }
    }

    /**
     * The domain publishes a null MX ({@code MX 0 .}): it accepts no mail (RFC 7505 §3;
     * an MTA answers 556 5.1.10).
     *
     * @param domain the mail domain
     */
    record NullMx(DnsName domain) implements MxResult {
        @Override
        public boolean isPermanent() {
            return true;
        }
    }

    /**
     * The domain does not exist (NXDOMAIN): "Host unknown" (RFC 3463 5.1.2).
     *
     * @param domain the mail domain
     */
    record NoSuchDomain(DnsName domain) implements MxResult {
        @Override
        public boolean isPermanent() {
            return true;
        }
    }

    /**
     * The domain exists but neither it nor any of its exchangers has an address.
     *
     * @param domain the mail domain
     * @param reason which names were tried
     */
    record NoAddress(DnsName domain, String reason) implements MxResult {
        @Override
        public boolean isPermanent() {
            return true;
        }
    }

    /**
     * DNS gave no usable answer now (timeout, SERVFAIL, REFUSED): retry later
     * (an MTA reports 451 4.4.3).
     *
     * @param domain the mail domain
     * @param reason what failed
     */
    record TemporaryFailure(DnsName domain, String reason) implements MxResult {
        @Override
        public boolean isPermanent() {
            return false;
        }
    }
}
