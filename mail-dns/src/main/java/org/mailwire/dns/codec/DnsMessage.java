// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DNS message (RFC 1035 §4.1): header, the four sections, and the EDNS0 values (RFC 6891)
 * taken out of the additional section.
 *
 * <p>{@link #decode(ByteBuffer, DnsLimits)} turns untrusted bytes into a message or a
 * {@link DnsDecodeResult.Malformed} and never throws; {@link #toBytes()} writes the wire form
 * with name compression. {@link #toString()} prints the message the way dig does.
 *
 * @param header ID, flags, opcode and the low bits of the response code
 * @param questions the question section
 * @param answers the answer section
 * @param authorities the authority section
 * @param additionals the additional section, without the OPT record
 * @param edns the OPT record's values, written last in the additional section, if any
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1">RFC 1035 §4.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6891#section-6.1">RFC 6891 §6.1</a>
 */
public record DnsMessage(
        DnsHeader header,
        List<DnsQuestion> questions,
        List<DnsRecord> answers,
        List<DnsRecord> authorities,
        List<DnsRecord> additionals,
        Optional<Edns> edns) {

    /** Largest message in octets: TCP frames carry a 16-bit length (RFC 1035 §4.2.2). */
    public static final int MAX_LENGTH = 0xFFFF;

    /**
     * Copies the lists.
     *
     * @param header ID, flags, opcode and the low bits of the response code
     * @param questions the question section
     * @param answers the answer section
     * @param authorities the authority section
     * @param additionals the additional section, without the OPT record
     * @param edns the OPT record's values, written last in the additional section, if any
     * @throws NullPointerException if a component or an element is null
     */
    public DnsMessage {
        Objects.requireNonNull(header, "header");
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
        Objects.requireNonNull(edns, "edns");
    }

    /**
     * Returns a standard query for one name and type (RFC 1035 §4.1.1), class IN.
     *
     * @param id the query ID, 0 to 65535; a resolver draws it from a CSPRNG (RFC 5452 §4.3)
     * @param name the name asked about
     * @param type the type asked for
     * @param recursionDesired whether to set RD, as a stub resolver does
     * @param ednsUdpSize the EDNS0 UDP payload size to advertise (512 to 65535, 1232 being the
     *     usual choice), or 0 to send no OPT record
     * @return the query
     * @throws IllegalArgumentException if the ID or the payload size is out of range
     */
    public static DnsMessage query(int id, DnsName name, DnsType type, boolean recursionDesired,
            int ednsUdpSize) {
        if (ednsUdpSize != 0 && (ednsUdpSize < 512 || ednsUdpSize > 0xFFFF)) {
            throw new IllegalArgumentException("EDNS UDP size must be 0 or 512 to 65535: " + ednsUdpSize);
        }
        return new DnsMessage(DnsHeader.query(id, recursionDesired),
                List.of(DnsQuestion.of(name, type)), List.of(), List.of(), List.of(),
                ednsUdpSize == 0 ? Optional.empty() : Optional.of(Edns.of(ednsUdpSize)));
    }

    /**
     * Decodes one message from the remaining bytes of {@code buffer}, which must hold exactly
     * that message (a UDP datagram, or a TCP frame without its length prefix). The buffer's
     * position and limit are not changed and its bytes are not copied.
     *
     * @param buffer the message, from position to limit; heap or direct
     * @param limits the bounds to enforce
     * @return the message, or why it is malformed and at which offset; never null, never thrown
     * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.1.4">RFC 1035 §4.1.4</a>
     */
    public static DnsDecodeResult decode(ByteBuffer buffer, DnsLimits limits) {
        return new DnsMessageDecoder(buffer, buffer.position(), buffer.remaining(), limits).decode();
    }

    /**
     * Decodes a message held in a whole array with the default limits.
     *
     * @param message the message octets
     * @return the message, or why it is malformed
     */
    public static DnsDecodeResult decode(byte[] message) {
        return decode(ByteBuffer.wrap(message), DnsLimits.defaults());
    }

    /**
     * Returns the full response code: the header's four bits extended by the OPT record's upper
     * eight bits when present (RFC 6891 §6.1.3).
     *
     * @return for example {@link DnsRcode#NXDOMAIN} or {@link DnsRcode#BADVERS}
     */
    public DnsRcode rcode() {
        int upper = edns.map(Edns::extendedRcode).orElse(0);
        return DnsRcode.of(upper << 4 | header.rcode().code());
    }

    /**
     * Returns the wire form, names compressed where RFC 3597 §4 permits: owner names, question
     * names, and names in NS, CNAME, SOA, PTR and MX RDATA (never in SRV, RFC 2782).
     *
     * @return a fresh array
     * @throws IllegalStateException if the message would exceed 65535 octets
     */
    public byte[] toBytes() {
        return new DnsMessageEncoder().encode(this);
    }

    /**
     * Writes the wire form (see {@link #toBytes()}) at the buffer's position and advances it.
     *
     * @param buffer where to write
     * @throws java.nio.BufferOverflowException if the buffer has too little room
     * @throws IllegalStateException if the message would exceed 65535 octets
     */
    public void encode(ByteBuffer buffer) {
        buffer.put(toBytes());
    }

    /**
     * Returns the message as dig prints it: a header block, the OPT pseudo-section, then each
     * non-empty section with one record per line.
     *
     * @return multi-line text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(";; ->>HEADER<<- opcode: ").append(header.opcode()).append(", status: ")
                .append(rcode()).append(", id: ").append(header.id()).append('\n');
        sb.append(";; flags: ").append(header.flagNames()).append("; QUERY: ").append(questions.size())
                .append(", ANSWER: ").append(answers.size()).append(", AUTHORITY: ")
                .append(authorities.size()).append(", ADDITIONAL: ")
                .append(additionals.size() + (edns.isPresent() ? 1 : 0)).append('\n');
        edns.ifPresent(e -> sb.append("\n;; OPT PSEUDOSECTION:\n; ").append(e).append('\n'));
        if (!questions.isEmpty()) {
            sb.append("\n;; QUESTION SECTION:\n");
            for (DnsQuestion question : questions) {
                sb.append(';').append(question).append('\n');
            }
        }
        appendSection(sb, "ANSWER", answers);
        appendSection(sb, "AUTHORITY", authorities);
        appendSection(sb, "ADDITIONAL", additionals);
        return sb.toString();
    }

    private static void appendSection(StringBuilder sb, String title, List<DnsRecord> records) {
        if (!records.isEmpty()) {
            sb.append("\n;; ").append(title).append(" SECTION:\n");
            for (DnsRecord record : records) {
                sb.append(record).append('\n');
            }
        }
    }
}
