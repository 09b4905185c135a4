// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fully qualified domain name, held as its uncompressed wire form (RFC 1035 §3.1): a sequence
 * of length-prefixed labels ending with the zero-length root label.
 *
 * <p>Equality and hashing ignore ASCII case, as RFC 4343 §3 requires; other octets compare
 * exactly. The original case is kept, so a resolver can check DNS 0x20 echoes with
 * {@link #equalsExactly(DnsName)}. A name cannot exist with a label over 63 octets, with an
 * empty label other than the root, or over 255 octets in total (RFC 1035 §2.3.4).
 *
 * <p>This is a final class rather than a record because its state is a byte array that must
 * neither leak nor compare by identity.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-3.1">RFC 1035 §3.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4343#section-3">RFC 4343 §3</a>
 */
public final class DnsName {

    /** Longest label in octets, RFC 1035 §2.3.4. */
    public static final int MAX_LABEL_LENGTH = 63;

    /** Longest name in octets of wire form, length octets and root label included, RFC 1035 §2.3.4. */
    public static final int MAX_NAME_LENGTH = 255;

    private static final DnsName ROOT = new DnsName(new byte[] {0});

    /** Wire form: labels each preceded by its length, then the root label (a zero octet). */
    private final byte[] wire;

    /** Case-folded hash, computed on first use; 0 means "not yet", as in {@link String}. */
    private int hash;

    /** Trusts {@code wire} to be valid and unshared; callers in this package guarantee both. */
    DnsName(byte[] wire) {
        this.wire = wire;
    }

    /**
     * Returns the root name, written {@code .} (RFC 1035 §3.1).
     *
     * @return the root name
     */
    public static DnsName root() {
        return ROOT;
    }

    /**
     * Parses a name in presentation format (RFC 1035 §5.1), always read as fully qualified.
     *
     * <p>A trailing dot is optional. {@code \.} and {@code \\} escape a single character and
     * {@code \DDD} gives an octet in decimal. A name with characters outside ASCII is first
     * converted to its A-label form with {@link IDN#toASCII(String)}, so {@code bücher.example}
     * becomes {@code xn--bcher-kva.example.} (RFC 5891 §4; note that the JDK implements the
     * IDNA2003 mapping). Escapes and Unicode cannot be combined.
     *
     * @param text the name, for example {@code mx1.example.com} or {@code .}
     * @return the name
     * @throws IllegalArgumentException if the text is empty, has an empty label, a bad escape,
     *     a label over 63 octets, or a name over 255 octets
     */
    public static DnsName of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty domain name; the root is written \".\"");
        }
        String ascii = text;
        if (!isAscii(text)) {
            if (text.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("escapes cannot be combined with Unicode: " + text);
            }
            ascii = IDN.toASCII(text); // throws IllegalArgumentException for invalid IDN
        }
        if (ascii.equals(".")) {
            return ROOT;
        }
        byte[] out = new byte[MAX_NAME_LENGTH + 1];
        int length = 0; // octets written to out
        int labelStart = 0; // index of the current label's length octet
        int labelLength = 0;
        int i = 0;
        int n = ascii.length();
        while (i < n) {
            char c = ascii.charAt(i++);
            int octet;
            if (c == '.') {
                if (labelLength == 0) {
                    throw new IllegalArgumentException("empty label in " + text);
                }
                out[labelStart] = (byte) labelLength;
                labelLength = 0;
                continue;
            } else if (c == '\\') {
                if (i >= n) {
                    throw new IllegalArgumentException("dangling escape in " + text);
                }
                char e = ascii.charAt(i++);
                if (isDigit(e)) {
                    if (i + 2 > n || !isDigit(ascii.charAt(i)) || !isDigit(ascii.charAt(i + 1))) {
                        throw new IllegalArgumentException("\\DDD needs three digits in " + text);
                    }
                    octet = (e - '0') * 100 + (ascii.charAt(i) - '0') * 10 + (ascii.charAt(i + 1) - '0');
                    i += 2;
                    if (octet > 255) {
                        throw new IllegalArgumentException("\\DDD over 255 in " + text);
                    }
                } else {
                    octet = e;
                }
            } else {
                octet = c;
            }
            if (labelLength == 0) {
                labelStart = length++;
                if (length >= MAX_NAME_LENGTH) { // no room left for this label and the root
                    throw new IllegalArgumentException("name over 255 octets: " + text);
                }
            }
            if (++labelLength > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("label over 63 octets in " + text);
            }
            out[length++] = (byte) octet;
            if (length >= MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("name over 255 octets: " + text);
            }
        }
        if (labelLength > 0) {
            out[labelStart] = (byte) labelLength;
        }
        out[length++] = 0;
        return new DnsName(Arrays.copyOf(out, length));
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Tells whether this is the root name.
     *
     * @return true for {@code .}
     */
    public boolean isRoot() {
        return wire.length == 1;
    }

    /**
     * Returns the number of labels, not counting the root label.
     *
     * @return 0 for the root, 2 for {@code example.com.}
     */
    public int labelCount() {
        int count = 0;
        for (int p = 0; wire[p] != 0; p += wire[p] + 1) {
            count++;
        }
        return count;
    }

    /**
     * Returns the labels from the leftmost to the rightmost, each in presentation format with
     * escapes, without the root label.
     *
     * @return for {@code mx1.example.com.}, {@code [mx1, example, com]}
     */
    public List<String> labels() {
        List<String> labels = new ArrayList<>(4);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; wire[p] != 0; p += wire[p] + 1) {
            sb.setLength(0);
            appendLabel(sb, p);
            labels.add(sb.toString());
        }
        return List.copyOf(labels);
    }

    /**
     * Returns this name without its leftmost label.
     *
     * @return for {@code mx1.example.com.}, {@code example.com.}
     * @throws IllegalStateException if this is the root, which has no parent
     */
    public DnsName parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root name has no parent");
        }
        return new DnsName(Arrays.copyOfRange(wire, wire[0] + 1, wire.length));
    }

    /**
     * Tells whether this name equals {@code zone} or lies below it, ignoring ASCII case: the
     * bailiwick test of RFC 2181 §5.4.1.
     *
     * @param zone the possible ancestor
     * @return true if {@code zone}'s labels are a suffix of this name's labels
     */
    public boolean isSubdomainOf(DnsName zone) {
        int start = wire.length - zone.wire.length;
        if (start < 0) {
            return false;
        }
        int p = 0;
        while (p < start) { // walk label boundaries so that "ample.com" never matches "example.com"
            p += wire[p] + 1;
        }
        return p == start && regionEqualsIgnoreCase(wire, start, zone.wire, 0, zone.wire.length);
    }

    /**
     * Returns the length of the uncompressed wire form, length octets and root label included.
     *
     * @return 1 for the root, at most 255
     */
    public int wireLength() {
        return wire.length;
    }

    /**
     * Returns a copy of the uncompressed wire form (RFC 1035 §3.1).
     *
     * @return a fresh array the caller may modify
     */
    public byte[] toWire() {
        return wire.clone();
    }

    /**
     * Compares with another name octet for octet, case included, for DNS 0x20 checks
     * (draft-vixie-dnsext-dns0x20), unlike {@link #equals(Object)}.
     *
     * @param other the name to compare with
     * @return true if the wire forms are identical
     */
    public boolean equalsExactly(DnsName other) {
        return Arrays.equals(wire, other.wire);
    }

    /** Exposes the wire form to the codec without a copy; callers must not modify it. */
    byte[] wire() {
        return wire;
    }

    /**
     * Compares names ignoring ASCII case (RFC 4343 §3).
     *
     * @param o the other object
     * @return true if {@code o} is a name with the same labels up to ASCII case
     */
    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof DnsName other
                        && other.wire.length == wire.length
                        && regionEqualsIgnoreCase(wire, 0, other.wire, 0, wire.length);
    }

    /**
     * Returns a hash consistent with the case-insensitive {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (byte b : wire) {
                h = 31 * h + toLower(b);
            }
            hash = h;
        }
        return h;
    }

    /**
     * Returns the name in presentation format with a trailing dot, as dig prints it, escaping
     * special characters with {@code \} and other non-printable octets as {@code \DDD}
     * (RFC 1035 §5.1).
     *
     * @return for example {@code mx1.example.com.}, or {@code .} for the root
     */
    @Override
    public String toString() {
        if (isRoot()) {
            return ".";
        }
        StringBuilder sb = new StringBuilder(wire.length + 1);
        for (int p = 0; wire[p] != 0; p += wire[p] + 1) {
            appendLabel(sb, p);
            sb.append('.');
        }
        return sb.toString();
    }

    private void appendLabel(StringBuilder sb, int lengthIndex) {
        int end = lengthIndex + 1 + wire[lengthIndex];
        for (int i = lengthIndex + 1; i < end; i++) {
            int b = wire[i] & 0xFF;
            switch (b) {
                // Characters that are special in master files (RFC 1035 §5.1), escaped as dig does.
                case '.', '\\', '"', '(', ')', ';', '@', '$' -> sb.append('\\').append((char) b);
                default -> {
                    if (b > 0x20 && b < 0x7F) {
                        sb.append((char) b);
                    } else {
                        sb.append('\\').append((char) ('0' + b / 100))
                                .append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
                    }
                }
            }
        }
    }

    static int toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    static boolean regionEqualsIgnoreCase(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        for (int i = 0; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i] && toLower(a[aFrom + i]) != toLower(b[bFrom + i])) {
                return false;
            }
        }
        return true;
    }
}
