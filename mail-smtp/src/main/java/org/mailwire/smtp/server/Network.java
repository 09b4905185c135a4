// SPDX-License-Identifier: Apache-2.0
package org.mailwire.smtp.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address prefix in CIDR form ({@code 192.0.2.0/24}, {@code 2001:db8::/32}), for the trusted
 * networks that may relay without authentication.
 *
 * @param address the network address
 * @param prefixLength the prefix length in bits: 0 to 32 for IPv4, 0 to 128 for IPv6
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4632#section-3.1">RFC 4632 §3.1</a>
 */
public record Network(InetAddress address, int prefixLength) {

    /**
     * Checks the prefix length.
     *
     * @param address see the record description
     * @param prefixLength see the record description
     */
    public Network {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > address.getAddress().length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    /**
     * Parses {@code address/prefix} or a single address, never consulting DNS.
     *
     * @param cidr the text
     * @return the network
     * @throws IllegalArgumentException if the text is not an address literal with an optional prefix
     */
    public static Network parse(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean literal = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
            if (!literal) {
                // Only address literals: a host name would make InetAddress ask DNS.
                throw new IllegalArgumentException("not an address literal: " + cidr);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("not an address literal: " + cidr);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + cidr, e);
        }
        int prefix;
        try {
            prefix = slash < 0 ? address.getAddress().length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length: " + cidr, e);
        }
        return new Network(address, prefix);
    }

    /**
     * Tells whether the address lies in this network.
     *
     * @param candidate an address
     * @return {@code true} if the first {@code prefixLength} bits match
     */
    public boolean contains(InetAddress candidate) {
        byte[] a = address.getAddress();
        byte[] b = candidate.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int bits = prefixLength;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
