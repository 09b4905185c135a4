// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-dns module: the RFC 1035 message codec with EDNS0 ({@code org.mailwire.dns.codec}),
 * the asynchronous stub resolver with MX resolution and SRV discovery
 * ({@code org.mailwire.dns.resolver}), the {@code DnsLookup} command-line tool, and a loopback DNS
 * server for tests ({@code org.mailwire.dns.testing}).
 */
module org.mailwire.dns {
    requires transitive org.mailwire.core;

    exports org.mailwire.dns;
    exports org.mailwire.dns.codec;
    exports org.mailwire.dns.resolver;
    exports org.mailwire.dns.testing;
}
