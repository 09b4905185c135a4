// SPDX-License-Identifier: Apache-2.0
package org.mailwire.server.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The few DER encodings (ITU-T X.690) a self-signed X.509 certificate needs: a value is its tag,
 * its definite length and its content.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private Der() {
    }

    static byte[] value(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        byte[] content = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... contents) {
        return value(SEQUENCE, contents);
    }

    static byte[] integer(BigInteger v) {
        return value(INTEGER, v.toByteArray());
    }

    static byte[] utf8(String s) {
        return value(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];   // first octet: no unused bits
        System.arraycopy(bits, 0, content, 1, bits.length);
        return value(BIT_STRING, content);
    }

    static byte[] time(String generalized) {
        return value(GENERALIZED_TIME, generalized.getBytes(StandardCharsets.US_ASCII));
    }

    /** Encodes a dotted object identifier (X.690 §8.19). */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7F);
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return value(OID, out.toByteArray());
    }

    /** A context-specific tag: constructed ({@code [n] EXPLICIT}) or primitive ({@code [n] IMPLICIT}). */
    static byte[] tagged(int number, boolean constructed, byte[] content) {
        return value(0x80 | (constructed ? 0x20 : 0) | number, content);
    }
}
