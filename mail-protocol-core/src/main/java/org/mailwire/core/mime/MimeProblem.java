// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

/**
 * A deviation from RFC 5322 / RFC 2045-2049 that the parser met and worked around.
 *
 * <p>The parser never rejects a message: a store must describe whatever bytes it holds. Each
 * problem says what was seen and, in its Javadoc, what the parser did about it.
 */
public enum MimeProblem {
    /**
     * A line ended in LF alone (RFC 5322 §2.3 wants CRLF); it counts as a line end anyway. Checked
     * in headers, boundary lines and the content of text parts and of anything inside a
     * message/rfc822 part, not in other attachments (which may be binary).
     */
    BARE_LINE_FEED,
    /** A NUL byte appeared (RFC 5322 §3.5 forbids it); it is kept as data. Checked where bare LFs are. */
    NUL_BYTE,
    /** A header field had bytes above 127: fine under RFC 6532 when UTF-8, else read as Latin-1. */
    EIGHT_BIT_HEADER,
    /** A header line had no colon, or a continuation had no field to continue; kept, not interpreted. */
    MALFORMED_HEADER_LINE,
    /** A header block passed {@link MimeLimits#maxHeaderBlockBytes()}; the rest was skipped. */
    HEADER_BLOCK_TOO_LARGE,
    /** A header block had more than {@link MimeLimits#maxHeaderFields()} fields; the rest was skipped. */
    TOO_MANY_HEADER_FIELDS,
    /** A line was longer than {@link MimeLimits#maxLineLength()}; only its start was looked at. */
    LINE_TOO_LONG,
    /** Entities nested deeper than {@link MimeLimits#maxNestingDepth()}; the deepest is a leaf. */
    NESTING_TOO_DEEP,
    /** A multipart had no boundary parameter (RFC 2046 §5.1.1); it is a leaf. */
    MISSING_BOUNDARY,
    /** A boundary was longer than {@link MimeLimits#maxBoundaryLength()}; that multipart is a leaf. */
    BOUNDARY_TOO_LONG,
    /** A multipart never had its close delimiter (RFC 2046 §5.1.1); it ends where its parent or the message ends. */
    MISSING_FINAL_BOUNDARY,
    /** A multipart's boundary never appeared at all: it has no parts, only a preamble. */
    NO_PARTS,
    /** More than {@link MimeLimits#maxParts()} parts; later parts were scanned but not recorded. */
    TOO_MANY_PARTS,
    /** An address header had more than {@link MimeLimits#maxAddresses()} addresses; the rest were dropped. */
    TOO_MANY_ADDRESSES,
    /** The header values kept passed {@link MimeLimits#maxKeptBytes()}; later values were not kept. */
    TOO_MUCH_KEPT

}
