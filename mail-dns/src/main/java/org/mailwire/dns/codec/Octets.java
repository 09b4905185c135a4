// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/** Reads big-endian integers out of octet arrays (network order, RFC 1700). */
final class Octets {

    private Octets() {
    }

    static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    static long int64(byte[] b, int at) {
        return (long) int32(b, at) << 32 | int32(b, at + 4) & 0xFFFFFFFFL;
    }
}
