// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/**
 * Bounds the decoder enforces on untrusted messages, each default named after its source.
 * Limits can be tightened but never loosened past what RFC 1035 allows.
 *
 * @param maxNameLength longest uncompressed name in octets, length octets and root included:
 *     1 to 255; default 255 (RFC 1035 §2.3.4)
 * @param maxLabelLength longest label in octets: 1 to 63; default 63 (RFC 1035 §2.3.4)
 * @param maxPointerHops most compression pointers followed within one name: 0 to 16383;
 *     default 128, SECURITY-CASES DNS-01 (pointers must also go strictly backwards, so even
 *     without this bound a name cannot loop; the bound caps the work of long chains, c-ares
 *     CVE-2026-69184)
 * @param maxRecords most entries in all four sections together, OPT included: 0 to 262140;
 *     default 1000, far above a real answer yet bounding the work per message
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4">RFC 1035 §2.3.4</a>
 */
public record DnsLimits(int maxNameLength, int maxLabelLength, int maxPointerHops, int maxRecords) {

    /**
     * Checks ranges.
     *
     * @param maxNameLength longest uncompressed name in octets, length octets and root included: 1
     *     to 255; default 255 (RFC 1035 §2.3.4)
     * @param maxLabelLength longest label in octets: 1 to 63; default 63 (RFC 1035 §2.3.4)
     * @param maxPointerHops most compression pointers followed within one name: 0 to 16383;
     *     default 128, SECURITY-CASES DNS-01 (pointers must also go strictly backwards, so even
     *     without this bound a name cannot loop; the bound caps the work of long chains, c-ares
     *     CVE-2026-69184)
     * @param maxRecords most entries in all four sections together, OPT included: 0 to 262140;
     *     default 1000, far above a real answer yet bounding the work per message
     * @throws IllegalArgumentException if a limit is outside its range
     */
    public DnsLimits {
        if (maxNameLength < 1 || maxNameLength > DnsName.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("maxNameLength must be 1 to 255: " + maxNameLength);
        }
        if (maxLabelLength < 1 || maxLabelLength > DnsName.MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("maxLabelLength must be 1 to 63: " + maxLabelLength);
        }
        if (maxPointerHops < 0 || maxPointerHops > 0x3FFF) {
            throw new IllegalArgumentException("maxPointerHops must be 0 to 16383: " + maxPointerHops);
        }
        if (maxRecords < 0 || maxRecords > 4 * 0xFFFF) {
            throw new IllegalArgumentException("maxRecords must be 0 to 262140: " + maxRecords);
        }
    }

    /**
     * Returns the defaults: names of 255 octets, labels of 63, 128 pointer hops, 1000 records.
     *
     * @return the default limits
     */
    public static DnsLimits defaults() {
        return new DnsLimits(DnsName.MAX_NAME_LENGTH, DnsName.MAX_LABEL_LENGTH, 128, 1000);
    }

    /**
     * Returns a copy with another record limit.
     *
     * @param maxRecords the new limit
     * @return the changed limits
     */
    public DnsLimits withMaxRecords(int maxRecords) {
        return new DnsLimits(maxNameLength, maxLabelLength, maxPointerHops, maxRecords);
    }

    /**
     * Returns a copy with another pointer-hop limit.
     *
     * @param maxPointerHops the new limit
     * @return the changed limits
     */
    public DnsLimits withMaxPointerHops(int maxPointerHops) {
        return new DnsLimits(maxNameLength, maxLabelLength, maxPointerHops, maxRecords);
    }
}
