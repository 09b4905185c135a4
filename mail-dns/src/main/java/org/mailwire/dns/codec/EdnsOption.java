// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.util.Arrays;

/**
 * An EDNS0 option carried in the OPT RDATA, kept opaque (RFC 6891 §6.1.2): cookies
 * (RFC 7873), padding (RFC 7830), client subnet (RFC 7871) and others.
 *
 * @param code the OPTION-CODE, 0 to 65535
 * @param data the OPTION-DATA; copied in and out
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6891#section-6.1.2">RFC 6891 §6.1.2</a>
 */
public record EdnsOption(int code, byte[] data) {

    /** OPTION-CODE of a DNS cookie, RFC 7873 §4. */
    public static final int COOKIE = 10;
    /** OPTION-CODE of padding, RFC 7830 §3. */
    public static final int PADDING = 12;

    /**
     * Checks the ranges and copies the data.
     *
     * @param code the OPTION-CODE, 0 to 65535
     * @param data the OPTION-DATA; copied in and out
     * @throws IllegalArgumentException if the code does not fit in 16 bits or the data is over
     *     65531 octets (the OPT RDATA is at most 65535 octets)
     */
    public EdnsOption {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("option code out of range: " + code);
        }
        if (data.length > 0xFFFF - 4) {
            throw new IllegalArgumentException("option data too long: " + data.length);
        }
        data = data.clone();
    }

    /**
     * Returns a copy of the option data.
     *
     * @return a fresh array
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Package access without a copy; callers must not modify it. */
    byte[] rawData() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdnsOption other && other.code == code && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(data);
    }

    /**
     * Returns the code and the data in hex.
     *
     * @return for example {@code 10 0123456789ABCDEF}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(code).append(' ');
        Presentation.appendHex(sb, data);
        return sb.toString();
    }
}
