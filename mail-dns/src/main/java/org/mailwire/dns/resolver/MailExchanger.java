// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.mailwire.dns.codec.DnsName;

/**
 * One host that takes mail for a domain, with the addresses to try (RFC 5321 §5.1).
 *
 * @param host       the exchanger's name
 * @param preference its MX preference, lower first; 0 for an implicit MX
 * @param addresses  its IPv4 then IPv6 addresses, never empty
 */
public record MailExchanger(DnsName host, int preference, List<InetAddress> addresses) {

    // Copies the list and checks it.
    public MailExchanger {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an exchanger needs an address: " + host);
        }
        if (preference < 0 || preference > 0xFFFF) {
            throw new IllegalArgumentException("preference out of range: " + preference);
        }
    }
}
