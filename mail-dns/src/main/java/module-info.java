// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-dns module: the RFC 1035 message codec with EDNS0 ({@code org.mailwire.dns.codec}),
 * the asynchronous stub resolver with MX resolution and SRV discovery
 * ({@code org.mailwire.dns.resolver}), and the {@code DnsLookup} command-line tool.
 */
module org.mailwire.dns {
    requires transitive org.mailwire.core;

    exports org.mailwire.dns;
    exports org.mailwire.dns.codec;
    exports org.mailwire.dns.resolver;
}
