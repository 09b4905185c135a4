// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The RDATA of a resource record (RFC 1035 §3.3): a typed record for each type this codec
 * knows, and {@link Unknown} for every other type, kept opaque and re-encoded unchanged
 * (RFC 3597 §2).
 *
 * <p>{@code toString()} gives the RDATA in presentation format as dig prints it, for example
 * {@code 10 mx1.example.com.} for an MX.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-3.3">RFC 1035 §3.3</a>
 */
public sealed interface Rdata
        permits Rdata.A, Rdata.Aaaa, Rdata.Ns, Rdata.Cname, Rdata.Soa, Rdata.Ptr, Rdata.Mx,
                Rdata.Txt, Rdata.Srv, Rdata.Tlsa, Rdata.Caa, Rdata.Unknown {

    /** Largest RDATA in octets: RDLENGTH is a 16-bit field (RFC 1035 §3.2.1). */
    int MAX_LENGTH = 0xFFFF;

    /**
     * Returns the record type this RDATA belongs to.
     *
     * @return the type, for example {@link DnsType#MX}
     */
    DnsType type();

    private static long checkU32(long value, String what) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " out of 32-bit range: " + value);
        }
        return value;
    }

    private static int checkU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of 16-bit range: " + value);
        }
        return value;
    }

    private static int checkU8(int value, String what) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " out of 8-bit range: " + value);
        }
        return value;
    }

    /**
     * An IPv4 host address (RFC 1035 §3.4.1), kept as its 32 bits: the {@link Inet4Address} is
     * made only when {@link #address()} asks for it, so decoding a response allocates no JDK
     * address objects (dnsjava does the same).
     *
     * @param bits the address in network order, most significant octet first
     */
    record A(int bits) implements Rdata {

        /**
         * Creates the record from a JDK address.
         *
         * @param address the address
         * @throws NullPointerException if the address is null
         */
        public A(Inet4Address address) {
            this(Octets.int32(Objects.requireNonNull(address, "address").getAddress(), 0));
        }

        /**
         * Returns the address.
         *
         * @return a new {@link Inet4Address} for the bits
         */
        public Inet4Address address() {
            try {
                return (Inet4Address) java.net.InetAddress.getByAddress(octets());
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError("four octets are always an address", e);
            }
        }

        /**
         * Returns the four octets in network order.
         *
         * @return a new array of four octets
         */
        public byte[] octets() {
            return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        }

        @Override
        public DnsType type() {
            return DnsType.A;
        }

        /**
         * Returns the address in dotted decimal.
         *
         * @return for example {@code 192.0.2.1}
         */
        @Override
        public String toString() {
            return (bits >>> 24) + "." + (bits >>> 16 & 0xFF) + "." + (bits >>> 8 & 0xFF) + "." + (bits & 0xFF);
        }
    }

    /**
     * An IPv6 host address (RFC 3596 §2.2), kept as its 128 bits; the {@link Inet6Address} is
     * made only when {@link #address()} asks for it. An IPv4-mapped address stays an AAAA value.
     *
     * @param high the first 64 bits, network order
     * @param low  the last 64 bits, network order
     */
    record Aaaa(long high, long low) implements Rdata {

        /**
         * Creates the record from a JDK address, which must have no scope: the wire form cannot
         * carry one.
         *
         * @param address the address, without a scope
         * @throws IllegalArgumentException if the address has a scope ID or interface
         */
        public Aaaa(Inet6Address address) {
            this(Octets.int64(checkNoScope(address).getAddress(), 0), Octets.int64(address.getAddress(), 8));
        }

        private static Inet6Address checkNoScope(Inet6Address address) {
            if (address.getScopeId() != 0 || address.getScopedInterface() != null) {
                throw new IllegalArgumentException("AAAA cannot carry a scope: " + address);
            }
            return address;
        }

        /**
         * Returns the address.
         *
         * @return a new {@link Inet6Address} for the bits, without a scope
         */
        public Inet6Address address() {
            try {
                // Not InetAddress.getByAddress: it turns ::ffff:a.b.c.d into an Inet4Address.
                return Inet6Address.getByAddress(null, octets(), -1);
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError("sixteen octets are always an address", e);
            }
        }

        /**
         * Returns the sixteen octets in network order.
         *
         * @return a new array of sixteen octets
         */
        public byte[] octets() {
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (high >>> (56 - 8 * i));
                b[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            return b;
        }

        @Override
        public DnsType type() {
            return DnsType.AAAA;
        }

        /**
         * Returns the address in RFC 5952 canonical form.
         *
         * @return for example {@code 2001:db8::1}
         */
        @Override
        public String toString() {
            return Presentation.ipv6(octets());
        }
    }

    /**
     * An authoritative name server (RFC 1035 §3.3.11).
     *
     * @param host the server's name
     */
    record Ns(DnsName host) implements Rdata {
        /**
         * Checks for null.
         *
         * @param host the server's name
         * @throws NullPointerException if the name is null
         */
        public Ns {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public DnsType type() {
            return DnsType.NS;
        }

        @Override
        public String toString() {
            return host.toString();
        }
    }

    /**
     * The canonical name of an alias (RFC 1035 §3.3.1).
     *
     * @param target the canonical name
     */
    record Cname(DnsName target) implements Rdata {
        /**
         * Checks for null.
         *
         * @param target the canonical name
         * @throws NullPointerException if the name is null
         */
        public Cname {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public DnsType type() {
            return DnsType.CNAME;
        }

        @Override
        public String toString() {
            return target.toString();
        }
    }

    /**
     * A domain name pointer, as used for reverse lookups (RFC 1035 §3.3.12).
     *
     * @param target the name pointed to
     */
    record Ptr(DnsName target) implements Rdata {
        /**
         * Checks for null.
         *
         * @param target the name pointed to
         * @throws NullPointerException if the name is null
         */
        public Ptr {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public DnsType type() {
            return DnsType.PTR;
        }

        @Override
        public String toString() {
            return target.toString();
        }
    }

    /**
     * A mail exchanger (RFC 1035 §3.3.9); {@code MX 0 .} is the null MX of RFC 7505.
     *
     * @param preference lower is preferred, 0 to 65535
     * @param exchange the host that accepts mail for the owner name
     */
    record Mx(int preference, DnsName exchange) implements Rdata {
        /**
         * Checks ranges.
         *
         * @param preference lower is preferred, 0 to 65535
         * @param exchange the host that accepts mail for the owner name
         * @throws IllegalArgumentException if the preference does not fit in 16 bits
         */
        public Mx {
            checkU16(preference, "preference");
            Objects.requireNonNull(exchange, "exchange");
        }

        /**
         * Tells whether this is a null MX, meaning the domain accepts no mail (RFC 7505 §3).
         *
         * @return true for preference 0 and exchange {@code .}
         */
        public boolean isNullMx() {
            return preference == 0 && exchange.isRoot();
        }

        @Override
        public DnsType type() {
            return DnsType.MX;
        }

        @Override
        public String toString() {
            return preference + " " + exchange;
        }
    }

    /**
     * The start of a zone of authority (RFC 1035 §3.3.13); its {@code minimum} bounds negative
     * caching (RFC 2308 §5).
     *
     * @param mname the primary name server
     * @param rname the mailbox of the person responsible, with the first dot as the {@code @}
     * @param serial the zone version, 32-bit unsigned
     * @param refresh seconds before secondaries refresh, 32-bit unsigned
     * @param retry seconds before a failed refresh is retried, 32-bit unsigned
     * @param expire seconds after which secondaries stop answering, 32-bit unsigned
     * @param minimum the negative-caching TTL in seconds (RFC 2308 §4), 32-bit unsigned
     */
    record Soa(DnsName mname, DnsName rname, long serial, long refresh, long retry, long expire,
            long minimum) implements Rdata {
        /**
         * Checks ranges.
         *
         * @param mname the primary name server
         * @param rname the mailbox of the person responsible, with the first dot as the {@code @}
         * @param serial the zone version, 32-bit unsigned
         * @param refresh seconds before secondaries refresh, 32-bit unsigned
         * @param retry seconds before a failed refresh is retried, 32-bit unsigned
         * @param expire seconds after which secondaries stop answering, 32-bit unsigned
         * @param minimum the negative-caching TTL in seconds (RFC 2308 §4), 32-bit unsigned
         * @throws IllegalArgumentException if a number does not fit in 32 unsigned bits
         */
        public Soa {
            Objects.requireNonNull(mname, "mname");
            Objects.requireNonNull(rname, "rname");
            checkU32(serial, "serial");
            checkU32(refresh, "refresh");
            checkU32(retry, "retry");
            checkU32(expire, "expire");
            checkU32(minimum, "minimum");
        }

        @Override
        public DnsType type() {
            return DnsType.SOA;
        }

        @Override
        public String toString() {
            return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire
                    + " " + minimum;
        }
    }

    /**
     * One or more character-strings of up to 255 octets each (RFC 1035 §3.3.14); SPF and DKIM
     * join them without separators (RFC 7208 §3.3).
     *
     * <p>The strings are octets, not text: TXT data need not be UTF-8. The list and the arrays
     * are copied in and out, and equality compares contents.
     *
     * @param strings the character-strings, at least one
     */
    record Txt(List<byte[]> strings) implements Rdata {
        /** Longest character-string in octets (RFC 1035 §3.3). */
        public static final int MAX_STRING_LENGTH = 255;

        /**
         * Copies and checks the strings.
         *
         * @param strings the character-strings, at least one
         * @throws IllegalArgumentException if there is no string, a string is over 255 octets,
         *     or the RDATA would exceed 65535 octets
         */
        public Txt {
            if (strings.isEmpty()) {
                throw new IllegalArgumentException("TXT needs at least one character-string");
            }
            List<byte[]> copy = new ArrayList<>(strings.size());
            int total = 0;
            for (byte[] s : strings) {
                if (s.length > MAX_STRING_LENGTH) {
                    throw new IllegalArgumentException("character-string over 255 octets: " + s.length);
                }
                total += 1 + s.length;
                copy.add(s.clone());
            }
            if (total > MAX_LENGTH) {
                throw new IllegalArgumentException("TXT RDATA over 65535 octets: " + total);
            }
            strings = List.copyOf(copy);
        }

        /**
         * Returns TXT RDATA with one character-string per argument, each encoded as UTF-8.
         *
         * @param strings the strings, each at most 255 octets in UTF-8
         * @return the RDATA
         * @throws IllegalArgumentException if a string is too long or none is given
         */
        public static Txt of(String... strings) {
            List<byte[]> list = new ArrayList<>(strings.length);
            for (String s : strings) {
                list.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return new Txt(list);
        }

        /**
         * Returns copies of the character-strings.
         *
         * @return a fresh list of fresh arrays
         */
        @Override
        public List<byte[]> strings() {
            List<byte[]> copy = new ArrayList<>(strings.size());
            for (byte[] s : strings) {
                copy.add(s.clone());
            }
            return copy;
        }

        /**
         * Returns the number of character-strings.
         *
         * @return at least 1
         */
        public int size() {
            return strings.size();
        }

        /**
         * Returns the strings joined without separators and decoded as UTF-8 (malformed
         * sequences replaced), which is how SPF (RFC 7208 §3.3) and DKIM (RFC 6376 §3.6.2.2) read
         * a TXT record.
         *
         * @return the joined text
         */
        public String text() {
            int total = 0;
            for (byte[] s : strings) {
                total += s.length;
            }
            byte[] joined = new byte[total];
            int p = 0;
            for (byte[] s : strings) {
                System.arraycopy(s, 0, joined, p, s.length);
                p += s.length;
            }
            return new String(joined, StandardCharsets.UTF_8);
        }

        /** Package access to the strings without copies; callers must not modify them. */
        List<byte[]> rawStrings() {
            return strings;
        }

        @Override
        public DnsType type() {
            return DnsType.TXT;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Txt other) || other.strings.size() != strings.size()) {
                return false;
            }
            for (int i = 0; i < strings.size(); i++) {
                if (!Arrays.equals(strings.get(i), other.strings.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (byte[] s : strings) {
                h = 31 * h + Arrays.hashCode(s);
            }
            return h;
        }

        /**
         * Returns the strings quoted and separated by spaces, as dig prints them.
         *
         * @return for example {@code "v=spf1 -all"}
         */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (byte[] s : strings) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                Presentation.appendQuoted(sb, s);
            }
            return sb.toString();
        }
    }

    /**
     * A service location (RFC 2782): where to find a service such as {@code _submissions._tcp}
     * (RFC 6186, RFC 8314).
     *
     * @param priority lower is tried first, 0 to 65535
     * @param weight relative weight among equal priorities, 0 to 65535
     * @param port the TCP or UDP port, 0 to 65535
     * @param target the host; {@code .} means the service is not offered
     */
    record Srv(int priority, int weight, int port, DnsName target) implements Rdata {
        /**
         * Checks ranges.
         *
         * @param priority lower is tried first, 0 to 65535
         * @param weight relative weight among equal priorities, 0 to 65535
         * @param port the TCP or UDP port, 0 to 65535
         * @param target the host; {@code .} means the service is not offered
         * @throws IllegalArgumentException if a number does not fit in 16 bits
         */
        public Srv {
            checkU16(priority, "priority");
            checkU16(weight, "weight");
            checkU16(port, "port");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public DnsType type() {
            return DnsType.SRV;
        }

        @Override
        public String toString() {
            return priority + " " + weight + " " + port + " " + target;
        }
    }

    /**
     * A TLS certificate association for DANE (RFC 6698 §2.1), used by SMTP (RFC 7672).
     *
     * @param usage the certificate usage, 0 to 255
     * @param selector which part of the certificate is matched, 0 to 255
     * @param matchingType how it is matched (0 full, 1 SHA-256, 2 SHA-512), 0 to 255
     * @param data the certificate association data; copied in and out
     */
    record Tlsa(int usage, int selector, int matchingType, byte[] data) implements Rdata {
        /**
         * Checks ranges and copies the data.
         *
         * @param usage the certificate usage, 0 to 255
         * @param selector which part of the certificate is matched, 0 to 255
         * @param matchingType how it is matched (0 full, 1 SHA-256, 2 SHA-512), 0 to 255
         * @param data the certificate association data; copied in and out
         * @throws IllegalArgumentException if a field does not fit in 8 bits or the RDATA would
         *     exceed 65535 octets
         */
        public Tlsa {
            checkU8(usage, "usage");
            checkU8(selector, "selector");
            checkU8(matchingType, "matching type");
            if (data.length > MAX_LENGTH - 3) {
                throw new IllegalArgumentException("TLSA data too long: " + data.length);
            }
            data = data.clone();
        }

        /**
         * Returns a copy of the association data.
         *
         * @return a fresh array
         */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Package access to the data without a copy; callers must not modify it. */
        byte[] rawData() {
            return data;
        }

        @Override
        public DnsType type() {
            return DnsType.TLSA;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tlsa other && other.usage == usage && other.selector == selector
                    && other.matchingType == matchingType && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return ((usage * 31 + selector) * 31 + matchingType) * 31 + Arrays.hashCode(data);
        }

        /**
         * Returns the fields and the data in upper-case hex, as dig prints them.
         *
         * @return for example {@code 3 1 1 0C72AC70...}
         */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder().append(usage).append(' ').append(selector)
                    .append(' ').append(matchingType).append(' ');
            Presentation.appendHex(sb, data);
            return sb.toString();
        }
    }

    /**
     * A certification authority authorization property (RFC 8659 §4.1).
     *
     * @param flags the flags octet; 128 is "issuer critical"
     * @param tag the property tag, 1 to 255 ASCII letters and digits, for example {@code issue}
     * @param value the property value octets; copied in and out
     */
    record Caa(int flags, String tag, byte[] value) implements Rdata {
        /**
         * Checks the flags and tag and copies the value.
         *
         * @param flags the flags octet; 128 is "issuer critical"
         * @param tag the property tag, 1 to 255 ASCII letters and digits, for example {@code
         *     issue}
         * @param value the property value octets; copied in and out
         * @throws IllegalArgumentException if the flags do not fit in 8 bits, the tag is empty,
         *     over 255 characters or not alphanumeric ASCII (RFC 8659 §4.1), or the RDATA would
         *     exceed 65535 octets
         */
        public Caa {
            checkU8(flags, "flags");
            if (tag.isEmpty() || tag.length() > 255) {
                throw new IllegalArgumentException("CAA tag must have 1 to 255 characters");
            }
            for (int i = 0; i < tag.length(); i++) {
                char c = tag.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("CAA tag must be ASCII letters and digits: " + tag);
                }
            }
            if (2 + tag.length() + value.length > MAX_LENGTH) {
                throw new IllegalArgumentException("CAA value too long: " + value.length);
            }
            value = value.clone();
        }

        /**
         * Returns CAA RDATA with a value given as text in UTF-8.
         *
         * @param flags the flags octet
         * @param tag the property tag
         * @param value the value, for example {@code letsencrypt.org}
         * @return the RDATA
         */
        public static Caa of(int flags, String tag, String value) {
            return new Caa(flags, tag, value.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Returns a copy of the value.
         *
         * @return a fresh array
         */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /** Package access to the value without a copy; callers must not modify it. */
        byte[] rawValue() {
            return value;
        }

        @Override
        public DnsType type() {
            return DnsType.CAA;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Caa other && other.flags == flags && other.tag.equals(tag)
                    && Arrays.equals(other.value, value);
        }

        @Override
        public int hashCode() {
            return (flags * 31 + tag.hashCode()) * 31 + Arrays.hashCode(value);
        }

        /**
         * Returns the flags, tag and quoted value, as dig prints them.
         *
         * @return for example {@code 0 issue "letsencrypt.org"}
         */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder().append(flags).append(' ').append(tag).append(' ');
            Presentation.appendQuoted(sb, value);
            return sb.toString();
        }
    }

    /**
     * RDATA of a type this codec does not interpret, kept as opaque octets and re-encoded
     * unchanged (RFC 3597 §2). Names inside it are never decompressed, which is why RFC 3597 §4
     * forbids compression in new types.
     *
     * @param type the record type; not one with a typed record here and not OPT, so each RDATA
     *     has exactly one representation
     * @param data the RDATA octets; copied in and out
     */
    record Unknown(DnsType type, byte[] data) implements Rdata {
        /**
         * Checks the type and length and copies the data.
         *
         * @param type the record type; not one with a typed record here and not OPT, so each RDATA
         *     has exactly one representation
         * @param data the RDATA octets; copied in and out
         * @throws IllegalArgumentException if the type has a typed record or is OPT (carried by
         *     {@link Edns}), or the data is over 65535 octets
         */
        public Unknown {
            if (type.hasTypedRdata() || type.equals(DnsType.OPT)) {
                throw new IllegalArgumentException("use the typed record or Edns for " + type);
            }
            if (data.length > MAX_LENGTH) {
                throw new IllegalArgumentException("RDATA over 65535 octets: " + data.length);
            }
            data = data.clone();
        }

        /**
         * Returns a copy of the RDATA octets.
         *
         * @return a fresh array
         */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Package access to the data without a copy; callers must not modify it. */
        byte[] rawData() {
            return data;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && other.type.equals(type) && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(data);
        }

        /**
         * Returns the generic presentation of RFC 3597 §5.
         *
         * @return for example {@code \# 4 0A000001}, or {@code \# 0} when empty
         */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("\\# ").append(data.length);
            if (data.length > 0) {
                sb.append(' ');
                Presentation.appendHex(sb, data);
            }
            return sb.toString();
        }
    }
}
