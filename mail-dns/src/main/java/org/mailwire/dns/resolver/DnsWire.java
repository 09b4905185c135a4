// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.resolver;

/**
 * The few header and question checks the resolver makes on raw messages before decoding them:
 * enough to drop a spoofed or stray datagram cheaply (RFC 5452 §9.1).
 */
final class DnsWire {

    static final int HEADER = 12;
    private static final int QR = 0x80;
    private static final int TC = 0x02;

    private DnsWire() {
    }

    static int id(byte[] m) {
        return ((m[0] & 0xff) << 8) | (m[1] & 0xff);
    }

    static boolean isResponse(byte[] m, int length) {
        return length >= HEADER && (m[2] & QR) != 0;
    }

    /** RFC 1035 §4.1.1: TC, the message was truncated to fit the transport. */
    static boolean isTruncated(byte[] m) {
        return (m[2] & TC) != 0;
    }

    /**
     * Returns the length of the single question entry that starts at offset 12 of a query, or -1
     * when the query does not hold exactly one well-formed, uncompressed question.
     */
    static int questionLength(byte[] m, int length) {
        if (length < HEADER || ((m[4] & 0xff) << 8 | (m[5] & 0xff)) != 1) {
            return -1;
        }
        int p = HEADER;
        while (true) {
            if (p >= length) {
                return -1;
            }
            int len = m[p] & 0xff;
            if (len == 0) {
                p++;
                break;
            }
            if (len > 63) {
                return -1; // a question name is never compressed: nothing precedes it
            }
            p += 1 + len;
        }
        p += 4; // QTYPE, QCLASS
        return p <= length ? p - HEADER : -1;
    }

    /**
     * Tells whether a response answers the query: same ID, QR set, one question equal to the
     * query's (the name compared case-insensitively, RFC 4343; with 0x20 randomisation the case
     * must match exactly).
     */
    static boolean answers(byte[] query, int questionLength, byte[] response, int length, boolean exactCase) {
        if (!isResponse(response, length) || id(query) != id(response)) {
            return false;
        }
        if (((response[4] & 0xff) << 8 | (response[5] & 0xff)) != 1 || length < HEADER + questionLength) {
            return false;
        }
        int nameEnd = HEADER + questionLength - 4;
        for (int i = HEADER; i < nameEnd; i++) {
            byte a = query[i];
            byte b = response[i];
            if (a != b && (exactCase || lower(a) != lower(b))) {
                return false;
            }
        }
        for (int i = nameEnd; i < HEADER + questionLength; i++) {
            if (query[i] != response[i]) {
                return false;
            }
        }
        return true;
    }

    // Length octets (0..63) never fall in 'A'..'Z', so folding the whole name is safe.
    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
