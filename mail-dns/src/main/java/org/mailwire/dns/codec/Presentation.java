// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.net.Inet6Address;

/** Presentation-format writing shared by the record types (RFC 1035 §5.1, RFC 3597 §5). */
final class Presentation {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Presentation() {
    }

    /** Appends a character-string in double quotes, escaping as dig does (RFC 1035 §5.1). */
    static void appendQuoted(StringBuilder sb, byte[] octets) {
        sb.append('"');
        for (byte octet : octets) {
            int b = octet & 0xFF;
            if (b == '"' || b == '\\') {
                sb.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else {
                sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10))
                        .append((char) ('0' + b % 10));
            }
        }
        sb.append('"');
    }

    /** Appends octets as upper-case hexadecimal without separators, as dig prints TLSA data. */
    static void appendHex(StringBuilder sb, byte[] octets) {
        for (byte octet : octets) {
            sb.append(HEX[(octet >> 4) & 0xF]).append(HEX[octet & 0xF]);
        }
    }

    /**
     * Formats an IPv6 address in the RFC 5952 §4 canonical text form (lower case, longest run of
     * two or more zero groups shortened to {@code ::}), as dig prints it; the JDK's
     * {@code getHostAddress} does not shorten.
     */
    static String ipv6(Inet6Address address) {
        return ipv6(address.getAddress());
    }

    /** Formats sixteen octets as an RFC 5952 IPv6 address. */
    static String ipv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (a[2 * i] & 0xFF) << 8 | a[2 * i + 1] & 0xFF;
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 §4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) { // the first of equally long runs wins (RFC 5952 §4.2.3)
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
