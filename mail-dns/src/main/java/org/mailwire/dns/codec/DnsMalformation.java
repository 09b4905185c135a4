// SPDX-License-Identifier: Apache-2.0
package org.mailwire.dns.codec;

/**
 * Why a message could not be decoded; each constant names the rule that was broken. A resolver
 * treats any of them as a failed response (SECURITY-CASES DNS-01 to DNS-05).
 *
 * @see DnsDecodeResult.Malformed
 */
public enum DnsMalformation {
    /** The message ends inside the header, a question, a record header or a name. */
    TRUNCATED,
    /** The section counts need more octets than the message has, or exceed 65535 in sum. */
    COUNTS_EXCEED_MESSAGE,
    /** The section counts together exceed {@link DnsLimits#maxRecords()}. */
    TOO_MANY_RECORDS,
    /** A label is longer than {@link DnsLimits#maxLabelLength()} (RFC 1035 §2.3.4). */
    LABEL_TOO_LONG,
    /** A name is longer than {@link DnsLimits#maxNameLength()} once decompressed (RFC 1035 §2.3.4). */
    NAME_TOO_LONG,
    /** A label length octet starts with bits 01 or 10, reserved (RFC 1035 §4.1.4, RFC 6891 §5). */
    RESERVED_LABEL_TYPE,
    /** A compression pointer points at or past the end of the message. */
    POINTER_OUT_OF_RANGE,
    /**
     * A compression pointer does not point strictly before the position where the current run
     * of labels began: a self pointer, a cycle, or a forward pointer (RFC 1035 §4.1.4, "a prior
     * occurrence of the same name").
     */
    POINTER_NOT_BACKWARDS,
    /**
     * A compression pointer points backwards but not at the start of a label read earlier: into
     * the header, into the middle of a label, or into opaque RDATA.
     */
    POINTER_NOT_TO_LABEL,
    /** A name follows more than {@link DnsLimits#maxPointerHops()} compression pointers. */
    TOO_MANY_POINTERS,
    /** A record's RDLENGTH runs past the end of the message. */
    RDATA_BEYOND_MESSAGE,
    /**
     * Typed RDATA does not fill exactly RDLENGTH: an A record of other than 4 octets, or an MX
     * exchange name that runs past RDLENGTH.
     */
    RDATA_LENGTH_MISMATCH,
    /** Typed RDATA has the right length but an invalid value, such as an empty CAA tag. */
    RDATA_INVALID,
    /** An OPT record is outside the additional section or its owner is not the root (RFC 6891 §6.1.1). */
    OPT_INVALID,
    /** More than one OPT record (RFC 6891 §6.1.1: "MUST be treated as FORMERR"). */
    MULTIPLE_OPT,
    /** Octets remain after the last record the counts announce. */
    TRAILING_BYTES
}
