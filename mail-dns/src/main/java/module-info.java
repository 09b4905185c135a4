// SPDX-License-Identifier: Apache-2.0
/**
 * The mail-dns module: the RFC 1035 message codec with EDNS0 in {@code org.mailwire.dns.codec};
 * the resolver packages arrive later.
 */
module org.mailwire.dns {
    requires transitive org.mailwire.core;

    exports org.mailwire.dns.codec;
}
